"""``vbkg trace`` and ``vbkg coverage``: follow a mandate down the levels (analysis/trace)."""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from graph.cli.group import EXIT_ERROR, answer_out_option, cli, lang_option, store_option
from graph.messages import note_text, t

if TYPE_CHECKING:  # imported where used: the module stays light for `vbkg --help`
    from rich.console import Console
    from rich.table import Table
    from rich.tree import Tree

    from graph.analysis.documents import Shown
    from graph.analysis.trace import (
        CoverageResult,
        DocumentInfo,
        TraceError,
        TraceNode,
        TraceResult,
    )
    from graph.store import StoreLike


def _open(location: str, lang: str) -> StoreLike:
    from graph.store import StoreError, open_store

    try:
        return open_store(location, read_only=True)
    except StoreError as exc:
        _fail(f"{t('error.store', lang)} {location}: {exc.message(lang)}")
    except Exception as exc:  # a remote store, a locked directory ...
        _fail(f"{t('error.store', lang)} {location}: {exc}")


def _fail(line: str, extra: list[str] | None = None) -> NoReturn:
    click.echo(line, err=True)
    for x in extra or []:
        click.echo(f"  - {x}", err=True)
    sys.exit(EXIT_ERROR)


def _trace_error(exc: TraceError, lang: str) -> None:
    from graph.analysis.trace import AmbiguousReference

    extra = exc.candidate_lines() if isinstance(exc, AmbiguousReference) else None
    _fail(exc.message(lang), extra)


def _console() -> Console:
    from rich.console import Console

    return Console(highlight=False)


def _need_out(fmt: str, out: Path | None, lang: str) -> None:
    if fmt == "xlsx" and out is None:
        _fail(t("table.out_required", lang).format(fmt=fmt))


def _write_to(out: Path, write: Callable[[Path], object], lang: str) -> None:
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        write(out)
    except OSError as exc:
        _fail(f"{t('check.cannot_write', lang)} {out}: {exc.strerror or exc}")
    click.echo(f"{t('table.written', lang)}: {out}", err=True)


def _write_sheets(sheets: list[Any], out: Path | None, lang: str) -> None:
    from graph.analysis.tables import write_xlsx

    assert out is not None  # _need_out ran first
    _write_to(out, lambda p: write_xlsx(sheets, p), lang)


def _emit(text: str, out: Path | None, lang: str) -> None:
    if out is None:
        click.echo(text, nl=False)
    else:
        _write_to(out, lambda p: p.write_text(text, encoding="utf-8"), lang)


def _print(items: list[Any], out: Path | None, lang: str) -> None:
    """Rich renderables to the terminal, or as plain text (80 columns) to ``out``."""
    from rich.console import Console

    console = _console() if out is None else Console(record=True, width=80, file=io.StringIO())
    for item in items:
        console.print(item)
    if out is not None:
        _emit(console.export_text(), out, lang)


# --------------------------------------------------------------------------- rendering


def _label(d: dict[str, Any]) -> str:
    head = d.get("key") or d.get("title") or d.get("id") or ""
    bits = [str(head)]
    if d.get("key") and d.get("title"):
        bits.append(str(d["title"]))
    return " — ".join(bits)


def _facts(d: dict[str, Any], lang: str) -> str:
    out = []
    if d.get("date"):
        out.append(str(d["date"]))
    if d.get("issuer"):
        out.append(str(d["issuer"]))
    if d.get("level"):
        out.append(t(f"level.{d['level']}", lang))
    if not d.get("source"):
        out.append(t("trace.not_in_corpus", lang))
    return ", ".join(out)


def _on_time(node: TraceNode, lang: str) -> str:
    if node.on_time is True:
        return f" [green]✓ {t('trace.on_time', lang)}[/]"
    if node.on_time is False:
        return f" [red]✗ {t('trace.late', lang)}[/]"
    return ""


def _tree_down(branch: Tree, nodes: tuple[TraceNode, ...], lang: str) -> None:
    for n in nodes:
        d = n.document.to_dict()
        rel = t(f"relation.{n.relation}", lang)
        sub = branch.add(
            f"[bold]{_escape(_label(d))}[/] ({_escape(_facts(d, lang))}; {rel}){_on_time(n, lang)}"
        )
        _tree_down(sub, n.implemented_by, lang)
        _tree_reports(sub, n.reports, lang)


