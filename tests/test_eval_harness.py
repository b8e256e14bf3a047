"""The scoring function of bench/eval_citations.py, on synthetic predictions."""

from __future__ import annotations

import importlib.util
import io
import json
from pathlib import Path

import pytest

_SPEC = importlib.util.spec_from_file_location(
    "eval_citations", Path(__file__).resolve().parents[1] / "bench" / "eval_citations.py"
)
assert _SPEC and _SPEC.loader
ev = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(ev)

GOLD = [
    {
        "key": "76/NQ-CP",
        "doc_type": "NQ",
        "date": "2021-07-15",
        "issuer": "Chính phủ",
        "relation": "implements",
    },
    {
        "key": "60-NQ/TU",
        "doc_type": "NQ",
        "date": "2021-12-15",
        "issuer": "Ban Thường vụ Tỉnh ủy Lạng Sơn",
        "relation": "implements",
        "relation_alt": ["cites"],
    },
    {
        "key": "45/2020/NĐ-CP",
        "doc_type": "NĐ",
        "date": "2020-04-08",
        "issuer": "Chính phủ",
        "relation": "cites",
    },
    {
        "key": None,
        "name": "Luật Quản lý thuế",
        "doc_type": "LUAT",
        "date": None,
        "issuer": "Quốc hội",
        "relation": "cites",
        "optional": True,
    },
]


def _perfect() -> list[dict]:
    return [
        {k: g.get(k) for k in ("key", "doc_type", "date", "issuer", "relation")} for g in GOLD[:3]
    ]


def test_perfect_scores_one() -> None:
    r = ev.score_file(GOLD, _perfect())
    assert r["precision"] == r["recall"] == r["f1"] == 1.0
    assert all(v["correct"] == v["total"] for v in r["attributes"].values())
    assert r["misses"] == [] and r["false_positives"] == []


def test_one_miss_lowers_recall_only() -> None:
    r = ev.score_file(GOLD, _perfect()[:2])
    assert r["recall"] < 1.0 and r["precision"] == 1.0
    assert [m["key"] for m in r["misses"]] == ["45/2020/NĐ-CP"]


def test_one_extra_lowers_precision_only() -> None:
    r = ev.score_file(GOLD, [*_perfect(), {"key": "99/NQ-CP", "relation": "cites"}])
    assert r["precision"] < 1.0 and r["recall"] == 1.0
    assert [f["key"] for f in r["false_positives"]] == ["99/NQ-CP"]


def test_key_normalisation_and_attribute_accuracy() -> None:
    preds = [
        {
            "key": "76/nq-cp",
            "date": "15/7/2021",
            "issuer": "Chính Phủ",
            "relation": "implements",
            "doc_type": "NQ",
        },
        {
            "key": "60/NQ-TU",
            "date": "2021-12-15",
            "issuer": "Ban Thuong vu Tinh uy Lang Son",
            "relation": "cites",
            "doc_type": "NQ",
        },
        {
            "key": "45/2020/ND - CP",
            "date": "2020-04-09",
            "issuer": "Thủ tướng Chính phủ",
            "relation": "based_on",
            "doc_type": "ND",
        },
        {"key": "45/2020/NÐ-CP"},  # look-alike Ð, a duplicate: collapsed, not a false positive
    ]
    r = ev.score_file(GOLD, preds)
    assert r["recall"] == 1.0 and r["precision"] == 1.0 and r["duplicates_collapsed"] == 1
    assert r["attributes"]["date"] == {"correct": 2, "total": 3}
    assert r["attributes"]["issuer"] == {"correct": 2, "total": 3}
    assert r["attributes"]["relation"] == {"correct": 2, "total": 3}  # relation_alt accepted


def test_optional_and_name_matching() -> None:
    r = ev.score_file(
        GOLD, [*_perfect(), {"key": None, "name": "Luật quản lý thuế", "relation": "cites"}]
    )
    assert r["matched"] == 4 and r["precision"] == 1.0 and r["recall"] == 1.0


def test_same_number_different_year_is_not_confused() -> None:
    gold = [
        {"key": "35/KH-UBND", "date": "2021-02-01", "year": 2021, "issuer": "UBND tỉnh Lạng Sơn"},
        {
            "key": "35/KH-UBND",
            "date": "2022-01-24",
            "year": 2022,
            "issuer": "UBND thành phố Lạng Sơn",
        },
    ]
    r = ev.score_file(gold, [{"key": "35/KH-UBND", "date": "2022-01-24"}])
    assert (
        r["misses"]
        and r["misses"][0]["key"] == "35/KH-UBND"
        and r["attributes"]["date"]["correct"] == 1
    )


