"""`vbkg trace|coverage|check --format xlsx|docx --out FILE` on the five seeds, read back with
openpyxl and python-docx; the coverage text at 80 columns."""

from __future__ import annotations

from pathlib import Path

import docx
import openpyxl
import pytest
from click.testing import CliRunner

from graph.analysis.tables import STATUS_FILLS
from graph.cli import cli

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "data" / "examples"
SEED001 = str(EXAMPLES / "001_e31f9ee25f552465.txt")  # Cao Lộc's plan, implements 04/KH-UBND
LANG_SON_CITY = "Thành phố Lạng Sơn"  # its 13/KH-UBND is cited by seed 004: status cited
LANG_SON_DISTRICTS = (
    "Huyện Tràng Định",
    "Huyện Bình Gia",
    "Huyện Văn Lãng",
    "Huyện Văn Quan",
    "Huyện Bắc Sơn",
    "Huyện Hữu Lũng",
    "Huyện Chi Lăng",
    "Huyện Lộc Bình",
    "Huyện Đình Lập",
)


@pytest.fixture(scope="module")
def store(seed_store_path: Path) -> str:
    return str(seed_store_path)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def _rows(ws: openpyxl.worksheet.worksheet.Worksheet) -> list[tuple[object, ...]]:
    return list(ws.iter_rows(min_row=2, values_only=True))


def _fill(cell: object) -> str:
    return str(cell.fill.fgColor.rgb)[-6:]  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("lang", "sheets", "implemented", "missing"),
    [
        (
            "vi",
            [
                "Văn bản",
                "Được triển khai bởi",
                "Đơn vị phải ban hành kế hoạch",
                "Triển khai thực hiện",
            ],
            "đã ban hành",
            "chưa có kế hoạch",
        ),
        (
            "en",
            ["Document", "Implemented by", "Units expected to issue a plan", "Implements"],
            "implemented",
            "missing",
        ),
    ],
)
def test_trace_xlsx(
    store: str, tmp_path: Path, lang: str, sheets: list[str], implemented: str, missing: str
) -> None:
    out = tmp_path / "t.xlsx"
    code, _, err = run(
        "trace",
        "04/KH-UBND",
        "--store",
        store,
        "--format",
        "xlsx",
        "--out",
        str(out),
        "--lang",
        lang,
    )
    assert code == 0, err
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == sheets
    units = wb[sheets[2]]
    assert units.freeze_panes == "A2" and units.auto_filter.ref == f"A1:E{units.max_row}"
    status = {r[0]: r[2] for r in _rows(units)}
    assert status["Huyện Cao Lộc"] == implemented
    assert sorted(u for u, s in status.items() if s == missing) == sorted(LANG_SON_DISTRICTS)
    assert status[LANG_SON_CITY] not in (missing, implemented)
    for row in units.iter_rows(min_row=2):
        want = "implemented" if row[0].value == "Huyện Cao Lộc" else None
        if row[0].value in LANG_SON_DISTRICTS:
            want = "missing"
        if row[0].value == LANG_SON_CITY:
            want = "cited"
        if want:
            assert _fill(row[2]) == STATUS_FILLS[want]
    assert units.column_dimensions["A"].width >= len("Thành phố Lạng Sơn")
    below = _rows(wb[sheets[1]])
    assert below[0][2] == "Cải cách hành chính huyện Cao Lộc năm 2024"
    assert {r[1] for r in _rows(wb[sheets[3]])} == {"76/NQ-CP", "60-NQ/TU", "249/KH-UBND"}
    facts = dict((r[0], r[1]) for r in _rows(wb[sheets[0]]))
    assert facts[missing] == 9 and facts[implemented] == 1


def test_binary_formats_need_out(store: str) -> None:
    for args in (
        ("trace", "04/KH-UBND", "--store", store, "--format", "xlsx"),
        ("coverage", SEED001, "--store", store, "--format", "xlsx"),
        ("check", SEED001, "--format", "docx"),
    ):
        code, out, err = run(*args, "--lang", "en")
        assert code == 2 and "--out FILE is required" in err and out == ""


def test_coverage_xlsx(store: str, tmp_path: Path) -> None:
    out = tmp_path / "c.xlsx"
    code, _, err = run("coverage", SEED001, "--store", store, "--format", "xlsx", "--out", str(out))
    assert code == 0, err
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Tóm tắt", "Chỉ tiêu", "Lĩnh vực cải cách"]
    targets = _rows(wb["Chỉ tiêu"])
    assert {r[2] for r in targets} <= {"giữ nguyên", "giảm nhẹ", "bị bỏ", "nâng cao"}
    assert "Cải cách thể chế" in {r[0] for r in targets}  # names, not slugs
    assert not any("-" in str(r[0]) and " " not in str(r[0]) for r in targets)
    summary = dict((r[0], r[1]) for r in _rows(wb["Tóm tắt"]))
    assert sum(summary[k] for k in ("giữ nguyên", "giảm nhẹ", "bị bỏ", "nâng cao")) == len(targets)
    for row in wb["Chỉ tiêu"].iter_rows(min_row=2):
        status = {"giữ nguyên": "carried", "bị bỏ": "dropped"}.get(str(row[2].value))
        if status:
            assert _fill(row[2]) == STATUS_FILLS[status]


def test_coverage_text_fits_80_columns_with_area_names_and_counts(store: str) -> None:
    result = CliRunner().invoke(cli, ["coverage", SEED001, "--store", store], env={"COLUMNS": "80"})
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert "Cải cách thể chế" in result.stdout and "the-che" not in result.stdout
    assert lines[-1].startswith("Tổng số chỉ tiêu: ") and "giữ nguyên: " in lines[-1]
    code, md, _ = run("coverage", SEED001, "--store", store, "--format", "md")
    assert code == 0
    assert "| Cải cách thể chế |" in md and "Tổng số chỉ tiêu: " in md


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_check_docx_and_xlsx(store: str, tmp_path: Path, lang: str) -> None:
    docx_out, xlsx_out = tmp_path / "c.docx", tmp_path / "c.xlsx"
    code, _, _ = run(
        "check",
        SEED001,
        "--store",
        store,
        "--format",
        "docx",
        "--out",
        str(docx_out),
        "--lang",
        lang,
    )
    assert code in (0, 1)
    code, _, _ = run(
        "check",
        SEED001,
        "--store",
        store,
        "--format",
        "xlsx",
        "--out",
        str(xlsx_out),
        "--lang",
        lang,
    )
    assert code in (0, 1)
    document = docx.Document(str(docx_out))
    paragraphs = [p.text for p in document.paragraphs]
    title, line = (
        ("Kết quả kiểm tra dự thảo", "Dòng") if lang == "vi" else ("Draft check report", "Line")
    )
    assert paragraphs[0] == title
    assert any(SEED001 in p for p in paragraphs)  # the draft's identity
    table = document.tables[0]
    assert table.rows[0].cells[0].text == line and len(table.rows[0].cells) == 6
    wb = openpyxl.load_workbook(xlsx_out)
    findings = _rows(wb.worksheets[1])
    assert len(table.rows) - 1 == len(findings) > 0
    codes = {r[2] for r in findings}
    assert "header-incomplete" in codes
    first = findings[0]
    assert [c.text for c in table.rows[1].cells] == [str(v or "") for v in first]
    assert all(r[5] for r in findings)  # every finding names its rule's source
