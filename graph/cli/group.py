"""The ``vbkg`` command: one group whose subcommands mirror what users do."""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.console import Console
from rich.table import Table

from graph import ids
from graph.messages import LANGS, t
from graph.paths import EXAMPLES_DIR
from graph.pipeline import Failure, extract_paths

F = TypeVar("F", bound=Callable[..., Any])


EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def lang_option(f: F) -> F:
    return click.option(
        "--lang",
        type=click.Choice(LANGS),
        default="vi",
        show_default=True,
        help="Language of messages (vi|en).",
    )(f)


def store_option(f: F) -> F:
    # a plain string: click.Path would turn "http://host/" into "http:/host/"
    return click.option(
        "--store",
        "store_path",
        default="out/store",
        show_default=True,
        help="Store: a directory (embedded Oxigraph) or a SPARQL endpoint URL "
        "(http://host:port/ for an Oxigraph server).",
    )(f)


def base_option(f: F) -> F:
    return click.option(
        "--base", default=ids.DEFAULT_BASE, show_default=True, help="Base of the minted IRIs."
    )(f)


def _console() -> Console:
    return Console(soft_wrap=True, highlight=False)


def _err(msg: str) -> None:
    click.echo(msg, err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="vbkg")
def cli() -> None:
    """vbkg — đồ thị tri thức về trích dẫn văn bản pháp luật và kế hoạch Việt Nam.

    Knowledge graph of Vietnamese legal and plan references.
    """


# --------------------------------------------------------------------------- extract


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--format", "fmt", type=click.Choice(["json", "table"]), default="json", show_default=True
)
@base_option
@lang_option
def extract(files: Sequence[Path], fmt: str, base: str, lang: str) -> None:
    """Extract citations from FILES (and folders) without storing anything."""
    from graph.jsonout import extraction_to_dict

    good, bad = extract_paths(files, base=base)
    if fmt == "json":
        payload = {
            "documents": [extraction_to_dict(e) for e in good],
            "errors": [
                {"source": f.source, "reason": f.reason if lang == "vi" else f.reason_en}
                for f in bad
            ],
        }
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        console = _console()
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
    _report_failures(bad, lang)
    if not good and bad:
        sys.exit(EXIT_ERROR)


def _report_failures(bad: Sequence[Failure], lang: str) -> None:
    for f in bad:
        _err(f.reason if lang == "vi" else f.reason_en)


# --------------------------------------------------------------------------- build


def _print_summary(s: dict[str, Any], lang: str) -> None:
    console = _console()
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
    table.add_row(t("summary.skipped", lang), str(len(s["skipped"])))
    console.print(table)
    for sk in s["skipped"]:
        console.print(f"  [yellow]•[/] {sk['reason']}", markup=True)


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
) -> tuple[dict[str, Any], int]:
    """Build or update the store from ``paths``; returns the summary and an exit code."""
    from graph.ingest import IngestError, IngestReport, ingest
    from graph.store import StoreError

    try:
        report = ingest(
            paths,
            store_path,
            base=base,
            export=out,
            jobs=jobs,
            nquads=nquads,
            nquads_dir=nquads_dir,
        )
    except StoreError as exc:
        _err(f"{t('error.store', lang)} {store_path}: {exc.message(lang)}")
        return IngestReport().summary(lang), EXIT_ERROR
    except IngestError as exc:
        _report_failures(exc.failures, lang)
        _err(exc.message(lang))
        return exc.summary(lang), EXIT_ERROR
    return report.summary(lang), EXIT_OK


def _default_jobs() -> int:
    import os

    return max(1, min(4, os.cpu_count() or 1))


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@store_option
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=None,
    help="Also export the whole graph (.ttl, .nt, .nq or .jsonld); with "
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
    base: str,
    lang: str,
) -> None:
    """Build or update the store from PATHS (files and folders)."""
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
    )
    if as_json:
        click.echo(json.dumps(summary, ensure_ascii=False, indent=2))
    else:
        _print_summary(summary, lang)
        if out is not None and code == EXIT_OK:
            click.echo(f"{t('summary.export', lang)}: {out}")
        for f in summary.get("nquads", []):
            click.echo(f"N-Quads: {f}")
    sys.exit(code)


# --------------------------------------------------------------------------- query


def _read_query(text: str, lang: str) -> str:
    if text.startswith("@"):
        try:
            return Path(text[1:]).read_text(encoding="utf-8")
        except OSError as exc:
            raise click.ClickException(f"{t('error.query_file', lang)} {text[1:]}: {exc}") from exc
    return text


def _format_rows(header: list[str], rows: list[list[str | None]], fmt: str) -> str:
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
        _err(f"{t('error.store', lang)} {store_path}: {exc.message(lang)}")
        sys.exit(EXIT_ERROR)
    try:
        header, rows = store.select(text)
    except Exception as exc:
        _err(f"{t('error.query', lang)}: {exc}")
        sys.exit(EXIT_ERROR)
    click.echo(_format_rows(header, rows, fmt))


# --------------------------------------------------------------------------- demo


@cli.command()
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=Path("out"),
    show_default=True,
    help="Folder for the store and the exported graph.",
)
@lang_option
def demo(out: Path, lang: str) -> None:
    """Build the graph of the bundled example documents (what `make demo` runs)."""
    store_path = out / "store"
    ttl = out / "graph.ttl"
    summary, code = run_build([EXAMPLES_DIR], store_path, out=ttl, base=ids.DEFAULT_BASE, lang=lang)
    _print_summary(summary, lang)
    if code != EXIT_OK:
        sys.exit(code)
    click.echo(f"{t('summary.store', lang)}: {store_path}")
    click.echo(f"{t('summary.export', lang)}: {ttl}")
    from graph.web.graph_page import write_demo_page

    page = write_demo_page(store_path, out, lang=lang)
    click.echo(f"{t('summary.page', lang)}: {page}")
    from graph.validate import validate_file

    conforms, report = validate_file(ttl)
    click.echo(t("summary.shacl_ok" if conforms else "summary.shacl_fail", lang))
    if not conforms:
        click.echo(report)
        sys.exit(EXIT_FINDINGS)
