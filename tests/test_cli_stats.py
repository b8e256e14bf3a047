"""`vbkg stats` and `vbkg status` through click's CliRunner (store of the five seeds; the 2024
report fixture against the province 2024 plan)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.cli import cli
from graph.ingest import ingest
from tests.conftest import EXAMPLES, seed

REPORT_2024 = Path(__file__).resolve().parent / "data" / "reports" / "bc_2024_lang_son_cchc.txt"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("cli-stats") / "store"
    ingest([EXAMPLES], path)
    return str(path)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_stats_json(store: str) -> None:
    code, out, _ = run("stats", "--store", store, "--format", "json")
    assert code == 0
    d = json.loads(out)
    assert d["documents"]["in_corpus"] == 5
    assert d["documents"]["all"] == d["documents"]["in_corpus"] + d["documents"]["cited_only"]
    assert d["by_type"]["KH"]["corpus"] == 4 and d["by_type"]["BC"]["corpus"] == 1
    assert d["by_level"]["district"]["corpus"] == 2
    assert d["by_year"]["2024"]["corpus"] == 3
    most = [c["document"]["key"] for c in d["most_cited"]]
    assert most[0] == "76/NQ-CP"
    assert "60-NQ/TU" in most and "249/KH-UBND" in most
    longest = d["longest_chains"][0]["length"]
    chains = [[x["key"] or x["title"] for x in c["documents"]] for c in d["longest_chains"]
              if c["length"] == longest]  # fmt: skip
    assert ["76/NQ-CP", "04/KH-UBND", "Cải cách hành chính huyện Cao Lộc năm 2024"] in chains
    assert d["cycles"] == []
    assert d["components"]["count"] == len(d["components"]["sizes"]) >= 1
    missing = d["not_in_store"]
    assert missing[0]["document"]["key"] == "76/NQ-CP" and not missing[0]["document"]["in_corpus"]
    assert [c["cited_by"] for c in missing] == sorted((c["cited_by"] for c in missing),
                                                      reverse=True)  # fmt: skip


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("vi", ["Văn bản được dẫn chiếu nhiều nhất", "Chuỗi triển khai dài nhất",
                "Không có chu trình", "Theo loại văn bản", "76/NQ-CP → KH 04/KH-UBND"]),
        ("en", ["Most cited", "Longest implementation chains", "No cycle", "By document type",
                "What to collect next".lower()]),
    ],
)  # fmt: skip
def test_stats_text(store: str, lang: str, words: list[str]) -> None:
    code, out, _ = run("stats", "--store", store, "--lang", lang)
    assert code == 0
    for w in words:
        assert w in out


def test_stats_bad_store(tmp_path: Path) -> None:
    missing = tmp_path / "no-store"
    code, _out, err = run("stats", "--store", str(missing), "--lang", "en")
    assert code == 2
    assert "Cannot open the store" in err and str(missing) in err


def test_status_json() -> None:
    code, out, _ = run("status", str(seed("002")), "--report", str(REPORT_2024), "--format",
                       "json")  # fmt: skip
    assert code == 0
    d = json.loads(out)
    assert d["reports"][0]["key"] == "412/BC-UBND"
    assert d["counts"]["not_achieved"] == 1
    (below,) = [x for x in d["targets"] if x["status"] == "not_achieved"]
    assert below["value"] == "đạt 98,6%" and "Trén 99%" in below["target"]


@pytest.mark.parametrize(("lang", "word"), [("vi", "không đạt"), ("en", "not achieved")])
def test_status_table(lang: str, word: str) -> None:
    code, out, _ = run("status", str(seed("002")), "--report", str(REPORT_2024), "--lang", lang)
    assert code == 0 and word in out
