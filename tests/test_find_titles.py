"""Trimming connector words from the end of a cited title ("… về việc", "… của")."""

from __future__ import annotations

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from parsers.find import trailing_connectors
from parsers.regexes import FLAGS, TITLE_TRAIL

PATTERN = regex.compile(TITLE_TRAIL, FLAGS)
PIECES = st.sampled_from(
    [
        "va",
        "cua",
        "thuc hien",
        "trien khai",
        "viec",
        "ve",
        "cac",
        "tai",
        "xcua",
        "cuax",
        "thuc",
        "hien",
        "ke hoach",
        "76/nq-cp",
        "",
    ]
)
GAPS = st.sampled_from([" ", ",", ", ", "\n", "  ", "\t", ""])


@settings(max_examples=500)
@given(st.lists(st.tuples(PIECES, GAPS), max_size=8))
def test_word_scan_agrees_with_the_stated_pattern(parts):
    text = "".join(w + g for w, g in parts)
    m = PATTERN.search(text)
    assert trailing_connectors(text) == (m.start() if m else None)


def test_examples():
    assert trailing_connectors("cai cach hanh chinh ve viec") == len("cai cach hanh chinh")
    assert trailing_connectors("ke hoach, cua ") == len("ke hoach")
    assert trailing_connectors("trien khai ke hoach") is None


def test_regression_long_run_of_connectors_is_linear():
    """A forward regex search over "của của …" retried every start (quadratic)."""
    text = "x" + " cua" * 200_000
    assert trailing_connectors(text) == 1
