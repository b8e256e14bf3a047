"""`vbkg synth` through click's CliRunner: the corpus it writes matches its truth and the
options, in both languages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.cli import cli
from graph.synth import Params, expected_documents
from graph.synth_text import TOPICS


@pytest.mark.parametrize(
    ("args", "lang", "want"),
    [
        (["--topics", "1"], "vi", "văn bản"),
        (["--topics", "3", "--years", "2"], "en", "documents"),
    ],
)
def test_synth_writes_the_corpus_its_truth_describes(
    tmp_path: Path, args: list[str], lang: str, want: str
) -> None:
    out = tmp_path / "corpus"
    result = CliRunner().invoke(
        cli,
        ["synth", str(out), "--districts-per-province", "2", "--missing-rate", "0", *args,
         "--lang", lang],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    truth = json.loads((out / "truth.json").read_text(encoding="utf-8"))
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.txt"))
    assert files == sorted(d["file"] for d in truth["documents"])
    topics = int(args[1])
    years = int(args[3]) if "--years" in args else 1
    params = Params(districts_per_province=2, years=years, missing_rate=0.0, topics=topics)
    assert len(truth["documents"]) == expected_documents(params)  # exact: no plan missed
    assert len({d["key"] for d in truth["documents"] if d["kind"] == "province_plan"}) == (
        topics * years
    )
    assert result.output.startswith(f"{len(truth['documents'])} {want}, ")
    assert str(out) in result.output


def test_synth_refuses_more_topics_than_it_has(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["synth", str(tmp_path), "--topics", str(len(TOPICS) + 1)])
    assert result.exit_code == 2
    assert "--topics" in result.output
    assert not (tmp_path / "truth.json").exists()


def test_synth_help_is_vietnamese_by_default() -> None:
    result = CliRunner().invoke(cli, ["synth", "--help"])
    assert result.exit_code == 0
    assert "chủ đề" in result.output
    english = CliRunner().invoke(cli, ["synth", "--lang", "en", "--help"])
    assert "another topic" in english.output
