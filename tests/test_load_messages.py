"""The loaders' errors and warnings come from the catalogue (load.detail.*, load.warn.*): through
the CLI, `--lang en` gives them wholly in English, and the Vietnamese is what it always was."""

from __future__ import annotations

import codecs
import json
import pickle
from pathlib import Path

import pytest
import regex
from click.testing import CliRunner

from graph.cli import cli
from parsers.load import LoadError, load_document
from parsers.messages import Note, in_lang

# letters only Vietnamese has: none may be left in an English text
VIETNAMESE = regex.compile(
    r"[àáảãạăắằẳẵặâấầẩẫậđèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵ]", regex.IGNORECASE
)
SENTENCE = "Kế hoạch cải cách hành chính năm 2024 của Ủy ban nhân dân huyện Cao Lộc"

# (file name, bytes, Vietnamese reason, English reason), the reason after "<path>: "
BROKEN = [
    (
        "hong.docx",
        b"hello, not a zip",
        "không phải tệp .docx hợp lệ (không phải tệp zip)",
        "not a valid .docx file (not a zip file)",
    ),
    (
        "gia.pdf",
        b"PK\x03\x04abc",
        "không phải tệp PDF hợp lệ (nội dung là zip (.docx/.xlsx))",
        "not a valid PDF file (the content is zip (.docx/.xlsx))",
    ),
    (
        "thieu.pdf",
        b"no header here",
        "không phải tệp PDF hợp lệ (thiếu %PDF-)",
        "not a valid PDF file (no %PDF- header)",
    ),
    (
        "bang.xlsx",
        b"plain text",
        "nội dung không khớp phần mở rộng .xlsx: tệp trông như không phải zip",
        "content does not match the .xlsx extension: the file looks like something other than "
        "a zip file",
    ),
    (
        "trang.html",
        b"just words, no tags",
        "không đọc được trang HTML (không thấy thẻ HTML)",
        "cannot read the HTML page (no HTML tags found)",
    ),
    (
        "van_ban.rtf",
        b"plain words",
        "nội dung không khớp phần mở rộng .rtf: tệp trông như không phải RTF",
        "content does not match the .rtf extension: the file looks like something other than RTF",
    ),
]

# (file name, bytes, Vietnamese warning, English warning)
WARNED = [
    (
        "utf8.txt",
        SENTENCE.encode() + b" \xff.",
        "byte UTF-8 không hợp lệ ở vị trí 92 (0xFF); đã thay bằng U+FFFD, giữ nội dung",
        "invalid UTF-8 bytes at offset 92 (0xFF); replaced with U+FFFD, content kept",
    ),
    (
        "utf16.txt",
        codecs.BOM_UTF16_LE + SENTENCE.encode("utf-16-le") + b"x",
        "UTF-16 có số byte lẻ; byte cuối bị bỏ",
        "UTF-16 with an odd number of bytes; the last byte dropped",
    ),
]


def _extract(path: Path, lang: str) -> tuple[int, dict[str, object], str]:
    r = CliRunner().invoke(cli, ["extract", str(path), "--lang", lang])
    assert r.exception is None or isinstance(r.exception, SystemExit), r.exception
    return r.exit_code, json.loads(r.stdout), r.stderr


@pytest.mark.parametrize(("name", "data", "vi", "en"), BROKEN, ids=[b[0] for b in BROKEN])
def test_a_broken_file_is_one_language_through_the_cli(
    tmp_path: Path, name: str, data: bytes, vi: str, en: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    for lang, reason in (("vi", vi), ("en", en)):
        code, out, err = _extract(path, lang)
        assert code != 0
        assert out["errors"] == [{"source": str(path), "reason": f"{path}: {reason}"}]
        assert f"{path}: {reason}" in err
    assert not VIETNAMESE.search(en)
    with pytest.raises(LoadError) as caught:
        load_document(path)
    assert str(caught.value) == f"{path}: {vi}"  # the Vietnamese, byte for byte


@pytest.mark.parametrize(("name", "data", "vi", "en"), WARNED, ids=[w[0] for w in WARNED])
def test_a_warning_is_stored_in_vietnamese_and_shown_in_the_users_language(
    tmp_path: Path, name: str, data: bytes, vi: str, en: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    [warning] = load_document(path).warnings
    assert warning == vi and isinstance(warning, Note)
    assert (in_lang(warning, "vi"), in_lang(warning, "en")) == (vi, en)
    assert not VIETNAMESE.search(en)
    for lang, text in (("vi", vi), ("en", en)):
        code, out, _err = _extract(path, lang)
        assert code == 0
        [doc] = out["documents"]  # type: ignore[misc]
        assert doc["warnings"] == [text]


def test_a_note_survives_pickling_and_plain_text_passes_through() -> None:
    note = Note("load.warn.utf16_invalid", offset=12)
    back = pickle.loads(pickle.dumps(note))
    assert (type(back), back, back.text("en")) == (
        Note,
        "byte 12: UTF-16 không hợp lệ, đã thay bằng U+FFFD",
        "byte 12: invalid UTF-16, replaced with U+FFFD",
    )
    assert in_lang("đã thay", "en") == "đã thay"  # a text that is not a Note stays as it is
