"""``vbkg trace`` and ``vbkg coverage``: follow a mandate down the levels (analysis/trace)."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Any, NoReturn

import click
from rich.console import Console
from rich.table import Table
from rich.tree import Tree

from graph.analysis.trace import (
    AmbiguousReference,
    CoverageResult,
    TraceError,
    TraceNode,
    TraceResult,
    coverage,
    trace,
)
from graph.cli.group import EXIT_ERROR, cli, lang_option, store_option
from graph.messages import note_text, t

if TYPE_CHECKING:
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
    extra = exc.candidate_lines() if isinstance(exc, AmbiguousReference) else None
    _fail(exc.message(lang), extra)


def _console() -> Console:
    return Console(highlight=False)


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


def _tree_up(branch: Tree, nodes: tuple[TraceNode, ...], lang: str) -> None:
    for n in nodes:
        d = n.document.to_dict()
        sub = branch.add(f"{_escape(_label(d))} ({_escape(_facts(d, lang))})")
        _tree_up(sub, n.implements, lang)


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


_STATUS_STYLE = {"implemented": "green", "late": "yellow", "missing": "red", "unknown": "dim"}


def render_tree(result: TraceResult, lang: str) -> Tree:
    doc = result.document.to_dict()
    root = Tree(f"[bold]{_escape(_label(doc))}[/] ({_escape(_facts(doc, lang))})")
    if result.deadline:
        root.add(f"{t('trace.deadline', lang)}: {result.deadline.isoformat()}")
    down = root.add(f"[bold]{t('trace.implemented_by', lang)}[/]")
    _tree_down(down, result.implemented_by, lang)
    if not result.implemented_by:
        down.add(t("trace.none", lang))
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

    down(result.implemented_by, 0)
    if not result.implemented_by:
        lines.append(t("trace.none", lang))
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
    "--format", "fmt", type=click.Choice(["tree", "json", "md"]), default="tree", show_default=True
)
@click.option("--year", type=int, default=None, help="Numbering year, when the key is ambiguous.")
@click.option("--issuer", default=None, help="Issuer name, when the key is ambiguous.")
@lang_option
def trace_command(
    ref: str, store_path: str, fmt: str, year: int | None, issuer: str | None, lang: str
) -> None:
    """Who implemented REF (a key like 04/KH-UBND, KEY@YEAR, an IRI or a file), who missed it,
    and what it implements."""
    bare = ref.strip().removeprefix("<").removesuffix(">")
    if "://" in bare and any(c.isspace() or c in '<>"{}|\\^`' for c in bare):
        from parsers.load import printable

        _fail(f"{t('error.bad_iri', lang)}: {printable(ref)}")
    store = _open(store_path, lang)
    try:
        result = trace(store, ref, lang=lang, year=year, issuer=issuer)
    except TraceError as exc:
        _trace_error(exc, lang)
        return
    if fmt == "json":
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    elif fmt == "md":
        click.echo(render_markdown(result, lang), nl=False)
    else:
        _console().print(render_tree(result, lang))


# --------------------------------------------------------------------------- coverage


def render_coverage_table(result: CoverageResult, lang: str) -> list[Table]:
    title = (
        f"{t('coverage.title', lang)}: {_label(result.child.to_dict())} ← "
        f"{_label(result.parent.to_dict())}"
    )
    table = Table(title=title)
    for col in (
        "coverage.area",
        "coverage.parent_target",
        "trace.status",
        "coverage.child_target",
        "coverage.note",
    ):
        table.add_column(t(col, lang))
    for x in result.targets:
        table.add_row(
            x.parent.area or "",
            _escape(x.parent.text),
            t(f"coverage.{x.status}", lang),
            _escape(x.child.text) if x.child else "",
            _escape(note_text(x.note, lang)),
        )
    areas = Table(title=t("coverage.areas", lang))
    for col in ("coverage.area", "coverage.parent", "coverage.child"):
        areas.add_column(t(col, lang))
    for s in ("carried", "weakened", "dropped", "strengthened"):
        areas.add_column(t(f"coverage.{s}", lang), justify="right")
    yes, no = t("coverage.covered", lang), t("coverage.not_covered", lang)
    for a in result.areas:
        areas.add_row(
            a.label,
            yes if a.parent_covers else no,
            yes if a.child_covers else no,
            *(str(a.counts.get(s, 0)) for s in ("carried", "weakened", "dropped", "strengthened")),
        )
    return [table, areas]


def render_coverage_markdown(result: CoverageResult, lang: str) -> str:
    lines = [
        f"# {t('coverage.title', lang)}",
        "",
        f"- {t('coverage.child', lang)}: {_label(result.child.to_dict())}",
        f"- {t('coverage.parent', lang)}: {_label(result.parent.to_dict())}",
        "- " + ", ".join(f"{t('coverage.' + s, lang)}: {n}" for s, n in result.counts().items()),
        "",
        f"| {t('coverage.area', lang)} | {t('coverage.parent_target', lang)} | "
        f"{t('trace.status', lang)} | {t('coverage.child_target', lang)} |",
        "| --- | --- | --- | --- |",
    ]
    for x in result.targets:
        lines.append(
            f"| {_md_cell(x.parent.area)} | {_md_cell(x.parent.text)} | "
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
            f"| {_md_cell(a.label)} | {yes if a.parent_covers else no} | "
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
    type=click.Choice(["table", "json", "md"]),
    default="table",
    show_default=True,
)
@click.option("--year", type=int, default=None, help="Numbering year of CHILD, if ambiguous.")
@click.option("--issuer", default=None, help="Issuer of CHILD, if ambiguous.")
@lang_option
def coverage_command(
    child: str,
    parent: str | None,
    store_path: str,
    fmt: str,
    year: int | None,
    issuer: str | None,
    lang: str,
) -> None:
    """Which targets of the parent plan CHILD carried, weakened, strengthened or dropped, and
    which reform areas it covers."""
    store = _open(store_path, lang)
    try:
        result = coverage(store, child, parent, year=year, issuer=issuer)
    except TraceError as exc:
        _trace_error(exc, lang)
        return
    if fmt == "json":
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    elif fmt == "md":
        click.echo(render_coverage_markdown(result, lang), nl=False)
    else:
        console = _console()
        for table in render_coverage_table(result, lang):
            console.print(table)
