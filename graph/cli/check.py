"""``vbkg check DRAFT``: consistency checks on a draft plan before it is issued.

Exit codes: 0 no error-severity finding, 1 at least one, 2 the check could not run (the draft
cannot be read, the store cannot be opened, a check crashed). Without ``--store`` only the
checks on the draft itself run, and a line on stderr says the knowledge-base checks were
skipped.
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from graph.cli.group import EXIT_ERROR, cli, lang_option
from graph.messages import t

FORMATS = ("text", "json", "sarif", "html", "xlsx", "docx")
BINARY_FORMATS = ("xlsx", "docx")

if TYPE_CHECKING:
    from graph.store import StoreLike


def _err(msg: str) -> None:
    click.echo(" ".join(msg.split()), err=True)


def _open(store_path: str, lang: str) -> StoreLike:
    from graph.store import StoreError, open_store

    is_url = store_path.startswith(("http://", "https://", "sparql+http"))
    if not is_url and not Path(store_path).is_dir():
        _err(f"{t('check.store_missing', lang)} {store_path}")
        sys.exit(EXIT_ERROR)
    try:
        return open_store(store_path, read_only=True)
    except StoreError as exc:
        _err(f"{t('error.store', lang)} {store_path}: {exc.message(lang)}")
    except Exception as exc:  # RocksDB, network: one line, no traceback
        _err(f"{t('error.store', lang)} {store_path}: {type(exc).__name__}: {exc}")
    sys.exit(EXIT_ERROR)


@cli.command()
@click.argument("draft", type=click.Path(path_type=Path))
@click.option(
    "--store",
    "store_path",
    default=None,
    help="Knowledge base: a store directory (or a SPARQL endpoint URL). Without it, "
    "only the checks on the draft itself run.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="Report format; xlsx and docx (for officials) need --out FILE.",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=None,
    help="Write the report to this file instead of standard output.",
)
@click.option(
    "--date",
    "on",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Date of the draft (YYYY-MM-DD) when its header leaves it blank.",
)
@lang_option
def check(
    draft: Path, store_path: str | None, fmt: str, out: Path | None, on: datetime | None, lang: str
) -> None:
    """Check the draft plan DRAFT (.txt, .md, .docx, .pdf) before it is issued."""
    from graph.checks.run import check_plan, exit_code, render
    from parsers.load import LoadError

    if fmt in BINARY_FORMATS and out is None:
        _err(t("table.out_required", lang).format(fmt=fmt))
        sys.exit(EXIT_ERROR)
    store = _open(store_path, lang) if store_path else None
    try:
        report = check_plan(draft, store=store, lang=lang, draft_date=on.date() if on else None)
    except LoadError as exc:
        _err(f"{t('check.cannot_read', lang)}: {exc.message(lang)}")
        sys.exit(EXIT_ERROR)
    except OSError as exc:
        _err(f"{t('check.cannot_read', lang)} {draft}: {exc.strerror or exc}")
        sys.exit(EXIT_ERROR)
    text = "" if fmt in BINARY_FORMATS else render(report, fmt, lang)
    if out is not None:
        try:
            if fmt in BINARY_FORMATS:
                from graph.checks.report_office import write_check_docx, write_check_xlsx

                (write_check_xlsx if fmt == "xlsx" else write_check_docx)(report, out, lang)
            else:
                out.parent.mkdir(parents=True, exist_ok=True)
                out.write_text(text, encoding="utf-8")
        except OSError as exc:
            _err(f"{t('check.cannot_write', lang)} {out}: {exc.strerror or exc}")
            sys.exit(EXIT_ERROR)
        _err(f"{t('check.written', lang)}: {out}")
    else:
        click.echo(text, nl=not text.endswith("\n"))
    if store is None:
        _err(t("check.no_store", lang))
    for failure in report.failures:
        _err(f"{t('check.failed', lang)}: {failure.code}: {failure.error}")
    sys.exit(exit_code(report))
