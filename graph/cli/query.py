"""``vbkg query``: run a SPARQL query on the store."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from graph.cli.group import (
    EXIT_ERROR,
    cli,
    echo_error,
    lang_option,
    store_option,
)
from graph.messages import t


def _read_query(text: str, lang: str) -> str:
    if text.startswith("@"):
        try:
            return Path(text[1:]).read_text(encoding="utf-8")
        except OSError as exc:
            raise click.ClickException(f"{t('error.query_file', lang)} {text[1:]}: {exc}") from exc
    return text


def _format_rows(header: list[str], rows: list[list[str | None]], fmt: str) -> str:
    from parsers.load import printable  # control characters escaped, never printed raw

    if fmt != "json":  # JSON escapes them itself
        rows = [[None if v is None else printable(v, lines=True) for v in r] for r in rows]
    if fmt == "json":
        return json.dumps(
            [dict(zip(header, r, strict=True)) for r in rows], ensure_ascii=False, indent=2
        )
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(header)
        w.writerows([["" if v is None else v for v in r] for r in rows])
        return buf.getvalue()
    console = Console(record=True, width=200, soft_wrap=True)
    table = Table(*header)
    for r in rows:
        table.add_row(*["" if v is None else v for v in r])
    with console.capture() as cap:
        console.print(table)
    return cap.get()


@cli.command()
@click.argument("sparql")
@store_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
)
@lang_option
def query(sparql: str, store_path: str, fmt: str, lang: str) -> None:
    """Run a SPARQL query (text or @file.rq) with the project's prefixes predeclared."""
    from graph.store import StoreError, open_store

    text = _read_query(sparql, lang)
    try:
        store = open_store(store_path, read_only=True)
    except StoreError as exc:
        echo_error(f"{t('error.store', lang)} {store_path}: {exc.message(lang)}")
        sys.exit(EXIT_ERROR)
    try:
        header, rows = store.select(text)
    except Exception as exc:
        echo_error(f"{t('error.query', lang)}: {exc}")
        sys.exit(EXIT_ERROR)
    click.echo(_format_rows(header, rows, fmt))
