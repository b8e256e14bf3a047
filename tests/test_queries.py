"""Every named planning query on a small hand-written graph (tests/data/queries/*.trig).

The graph is written by hand, not by the extractor, so these tests pin the queries themselves.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Dataset, Graph, URIRef

from graph import queries
from graph.store import Store

EX = "https://example.org/"
FIXTURE = Path(__file__).parent / "data" / "queries" / "small_province.trig"


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Store:
    ds = Dataset()
    ds.parse(FIXTURE, format="trig")
    s = Store.open(tmp_path_factory.mktemp("queries") / "store")
    for g in ds.graphs():
        if isinstance(g.identifier, URIRef) and str(g.identifier).startswith(EX):
            plain = Graph()
            for t in g:
                plain.add(t)
            s.replace_source(str(g.identifier), plain)
    return s


def _rows(store: Store, name: str, **bindings):
    rows = queries.run(store, name, **{k: URIRef(EX + v) for k, v in bindings.items()})
    assert isinstance(rows, list)
    return rows


def _short(term) -> str | None:
    return None if term is None else str(term).removeprefix(EX)


def test_implementers_direct_and_transitive(store):
    rows = _rows(store, "implementers", doc="nq76")
    pairs = {(_short(r["child"]), _short(r["parent"]), str(r["direct"])) for r in rows}
    assert pairs == {
        ("kh04", "nq76", "true"),
        ("kh02", "nq76", "true"),
        ("kh-a", "kh04", "false"),
        ("kh-b", "kh04", "false"),
    }


def test_implements_chain_goes_up(store):
    rows = _rows(store, "implements-chain", doc="kh-a")
    assert {(_short(r["child"]), _short(r["parent"])) for r in rows} == {
        ("kh-a", "kh04"),
        ("kh04", "nq76"),
    }


def test_missed_lists_the_unit_without_a_plan(store):
    rows = _rows(store, "missed", doc="kh04")
    assert [str(r["code"]) for r in rows] == ["183"]


def test_late_lists_the_plan_issued_after_the_deadline(store):
    rows = _rows(store, "late", doc="kh04")
    assert [_short(r["impl"]) for r in rows] == ["kh-b"]
    assert str(rows[0]["date"]) == "2024-01-22"


def test_expected_implementers_units_and_groups(store):
    rows = _rows(store, "expected-implementers", doc="kh04")
    assert sorted(str(r["code"]) for r in rows if r["code"] is not None) == ["181", "182", "183"]
    assert [str(r["group"]) for r in rows if r["group"] is not None] == ["Các sở, ban, ngành"]


def test_orphans_are_plans_without_a_parent_plan_of_their_year(store):
    rows = _rows(store, "orphans")
    assert {_short(r["doc"]) for r in rows} == {"kh04", "kh02"}


def test_cited_not_in_corpus_most_cited_first(store):
    rows = _rows(store, "cited-not-in-corpus")
    assert [_short(r["doc"]) for r in rows][:2] == ["nq76", "nd107"]
    assert int(rows[0]["citedBy"]) == 2 and int(rows[0]["implementedBy"]) == 2


def test_changed_documents(store):
    rows = _rows(store, "changed-documents")
    assert [(_short(r["doc"]), str(r["change"]), _short(r["by"])) for r in rows] == [
        ("nd24", "amends", "nd107")
    ]


def test_find_by_key_sees_a_fact_stated_by_three_files_once(store):
    rows = queries.run(store, "find-by-key", key="04/KH-UBND")
    assert [_short(r["doc"]) for r in rows] == ["kh04"]
