"""`vbkg check DRAFT` through click's CliRunner: exit codes 0/1/2, formats, languages, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.cli import cli

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "data" / "examples"
SEED_001 = EXAMPLES / "001_e31f9ee25f552465.txt"
ORIGINAL = SEED_001.read_text(encoding="utf-8")
LATE = ORIGINAL.replace("Cao Lộc, ngày 15 tháng 01 năm 2024", "Cao Lộc, ngày 20 tháng 01 năm 2024")
UNDATED = ORIGINAL.replace(
    "Cao Lộc, ngày 15 tháng 01 năm 2024", "Cao Lộc, ngày    tháng 01 năm 2024"
)


@pytest.fixture(scope="module")
def store(seeds_without_001: Path) -> Path:
    """A store of the seeds without 001 (the draft under check)."""
    return seeds_without_001


@pytest.fixture()
def drafts(tmp_path: Path) -> dict[str, Path]:
    out = {}
    for name, text in (("ok", ORIGINAL), ("late", LATE), ("undated", UNDATED)):
        p = tmp_path / f"{name}.txt"
        p.write_text(text, encoding="utf-8")
        out[name] = p
    return out


def run(*args: str) -> tuple[int, str, str]:
    r = CliRunner().invoke(cli, ["check", *args])
    assert r.exception is None or isinstance(r.exception, SystemExit), r.exception
    return r.exit_code, r.stdout, r.stderr


def test_exit_0_when_no_error(store: Path, drafts: dict[str, Path]) -> None:
    code, out, err = run(str(drafts["ok"]), "--store", str(store))
    assert code == 0, out + err
    assert "target-dropped" in out and "citation-unresolved" in out  # warnings and info only
    assert out.rstrip().splitlines()[-1].startswith("Tổng: 0 lỗi")


def test_exit_1_on_an_error_text_vi(store: Path, drafts: dict[str, Path]) -> None:
    code, out, _err = run(str(drafts["late"]), "--store", str(store))
    assert code == 1
    line = next(ln for ln in out.splitlines() if "deadline-missed" in ln)
    assert line.startswith(f"{drafts['late']}:5:1: lỗi deadline-missed: ")
    assert "gợi ý: Ban hành chậm nhất ngày 15/01/2024" in line


def test_english(store: Path, drafts: dict[str, Path]) -> None:
    code, out, _err = run(str(drafts["late"]), "--store", str(store), "--lang", "en")
    assert code == 1
    line = next(ln for ln in out.splitlines() if "deadline-missed" in ln)
    assert ": error deadline-missed: The draft is dated 2024-01-20" in line
    assert "suggestion: " in line


def test_json(store: Path, drafts: dict[str, Path]) -> None:
    code, out, _err = run(str(drafts["late"]), "--store", str(store), "--format", "json")
    assert code == 1
    data = json.loads(out)
    [f] = [f for f in data["findings"] if f["code"] == "deadline-missed"]
    assert (f["severity"], f["line"], f["section"]) == ("error", 5, None)
    assert f["evidence"] == "Cao Lộc, ngày 20 tháng 01 năm 2024"
    assert "missing-parent" in data["summary"]["checks_run"]
    assert data["summary"]["checks_skipped"] == []


def test_sarif_english(store: Path, drafts: dict[str, Path]) -> None:
    code, out, _err = run(
        str(drafts["late"]), "--store", str(store), "--format", "sarif", "--lang", "en"
    )
    assert code == 1
    sarif = json.loads(out)
    assert sarif["version"] == "2.1.0"
    results = sarif["runs"][0]["results"]
    [r] = [r for r in results if r["ruleId"] == "deadline-missed"]
    assert r["level"] == "error"
    assert r["message"]["text"].startswith("The draft is dated")
    assert r["locations"][0]["physicalLocation"]["region"]["startLine"] == 5
    rules = {x["id"] for x in sarif["runs"][0]["tool"]["driver"]["rules"]}
    assert "deadline-missed" in rules


def test_html_to_file(store: Path, drafts: dict[str, Path], tmp_path: Path) -> None:
    out_file = tmp_path / "report" / "check.html"
    code, out, err = run(
        str(drafts["late"]), "--store", str(store), "--format", "html", "--out", str(out_file)
    )
    assert code == 1
    assert out == ""
    assert str(out_file) in err
    page = out_file.read_text(encoding="utf-8")
    assert page.lstrip().lower().startswith("<!doctype html")
    assert "deadline-missed" in page and "15/01/2024" in page


def test_date_option(store: Path, drafts: dict[str, Path]) -> None:
    code, out, _ = run(str(drafts["undated"]), "--store", str(store))
    assert code == 0 and "deadline-missed" not in out
    code, out, _ = run(str(drafts["undated"]), "--store", str(store), "--date", "2024-01-20")
    assert code == 1 and "deadline-missed" in out
    code, _out, err = run(str(drafts["undated"]), "--date", "20/01/2024")
    assert code == 2 and "20/01/2024" in err  # click's own usage error


def test_without_store_runs_draft_checks_and_says_so(drafts: dict[str, Path]) -> None:
    code, out, err = run(str(drafts["late"]))
    assert code == 0  # the deadline needs the parent plan, hence the store
    assert ": lỗi deadline-missed" not in out
    assert "Bỏ qua (cần kho dữ liệu)" in out and "deadline-missed" in out.splitlines()[-1]
    assert "bỏ qua các kiểm tra cần kho dữ liệu" in err
    code, _out, err = run(str(drafts["late"]), "--lang", "en")
    assert "knowledge-base checks were skipped" in err


def test_without_store_issuer_mismatch_still_runs(tmp_path: Path) -> None:
    p = tmp_path / "pm.txt"
    p.write_text(
        ORIGINAL.replace(
            "Quyết định 1807/QĐ-UBND ngày 11/11/2022 của UBND tỉnh",
            "Quyết định 1807/QĐ-UBND ngày 11/11/2022 của HĐND tỉnh",
        ),
        encoding="utf-8",
    )
    code, out, _err = run(str(p))
    assert code == 1 and "citation-issuer-mismatch" in out


def test_missing_store(drafts: dict[str, Path], tmp_path: Path) -> None:
    missing = tmp_path / "no-store"
    code, out, err = run(str(drafts["ok"]), "--store", str(missing))
    assert code == 2 and out == ""
    assert err.strip().splitlines() == [f"Không có kho dữ liệu tại {missing}"]
    code, _out, err = run(str(drafts["ok"]), "--store", str(missing), "--lang", "en")
    assert err.strip() == f"No store at {missing}"


def test_directory_that_is_not_a_store(drafts: dict[str, Path], tmp_path: Path) -> None:
    junk = tmp_path / "junk"
    junk.mkdir()
    (junk / "x.txt").write_text("x", encoding="utf-8")
    code, _out, err = run(str(drafts["ok"]), "--store", str(junk))
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and str(junk) in err
    assert "Traceback" not in err


@pytest.mark.parametrize("make", ["missing", "empty", "directory"])
def test_unreadable_draft(make: str, store: Path, tmp_path: Path) -> None:
    target = tmp_path / "draft.txt"
    if make == "empty":
        target.write_bytes(b"")
    elif make == "directory":
        target = tmp_path / "adir.docx"
        target.mkdir()
    code, out, err = run(str(target), "--store", str(store))
    assert code == 2 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and str(target) in lines[0] and "Traceback" not in err
    assert lines[0].startswith("Không đọc được dự thảo")
