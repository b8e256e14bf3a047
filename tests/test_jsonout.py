"""graph.jsonout.dumps writes exactly what json.dumps(ensure_ascii=False, indent=2) writes."""

from __future__ import annotations

import enum
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graph.jsonout import dumps


class _Level(enum.IntEnum):
    CENTRAL = 1


class _Text(str):
    pass


CASES: list[Any] = [
    {},
    [],
    {"documents": [], "errors": []},
    {
        "source": "/corpus/quyet-dinh-so-1807-qd-ubnd.txt",
        "document": {"key": "1807/QĐ-UBND", "year_in_number": None, "date": "2021-07-15"},
        "citations": [
            {
                "symbol": "NQ-CP",
                "confidence": 0.85,
                "conflicts": [],
                "mentions": [
                    {
                        "start": 12,
                        "end": 40,
                        "text": "Nghị quyết số 76/NQ-CP",
                        "in_footnote": False,
                        "section": "Điều 1",
                    }
                ],
            }
        ],
        "warnings": ['tệp "a\\b"\n\t\u0001 \u2028 ☃ 𝄞'],
    },
    [1.0, 1e-05, 1e20, 0.1 + 0.2, -0.0, float("nan"), float("inf"), -float("inf"), 10**30],
    [True, False, None, [[]], [{}], ({"a": (1, 2)},)],
    "a bare string",
    3,
    # left to json.dumps: keys that are not strings, subclasses
    {1: "one", None: "none", 2.5: "x", False: "f"},
    {"level": _Level.CENTRAL, "name": _Text("Chính phủ")},
]


@pytest.mark.parametrize("payload", CASES)
def test_dumps_is_json_dumps(payload: Any) -> None:
    assert dumps(payload) == json.dumps(payload, ensure_ascii=False, indent=2)


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=30,
)


@given(_JSON)
def test_dumps_is_json_dumps_on_any_tree(payload: Any) -> None:
    assert dumps(payload) == json.dumps(payload, ensure_ascii=False, indent=2)
