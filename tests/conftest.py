"""Shared fixtures and assertions; the shared builders are in ``factories.py``.

- ``assert_isomorphic(expected, actual)``: RDF graphs equal up to blank nodes, with the
  missing and extra triples in the failure message
- ``seed_extractions``: the five seeds extracted as one batch
- ``seed_store_path``: the store of the five seeds, built once per session (open it read-only)
- ``browser``: one headless Chromium for the browser tests
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from factories import EXAMPLES, ROOT, seed, seed_store
from rdflib import Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

SHARED = ROOT.parent / "shared"

__all__ = ["EXAMPLES", "ROOT", "SHARED", "assert_isomorphic", "seed"]


def _ntriples(g: Graph) -> list[str]:
    return sorted(line for line in g.serialize(format="nt").splitlines() if line.strip())


def assert_isomorphic(expected: Graph, actual: Graph, *, limit: int = 60) -> None:
    """Fail unless ``actual`` is isomorphic to ``expected`` (blank nodes matched up), naming
    the triples missing from ``actual`` and the extra ones (at most ``limit`` of each)."""
    if isomorphic(expected, actual):
        return
    _, missing, extra = graph_diff(to_isomorphic(expected), to_isomorphic(actual))

    def block(title: str, g: Graph) -> str:
        lines = _ntriples(g)
        shown = lines[:limit] + ([f"… and {len(lines) - limit} more"] if len(lines) > limit else [])
        return f"--- {title} ({len(lines)}):\n" + "\n".join(shown)

    pytest.fail(
        f"graphs differ: expected {len(expected)} triples, actual {len(actual)}\n"
        + block("missing from actual", missing)
        + "\n"
        + block("extra in actual", extra),
        pytrace=False,
    )


@pytest.fixture(scope="session")
def seed_store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The store of the five seeds, built once for the whole session (open it read-only)."""
    return seed_store(tmp_path_factory.mktemp("seeds"))


@pytest.fixture(scope="session")
def seed_extractions():
    """The five seeds extracted as one batch (number-less identities merged)."""
    from graph.pipeline import extract_paths

    good, bad = extract_paths([EXAMPLES])
    assert not bad
    return {Path(e.source).name[:3]: e for e in good}


@pytest.fixture(scope="session")
def shared_corpus() -> Path:
    corpus = SHARED / "corpus"
    if not corpus.is_dir():
        pytest.skip(f"the shared corpus is not beside the project ({corpus} is absent)")
    return corpus


# --------------------------------------------------------------------------- browser tests

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_executable() -> str | None:
    """Debian's Chromium (or $VBKG_CHROMIUM); Playwright never downloads a browser here."""
    candidates = [os.environ.get("VBKG_CHROMIUM", "")]
    candidates += [shutil.which(n) or "" for n in ("chromium", "chromium-browser")]
    candidates += ["/usr/bin/chromium"]
    return next((c for c in candidates if c and os.access(c, os.X_OK)), None)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium for every browser test (skipped, saying why, when absent)."""
    sync_api = pytest.importorskip(
        "playwright.sync_api",
        reason="playwright is not installed (pip install playwright; no browser download needed)",
    )
    executable = chromium_executable()
    if executable is None:
        pytest.skip("no Chromium executable (apt-get install chromium, or set VBKG_CHROMIUM)")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield b
        b.close()
