"""Every seed document in data/examples/ loads as UTF-8 with text."""

from __future__ import annotations

from pathlib import Path

import pytest

from parsers.load import iter_sources, load_document

EXAMPLES = Path(__file__).resolve().parent.parent / "data" / "examples"
SEEDS = sorted(EXAMPLES.iterdir())


def test_seeds_present() -> None:
    assert len(SEEDS) >= 5
    assert list(iter_sources([EXAMPLES])) == SEEDS


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name)
def test_seed_loads_as_utf8(path: Path) -> None:
    doc = load_document(path)
    assert doc.encoding == "utf-8"
    assert doc.format == "txt"
    assert doc.text.strip()
    assert doc.warnings == ()
    assert "**" not in doc.text  # stray Markdown strong emphasis is removed
