"""graph.analysis.trace and the named queries of issue 3 on a store built from the five seeds.

Seeds: 000 province plan 2023 (02/KH-UBND); 002 province plan 2024 (04/KH-UBND, OCR, deadline
"chậm nhất ngày 15/01/2024" for the districts' own plans); 001 Cao Lộc's 2024 plan (a draft
dated 15/01/2024 implementing 04/KH-UBND); 003 province report 2021; 004 Lạng Sơn city's
propaganda plan 2024 (cites 76/NQ-CP, implements nothing of the province's CCHC plans).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from rdflib import Literal, URIRef

from graph import queries
from graph.analysis.coverage import coverage, read_targets
from graph.analysis.trace import (
    AmbiguousReference,
    NoParentPlan,
    UnknownReference,
    resolve_reference,
    trace,
)
from graph.build import build_document_graph, expected_implementers
from graph.ingest import ingest
from graph.models import Issuer
from graph.namespace import VBKG
from graph.pipeline import extract_paths
from graph.store import Store
from parsers.mandates import compare_targets

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "data" / "examples"
SEED001 = EXAMPLES / "001_e31f9ee25f552465.txt"
KH04 = "https://w3id.org/vbkg/eli/vn-20/ubnd/kh/2024/04"
KH02_2023 = "https://w3id.org/vbkg/eli/vn-20/ubnd/kh/2023/02"
NQ76 = "https://w3id.org/vbkg/eli/vn/cp/nq/2021/76"
CAO_LOC = "https://w3id.org/vbkg/unit/vn-20-183"
CITY = "https://w3id.org/vbkg/unit/vn-20-178"


@pytest.fixture(scope="module")
def store(seed_store_path: Path) -> Any:
    s = Store.open(seed_store_path, read_only=True)
    yield s


def _cao_loc_iri(store: Any) -> str:
    return resolve_reference(store, str(SEED001)).id


# --------------------------------------------------------------------------- the graph


def test_plans_carry_their_mandates_and_expected_units(store: Any) -> None:
    rows = queries.run(store, "expected-implementers", doc=URIRef(KH04))
    units = {str(r["code"]) for r in rows if r["unit"] is not None}
    groups = {str(r["group"]) for r in rows if r["group"] is not None}
    assert len(units) == 11 and "183" in units and "178" in units
    assert groups == {"Các sở, ban, ngành"}
    assert {str(r["deadline"]) for r in rows} == {"2024-01-15"}
    assert all(str(r["requiresAllAreas"]) == "true" for r in rows)
    # the report (003) is not a plan: no mandates
    report = resolve_reference(store, str(EXAMPLES / "003_9227ec5c431a2220.txt")).id
    assert not queries.run(store, "coverage", doc=URIRef(report))


def test_mandate_passages_point_into_the_source_text(store: Any) -> None:
    text = SEED001.read_text(encoding="utf-8")
    rows = queries.run(store, "coverage", doc=URIRef(_cao_loc_iri(store)))
    assert rows
    for r in rows:
        start, end = int(r["start"]), int(r["end"])
        assert 0 <= start < end <= len(text)
        # the stored words are the source words with whitespace and bullets cleaned
        first = str(r["text"]).split()[0].strip("-+•")
        assert first in text[start:end]


def test_expected_implementers_by_date() -> None:
    tinh = Issuer("ubnd", "UBND tỉnh Lạng Sơn", "vn-20", "province", "Tỉnh Lạng Sơn")
    before = expected_implementers(
        ["UBND các huyện, thành phố", "Các sở, ban, ngành"], tinh, date(2024, 1, 9)
    )
    assert len(before.units) == 11
    assert before.groups == ("Các sở, ban, ngành",)
    after = expected_implementers(["UBND các huyện, thành phố"], tinh, date(2025, 8, 1))
    assert after.units == () and after.groups == ("UBND các huyện, thành phố",)
    one = expected_implementers(["UBND huyện Cao Lộc"], tinh, date(2024, 1, 9))
    assert [u.code for u in one.units] == ["183"]


def test_mandate_graph_conforms_to_shapes() -> None:
    from pyshacl import validate

    from graph.build import shapes_graph, vocabulary_graph

    (ex,), _ = extract_paths([SEED001])
    g = build_document_graph(ex)
    assert any(g.subjects(None, VBKG.Target))
    ok, _, text = validate(
        g, shacl_graph=shapes_graph(), ont_graph=vocabulary_graph(), inference="rdfs"
    )
    assert ok, text


# --------------------------------------------------------------------------- trace


def test_trace_04_kh_ubnd(store: Any) -> None:
    r = trace(store, "04/KH-UBND")
    assert r.document.id == KH04
    assert r.document.source and r.document.source.endswith("002_667d8307f84b3ad3.txt")
    assert r.deadline == date(2024, 1, 15)
    [cao_loc] = r.implemented_by
    assert cao_loc.document.source and cao_loc.document.source.endswith(SEED001.name)
    assert cao_loc.relation == "implements"
    assert cao_loc.document.date == date(2024, 1, 15)
    assert cao_loc.on_time is True  # dated on the deadline
    units = [e for e in r.expected if not e.is_group]
    assert len(units) == 11
    status = {e.unit: e.status for e in units}
    assert status[CAO_LOC] == "implemented"
    # the city's propaganda plan (004) does not implement 04/KH-UBND, but it cites the city's
    # own CCHC plan 13/KH-UBND of 12/01/2024: the city is "cited" (issue 12, point 6), not
    # "missing" as before
    assert status[CITY] == "cited"
    [city] = [e for e in units if e.unit == CITY]
    assert [d.key for d in city.documents] == ["13/KH-UBND"]
    assert city.on_time is True  # 12/01/2024, before the deadline of 15/01/2024
    assert sorted(status.values()).count("missing") == 9
    [group] = [e for e in r.expected if e.is_group]
    assert group.name == "Các sở, ban, ngành" and group.status == "unknown"
    up = {n.document.key for n in r.implements}
    assert {"76/NQ-CP", "60-NQ/TU", "249/KH-UBND"} <= up


def test_trace_76_nq_cp_is_transitive(store: Any) -> None:
    r = trace(store, "76/NQ-CP")
    assert r.document.id == NQ76 and r.document.source is None
    direct = {n.document.id: n for n in r.implemented_by}
    assert {KH02_2023, KH04} <= set(direct)
    assert "https://w3id.org/vbkg/eli/vn/ttg/ct/2021/23" in direct  # stated in seed 004
    # Cao Lộc implements 76/NQ-CP directly and through 04/KH-UBND
    below_04 = [n.document.id for n in direct[KH04].implemented_by]
    assert below_04 == [_cao_loc_iri(store)]
    assert direct[KH04].implemented_by[0].on_time is True
    assert _cao_loc_iri(store) in direct
    # the propaganda plan only cites 76/NQ-CP
    city = resolve_reference(store, "data/examples/004_3940132143a2bbd2.txt").id
    assert city not in direct
    assert r.expected == ()  # a resolution outside the corpus states no duties here


def test_trace_json_shape(store: Any) -> None:
    d = json.loads(json.dumps(trace(store, "04/KH-UBND").to_dict(), ensure_ascii=False))
    assert set(d) >= {"document", "implemented_by", "expected", "implements"}
    assert d["document"]["source"].endswith("002_667d8307f84b3ad3.txt")
    node = d["implemented_by"][0]
    assert set(node) >= {
        "id",
        "key",
        "title",
        "source",
        "date",
        "issuer",
        "level",
        "relation",
        "on_time",
        "implemented_by",
    }
    assert node["on_time"] is True and node["level"] == "district"
    entry = d["expected"][0]
    assert set(entry) >= {"unit", "status", "documents"}
    # Lạng Sơn city is "cited" (its 13/KH-UBND is cited by seed 004; issue 12): 9 missing
    assert d["expected_summary"] == {
        "implemented": 1,
        "late": 0,
        "cited": 1,
        "missing": 9,
        "unknown": 1,
    }
    assert all("implements" in n for n in d["implements"])


@pytest.mark.parametrize(
    ("ref", "kwargs", "expected"),
    [
        ("04/KH-UBND", {}, KH04),
        ("04/kh-ubnd", {}, KH04),
        ("02/KH-UBND@2023", {}, KH02_2023),
        ("02/KH-UBND", {"year": 2023}, KH02_2023),
        (KH04, {}, KH04),
        ("data/examples/002_667d8307f84b3ad3.txt", {}, KH04),
        (str(EXAMPLES / "000_32ae2a5d26357acd.txt"), {}, KH02_2023),
    ],
)
def test_references(store: Any, ref: str, kwargs: dict[str, Any], expected: str) -> None:
    assert resolve_reference(store, ref, **kwargs).id == expected


def test_ambiguous_and_unknown_references(store: Any) -> None:
    with pytest.raises(AmbiguousReference) as info:
        trace(store, "02/KH-UBND")
    assert {c.year for c in info.value.candidates} == {2021, 2023}
    assert "--year" in info.value.message("en")
    with pytest.raises(AmbiguousReference):
        resolve_reference(store, "02/KH-UBND", issuer="UBND tỉnh Lạng Sơn")
    with pytest.raises(UnknownReference):
        trace(store, "999/KH-XYZ")
    with pytest.raises(UnknownReference):
        trace(store, "02/KH-UBND", year=2019)
    with pytest.raises(UnknownReference):
        trace(store, "https://w3id.org/vbkg/eli/vn/none/kh/2024/1")


# --------------------------------------------------------------------------- coverage


def test_coverage_cao_loc_against_04(store: Any) -> None:
    c = coverage(store, str(SEED001))
    assert c.parent.id == KH04 and c.mandates_from == "store"
    counts = c.counts()
    assert sum(counts.values()) == len(c.targets) == 30
    assert counts["carried"] >= 10 and counts["dropped"] >= 1
    index = next(x for x in c.targets if "PAR INDEX" in x.parent.text)
    assert index.status == "carried" and index.child is not None
    assert all(a.parent_covers and a.child_covers for a in c.areas)
    assert coverage(store, str(SEED001), "04/KH-UBND").counts() == counts


def test_coverage_read_back_matches_re_extraction(store: Any) -> None:
    """Mandates read back from the store compare exactly like the extracted ones."""
    good, _ = extract_paths([EXAMPLES / "002_667d8307f84b3ad3.txt", SEED001])
    parent, child = (g.mandates for g in good)
    direct = [m.status for m in compare_targets(parent.targets, child.targets)]
    stored = [x.status for x in coverage(store, str(SEED001)).targets]
    assert stored == direct
    assert len(read_targets(store, KH04)) == len(parent.targets)


def test_coverage_without_parent_plan(store: Any) -> None:
    with pytest.raises(NoParentPlan):
        coverage(store, "04/KH-UBND")  # its parents (76/NQ-CP, 249/KH-UBND) are not in the store


# --------------------------------------------------------------------------- named queries


def _ids(rows: list[dict[str, Any]], col: str) -> set[str]:
    return {str(r[col]) for r in rows if r.get(col) is not None}


QUERY_CASES: list[tuple[str, dict[str, Any], Any]] = [
    (
        "implementers",
        {"doc": URIRef(KH04)},
        lambda rows, s: _ids(rows, "child") == {_cao_loc_iri(s)},
    ),
    (
        "implementers",
        {"doc": URIRef(NQ76)},
        lambda rows, s: (
            {KH02_2023, KH04, _cao_loc_iri(s)} <= _ids(rows, "child")
            and any(str(r["parent"]) == KH04 and str(r["direct"]) == "false" for r in rows)
        ),
    ),
    ("implements-chain", {"doc": URIRef(KH04)}, lambda rows, s: NQ76 in _ids(rows, "parent")),
    (
        "missed",
        {"doc": URIRef(KH04)},
        lambda rows, s: (
            len(_ids(rows, "unit")) == 10
            and CAO_LOC not in _ids(rows, "unit")
            and CITY in _ids(rows, "unit")
        ),
    ),
    ("late", {"doc": URIRef(KH04)}, lambda rows, s: rows == []),
    ("orphans", {}, lambda rows, s: _ids(rows, "doc") == {KH02_2023, KH04}),
    (
        "cited-not-in-corpus",
        {},
        lambda rows, s: (
            str(rows[0]["key"]) == "76/NQ-CP"
            and NQ76 in _ids(rows, "doc")
            and KH04 not in _ids(rows, "doc")
        ),
    ),
    (
        "changed-documents",
        {},
        lambda rows, s: (
            ("61/2018/NĐ-CP", "107/2021/NĐ-CP") in {(str(r["key"]), str(r["byKey"])) for r in rows}
        ),
    ),
    (
        "conflicting-citations",
        {},
        lambda rows, s: {"18-NQ/TW", "19-NQ/TW", "04/NQ-CP"} <= _ids(rows, "key"),
    ),
    ("coverage", {"doc": URIRef(KH04)}, lambda rows, s: len(_ids(rows, "target")) == 30),
    ("covered-areas", {"doc": URIRef(KH04)}, lambda rows, s: len(rows) == 7),
    ("expected-implementers", {"doc": URIRef(KH04)}, lambda rows, s: len(rows) == 12),
    ("document", {"doc": URIRef(KH04)}, lambda rows, s: _ids(rows, "key") == {"04/KH-UBND"}),
    ("find-by-key", {"key": Literal("02/KH-UBND")}, lambda rows, s: len(_ids(rows, "doc")) == 2),
    ("find-by-number", {"number": Literal("76")}, lambda rows, s: NQ76 in _ids(rows, "doc")),
]


@pytest.mark.parametrize(
    ("name", "bindings", "check"),
    QUERY_CASES,
    ids=[f"{c[0]}-{i}" for i, c in enumerate(QUERY_CASES)],
)
def test_named_queries(store: Any, name: str, bindings: dict[str, Any], check: Any) -> None:
    rows = queries.run(store, name, **bindings)
    assert check(rows, store), rows


@pytest.mark.parametrize(
    "name",
    [
        "implementers",
        "implementation-edges",
        "implements-chain",
        "missed",
        "late",
        "orphans",
        "cited-not-in-corpus",
        "changed-documents",
        "conflicting-citations",
        "coverage",
        "covered-areas",
        "expected-implementers",
        "document",
    ],
)
def test_every_query_documents_its_question_and_runs_unbound(store: Any, name: str) -> None:
    q = queries.get(name)
    assert q.question and q.text.startswith("# ")
    assert q.binds == ("doc",)
    assert isinstance(queries.run(store, name), list)


@pytest.mark.parametrize("doc", [KH04, NQ76])
def test_implementation_edges_are_the_edges_of_implementers(store: Any, doc: str) -> None:
    """The trace reads the tree's edges alone (implementation-edges): the same edges as the
    cookbook's implementers."""

    def edges(name: str) -> list[tuple[str, str, str]]:
        rows = queries.run(store, name, doc=URIRef(doc))
        return list(
            dict.fromkeys((str(r["parent"]), str(r["child"]), str(r["relation"])) for r in rows)
        )

    full = edges("implementers")
    assert full, doc
    assert sorted(edges("implementation-edges")) == sorted(full)


