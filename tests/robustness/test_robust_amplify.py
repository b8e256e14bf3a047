"""Issue 17.3-17.5 through `vbkg build` (CliRunner): text amplification is capped per file
(counted while extracting), a legitimate repetitive .docx is not a "zip bomb", pypdf's log
lines become ONE warning naming the file, and a broken PDF says what is broken.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from click.testing import CliRunner
from hostile import broken_stream_pdf, image_only_pdf, repeated_docx, shared_stream_pdf

import parsers.load.base as base
from graph.cli import cli
from parsers.load import LoadError, load_document


def _build(folder: Path, store: Path, *extra: str) -> dict[str, object]:
    r = CliRunner().invoke(
        cli, ["build", str(folder), "--store", str(store), "-j", "1", "--json", "--lang", "en",
              *extra],
    )  # fmt: skip
    assert "Traceback" not in r.output
    return json.loads(r.output[r.output.index("{") :])


def _reasons(summary: dict[str, object]) -> dict[str, str]:
    return {Path(s["source"]).name: s["reason"] for s in summary["skipped"]}  # type: ignore[index, union-attr]


def test_pdf_text_amplification_capped_while_extracting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """50 pages sharing one stream: about 50× the stream's text; refused at the cap, and
    pages past the cap are never extracted."""
    d = tmp_path / "in"
    d.mkdir()
    pdf = shared_stream_pdf(d, pages=50, chars=100_000)
    assert pdf.stat().st_size < 20_000
    reasons = _reasons(_build(d, tmp_path / "s", "--max-chars", "1000000"))
    assert "over 1000000 characters" in reasons["amplified.pdf"]
    calls = []
    import pypdf

    real = pypdf.PageObject.extract_text

    def counting(self: pypdf.PageObject, *a: object, **kw: object) -> str:
        calls.append(1)
        return real(self, *a, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(pypdf.PageObject, "extract_text", counting)
    with pytest.raises(LoadError) as info:
        load_document(pdf, max_chars=1_000_000)
    assert info.value.code == "too_many_chars" and len(calls) < 20


def test_docx_text_amplification_capped(tmp_path: Path) -> None:
    d = tmp_path / "in"
    d.mkdir()
    repeated_docx(d, paragraphs=40_000)  # about 2.5 M characters
    reasons = _reasons(_build(d, tmp_path / "s", "--max-chars", "1000000"))
    assert "over 1000000 characters" in reasons["repeated.docx"]
    assert "amplified" not in reasons


def test_repetitive_docx_is_not_a_zip_bomb(tmp_path: Path) -> None:
    """4.4 MB of XML compressing 280:1: a real document, judged by inflated size."""
    path = repeated_docx(tmp_path, paragraphs=40_000)
    doc = load_document(path)
    assert doc.text.count("76/NQ-CP") == 40_000


def test_docx_xml_judged_by_inflated_size(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import parsers.load.docx as docx_mod

    monkeypatch.setattr(docx_mod, "DOCX_MAX_XML", 1_000_000)
    with pytest.raises(LoadError) as info:
        load_document(repeated_docx(tmp_path, paragraphs=40_000))
    assert info.value.code == "zip_bomb" and "XML" in info.value.message("en")


def test_pypdf_log_lines_become_one_warning_naming_the_file(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    d = tmp_path / "in"
    d.mkdir()
    broken = broken_stream_pdf(d, pages=40)
    with caplog.at_level(logging.DEBUG), pytest.raises(LoadError) as info:
        load_document(broken)
    assert not [r for r in caplog.records if r.name.startswith("pypdf")]
    assert "Error -3" not in capsys.readouterr().err
    # what is broken, not "run OCR first"
    message = info.value.message("en")
    assert "broken PDF content" in message and "decompressing" in message
    assert "OCR" not in message
    # a readable page beside a broken one: accepted, the log lines are one warning
    from factories import make_pdf

    good = d / "mixed.pdf"
    good.write_bytes(make_pdf(["Thuc hien Nghi quyet so 76/NQ-CP ngay 15/7/2021 cua Chinh phu"]))
    assert load_document(good).warnings == ()


def test_log_lines_collected_with_count_and_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A page whose text is readable while pypdf complains: one warning, count and file."""
    import pypdf
    from factories import make_pdf

    logger = logging.getLogger("pypdf._page")
    path = tmp_path / "noisy.pdf"
    path.write_bytes(make_pdf(["Thuc hien Nghi quyet so 76/NQ-CP ngay 15/7/2021 cua Chinh phu"]))
    real = pypdf.PageObject.extract_text

    def noisy(self: pypdf.PageObject, *a: object, **kw: object) -> str:
        for i in range(500):
            logger.warning("Ignoring wrong pointing object %d 0 (offset 0)", i % 3)
        return real(self, *a, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(pypdf.PageObject, "extract_text", noisy)
    doc = load_document(path)
    [w] = [w for w in doc.warnings if "pypdf" in w]
    assert str(path) in w and " 500 " in w
    assert w.count("Ignoring wrong pointing object") == 3  # the first distinct lines


def test_image_only_pdf_still_says_run_ocr(tmp_path: Path) -> None:
    with pytest.raises(LoadError) as info:
        load_document(image_only_pdf(tmp_path))
    assert info.value.code == "no_text_layer"


def test_default_cap() -> None:
    assert base.DEFAULT_MAX_CHARS == 20_000_000
