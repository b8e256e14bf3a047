"""The whole extraction chain for files: load → normalise → segment → find → resolve.

Public verbs: :func:`extract_file` (one file, raises :class:`parsers.load.LoadError`)
and :func:`extract_paths` (many files and folders; a bad file is reported and
the batch goes on).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from graph import ids
from graph.messages import both
from graph.models import Extraction
from graph.resolve import merge_numberless, resolve
from parsers.find import find_citations
from parsers.load import DEFAULT_MAX_CHARS, LoadError, load_document, printable, walk_sources
from parsers.mandates import extract_mandates
from parsers.normalize import normalize
from parsers.results import extract_results
from parsers.segment import segment


@dataclass(frozen=True)
class Failure:
    """A file that could not be read, with the reason (user-facing, one line)."""

    source: str
    reason: str
    reason_en: str


def extract_file(
    path: str | Path,
    *,
    base: str = ids.DEFAULT_BASE,
    max_chars: int | None = DEFAULT_MAX_CHARS,
) -> Extraction:
    loaded = load_document(Path(path), max_chars=max_chars)
    norm = normalize(loaded.text)
    seg = segment(norm)
    found = find_citations(norm, seg)
    extraction = resolve(loaded, norm, seg, found, base=base)
    if extraction.document.doc_type == "KH":  # a plan: what it requires of lower units
        extraction = replace(extraction, mandates=extract_mandates(norm, seg))
    # what a report (or a results part) says was done: parsers.results
    return replace(extraction, results=tuple(extract_results(norm, seg)))


def worker_failure(source: str, how: str) -> Failure:
    """A file whose worker ran past its time budget (``how="timeout"``), its memory
    budget (``"memory"``) or died (``"died"``: killed, crashed)."""
    key = f"build.{how}" if how in ("timeout", "memory") else "build.died"
    return Failure(source, *both(key, path=printable(source)))


def _failure(path: Path, exc: Exception) -> Failure:
    if isinstance(exc, LoadError):
        return Failure(str(path), exc.message("vi"), exc.message("en"))
    if isinstance(exc, MemoryError):
        return worker_failure(str(path), "memory")
    # Anything else is a defect of ours, but one bad file must not stop a batch.
    kind = type(exc).__name__
    shown, detail = printable(str(path)), printable(str(exc))
    return Failure(str(path), *both("build.internal", path=shown, kind=kind, detail=detail))


def iter_extractions(
    paths: Iterable[str | Path],
    *,
    base: str = ids.DEFAULT_BASE,
    follow_links: bool = False,
    max_chars: int | None = DEFAULT_MAX_CHARS,
) -> Iterator[Extraction | Failure]:
    """Extract every file under ``paths``, yielding a :class:`Failure` for each bad one
    (and for each refused link: :func:`parsers.load.walk_sources`)."""
    for src in walk_sources([Path(p) for p in paths], follow_links=follow_links):
        if isinstance(src, LoadError):
            yield Failure(src.path, src.message("vi"), src.message("en"))
            continue
        try:
            yield extract_file(src, base=base, max_chars=max_chars)
        except Exception as exc:
            yield _failure(src, exc)


def extract_paths(
    paths: Iterable[str | Path],
    *,
    base: str = ids.DEFAULT_BASE,
) -> tuple[list[Extraction], list[Failure]]:
    """Extract a batch and merge number-less documents with the citations that identify them."""
    good: list[Extraction] = []
    bad: list[Failure] = []
    for item in iter_extractions(paths, base=base):
        (bad if isinstance(item, Failure) else good).append(item)  # type: ignore[arg-type]
    return merge_numberless(good), bad