def test_late_implementer_is_reported(tmp_path: Path) -> None:
    """A copy of Cao Lộc's plan dated after the deadline is late, in the query and the trace."""
    src = tmp_path / "in"
    src.mkdir()
    for name in ("002_667d8307f84b3ad3.txt",):
        (src / name).write_text((EXAMPLES / name).read_text(encoding="utf-8"), encoding="utf-8")
    text = SEED001.read_text(encoding="utf-8")
    assert "ngày 15 tháng 01 năm 2024" in text
    (src / "001_late.txt").write_text(
        text.replace("ngày 15 tháng 01 năm 2024", "ngày 22 tháng 01 năm 2024", 1), encoding="utf-8"
    )
    ingest([src], tmp_path / "store")
    s = Store.open(tmp_path / "store", read_only=True)
    rows = queries.run(s, "late", doc=URIRef(KH04))
    assert [str(r["date"]) for r in rows] == ["2024-01-22"]
    r = trace(s, "04/KH-UBND")
    assert r.implemented_by[0].on_time is False
    assert {e.unit: e.status for e in r.expected}[CAO_LOC] == "late"


# --------------------------------------------------------------------------- golden


GOLDEN = ROOT / "tests" / "data" / "golden"


def _small_plan() -> Any:
    """A province plan with one target, one task and one duty requiring district plans."""
    from graph.models import DocumentRef, Extraction
    from parsers.models import Duty, Mandates, Quantity, Target, Task

    q = Quantity("gt", 99.0, "%", None, "Trên 99%")
    target = Target(
        text="Trên 99% hồ sơ TTHC được giải quyết đúng hạn",
        quantity=q,
        area="tthc",
        section="II.2.a",
        start=100,
        end=145,
        subject="hồ sơ TTHC giải quyết đúng hạn",
        quantities=(q,),
    )
    task = Task("Rà soát, đơn giản hóa TTHC nội bộ", "tthc", "II.2.b", 150, 184)
    duty = Duty(
        unit_text="UBND các huyện, thành phố",
        units=("UBND các huyện, thành phố", "Các sở, ban, ngành"),
        action="Xây dựng Kế hoạch CCHC năm 2024, chậm nhất ngày 15/01/2024",
        requires_plan=True,
        deadline=date(2024, 1, 15),
        requires_all_areas=True,
        section="III.1",
        start=200,
        end=260,
    )
    tinh = Issuer("ubnd", "UBND tỉnh Lạng Sơn", "vn-20", "province", "Tỉnh Lạng Sơn")
    doc = DocumentRef(
        KH04,
        "KH",
        "04",
        None,
        "KH-UBND",
        "04/KH-UBND",
        date(2024, 1, 9),
        2024,
        tinh,
        "CCHC năm 2024",
    )
    return Extraction(
        source="tests/small_plan.txt",
        format="txt",
        encoding="utf-8",
        document=doc,
        place=None,
        signer=None,
        citations=(),
        relations_between_cited=(),
        named_references=(),
        segmented=None,
        text_length=300,
        mandates=Mandates((target,), (task,), (duty,), ("tthc",)),
    )


def test_small_plan_mandates_match_golden() -> None:
    """The mandate part of a small plan, triple for triple (regenerate only on purpose)."""
    from pyshacl import validate
    from rdflib import Graph
    from rdflib.compare import isomorphic

    from graph.build import shapes_graph, vocabulary_graph

    g = build_document_graph(_small_plan())
    ok, _, text = validate(
        g, shacl_graph=shapes_graph(), ont_graph=vocabulary_graph(), inference="rdfs"
    )
    assert ok, text
    assert isomorphic(g, Graph().parse(GOLDEN / "small_plan_mandates.ttl", format="turtle"))
