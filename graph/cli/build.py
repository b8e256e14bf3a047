"""``vbkg build``: build or update the store from files and folders."""

from __future__ import annotations

import contextlib
import json
import os
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from graph.cli.group import (
    EXIT_ERROR,
    EXIT_OK,
    base_option,
    cli,
    echo_error,
    lang_option,
    make_console,
    report_failures,
    store_option,
)
from graph.messages import t
from parsers.load.base import DEFAULT_MAX_CHARS

if TYPE_CHECKING:  # imported where used: the module stays light for `vbkg build --help`
    from graph.pool import Budget
    from graph.store import StoreLike


def print_summary(s: dict[str, Any], lang: str) -> None:
    from rich.markup import escape
    from rich.table import Table

    from parsers.load.base import printable

    console = make_console()
    table = Table(title=t("summary.title", lang), show_header=False)
    table.add_column("")
    table.add_column("", justify="right")
    table.add_row(t("summary.documents", lang), str(s["documents"]))
    table.add_row(t("summary.cited", lang), str(s["cited_documents"]))
    for rel, n in s["citations_by_relation"].items():
        table.add_row(f"  {t('summary.citations', lang)}: {t('relation.' + rel, lang)}", str(n))
    table.add_row(t("summary.unresolved", lang), str(s["unresolved"]))
    table.add_row(t("summary.not_in_corpus", lang), str(s["not_in_corpus"]))
    table.add_row(t("summary.conflicts", lang), str(s["conflicts"]))
    if s.get("triples") is not None:
        table.add_row(t("summary.triples", lang), str(s["triples"]))
    if s.get("report_links") is not None:
        table.add_row(t("summary.report_links", lang), str(s["report_links"]))
    table.add_row(t("summary.skipped", lang), str(len(s["skipped"])))
    console.print(table)
    for sk in s["skipped"]:  # reasons are printable (parsers.load.printable); no markup in them
        console.print(f"  [yellow]•[/] {escape(printable(sk['reason']))}", markup=True)


@contextlib.contextmanager
def progress_display(lang: str, *, quiet: bool) -> Iterator[Callable[[Any], None] | None]:
    """A rich progress bar on stderr (files done / total, MB/s, failures, ETA) for
    :func:`graph.ingest.ingest`'s ``progress``; ``None`` when quiet or stderr is no terminal."""
    if quiet or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[mbps]:.1f} MB/s"),
        TextColumn("{task.fields[failed]} " + t("progress.failed", lang)),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    started = time.monotonic()
    task = bar.add_task(t("progress.files", lang), total=None, mbps=0.0, failed=0)

    def update(p: Any) -> None:
        rate = p.bytes / 1e6 / max(time.monotonic() - started, 1e-3)
        bar.update(task, completed=p.done, total=p.total, mbps=rate, failed=p.failures)

    with bar:
        yield update


def run_build(
    paths: Sequence[Path],
    store_path: Path | None,
    *,
    out: Path | None,
    base: str,
    lang: str,
    jobs: int = 1,
    nquads: Path | None = None,
    nquads_dir: Path | None = None,
    follow_links: bool = False,
    budget: Budget | None = None,
    max_chars: int | None = DEFAULT_MAX_CHARS,
    quiet: bool = True,
    prune: bool = False,
    root: Path | None = None,
) -> tuple[dict[str, Any], int]:
    """Build or update the store from ``paths``; returns the summary and an exit code.

    A store that exists already is opened once, for the documents and the report links
    (:func:`_open_existing`); a new one is created by :func:`graph.ingest.ingest` when the
    first document is read (no store is made of a batch of bad files only)."""
    from graph.ingest import IngestError, IngestReport, ingest
    from graph.store import StoreError

    store: StoreLike | None = None
    try:
        store = _open_existing(store_path, base)
        with progress_display(lang, quiet=quiet) as progress:
            report = ingest(
                paths,
                store if store is not None else store_path,
                base=base,
                export=out,
                jobs=jobs,
                nquads=nquads,
                nquads_dir=nquads_dir,
                follow_links=follow_links,
                budget=budget,
                max_chars=max_chars,
                progress=progress,
                prune_gone=prune,
                root=root,
            )
        summary = report.summary(lang)
        if store_path is not None:  # reports against plans, once both are in the store (0009)
            try:
                summary["report_links"] = _link_reports(
                    store if store is not None else store_path, base
                )
            except Exception as exc:  # the files are in; only the links could not be written
                echo_error(
                    f"{t('error.store', lang)} {store_path}: "
                    f"{t('summary.report_links', lang)}: {exc}"
                )
        if store is not None:  # its errors are the store's (below), as when ingest closes it
            opened: StoreLike = store
            store = None
            opened.close()
    except StoreError as exc:
        echo_error(f"{t('error.store', lang)} {store_path}: {exc.message(lang)}")
        return IngestReport().summary(lang), EXIT_ERROR
    except KeyboardInterrupt:  # workers stopped, committed batches kept (graph.pool, ingest)
        echo_error(t("error.interrupted", lang))
        return IngestReport().summary(lang), EXIT_INTERRUPTED
    except IngestError as exc:
        report_failures(exc.failures, lang)
        echo_error(exc.message(lang))
        return exc.summary(lang), EXIT_ERROR
    finally:
        if store is not None:  # an error above: what was written is kept
            with contextlib.suppress(Exception):
                store.close()
    return summary, EXIT_OK


