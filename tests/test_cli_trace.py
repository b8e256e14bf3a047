"""`vbkg trace` and `vbkg coverage` through click's CliRunner on a store of the five seeds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.cli import cli

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "data" / "examples"
SEED001 = str(EXAMPLES / "001_e31f9ee25f552465.txt")


@pytest.fixture(scope="module")
def store(seed_store_path: Path) -> str:
    return str(seed_store_path)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_trace_json(store: str) -> None:
    code, out, _ = run("trace", "04/KH-UBND", "--store", store, "--format", "json")
    assert code == 0
    d = json.loads(out)
    assert d["document"]["key"] == "04/KH-UBND"
    assert d["implemented_by"][0]["on_time"] is True
    # Lạng Sơn city is "cited" with 13/KH-UBND (issue 12), no longer missing: 9 missing
    assert d["expected_summary"]["missing"] == 9
    assert d["expected_summary"]["cited"] == 1
    [city] = [e for e in d["expected"] if e["unit"]["code"] == "178"]
    assert city["status"] == "cited" and city["on_time"] is True
    [plan] = city["documents"]
    assert plan["key"] == "13/KH-UBND" and plan["date"] == "2024-01-12"
    assert plan["cited_by"]["source"].endswith("004_3940132143a2bbd2.txt")


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("vi", ["Được triển khai bởi", "chưa có kế hoạch", "đúng hạn", "Huyện Cao Lộc"]),
        ("en", ["Implemented by", "missing", "on time", "Units expected to issue a plan"]),
    ],
)
def test_trace_tree(store: str, lang: str, words: list[str]) -> None:
    code, out, _ = run("trace", "04/KH-UBND", "--store", store, "--lang", lang)
    assert code == 0
    for w in words:
        assert w in out


def test_trace_markdown(store: str) -> None:
    code, out, _ = run("trace", "76/NQ-CP", "--store", store, "--format", "md", "--lang", "en")
    assert code == 0
    assert out.startswith("# Document: 76/NQ-CP")
    assert "  - **Cải cách hành chính huyện Cao Lộc năm 2024**" in out  # below 04/KH-UBND


def test_trace_with_year_and_issuer(store: str) -> None:
    code, out, _ = run(
        "trace",
        "02/KH-UBND",
        "--store",
        store,
        "--year",
        "2023",
        "--issuer",
        "UBND tỉnh Lạng Sơn",
        "--format",
        "json",
    )
    assert code == 0 and json.loads(out)["document"]["date"] == "2023-01-04"


@pytest.mark.parametrize(
    ("lang", "first"),
    [
        ("vi", "Số ký hiệu ứng với nhiều văn bản"),
        ("en", "The key matches several documents"),
    ],
)
def test_ambiguous_prints_candidates(store: str, lang: str, first: str) -> None:
    code, out, err = run("trace", "02/KH-UBND", "--store", store, "--lang", lang)
    assert code == 2 and out == ""
    lines = err.splitlines()
    assert lines[0].startswith(first)
    assert len([ln for ln in lines if ln.startswith("  - 02/KH-UBND")]) == 2


@pytest.mark.parametrize(
    ("args", "vi", "en"),
    [
        (["trace", "999/KH-XYZ"], "Không tìm thấy văn bản", "No document in the store matches"),
        (["coverage", "04/KH-UBND"], "Không tìm thấy kế hoạch cấp trên", "No parent plan"),
    ],
)
def test_errors_are_one_clear_line(store: str, args: list[str], vi: str, en: str) -> None:
    for lang, words in (("vi", vi), ("en", en)):
        code, _, err = run(*args, "--store", store, "--lang", lang)
        assert code == 2
        assert err.strip().count("\n") == 0 and words in err


def test_missing_store(tmp_path: Path) -> None:
    code, _, err = run("trace", "04/KH-UBND", "--store", str(tmp_path / "none"), "--lang", "en")
    assert code == 2 and "Cannot open the store" in err and "Traceback" not in err


def test_coverage_formats(store: str) -> None:
    code, out, _ = run("coverage", SEED001, "--store", store, "--format", "json")
    assert code == 0
    d = json.loads(out)
    assert d["parent"]["key"] == "04/KH-UBND" and d["mandates_from"] == "store"
    assert sum(d["summary"].values()) == len(d["targets"])
    code, out, _ = run(
        "coverage",
        SEED001,
        "--parent",
        "04/KH-UBND",
        "--store",
        store,
        "--format",
        "md",
        "--lang",
        "en",
    )
    assert code == 0 and "| Area | Parent target | Status | Child target |" in out
    code, out, _ = run("coverage", SEED001, "--store", store)
    assert code == 0 and "giữ nguyên" in out


def test_coverage_notes_are_shown_in_the_reader_s_language():
    from graph.messages import note_text

    note = "ranks among different units: tỉnh vs huyện"
    assert note_text(note, "vi") == "xếp hạng giữa các đơn vị khác cấp: tỉnh và huyện"
    assert note_text(note, "en") == note
    assert note_text("compared at level(s): huyen, xa", "vi") == "so sánh ở cấp: huyen, xa"
