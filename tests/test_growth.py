"""The text stages stay linear: growth exponents pinned on the shapes that were super-linear.

Inputs are the shapes of bench/growth.py (one truth for them) at small sizes; each time is
the minimum CPU time (``time.process_time``) of several interleaved runs, measured again
when over the bound (tests/factories.py ``confirmed_growth``), so a loaded machine slows a
run but does not fail it; the exponent is the log-log slope over the sizes. A quadratic
stage has an exponent near 2 (16,000 superscript footnotes took 318 s, 4,000 took 19 s
before the footnote markers were indexed); the bound leaves room for noise at these sizes.
bench/growth.py measures the same at 1 to 8 MB.
"""

from __future__ import annotations

import importlib.util
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from factories import confirmed_growth

from parsers.find import find_citations
from parsers.mandates import extract_mandates
from parsers.normalize import normalize
from parsers.segment import segment

pytestmark = pytest.mark.slow

_SPEC = importlib.util.spec_from_file_location(
    "bench_growth", Path(__file__).resolve().parents[1] / "bench" / "growth.py"
)
assert _SPEC is not None and _SPEC.loader is not None
growth: Any = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(growth)

SIZES = (100_000, 200_000, 400_000)
MAX_EXPONENT = 1.3
REPEAT = 5


def _exponent(times: list[float]) -> float:
    exponent = growth.slope([float(n) for n in SIZES], times)
    assert exponent is not None
    return float(exponent)


def _stage(name: str, text: str) -> Callable[[], object]:
    if name == "normalize":
        return lambda: normalize(text)
    norm = normalize(text)
    if name == "segment":
        return lambda: segment(norm)
    seg = segment(norm)
    if name == "find":
        return lambda: find_citations(norm, seg)
    return lambda: extract_mandates(norm, seg)


CASES = [
    ("many_footnotes", "segment"),
    ("many_footnotes", "mandates"),
    ("many_footnotes", "normalize"),
    ("many_footnotes", "find"),  # was 1.8: each citation looked through every footnote
    ("long_line", "normalize"),
    ("long_line", "segment"),
    ("deep_sections", "segment"),
    ("deep_sections", "find"),
    ("deep_sections", "mandates"),  # was 1.5: parent/children and section ends by scans
    ("short_lines", "normalize"),
    ("many_citations", "normalize"),
]


@pytest.mark.parametrize(("shape", "stage"), CASES)
def test_stage_time_grows_linearly(shape: str, stage: str) -> None:
    runs = [_stage(stage, growth.TEXT_SHAPES[shape](n)) for n in SIZES]
    exponent, times = confirmed_growth(runs, _exponent, MAX_EXPONENT, repeat=REPEAT)
    assert exponent <= MAX_EXPONENT, (shape, stage, times, exponent)


@pytest.mark.parametrize("shape", ["long_line", "many_footnotes", "short_lines"])
def test_normalise_and_segment_memory_is_linear_and_bounded(shape: str) -> None:
    peaks = []
    for n in SIZES:
        text = growth.TEXT_SHAPES[shape](n)
        tracemalloc.start()
        try:
            base = tracemalloc.get_traced_memory()[0]
            segment(normalize(text))
            peaks.append(tracemalloc.get_traced_memory()[1] - base)
        finally:
            tracemalloc.stop()
        assert peaks[-1] < 40 * len(text.encode("utf-8")), (shape, n, peaks[-1])
    exponent = growth.slope([float(n) for n in SIZES], [float(p) for p in peaks])
    assert exponent is not None and exponent <= 1.15, (shape, peaks, exponent)


def test_unedited_text_keeps_one_offset_run() -> None:
    """The offset map of a text that normalising does not change is one run, whatever its
    length (it used to be one int per character)."""
    text = growth.short_lines(200_000)
    norm = normalize(text)
    assert norm.text == text
    assert len(norm.offsets) == len(text) + 1
    assert norm.offsets.runs == 1  # type: ignore[attr-defined]
    assert norm.offsets[12345] == 12345 and norm.offsets[-1] == len(text)
