"""``vbkg stats``: the numbers of the whole graph (graph/analysis/stats.py)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import click

from graph.cli.group import cli, lang_option, store_option
from graph.cli.trace import _open
from graph.messages import t

if TYPE_CHECKING:  # imported where used: the module stays light for `vbkg --help`
    from rich.table import Table

    from graph.analysis.stats import GraphStats


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def _counts_table(title: str, counts: dict[str, dict[str, int]], lang: str) -> Table:
    from rich.table import Table

    table = Table(title=title)
    table.add_column(t("stats.value", lang))
    table.add_column(t("stats.all", lang), justify="right")
    table.add_column(t("stats.in_corpus", lang), justify="right")
    for value, c in counts.items():
        shown = t(f"level.{value}", lang) if title == t("stats.by_level", lang) else value
        table.add_row(_escape(shown), str(c["all"]), str(c["corpus"]))
    return table


def render_stats(s: GraphStats, lang: str) -> list[Table | str]:
    """The tables of ``vbkg stats --format text``, headers in ``lang``."""
    from rich.table import Table

    out: list[Table | str] = []
    summary = Table(title=t("stats.title", lang))
    summary.add_column(t("stats.value", lang))
    summary.add_column("", justify="right")
    summary.add_row(t("stats.documents", lang), str(s.documents))
    summary.add_row(f"  {t('stats.in_corpus', lang)}", str(s.in_corpus))
    summary.add_row(f"  {t('stats.cited_only', lang)}", str(s.documents - s.in_corpus))
    for rel, n in s.relations.items():
        summary.add_row(f"{t('stats.relations', lang)}: {t('relation.' + rel, lang)}", str(n))
    summary.add_row(
        t("stats.components", lang),
        f"{len(s.components)} ({t('stats.sizes', lang)} {', '.join(map(str, s.components[:5]))})",
    )
    out.append(summary)
    out.append(_counts_table(t("stats.by_type", lang), s.by_type, lang))
    out.append(_counts_table(t("stats.by_level", lang), s.by_level, lang))
    out.append(_counts_table(t("stats.by_year", lang), s.by_year, lang))
    for key, rows in (("stats.most_cited", s.most_cited), ("stats.not_in_store", s.not_in_store)):
        table = Table(title=t(key, lang))
        table.add_column(t("stats.document", lang))
        table.add_column(t("stats.cited_by", lang), justify="right")
        table.add_column(t("stats.mentions", lang), justify="right")
        for c in rows:
            table.add_row(_escape(c.document.label), str(c.cited_by), str(c.mentions))
        out.append(table)
    chains = Table(title=t("stats.chains", lang))
    chains.add_column(t("stats.length", lang), justify="right")
    chains.add_column(t("stats.chain", lang))
    for ch in s.chains:
        chains.add_row(str(ch.length), _escape(" → ".join(d.label for d in ch.documents)))
    out.append(chains)
    if s.cycles:
        cycles = Table(title=t("stats.cycles", lang))
        cycles.add_column(t("stats.chain", lang))
        for cycle in s.cycles:
            labels = [d.label for d in cycle]
            cycles.add_row(_escape(" → ".join([*labels, labels[0]])))
        out.append(cycles)
    else:
        out.append(f"{t('stats.cycles', lang)}: {t('stats.no_cycle', lang)}")
    return out


@cli.command("stats")
@store_option
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.option("--top", type=int, default=10, show_default=True, help="Rows per ranking.")
@lang_option
def stats_command(store_path: str, fmt: str, top: int, lang: str) -> None:
    """The numbers of the whole graph: documents by type, level and year; the most cited;
    the longest implementation chains; connected components; cycles; what to collect next."""
    from rich.console import Console

    from graph.analysis.stats import graph_stats

    store = _open(store_path, lang)
    result = graph_stats(store, top=top)
    if fmt == "json":
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        return
    console = Console(highlight=False, soft_wrap=True)
    for part in render_stats(result, lang):
        console.print(part)