def _tree_reports(branch: Tree, reports: tuple[DocumentInfo, ...], lang: str) -> None:
    """The "Báo cáo" children of a plan: the reports on it."""
    if reports:
        sub = branch.add(f"[bold]{t('reported.reports', lang)}[/]")
        for r in reports:
            d = r.to_dict()
            sub.add(f"{_escape(_label(d))} ({_escape(_facts(d, lang))})")


def _targets_line(result: TraceResult, lang: str) -> str | None:
    """ "Chỉ tiêu: 30 — đạt 7, không đạt 1, …" when the document sets targets."""
    s = result.to_dict()["targets_summary"]
    n = sum(s.values())
    if not n:
        return None
    parts = ", ".join(f"{t('reported.' + k, lang)} {v}" for k, v in s.items() if v)
    return f"{t('reported.targets', lang)}: {n} — {parts}"


def _tree_up(branch: Tree, nodes: tuple[TraceNode, ...], lang: str) -> None:
    for n in nodes:
        d = n.document.to_dict()
        sub = branch.add(f"{_escape(_label(d))} ({_escape(_facts(d, lang))})")
        _tree_up(sub, n.implements, lang)


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


_STATUS_STYLE = {
    "implemented": "green",
    "late": "yellow",
    "cited": "cyan",
    "missing": "red",
    "unknown": "dim",
}


def render_tree(result: TraceResult, lang: str) -> Tree:
    doc = result.document.to_dict()
    from rich.tree import Tree

    root = Tree(f"[bold]{_escape(_label(doc))}[/] ({_escape(_facts(doc, lang))})")
    if result.deadline:
        root.add(f"{t('trace.deadline', lang)}: {result.deadline.isoformat()}")
    down = root.add(f"[bold]{t('trace.implemented_by', lang)}[/]")
    _tree_down(down, result.implemented_by, lang)
    if not result.implemented_by:
        down.add(t("trace.none", lang))
    _tree_reports(root, result.reports, lang)
    if (line := _targets_line(result, lang)) is not None:
        root.add(line)
    if result.expected:
        exp = root.add(f"[bold]{t('trace.expected', lang)}[/]")
        for e in result.expected:
            style = _STATUS_STYLE[e.status]
            docs = "; ".join(d.key or d.title or d.id for d in e.documents)
            exp.add(
                f"{_escape(e.name)}: [{style}]{t('status.' + e.status, lang)}[/]"
                + (f" — {_escape(docs)}" if docs else "")
            )
    up = root.add(f"[bold]{t('trace.implements', lang)}[/]")
    _tree_up(up, result.implements, lang)
    if not result.implements:
        up.add(t("trace.none", lang))
    return root


def _md_cell(text: Any) -> str:
    return str(text if text is not None else "").replace("|", "\\|").replace("\n", " ")


def render_markdown(result: TraceResult, lang: str) -> str:
    doc = result.document.to_dict()
    lines = [f"# {t('trace.document', lang)}: {_label(doc)}", "", f"- {_facts(doc, lang)}"]
    if doc.get("source"):
        lines.append(f"- `{doc['source']}`")
    if result.deadline:
        lines.append(f"- {t('trace.deadline', lang)}: {result.deadline.isoformat()}")
    lines += ["", f"## {t('trace.implemented_by', lang)}", ""]

    def down(nodes: tuple[TraceNode, ...], depth: int) -> None:
        for n in nodes:
            d = n.document.to_dict()
            mark = (
                ""
                if n.on_time is None
                else f" ✓ {t('trace.on_time', lang)}"
                if n.on_time
                else f" ✗ {t('trace.late', lang)}"
            )
            lines.append(
                f"{'  ' * depth}- **{_label(d)}** ({_facts(d, lang)}; "
                f"{t('relation.' + n.relation, lang)}){mark}"
            )
            down(n.implemented_by, depth + 1)
            if n.reports:
                lines.append(f"{'  ' * (depth + 1)}- {t('reported.reports', lang)}:")
            for r in n.reports:
                lines.append(f"{'  ' * (depth + 2)}- {_label(r.to_dict())}")

    down(result.implemented_by, 0)
    if not result.implemented_by:
        lines.append(t("trace.none", lang))
    if result.reports:
        lines += ["", f"## {t('reported.reports', lang)}", ""]
        lines += [f"- {_label(r.to_dict())} ({_facts(r.to_dict(), lang)})" for r in result.reports]
    if (line := _targets_line(result, lang)) is not None:
        lines += ["", f"- {line}"]
    if result.expected:
        lines += [
            "",
            f"## {t('trace.expected', lang)}",
            "",
            f"| {t('trace.unit', lang)} | {t('trace.status', lang)} | "
            f"{t('trace.documents', lang)} |",
            "| --- | --- | --- |",
        ]
        for e in result.expected:
            docs = "; ".join(d.key or d.title or d.id for d in e.documents)
            lines.append(
                f"| {_md_cell(e.name)} | {t('status.' + e.status, lang)} | {_md_cell(docs)} |"
            )
    lines += ["", f"## {t('trace.implements', lang)}", ""]

    def up(nodes: tuple[TraceNode, ...], depth: int) -> None:
        for n in nodes:
            d = n.document.to_dict()
            lines.append(f"{'  ' * depth}- {_label(d)} ({_facts(d, lang)})")
            up(n.implements, depth + 1)

    up(result.implements, 0)
    if not result.implements:
        lines.append(t("trace.none", lang))
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- trace


