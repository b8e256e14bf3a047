"""``vbkg status``: which targets of a plan its reports say were reached (analysis/status).

Two sources: a plan file and report files (``vbkg status PLAN_FILE --report FILE …``), or a
plan of the store and the reports on it there (``vbkg status 04/KH-UBND --store DIR``:
:func:`graph.analysis.report_links.store_status`, each target as its latest report says).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from graph.cli.group import EXIT_ERROR, cli, lang_option, store_option
from graph.messages import t

if TYPE_CHECKING:  # imported where used: the module stays light for `vbkg --help`
    from rich.table import Table

    from graph.analysis.status import Plan, PlanStatus

_STYLE = {"achieved": "green", "not_achieved": "red", "in_progress": "yellow",
          "not_reported": "dim"}  # fmt: skip


def _plan(path: Path, lang: str) -> Plan:
    from graph.analysis.status import Plan
    from graph.pipeline import extract_file

    try:
        ex = extract_file(path)
    except Exception as exc:  # an unreadable or unparsable plan
        click.echo(f"{t('reported.no_plan', lang)} {path}: {exc}", err=True)
        sys.exit(EXIT_ERROR)
    d = ex.document
    targets = ex.mandates.targets if ex.mandates is not None else ()
    return Plan(tuple(targets), key=d.key, year=d.year, issuer=d.issuer.name if d.issuer else None,
                iri=d.iri)  # fmt: skip


def render_status(ps: PlanStatus, lang: str) -> Table:
    from rich.markup import escape
    from rich.table import Table

    table = Table(title=f"{t('reported.title', lang)}: {ps.plan.key or ps.plan.iri or ''}")
    for col in ("coverage.area", "reported.target", "trace.status", "reported.value",
                "reported.report"):  # fmt: skip
        table.add_column(t(col, lang))
    for x in ps.targets:
        style = _STYLE[x.status]
        table.add_row(
            x.target.area or "",
            escape(x.target.text),
            f"[{style}]{t('reported.' + x.status, lang)}[/]",
            escape(x.result.figure.text) if x.result else "",
            escape((x.report.key or Path(x.report.source).name) if x.report else ""),
        )
    return table


def _print_status(ps: PlanStatus, lang: str) -> None:
    from rich.console import Console

    Console(highlight=False, soft_wrap=True).print(render_status(ps, lang))


def _from_store(ref: str, store_path: str, fmt: str, lang: str) -> None:
    from graph.analysis.references import TraceError, resolve_reference
    from graph.analysis.report_links import store_status
    from graph.cli.trace import _open, _trace_error

    store = _open(store_path, lang)
    try:
        plan = resolve_reference(store, ref)
    except TraceError as exc:
        _trace_error(exc, lang)
        return
    st = store_status(store, plan.id)
    if fmt == "json":
        click.echo(json.dumps(st.to_dict(), ensure_ascii=False, indent=2))
    else:
        _print_status(st.latest(), lang)


@cli.command("status")
@click.argument("plan")
@click.option(
    "--report", "reports", multiple=True,
    type=click.Path(path_type=Path, exists=True, dir_okay=False),
    help="A report (Báo cáo) on the plan file PLAN; repeat for several. Without it, PLAN is "
    "a plan of the store (--store) and its reports are those in the store.",
)  # fmt: skip
@store_option
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@lang_option
def status_command(
    plan: str, reports: tuple[Path, ...], store_path: str, fmt: str, lang: str
) -> None:
    """Which targets of PLAN the reports say were achieved, not achieved, are in progress or
    were not reported. PLAN is a plan file with --report FILE, else a plan of the store (a
    key like 04/KH-UBND, KEY@YEAR, an IRI or a source file) against the reports in it."""
    if not reports:
        _from_store(plan, store_path, fmt, lang)
        return
    path = Path(plan)
    if not path.is_file():
        click.echo(f"{t('reported.no_source', lang)}: {plan}", err=True)
        sys.exit(EXIT_ERROR)
    from graph.analysis.status import read_report, status

    p = _plan(path, lang)
    read = []
    for r in reports:
        try:
            read.append(read_report(r, issuer=None))
        except Exception as exc:  # a batch goes on past a bad file
            click.echo(f"{t('reported.no_report', lang)} {r}: {exc}", err=True)
    result = status(read, p)
    if fmt == "json":
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        _print_status(result, lang)
