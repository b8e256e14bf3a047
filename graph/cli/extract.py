"""``vbkg extract``: citations of files, printed, nothing stored."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

import click

from graph.cli.group import (
    EXIT_ERROR,
    base_option,
    cli,
    lang_option,
    make_console,
    report_failures,
)


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--format", "fmt", type=click.Choice(["json", "table"]), default="json", show_default=True
)
@base_option
@lang_option
def extract(files: Sequence[Path], fmt: str, base: str, lang: str) -> None:
    """Extract citations from FILES (and folders) without storing anything."""
    from graph.jsonout import dumps, extraction_to_dict
    from graph.pipeline import extract_paths

    good, bad = extract_paths(files, base=base)
    if fmt == "json":
        payload = {
            "documents": [extraction_to_dict(e, lang) for e in good],
            "errors": [
                {"source": f.source, "reason": f.reason if lang == "vi" else f.reason_en}
                for f in bad
            ],
        }
        click.echo(dumps(payload))
    else:
        from rich.table import Table

        console = make_console()
        for e in good:
            table = Table(title=f"{e.source} — {e.document.key or e.document.title or ''}")
            for col in ("key", "doc_type", "date", "issuer", "relation", "mentions"):
                table.add_column(col)
            for c in e.citations:
                d = c.document
                table.add_row(
                    d.key or "",
                    d.doc_type or "",
                    str(d.date or ""),
                    d.issuer.name if d.issuer else "",
                    c.relation.value,
                    str(len(c.mentions)),
                )
            console.print(table)
    report_failures(bad, lang)
    if not good and bad:
        sys.exit(EXIT_ERROR)
