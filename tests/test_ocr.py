"""OCR of scanned PDFs and images (Tesseract, Vietnamese model), through the CLI.

The scans are made here: seed 000's text drawn page by page with DejaVu Sans (a
Vietnamese-capable font) into an image-only PDF, like a scanner's output. Tests
that run Tesseract skip, saying why, where it or its Vietnamese model is absent.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner
from factories import seed

from graph.cli import cli
from parsers.load import LoadError, load_document
from parsers.load import ocr as ocr_module
from parsers.load.ocr import ocr_available

PIL = pytest.importorskip("PIL", reason="Pillow (a dev dependency) draws the test scans")
from PIL import Image, ImageDraw, ImageFont  # noqa: E402

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
WHY = ocr_available()
needs_ocr = pytest.mark.skipif(
    WHY is not None, reason=f"OCR unavailable: {WHY.text('en') if WHY is not None else ''}"
)


def _pages(text: str, *, width: int = 100, size: int = 36) -> list[Image.Image]:
    if not FONT.is_file():
        pytest.skip(f"the font {FONT} (Debian fonts-dejavu-core) draws the test scans")
    font = ImageFont.truetype(str(FONT), size)
    lines: list[str] = []
    for raw in text.splitlines():
        lines += textwrap.wrap(raw, width) or [""]
    w, h, top, step = 2480, 3508, 150, int(size * 1.45)  # A4 at 300 dpi
    per = (h - 2 * top) // step
    pages = []
    for i in range(0, len(lines), per):
        img = Image.new("L", (w, h), 255)
        draw = ImageDraw.Draw(img)
        for j, line in enumerate(lines[i : i + per]):
            draw.text((150, top + j * step), line, font=font, fill=0)
        pages.append(img)
    return pages


def scanned_pdf(text: str, out: Path) -> Path:
    pages = _pages(text)
    pages[0].save(out, save_all=True, append_images=pages[1:], resolution=300)
    return out


@pytest.fixture(autouse=True)
def _cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    cache = tmp_path / "ocr-cache"
    monkeypatch.setenv("VBKG_OCR_CACHE", str(cache))
    return cache


def _extract(*paths: Path) -> list[dict]:
    result = CliRunner().invoke(cli, ["extract", *map(str, paths), "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)["documents"]


def _keys(doc: dict) -> set[tuple[str, str]]:
    return {(c["id"], c["relation"]) for c in doc["citations"]}


@pytest.mark.slow
@needs_ocr
def test_scanned_seed_000_builds_like_its_text(tmp_path: Path) -> None:
    scans = tmp_path / "scans"
    scans.mkdir()
    pdf = scanned_pdf(seed("000").read_text(encoding="utf-8"), scans / "000_scan.pdf")
    (txt,) = _extract(seed("000"))
    (ocr,) = _extract(pdf)
    assert ocr["encoding"] == "ocr"
    assert ocr["document"]["id"] == txt["document"]["id"]
    assert ocr["document"]["title"] == txt["document"]["title"]
    found = _keys(ocr) & _keys(txt)
    assert len(found) >= 0.95 * len(_keys(txt)), sorted(_keys(txt) - _keys(ocr))
    # measured on this machine (Tesseract 5, vie): 25 of 25 citations, 27 of 27 mentions
    loaded = load_document(pdf)
    assert [label for _, label in loaded.locations][:2] == ["trang 1", "trang 2"]
    assert loaded.location(len(loaded.text) - 1) == f"trang {len(loaded.locations)}"
    # the build goes through the worker pool like any other file
    store = tmp_path / "store"
    result = CliRunner().invoke(cli, ["build", str(scans), "--store", str(store), "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert summary["documents"] == 1 and summary["skipped"] == []


HEADING = (
    "Kế hoạch số 02/KH-UBND ngày 04/01/2023 của UBND tỉnh Lạng Sơn\n"
    "Thực hiện Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ"
)


@needs_ocr
def test_image_page_is_read_and_cached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    png = tmp_path / "trang.png"
    _pages(HEADING)[0].crop((0, 0, 2480, 400)).save(png)
    seen: list[tuple[int, int]] = []
    loaded = load_document(png, progress=lambda done, total: seen.append((done, total)))
    assert "76/NQ-CP" in loaded.text and "Nghị quyết" in loaded.text
    assert (loaded.format, loaded.encoding, seen) == ("image", "ocr", [(1, 1)])
    # a rebuild does not OCR again: the cache answers without Tesseract
    monkeypatch.setattr(ocr_module, "_tesseract", lambda: None)
    assert load_document(png).text == loaded.text
    (doc,) = _extract(png)
    assert "https://w3id.org/vbkg/eli/vn/cp/nq/2021/76" in {c["id"] for c in doc["citations"]}


@needs_ocr
def test_mixed_pdf_ocrs_only_pages_without_text(tmp_path: Path) -> None:
    pdf = tmp_path / "scan.pdf"
    pages = _pages(HEADING)
    pages[0].crop((0, 0, 2480, 500)).save(pdf, resolution=300)
    seen: list[tuple[int, int]] = []
    loaded = load_document(pdf, progress=lambda d, t: seen.append((d, t)))
    assert "02/KH-UBND" in loaded.text and seen == [(1, 1)]


def test_without_tesseract_the_error_names_the_packages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ocr_module, "_tesseract", lambda: None)
    png = tmp_path / "a.png"
    Image.new("L", (200, 100), 255).save(png)
    pdf = tmp_path / "a.pdf"
    Image.new("L", (200, 100), 255).save(pdf)
    for path in (png, pdf):
        with pytest.raises(LoadError) as err:
            load_document(path)
        assert err.value.code == "ocr_unavailable"
        assert "tesseract-ocr-vie" in str(err.value) and str(path) in str(err.value)
        assert "install tesseract-ocr and tesseract-ocr-vie" in err.value.message("en")
    result = CliRunner().invoke(cli, ["build", str(tmp_path), "--store", str(tmp_path / "s")])
    assert result.exit_code != 0 and "tesseract-ocr-vie" in result.output


def test_broken_image_is_a_load_error(tmp_path: Path) -> None:
    bad = tmp_path / "hong.jpg"
    bad.write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    if WHY is not None:
        pytest.skip(f"OCR unavailable: {WHY}")
    with pytest.raises(LoadError) as err:
        load_document(bad)
    assert err.value.code == "ocr_failed" and str(bad) in str(err.value)