def _open_existing(store_path: Path | None, base: str) -> StoreLike | None:
    """The store directory ``store_path`` opened for writing when a store is there already
    (as :func:`graph.ingest.ingest` would open it), else ``None``."""
    from graph.store import open_store
    from graph.store.snapshots import MARKER

    if store_path is None or "://" in str(store_path) or not (Path(store_path) / MARKER).exists():
        return None
    return open_store(store_path, base=base)


def _link_reports(store: StoreLike | Path, base: str) -> int:
    """The report links (:func:`graph.analysis.report_links.link_reports`) of ``store``, an
    open store or a location opened and closed here."""
    from graph.store import StoreLike, open_store

    if isinstance(store, StoreLike):
        return _links_of(store)
    opened = open_store(store, base=base)
    try:
        return _links_of(opened)
    finally:
        opened.close()


# A store without reported results and without links: link_reports would find no plan to
# link (its query ``report-plans`` starts from the reports' results) and have no stale link
# to drop, so it would write nothing; it is not imported (~0.04 s of every `vbkg build`).
_ANY_RESULT = "ASK { ?report vbkg:hasResult ?result }"
_ANY_LINK = "ASK { GRAPH ?g { ?result vbkg:reportsOnTarget ?target } }"


def _links_of(store: StoreLike) -> int:
    if store.query(_ANY_RESULT) is False and store.query(_ANY_LINK) is False:
        return 0
    from graph.analysis.report_links import link_reports

    return link_reports(store)


EXIT_INTERRUPTED = 130  # the shell's code for SIGINT


def _default_jobs() -> int:
    return max(1, min(4, os.cpu_count() or 1))


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@store_option
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=None,
    help="Also export the whole graph (.ttl, .nt, .nq, .trig or .jsonld); with "
    "--format nquads: the folder of the N-Quads files.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["store", "nquads"]),
    default="store",
    show_default=True,
    help="store: the embedded store; nquads: only N-Quads files in --out DIR "
    "(one named graph per source file) for a SPARQL server's bulk loader.",
)
@click.option(
    "--nquads",
    "nquads",
    type=click.Path(path_type=Path),
    default=None,
    help="Also write every graph to this one N-Quads file.",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Processes that extract in parallel (default: CPUs, at most 4).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.option(
    "--follow-links",
    is_flag=True,
    help="Also read symbolic links pointing outside the given folders (default: skip and "
    "name the link).",
)
@click.option(
    "--file-timeout",
    type=click.FloatRange(min=0),
    default=300.0,
    show_default=True,
    help="Seconds allowed per file (past it the file is skipped and named; 0: no limit).",
)
@click.option(
    "--file-memory",
    type=click.IntRange(min=0),
    default=4096,
    show_default=True,
    help="Megabytes of memory allowed to the worker of each file (past it the file is "
    "skipped and named; 0: no limit).",
)
@click.option(
    "--max-chars",
    type=click.IntRange(min=1),
    default=DEFAULT_MAX_CHARS,
    show_default=True,
    help="Characters extracted from one .docx or .pdf at most (past it the file is refused).",
)
@click.option(
    "--prune", is_flag=True, help="Also drop the documents under PATHS whose files are gone."
)
@click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Name the files relative to DIR (move the folder and build again with the new "
    "--root: documents are replaced, not doubled; default: absolute paths).",
)
@click.option(
    "--quiet", "-q", is_flag=True, help="No progress (shown only when stderr is a terminal)."
)
@base_option
@lang_option
def build(
    paths: Sequence[Path],
    store_path: Path,
    out: Path | None,
    fmt: str,
    nquads: Path | None,
    jobs: int | None,
    as_json: bool,
    follow_links: bool,
    file_timeout: float,
    file_memory: int,
    max_chars: int,
    quiet: bool,
    prune: bool,
    root: Path | None,
    base: str,
    lang: str,
) -> None:
    """Build or update the store from PATHS (files and folders)."""
    from graph.pool import Budget
    from parsers.load.base import printable

    nquads_dir: Path | None = None
    target: Path | None = store_path
    if fmt == "nquads":
        if out is None:
            raise click.UsageError("--format nquads needs --out DIR")
        nquads_dir, out, target = out, None, None
    summary, code = run_build(
        paths,
        target,
        out=out,
        base=base,
        lang=lang,
        jobs=jobs or _default_jobs(),
        nquads=nquads,
        nquads_dir=nquads_dir,
        follow_links=follow_links,
        budget=Budget(file_timeout or None, file_memory * 1024 * 1024 or None),
        max_chars=max_chars,
        quiet=quiet,
        prune=prune,
        root=root,
    )
    if as_json:
        click.echo(json.dumps(summary, ensure_ascii=False, indent=2))
    else:
        print_summary(summary, lang)
        if out is not None and code == EXIT_OK:
            click.echo(f"{t('summary.export', lang)}: {out}")
        for src in summary.get("pruned", []):
            click.echo(f"{t('summary.pruned', lang)}: {printable(src)}")
        for f in summary.get("nquads", []):
            click.echo(f"N-Quads: {f}")
    sys.exit(code)
