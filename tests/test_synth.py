"""The synthetic corpus generator: deterministic, consistent truth, and the pipeline agrees."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.ingest import ingest
from graph.pipeline import extract_paths
from graph.synth import TRUTH_FILE, Params, count_for, expected_documents, generate

TINY = Params(
    provinces=1,
    districts_per_province=3,
    communes_per_district=0,
    years=1,
    seed=7,
    late_rate=0.34,
    missing_rate=0.34,
    ocr_rate=0.5,
)


def _files(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def test_deterministic_with_a_seed(tmp_path: Path) -> None:
    p = Params(provinces=2, districts_per_province=3, communes_per_district=2, years=2, seed=3)
    generate(tmp_path / "a", p)
    generate(tmp_path / "b", p)
    assert _files(tmp_path / "a") == _files(tmp_path / "b")
    generate(tmp_path / "c", Params(**{**p.__dict__, "seed": 4}))
    assert _files(tmp_path / "a") != _files(tmp_path / "c")


def test_truth_is_consistent(tmp_path: Path) -> None:
    p = Params(provinces=2, districts_per_province=4, communes_per_district=2, years=2, seed=1)
    truth = generate(tmp_path, p)
    assert json.loads((tmp_path / TRUTH_FILE).read_text(encoding="utf-8")) == truth
    docs = truth["documents"]
    assert {d["file"] for d in docs} == {k for k in _files(tmp_path) if k != TRUTH_FILE}
    iris = {d["iri"] for d in docs if d["iri"]}
    for plan in truth["plans"]:
        assert plan["iri"] in iris
        issued = len(plan["expected"]) - len(plan["missed"])
        assert len(plan["implementers"]) == issued
        assert set(plan["late"]) <= set(plan["expected"]) - set(plan["missed"])
    for d in docs:
        for c in d["citations"]:
            assert c["relation"] in {"implements", "based_on", "cites"}


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    root = tmp_path_factory.mktemp("tiny")
    return root, generate(root, TINY)


def test_tiny_corpus_extracts_as_truth(tiny: tuple[Path, dict]) -> None:
    root, truth = tiny
    good, bad = extract_paths([root])
    # truth.json beside the texts is no document: listed as unsupported, never skipped
    # silently (issue 13); every text loads
    assert [(Path(b.source).name, "không được hỗ trợ" in b.reason) for b in bad] == [
        ("truth.json", True)
    ]
    by_file = {str(Path(e.source).resolve().relative_to(root.resolve())): e for e in good}
    assert set(by_file) == {d["file"] for d in truth["documents"]}
    for d in truth["documents"]:
        e = by_file[d["file"]]
        if d["iri"]:
            assert e.document.iri == d["iri"], d["file"]
        got = sorted((c.document.iri, c.relation.value) for c in e.citations)
        assert got == sorted((c["iri"], c["relation"]) for c in d["citations"]), d["file"]


def test_tiny_corpus_implementers_match_truth(tiny: tuple[Path, dict], tmp_path: Path) -> None:
    root, truth = tiny
    report = ingest([root], tmp_path / "store", jobs=1)
    assert report.documents == len(truth["documents"])
    assert [Path(f.source).name for f in report.failures] == ["truth.json"]  # listed (issue 13)
    from graph.store import Store

    with Store.open(tmp_path / "store", read_only=True) as st:
        for plan in truth["plans"]:
            rows = st.query(
                "SELECT DISTINCT ?d WHERE { ?d vbkg:implements ?p }",
                {"p": __import__("rdflib").URIRef(plan["iri"])},
            )
            assert isinstance(rows, list)
            got = sorted(str(r["d"]) for r in rows)
            assert got == sorted(plan["implementers"]), plan["iri"]


TOPICAL = Params(
    provinces=1,
    districts_per_province=3,
    communes_per_district=2,
    years=2,
    seed=11,
    late_rate=0.3,
    missing_rate=0.2,
    ocr_rate=0.3,
    topics=3,
)


def test_topics_give_distinct_plans_each_extracted_as_truth(tmp_path: Path) -> None:
    truth = generate(tmp_path, TOPICAL)
    provinces = [d for d in truth["documents"] if d["kind"] == "province_plan"]
    assert len(provinces) == TOPICAL.years * TOPICAL.topics
    # the plans of one issuer and year never share a number (each is its own document)
    keys = [(d["unit"], d["date"][:4], d["key"]) for d in truth["documents"] if d["key"]]
    assert len(keys) == len(set(keys))
    based_45 = [d for d in provinces if d["citations"][0]["key"] == "45/2020/NĐ-CP"]
    assert len(based_45) == TOPICAL.years * (TOPICAL.topics - 1)
    good, _ = extract_paths([tmp_path])
    by_file = {str(Path(e.source).resolve().relative_to(tmp_path.resolve())): e for e in good}
    for d in truth["documents"]:
        e = by_file[d["file"]]
        if d["iri"]:
            assert e.document.iri == d["iri"], d["file"]
        got = sorted((c.document.iri, c.relation.value) for c in e.citations)
        assert got == sorted((c["iri"], c["relation"]) for c in d["citations"]), d["file"]


def test_one_topic_is_the_corpus_before_topics(tmp_path: Path) -> None:
    one = Params(provinces=1, districts_per_province=2, communes_per_district=1, seed=5)
    generate(tmp_path / "a", one)
    generate(tmp_path / "b", Params(**{**one.__dict__, "topics": 2}))
    a, b = _files(tmp_path / "a"), _files(tmp_path / "b")
    texts = {k: v for k, v in a.items() if k != TRUTH_FILE}
    # one year: topic 0 and its districts are drawn first, exactly as before topics existed
    assert texts.items() <= b.items() and len(b) > len(a)
    with pytest.raises(ValueError, match="topics"):
        Params(topics=0)


def test_counts(tmp_path: Path) -> None:
    p = Params(
        provinces=2,
        districts_per_province=3,
        communes_per_district=2,
        years=2,
        topics=2,
        missing_rate=0.0,
        seed=2,
    )
    truth = generate(tmp_path, p)
    assert len(truth["documents"]) == count_for(2, 3, 2, 2, topics=2) == expected_documents(p)
