"""IRIs per DESIGN.md §3, and their safety against text injected from documents."""

from datetime import date

import pytest

from graph import ids
from parsers.models import PARENT_ORDER, SUPERSESSION_ORDER, Relation, relation_rank

BASE = "https://example.org/vbkg"


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        (
            {"jurisdiction": "vn", "agent": "CP", "doc_type": "NQ", "year": 2021, "number": "76"},
            f"{BASE}/eli/vn/cp/nq/2021/76",
        ),
        (
            {"jurisdiction": "vn", "agent": "CP", "doc_type": "NĐ", "year": 2020, "number": "45"},
            f"{BASE}/eli/vn/cp/nd/2020/45",
        ),
        (
            {
                "jurisdiction": "vn-20",
                "agent": "UBND",
                "doc_type": "KH",
                "year": 2021,
                "number": "249",
            },
            f"{BASE}/eli/vn-20/ubnd/kh/2021/249",
        ),
        (
            {
                "jurisdiction": "vn-20-183",
                "agent": "UBND",
                "doc_type": "KH",
                "year": 2022,
                "number": "30",
            },
            f"{BASE}/eli/vn-20-183/ubnd/kh/2022/30",
        ),
        (
            {
                "jurisdiction": "vn-20",
                "agent": "TU",
                "doc_type": "NQ",
                "year": 2021,
                "number": "60",
            },
            f"{BASE}/eli/vn-20/tu/nq/2021/60",
        ),
        (
            {
                "jurisdiction": "vn",
                "agent": "CP",
                "doc_type": "NQ",
                "year": 2026,
                "number": "66.16",
            },
            f"{BASE}/eli/vn/cp/nq/2026/66.16",
        ),
    ],
)
def test_document_iri_follows_design(kwargs, expected):
    assert ids.document_iri(base=BASE, **kwargs) == expected


@pytest.mark.parametrize("hostile", ["x> <http://evil> <y", 'a"b', "a b", "a{b}", "<script>"])
def test_text_cannot_break_out_of_an_iri(hostile):
    iri = ids.document_iri(
        jurisdiction="vn", agent=hostile, doc_type=hostile, year=2020, number=hostile, base=BASE
    )
    for bad in '<> "{}':
        assert bad not in iri
    assert ids.check_iri(iri) == iri


def test_check_iri_rejects_injection():
    with pytest.raises(ids.UnsafeIRIError):
        ids.check_iri("https://x/a> <b")


def test_numberless_iri_is_stable_and_distinguishes_titles():
    kw = {
        "jurisdiction": "vn-20-183",
        "agent": "ubnd",
        "doc_type": "KH",
        "on": date(2024, 1, 15),
        "year": 2024,
        "base": BASE,
    }
    a = ids.numberless_iri(title="Cải cách hành chính huyện Cao Lộc năm 2024", **kw)
    b = ids.numberless_iri(title="Cải cách hành chính huyện Cao Lộc năm 2024", **kw)
    c = ids.numberless_iri(title="Tuyên truyền cải cách hành chính năm 2024", **kw)
    assert a == b != c
    assert a.startswith(f"{BASE}/eli/vn-20-183/ubnd/kh/2024/x-")


def test_relation_orders_other_than_the_enum_are_named_next_to_it() -> None:
    assert relation_rank() == {r.value: i for i, r in enumerate(Relation)}
    assert relation_rank(SUPERSESSION_ORDER) == {"repeals": 0, "replaces": 1, "amends": 2}
    assert relation_rank(PARENT_ORDER) == {
        "implements": 0,
        "reports_on": 1,
        "based_on": 2,
        "guides": 3,
    }