def test_evaluate_over_a_gold_file(tmp_path: Path) -> None:
    doc = tmp_path / "doc.txt"
    doc.write_text("Thực hiện Nghị quyết số 76/NQ-CP …", encoding="utf-8")
    gold = tmp_path / "gold.json"
    gold.write_text(
        json.dumps({"files": [{"file": str(doc), "citations": GOLD}]}, ensure_ascii=False),
        encoding="utf-8",
    )
    report = ev.evaluate(gold, lambda path: _perfect())
    assert report["overall"]["f1"] == pytest.approx(1.0)
    report = ev.evaluate(gold, lambda path: [])
    assert report["overall"]["recall"] == 0.0 and len(report["misses"]) == 3


@pytest.mark.parametrize(
    "gold_name", ["seeds.json", "corpus_sample.json", "provinces.json", "heldout.json"]
)
def test_gold_sets_are_well_formed(gold_name: str) -> None:
    """Gold files exist; relations are from DESIGN §4; every evidence quote is in the text."""
    import unicodedata

    import regex

    root = Path(__file__).resolve().parents[1]
    data = json.loads((root / "tests" / "data" / "gold" / gold_name).read_text(encoding="utf-8"))
    relations = {
        "implements",
        "based_on",
        "amends",
        "repeals",
        "replaces",
        "guides",
        "corrects",
        "reports_on",
        "cites",
    }

    def fold(s: str) -> str:
        return regex.sub(r"\s+", " ", unicodedata.normalize("NFC", s))

    for entry in data["files"]:
        text = fold((root / entry["file"]).read_text(encoding="utf-8"))
        for c in entry["citations"]:
            assert c["key"] or c.get("name"), c
            assert c["relation"] in relations and set(c.get("relation_alt", [])) <= relations, c
            assert fold(c["evidence"]) in text, (entry["file"], c["evidence"])
            if c.get("date"):
                assert regex.fullmatch(r"\d{4}-\d\d-\d\d", c["date"]), c
    # a perfect extractor (the gold itself) scores 1.0
    by_file = {(root / e["file"]).resolve(): e["citations"] for e in data["files"]}
    report = ev.evaluate(
        root / "tests" / "data" / "gold" / gold_name,
        lambda p: by_file[Path(p).resolve()],
        root=root,
    )
    assert report["overall"]["f1"] == pytest.approx(1.0)
    assert all(report["overall"][f"{a}_accuracy"] in (None, 1.0) for a in ev.ATTRS)


def test_breakdown_by_province_era_and_level(tmp_path: Path) -> None:
    """Scores per province / era / level add up to the overall and tell the groups apart."""
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("Căn cứ Nghị quyết số 76/NQ-CP …", encoding="utf-8")
    b.write_text(
        "Thực hiện Kế hoạch số 8328/KH-UBND ngày 23/12/2025 của UBND tỉnh …", encoding="utf-8"
    )
    gold_b = [
        {
            "key": "8328/KH-UBND",
            "date": "2025-12-23",
            "issuer": "Ủy ban nhân dân tỉnh Lai Châu",
            "relation": "implements",
        }
    ]
    entries = [
        {
            "file": str(a),
            "province": "Lạng Sơn",
            "level": "province",
            "era": "before-2025-07",
            "citations": GOLD,
        },
        {
            "file": str(b),
            "province": "Lai Châu",
            "level": "department",
            "era": "after-2025-07",
            "citations": gold_b,
        },
    ]
    gold = tmp_path / "gold.json"
    gold.write_text(json.dumps({"files": entries}, ensure_ascii=False), encoding="utf-8")
    # perfect on a; on b the key is found but the issuer is the district, not the province
    preds = {
        a.resolve(): _perfect(),
        b.resolve(): [{**gold_b[0], "issuer": "UBND huyện Tam Đường"}],
    }
    report = ev.evaluate(gold, lambda p: preds[Path(p).resolve()])
    by = report["by"]
    assert set(by) == {"province", "era", "level"}
    assert by["era"]["before-2025-07"]["issuer_accuracy"] == 1.0
    assert by["era"]["after-2025-07"]["issuer_accuracy"] == 0.0
    assert by["era"]["after-2025-07"]["recall"] == 1.0
    assert by["province"]["Lai Châu"]["files"] == 1 and by["level"]["province"]["required"] == 3
    assert sum(g["matched"] for g in by["era"].values()) == report["overall"]["matched"]
    out = io.StringIO()
    ev.print_report(report, quiet=True, out=out)
    text = out.getvalue()
    assert "BY ERA" in text and "after-2025-07" in text and "Lai Châu" in text
    # gold sets without the fields have no breakdown
    plain = tmp_path / "plain.json"
    plain.write_text(json.dumps({"files": [{"file": str(a), "citations": GOLD}]}), encoding="utf-8")
    assert ev.evaluate(plain, lambda p: _perfect())["by"] == {}