@cli.command("trace")
@click.argument("ref")
@store_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["tree", "json", "md", "xlsx"]),
    default="tree",
    show_default=True,
    help="Output format: tree, json, md (Markdown) or xlsx (Excel, needs --out FILE).",
)
@answer_out_option
@click.option("--year", type=int, default=None, help="Numbering year, when the key is ambiguous.")
@click.option("--issuer", default=None, help="Issuer name, when the key is ambiguous.")
@lang_option
def trace_command(
    ref: str,
    store_path: str,
    fmt: str,
    out: Path | None,
    year: int | None,
    issuer: str | None,
    lang: str,
) -> None:
    """Who implemented REF (a key like 04/KH-UBND, KEY@YEAR, an IRI or a file), who missed it,
    and what it implements."""
    bare = ref.strip().removeprefix("<").removesuffix(">")
    if "://" in bare and any(c.isspace() or c in '<>"{}|\\^`' for c in bare):
        from parsers.load import printable

        _fail(f"{t('error.bad_iri', lang)}: {printable(ref)}")
    _need_out(fmt, out, lang)
    from graph.analysis.trace import TraceError, trace

    store = _open(store_path, lang)
    try:
        result = trace(store, ref, lang=lang, year=year, issuer=issuer)
    except TraceError as exc:
        _trace_error(exc, lang)
        return
    if fmt == "xlsx":
        from graph.analysis.tables import trace_sheets

        _write_sheets(trace_sheets(result, lang), out, lang)
    elif fmt == "json":
        _emit(json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n", out, lang)
    elif fmt == "md":
        _emit(render_markdown(result, lang), out, lang)
    else:
        _print([render_tree(result, lang)], out, lang)


# --------------------------------------------------------------------------- coverage


_COVERAGE_STYLE = {
    "carried": "green",
    "strengthened": "cyan",
    "weakened": "yellow",
    "dropped": "red",
}


def coverage_summary(result: CoverageResult, lang: str) -> str:
    counts = result.counts()
    parts = ", ".join(f"{t('coverage.' + s, lang)}: {n}" for s, n in counts.items())
    return f"{t('coverage.summary', lang)}: {sum(counts.values())} ({parts})"


def render_coverage_table(result: CoverageResult, lang: str) -> list[Table | str]:
    """One table per reform area (its Vietnamese name as title; status, parent target, child
    target and note in three columns, readable at 80 columns), the areas, the counts."""
    from rich.table import Table

    from graph.analysis.tables import area_names

    names = area_names(lang)
    out: list[Table | str] = [
        f"[bold]{t('coverage.title', lang)}[/]",
        f"{t('coverage.child', lang)}: {_escape(_label(result.child.to_dict()))}",
        f"{t('coverage.parent', lang)}: {_escape(_label(result.parent.to_dict()))}",
    ]
    by_area: dict[str, list[Any]] = {}
    for x in result.targets:
        by_area.setdefault(x.parent.area or "", []).append(x)
    for area, rows in by_area.items():
        table = Table(title=_escape(names.get(area, area)), title_justify="left", expand=True)
        table.add_column(t("trace.status", lang), no_wrap=True, width=12)
        table.add_column(t("coverage.parent_target", lang), ratio=1)
        table.add_column(t("coverage.child_target", lang), ratio=1)
        for x in rows:
            child = _escape(x.child.text) if x.child else ""
            if x.note:
                child += f"\n[dim]{_escape(note_text(x.note, lang))}[/]"
            style = _COVERAGE_STYLE.get(x.status, "")
            table.add_row(
                f"[{style}]{t(f'coverage.{x.status}', lang)}[/]",
                _escape(_restored_mark(x.parent.shown, lang)),
                child,
            )
        out.append(table)
    areas = Table(title=t("coverage.areas", lang), title_justify="left", expand=True)
    areas.add_column(t("coverage.area", lang), ratio=3)
    areas.add_column(t("coverage.parent", lang), width=9)
    areas.add_column(t("coverage.child", lang), width=9)
    areas.add_column(t("coverage.targets", lang), ratio=2)
    yes, no = t("coverage.covered", lang), t("coverage.not_covered", lang)
    for a in result.areas:
        counts = ", ".join(
            f"{t('coverage.' + s, lang)} {a.counts[s]}" for s in a.counts if a.counts[s]
        )
        areas.add_row(
            _escape(names.get(a.area, a.label)),
            yes if a.parent_covers else no,
            yes if a.child_covers else no,
            counts,
        )
    out += [areas, coverage_summary(result, lang)]
    return out


def render_coverage_markdown(result: CoverageResult, lang: str) -> str:
    from graph.analysis.tables import area_names

    names = area_names(lang)
    lines = [
        f"# {t('coverage.title', lang)}",
        "",
        f"- {t('coverage.child', lang)}: {_label(result.child.to_dict())}",
        f"- {t('coverage.parent', lang)}: {_label(result.parent.to_dict())}",
        f"- {coverage_summary(result, lang)}",
        "",
        f"| {t('coverage.area', lang)} | {t('coverage.parent_target', lang)} | "
        f"{t('trace.status', lang)} | {t('coverage.child_target', lang)} |",
        "| --- | --- | --- | --- |",
    ]
    for x in result.targets:
        lines.append(
            f"| {_md_cell(names.get(x.parent.area or '', x.parent.area))} | "
            f"{_md_cell(_restored_mark(x.parent.shown, lang))} | "
            f"{t('coverage.' + x.status, lang)} | "
            f"{_md_cell(x.child.text if x.child else '')} |"
        )
    lines += [
        "",
        f"## {t('coverage.areas', lang)}",
        "",
        f"| {t('coverage.area', lang)} | {t('coverage.parent', lang)} | "
        f"{t('coverage.child', lang)} |",
        "| --- | --- | --- |",
    ]
    yes, no = t("coverage.covered", lang), t("coverage.not_covered", lang)
    for a in result.areas:
        lines.append(
            f"| {_md_cell(names.get(a.area, a.label))} | {yes if a.parent_covers else no} | "
            f"{yes if a.child_covers else no} |"
        )
    return "\n".join(lines) + "\n"


@cli.command("coverage")
@click.argument("child")
@click.option(
    "--parent",
    default=None,
    help="The parent plan (default: the plan with targets that CHILD implements).",
)
@store_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "md", "xlsx"]),
    default="table",
    show_default=True,
    help="Output format: table, json, md (Markdown) or xlsx (Excel, needs --out FILE).",
)
@answer_out_option
@click.option("--year", type=int, default=None, help="Numbering year of CHILD, if ambiguous.")
@click.option("--issuer", default=None, help="Issuer of CHILD, if ambiguous.")
@lang_option
def coverage_command(
    child: str,
    parent: str | None,
    store_path: str,
    fmt: str,
    out: Path | None,
    year: int | None,
    issuer: str | None,
    lang: str,
) -> None:
    """Which targets of the parent plan CHILD carried, weakened, strengthened or dropped, and
    which reform areas it covers."""
    _need_out(fmt, out, lang)
    from graph.analysis.trace import TraceError, coverage

    store = _open(store_path, lang)
    try:
        result = coverage(store, child, parent, year=year, issuer=issuer)
    except TraceError as exc:
        _trace_error(exc, lang)
        return
    if fmt == "xlsx":
        from graph.analysis.tables import coverage_sheets

        _write_sheets(coverage_sheets(result, lang), out, lang)
    elif fmt == "json":
        _emit(json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n", out, lang)
    elif fmt == "md":
        _emit(render_coverage_markdown(result, lang), out, lang)
    else:
        _print(render_coverage_table(result, lang), out, lang)


def _restored_mark(s: Shown, lang: str) -> str:
    """A target text restored from OCR, marked, with its original (issue 13)."""
    if not s.restored:
        return s.text
    return f"{s.text} " + t("restored.mark", lang).format(original=s.original)
