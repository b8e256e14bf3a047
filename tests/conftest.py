"""Shared fixtures: paths to the bundled examples and the (optional) shared corpus."""

from __future__ import annotations

from pathlib import Path

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
