"""Legacy and other formats through the CLI: .doc/.rtf/.odt (LibreOffice, antiword),
saved portal pages (.html), registers (.xlsx/.csv/.tsv); unknown kinds in a folder
are listed in the build summary, never skipped silently.

Office fixtures are written here by LibreOffice from seed 001's text; the tests
that need LibreOffice or antiword skip, saying why, where they are absent.
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from factories import seed

from graph.cli import cli
from parsers.load import LoadError, load_document
from parsers.load import doc as doc_module

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_soffice = pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice (soffice) is absent: install libreoffice-writer"
)
SEED = "001"


def _extract(*paths: Path) -> dict:
    result = CliRunner().invoke(cli, ["extract", *map(str, paths), "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def _keys(doc: dict) -> set[tuple[str, str]]:
    return {(c["id"], c["relation"]) for c in doc["citations"]}


@pytest.fixture(scope="module")
def reference() -> dict:
    (doc,) = _extract(seed(SEED))["documents"]
    return doc


@pytest.fixture(scope="module")
def office_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is absent: install libreoffice-writer")
    tmp = tmp_path_factory.mktemp("office")
    src = tmp / "kh.txt"
    shutil.copy(seed(SEED), src)
    profile = (tmp / "profile").as_uri()
    out: dict[str, Path] = {}
    for ext in ("doc", "odt", "rtf"):
        subprocess.run(
            [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", ext,
             "--outdir", str(tmp / "docs"), str(src)],
            capture_output=True, timeout=180, check=True,
        )  # fmt: skip
        out[ext] = tmp / "docs" / f"kh.{ext}"
        assert out[ext].is_file()
    return out


@needs_soffice
@pytest.mark.parametrize("ext", ["doc", "odt", "rtf"])
def test_office_formats_build_like_the_text(
    office_files: dict[str, Path], reference: dict, ext: str
) -> None:
    (doc,) = _extract(office_files[ext])["documents"]
    assert doc["format"] == ext and doc["encoding"] == "office"
    assert doc["document"]["id"] == reference["document"]["id"]
    assert doc["document"]["title"] == reference["document"]["title"]
    assert _keys(doc) == _keys(reference)


@pytest.mark.skipif(shutil.which("antiword") is None, reason="antiword is absent")
@needs_soffice
def test_doc_falls_back_to_antiword(
    office_files: dict[str, Path], reference: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(doc_module, "_soffice", lambda: None)
    loaded = load_document(office_files["doc"])
    assert "Thực hiện" in loaded.text and "76/NQ-CP" in loaded.text


@needs_soffice
def test_office_folder_builds(office_files: dict[str, Path], tmp_path: Path) -> None:
    folder = office_files["doc"].parent
    result = CliRunner().invoke(
        cli, ["build", str(folder), "--store", str(tmp_path / "s"), "--json", "-j", "1"]
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert summary["documents"] == 3 and summary["skipped"] == []


BROKEN: list[tuple[str, bytes, str, str]] = [
    # file, content, code, Vietnamese fragment
    ("a.doc", b"not an OLE file at all", "wrong_content", ".doc"),
    ("a.doc", b"%PDF-1.4\n...", "wrong_content", "PDF"),
    ("a.rtf", b"plain text, no rtf header", "wrong_content", ".rtf"),
    ("a.odt", b"PK\x03\x04broken zip", "invalid_office", ".odt"),
    ("a.html", b"just words, no markup", "invalid_html", "HTML"),
    ("a.html", b"<html><body><script>x()</script></body></html>", "invalid_html", "nội dung"),
    ("a.xlsx", b"PK\x03\x04broken zip", "invalid_sheet", "bảng tính"),
    ("a.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1xls", "wrong_content", ".xlsx"),
    ("a.csv", b"", "empty", "tệp rỗng"),
]


@pytest.mark.parametrize(("name", "content", "code", "fragment"), BROKEN)
def test_broken_files_are_load_errors(
    tmp_path: Path, name: str, content: bytes, code: str, fragment: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(LoadError) as err:
        load_document(path)
    assert err.value.code == code, err.value
    assert fragment in str(err.value) and str(path) in str(err.value)


def test_missing_converter_names_the_packages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(doc_module, "_soffice", lambda: None)
    monkeypatch.setattr(doc_module.shutil, "which", lambda name: None)
    path = tmp_path / "a.rtf"
    path.write_bytes(b"{\\rtf1 Ke hoach}")
    with pytest.raises(LoadError) as err:
        load_document(path)
    assert err.value.code == "converter_missing" and "libreoffice" in str(err.value)


# --------------------------------------------------------------------------- saved portal pages

NAV = """<div id="header"><ul class="menu">
<li><a href="/">Trang chủ</a></li><li><a href="/vbpq">Văn bản pháp luật</a></li></ul></div>
<div class="sidebar"><h3>Văn bản liên quan</h3><ul>
<li><a href="/x">Quyết định số 999/QĐ-TTg ngày 01/01/2020 của Thủ tướng Chính phủ</a></li>
<li><a href="/y">Nghị định số 888/2019/NĐ-CP ngày 02/02/2019 của Chính phủ</a></li>
</ul></div>"""


def _page(body_attr: str, text: str) -> bytes:
    paragraphs = "\n".join(f"<p>{line}</p>" for line in text.splitlines())
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Kế hoạch</title>'
        "<script>var a = '76/NQ-CP';</script><style>p{}</style></head><body>"
        f"{NAV}<div {body_attr}>{paragraphs}</div>"
        '<div id="footer"><a href="/lh">Liên hệ</a> Bản quyền © Cổng thông tin</div>'
        "</body></html>"
    ).encode()


@pytest.mark.parametrize(
    "attr",
    ['id="toanvancontent"', 'class="content1"', 'class="noi-dung"'],  # vbpl, tvpl, by density
)
def test_saved_portal_page_reads_the_body(tmp_path: Path, reference: dict, attr: str) -> None:
    page = tmp_path / "van-ban.html"
    page.write_bytes(_page(attr, seed(SEED).read_text(encoding="utf-8")))
    (doc,) = _extract(page)["documents"]
    assert doc["format"] == "html"
    assert doc["document"]["id"] == reference["document"]["id"]
    assert _keys(doc) == _keys(reference)  # the sidebar's 999/QĐ-TTg and 888/2019/NĐ-CP are not
    text = load_document(page).text
    assert "Trang chủ" not in text and "Bản quyền" not in text and "var a" not in text


def test_html_tables_and_declared_charset(tmp_path: Path) -> None:
    body = (
        "<html><head><meta http-equiv='Content-Type' content='text/html; charset=utf-16'>"
        "</head><body><div id='toanvancontent'><p>Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021"
        " của Chính phủ về cải cách hành chính giai đoạn 2021-2030 trên địa bàn tỉnh</p>"
        "<table><tr><td>1</td><td>Kế hoạch số 249/KH-UBND</td></tr></table></div></body></html>"
    )
    page = tmp_path / "a.htm"
    page.write_bytes(body.encode("utf-16"))
    text = load_document(page).text
    assert "Căn cứ Nghị quyết số 76/NQ-CP" in text
    assert "1 | Kế hoạch số 249/KH-UBND" in text


# --------------------------------------------------------------------------- registers

ROWS = [
    ("so_ky_hieu", "ngay_ban_hanh", "trich_yeu"),
    ("1707/QĐ-UBND", "15/07/2022", "công bố thủ tục hành chính được sửa đổi"),
    ("3507/KH-UBND", "12/07/2022", "triển khai thực hiện Thông tư số 07/2022/TT-BTTTT"),
]


def test_xlsx_register_rows_are_citation_sources(tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "So theo doi"
    for row in ROWS:
        sheet.append(row)
    path = tmp_path / "so.xlsx"
    book.save(path)
    loaded = load_document(path)
    assert loaded.format == "xlsx"
    at = loaded.text.index("3507/KH-UBND")
    assert loaded.location(at) == "So theo doi!3"
    assert "3507/KH-UBND | 12/07/2022 | triển khai" in loaded.text
    (doc,) = _extract(path)["documents"]
    keys = {c["key"] for c in doc["citations"]}
    assert {"1707/QĐ-UBND", "3507/KH-UBND", "07/2022/TT-BTTTT"} <= keys


@pytest.mark.parametrize(("name", "sep"), [("so.csv", ","), ("so2.csv", ";"), ("so.tsv", "\t")])
def test_csv_register(tmp_path: Path, name: str, sep: str) -> None:
    path = tmp_path / name
    buf = io.StringIO()
    for row in ROWS:
        buf.write(sep.join(f'"{c}"' if "," in c and sep == "," else c for c in row) + "\n")
    path.write_text(buf.getvalue(), encoding="utf-8")
    loaded = load_document(path)
    assert loaded.location(loaded.text.index("1707/QĐ-UBND")) == "2"
    (doc,) = _extract(path)["documents"]
    assert {"1707/QĐ-UBND", "3507/KH-UBND"} <= {c["key"] for c in doc["citations"]}


def test_an_giang_tracking_sheet(shared_corpus: Path) -> None:
    path = shared_corpus / "registers" / "an_giang_vbqppl_tracking_2026.xlsx"
    loaded = load_document(path)
    assert loaded.location(loaded.text.index("19/2022/NQ-HĐND")) == "NQ can xu ly!3"
    (doc,) = _extract(path)["documents"]
    keys = {c["key"] for c in doc["citations"]}
    assert {"19/2022/NQ-HĐND", "15/2023/NQ-HĐND", "20/2018/NQ-HĐND"} <= keys
    assert len(doc["citations"]) >= 500  # measured: 824


# --------------------------------------------------------------------------- folders


def test_folder_lists_unknown_kinds(tmp_path: Path) -> None:
    folder = tmp_path / "ho-so"
    folder.mkdir()
    shutil.copy(seed(SEED), folder / "kh.txt")
    (folder / "bang.numbers").write_bytes(b"whatever")
    (folder / "ghi-chu").write_text("không có phần mở rộng", encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["build", str(folder), "--store", str(tmp_path / "s"), "--json", "-j", "1"]
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert summary["documents"] == 1
    skipped = {Path(s["source"]).name: s["reason"] for s in summary["skipped"]}
    assert set(skipped) == {"bang.numbers", "ghi-chu"}
    assert all("không được hỗ trợ" in r for r in skipped.values())


# --------------------------------------------------------------------------- TCVN3 structure


def _tcvn3(text: str) -> bytes:
    """Seed text as a TCVN3 file: TCVN3 has no capital toned letters (lower-cased)."""
    from parsers.load import legacy_table

    inverse = {char: seq for seq, char in legacy_table("tcvn3").items()}
    out = []
    for ch in text:
        if ch not in inverse and ch.lower() in inverse and not ch.isascii():
            ch = ch.lower()
        out.append(inverse[ch] if ch in inverse else ch.encode("ascii"))
    return b"".join(out)


@pytest.mark.parametrize(
    ("line", "upper"),
    [
        ("Kế HOạCH", True),
        ("II. NHIệM Vụ", True),
        ("I. MụC ĐíCH, YÊU CầU", True),
        ("KẾ HOẠCH", True),
        ("Kế hoạch", False),
        ("NĂM ở HÀ NỘI", False),  # a lone lower-case toned word is no capital
    ],
)
def test_tcvn3_capitals(line: str, upper: bool) -> None:
    from parsers.lines import _is_upper

    assert _is_upper(line) is upper


def test_tcvn3_copy_of_seed_001_matches_the_text(tmp_path: Path) -> None:
    original = seed(SEED).read_text(encoding="utf-8")
    legacy = tmp_path / "001_tcvn3.txt"
    legacy.write_bytes(_tcvn3(original))
    loaded = load_document(legacy)
    assert loaded.encoding == "tcvn3" and "Kế HOạCH" in loaded.text  # no capital toned letters
    (ref,) = _extract(seed(SEED))["documents"]
    (doc,) = _extract(legacy)["documents"]
    assert doc["document"]["id"] == ref["document"]["id"]
    assert (
        doc["document"]["title"]
        == ref["document"]["title"]
        == ("Cải cách hành chính huyện Cao Lộc năm 2024")
    )
    sections = [[m["section"] for m in c["mentions"]] for c in ref["citations"]]
    assert [[m["section"] for m in c["mentions"]] for c in doc["citations"]] == sections
    # the check findings of the draft match, against a store of the other seeds
    store = tmp_path / "store"
    others = [str(seed(n)) for n in ("000", "002", "003", "004")]
    built = CliRunner().invoke(cli, ["build", *others, "--store", str(store), "--json"])
    assert built.exit_code == 0, built.output

    def findings(path: Path) -> list[str]:
        result = CliRunner().invoke(
            cli, ["check", str(path), "--store", str(store), "--format", "json"]
        )
        assert result.exit_code in (0, 1), result.output
        found = json.loads(result.output)["findings"]
        return sorted(json.dumps(f, sort_keys=True, ensure_ascii=False) for f in found)

    expected = findings(seed(SEED))
    assert expected and findings(legacy) == expected
