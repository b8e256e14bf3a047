"""Shared fixtures: paths to the bundled examples and the (optional) shared corpus."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "data" / "examples"
SHARED = ROOT.parent / "shared"


def seed(prefix: str) -> Path:
    """The bundled seed whose file name starts with ``prefix`` ("000" … "004")."""
    (path,) = sorted(EXAMPLES.glob(f"{prefix}_*.txt"))
    return path


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
