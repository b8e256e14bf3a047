"""Loader basics: the one exception (:class:`LoadError`), the size limits and the
separators of the produced text, sniffing of binary formats."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import regex

from parsers.messages import CATALOGUE, Msg, t

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
# --- formats of issue 13 (ocr.py, doc.py, html.py, sheets.py)
IMAGE_EXTENSIONS: tuple[str, ...] = (".png", ".jpg", ".jpeg", ".tif", ".tiff")
MORE_EXTENSIONS: tuple[str, ...] = (
    ".doc",
    ".rtf",
    ".odt",
    ".html",
    ".htm",
    ".xlsx",
    ".csv",
    ".tsv",
)
# --- end formats of issue 13
SUPPORTED_EXTENSIONS: tuple[str, ...] = (
    ".txt",
    ".md",
    ".docx",
    ".pdf",
    *MORE_EXTENSIONS,
    *IMAGE_EXTENSIONS,
)

# Characters extracted from one .docx or .pdf at most (their text can be far larger than the
# file: one PDF content stream shared by every page, a .docx of identical paragraphs).
# Counted while extracting. A text file's characters are bounded by DEFAULT_MAX_BYTES.
DEFAULT_MAX_CHARS = 20_000_000

# .docx (zip) limits, checked on the central directory before decompressing (``zipfile``
# never inflates a member past its declared size, so the declared sizes bound the reading).
DOCX_MAX_UNCOMPRESSED = 200 * 1024 * 1024
DOCX_MAX_XML = 128 * 1024 * 1024  # the XML parts' inflated size, whatever their ratio
# uncompressed / compressed, for non-XML members (media) above DOCX_RATIO_MIN_SIZE: XML of
# repeated paragraphs legitimately compresses far better than this
DOCX_MAX_RATIO = 100
DOCX_RATIO_MIN_SIZE = 1024 * 1024
DOCX_MAX_ENTRIES = 10_000

# A page with fewer letters/digits than this has no usable text layer.
PDF_MIN_PAGE_CHARS = 16

# Separators in the produced text.
TABLE_CELL_SEPARATOR = " | "
PDF_PAGE_SEPARATOR = "\n\f\n"
FOOTNOTE_RULE = "---"

_ENCODINGS_DIR = Path(__file__).resolve().parents[2] / "data" / "vocab" / "encodings"
_MAX_LISTED_OFFSETS = 10  # invalid-byte offsets named in the warning
_SCORE_SAMPLE_BYTES = 256 * 1024  # bytes scored to choose an 8-bit encoding
_UTF8_WINDOW = 4096


# --------------------------------------------------------------------------- errors

# The texts of the error codes: ``load.<code>`` in data/messages/errors.yaml (``{...}`` filled
# from the error's details).


# control characters (C0, DEL, C1) and bidirectional overrides: shown escaped, never raw
_UNPRINTABLE = regex.compile(r"[\p{Cc}\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: str, *, lines: bool = False) -> str:
    """``text`` safe to print on a terminal: control characters as ``\\xNN`` / ``\\uNNNN``
    escapes (with ``lines``, tabs and line breaks are kept). The one helper for every file
    name and extracted text we print."""

    def esc(m: regex.Match[str]) -> str:
        c = m.group()
        if lines and c in "\t\n\r":
            return c
        o = ord(c)
        return f"\\x{o:02x}" if o < 0x100 else f"\\u{o:04x}"

    return _UNPRINTABLE.sub(esc, text)


def _one_line(text: str, limit: int = 200) -> str:
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


class LoadError(Exception):
    """A file that cannot be loaded.

    ``code`` is a stable key for programs (``empty``, ``too_large``,
    ``no_text_layer`` ... see ``load.*`` in data/messages/errors.yaml); ``reason`` is the Vietnamese
    explanation and ``reason_en`` the English one. ``str(error)`` is one line,
    ``"<path>: <reason>"`` in Vietnamese; :meth:`message` picks the language.
    """

    def __init__(self, path: str | os.PathLike[str], code: str, **details: Any) -> None:
        self.path = str(path)
        self.code = code if f"load.{code}" in CATALOGUE else "internal"
        self.details = _render(details, "en")
        self.reason, self.reason_en = (
            _one_line(t(f"load.{self.code}", lang).format_map(_Defaults(_render(details, lang))))
            for lang in ("vi", "en")
        )
        super().__init__(self.message("vi"))

    def message(self, lang: str = "vi") -> str:
        """One line naming the file and the problem, in ``lang`` (``vi`` or ``en``)."""
        reason = self.reason_en if lang == "en" else self.reason
        return f"{_one_line(printable(self.path), 300)}: {reason}"

    def __str__(self) -> str:
        return self.message("vi")


class CharCap:
    """Characters extracted so far from one file, against ``limit`` (``None``: no limit)."""

    def __init__(self, path: str | os.PathLike[str], limit: int | None) -> None:
        self.path, self.limit, self.used = path, limit, 0

    def take(self, n: int) -> None:
        """Count ``n`` more characters; raise ``too_many_chars`` past the limit."""
        self.used += n
        if self.limit is not None and self.used > self.limit:
            raise LoadError(self.path, "too_many_chars", limit=self.limit)


def _render(details: dict[str, Any], lang: str) -> dict[str, str]:
    return {
        k: _one_line(printable(v.text(lang) if isinstance(v, Msg) else str(v)))
        for k, v in details.items()
    }


class _Defaults(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "?"


# --------------------------------------------------------------------------- sniffing

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "PDF"),
    (b"PK\x03\x04", "zip (.docx/.xlsx)"),
    (b"PK\x05\x06", "zip"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "Word/Excel 97-2003 (.doc/.xls)"),
    (b"{\\rtf", "RTF"),
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
    (b"\x7fELF", "ELF"),
    (b"\x1f\x8b", "gzip"),
    (b"7z\xbc\xaf\x27\x1c", "7z"),
    (b"Rar!\x1a\x07", "RAR"),
)


def _sniff(data: bytes) -> str | None:
    """The name of a well-known binary format whose magic number starts ``data``."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    return None


# Bytes allowed in text besides printable ones: \t \n \v \f \r and DOS EOF (0x1A).
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x1A), *range(0x1B, 0x20), 0x7F])
_NOT_CONTROL = bytes(b for b in range(256) if b not in _CONTROL_BYTES)
_MAX_CONTROL_RATIO = 0.01


def _check_not_binary_bytes(path: Path, data: bytes) -> None:
    if b"\x00" in data:
        raise LoadError(
            path,
            "binary",
            detail=Msg("load.binary.nul", {"offset": data.index(0)}),
        )
    controls = len(data.translate(None, _NOT_CONTROL))
    if controls and controls > _MAX_CONTROL_RATIO * len(data):
        raise LoadError(
            path,
            "binary",
            detail=Msg("load.binary.controls", {"n": controls}),
        )


_CONTROL_CHARS = regex.compile(r"[\x00-\x08\x0e-\x19\x1b-\x1f\x7f]")


def _check_not_binary_text(path: Path, text: str, *, utf16: bool = False) -> None:
    """Refuse decoded text made of control characters (or, for UTF-16, of CJK-range
    characters: what binary data read as UTF-16 looks like)."""
    controls = sum(1 for _ in _CONTROL_CHARS.finditer(text))
    odd = sum(1 for c in text if ord(c) >= 0x2E80) if utf16 else 0
    if controls > _MAX_CONTROL_RATIO * len(text) or odd > 0.2 * len(text):
        raise LoadError(
            path,
            "binary",
            detail=Msg("load.binary.decoded"),
        )
