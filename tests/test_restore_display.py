"""Readable Vietnamese for display (issue 13): OCR titles and target texts are shown with
their diacritics restored, marked as restored, with the stored original one click away;
the store and extraction keep the original.

Seed 002 is the OCR copy of the province plan 04/KH-UBND (its title "Cai cach hanh chinh
tinh Lang Son nam 2024"); the stores here leave out seed 001, whose clean citation of that
plan would otherwise lend the title its spelling.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from factories import seed

from graph.analysis.documents import CLEAN, Statement, facts_from_statements, shown
from graph.analysis.netx import _node_attrs
from graph.analysis.syllables import clean_share
from graph.cli import cli

OCR_TITLE = "Cai cach hanh chinh tinh Lang Son nam 2024"
TITLE = "Cải cách hành chính tỉnh Lạng Sơn năm 2024"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("restore") / "store"
    args = ["build", *(str(seed(n)) for n in ("000", "002", "003", "004")), "--store", str(path)]
    result = CliRunner().invoke(cli, [*args, "--json"])
    assert result.exit_code == 0, result.output
    return str(path)


@pytest.mark.parametrize(
    ("text", "want", "restored"),
    [
        (OCR_TITLE, TITLE, True),
        (TITLE, TITLE, False),  # clean text is shown as stored
        ("ban hanh Chuong trinh tong thé", "ban hành Chương trình tổng thể", True),
    ],
)
def test_shown(text: str, want: str, restored: bool) -> None:
    s = shown(text)
    assert (s.text, s.original, s.restored) == (want, text, restored)
    assert s.to_json() == {"text": want, "original": text, "restored": restored}


def test_clean_context_lends_its_wording() -> None:
    ocr = "Tiép tuc giam sO lugng nguoi lam viéc huong lwong tir ngan sach Nha nudc"
    clean = "Tiếp tục giảm số lượng người làm việc hưởng lương từ ngân sách Nhà nước"
    assert shown(ocr, [clean]).text == clean
    assert shown(ocr, ["Cai cach hanh chinh"]).text == shown(ocr).text  # OCR is no context


def test_facts_show_the_restored_title_and_keep_the_original() -> None:
    facts = facts_from_statements("x", [Statement("title", OCR_TITLE, "002", True)])
    assert facts.title == TITLE
    assert facts.title_shown is not None and facts.title_shown.original == OCR_TITLE
    assert facts.variants("title") == [OCR_TITLE]  # the store's value is untouched
    node = _node_attrs("x", facts)  # the graph page: restored title, original in the panel
    assert node["title"] == TITLE and node["title_original"] == OCR_TITLE
    clean = facts_from_statements("y", [Statement("title", TITLE, "000", True)])
    assert _node_attrs("y", clean)["title_original"] is None


def test_trace_title_reads_as_vietnamese(store: str) -> None:
    result = CliRunner().invoke(
        cli, ["trace", str(seed("002")), "--store", store, "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)["document"]
    assert doc["title"] == TITLE
    assert doc["title_restored"] == {"text": TITLE, "original": OCR_TITLE, "restored": True}
    tree = CliRunner().invoke(cli, ["trace", str(seed("002")), "--store", store])
    assert tree.exit_code == 0 and TITLE in tree.output and OCR_TITLE not in tree.output


def test_check_suggestions_read_as_vietnamese(store: str) -> None:
    result = CliRunner().invoke(
        cli, ["check", str(seed("001")), "--store", store, "--format", "json"]
    )
    assert result.exit_code in (0, 1), result.output
    dropped = [f for f in json.loads(result.output)["findings"] if f["code"] == "target-dropped"]
    assert len(dropped) >= 5
    for f in dropped:
        text = f["suggestion"].removeprefix("Bổ sung chỉ tiêu: ")
        assert clean_share(text) >= 0.9, text
        assert clean_share(f["message"].split("bản OCR: “")[1]) < CLEAN  # the original
        assert "đã khôi phục dấu; bản OCR: “" in f["message"]  # marked, the original beside it
        assert f"“{TITLE}”" in f["message"]
    suggestions = " ".join(f["suggestion"] for f in dropped)
    assert "người làm việc hưởng lương từ ngân sách Nhà nước" in suggestions
    assert sum(clean_share(f["suggestion"]) >= CLEAN for f in dropped) >= len(dropped) // 2


def test_coverage_evidence_is_restored_and_marked(seed_store_path: Path) -> None:
    args = ["coverage", str(seed("001")), "--store", str(seed_store_path)]
    result = CliRunner().invoke(cli, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    parents = [t["parent"] for t in json.loads(result.output)["targets"]]
    restored = [p for p in parents if "text_restored" in p]
    assert len(restored) >= len(parents) // 2  # seed 002's targets are OCR text
    for p in restored:
        r = p["text_restored"]
        assert r["original"] == p["text"] and r["restored"] is True  # the store's text kept
        assert clean_share(r["text"]) > clean_share(p["text"])
    md = CliRunner().invoke(cli, [*args, "--format", "md"])
    assert md.exit_code == 0 and "(đã khôi phục dấu; bản OCR: “" in md.output
    assert restored[0]["text_restored"]["text"] in md.output
