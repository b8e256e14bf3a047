"""Stage 1: read a file into text.

Public verb: :func:`load_document`; helpers :func:`iter_sources` and
:class:`LoadError` (the only exception a bad file can produce).

Formats
-------
``.txt`` / ``.md``
    Encoding detection, in this order: byte-order marks (UTF-8, UTF-16 LE/BE);
    the magic numbers of other formats (a PDF, zip, image or executable saved
    as ``.txt`` is refused); BOM-less UTF-16 (NUL bytes on one parity); binary
    content (NUL or many control bytes) is refused; strict UTF-8, tolerating a
    few invalid bytes (replaced by U+FFFD, each offset named in a warning);
    otherwise the file is 8-bit and every candidate decoding (``cp1258``,
    ``tcvn3``, ``vni``) is scored by how many of its high-byte words are valid
    Vietnamese syllables (onset + rhyme + tone rules) or common words, and the
    best one wins. cp1258 text is NFC-composed (cp1258 writes tones as
    combining marks). The TCVN3 and VNI tables are ``data/vocab/encodings/*.tsv``.

    Markdown (``.md``): heading hashes, emphasis delimiters (``**b**``, ``*i*``,
    ``__b__``, ``_i_``, by the CommonMark flanking rules, so ``snake_case`` and
    ``2 * 3`` stay) and backslash escapes (``\\-``) are removed.
    Plain text (``.txt``): only *strong* emphasis ``**…**`` is removed, and only
    when both delimiters flank text like Markdown emphasis and pair up inside
    one paragraph (``**KT. CHỦ TỊCH\\nPHÓ CHỦ TỊCH**``); single ``*`` and ``_``
    are legitimate plain-text characters and are kept.

``.docx`` (python-docx)
    Headers of all sections first, then the body in document order (paragraphs
    and tables: cells joined by ``" | "``, a cell's paragraphs by a space, rows by
    newlines), then footers. A footnote reference in the body is rendered as
    ``[n]`` (n counts references in order); the footnote texts follow the body
    after a line ``---``, one per line as ``[n] text``. The zip central
    directory is checked before anything is decompressed (entry count, total
    uncompressed size, compression ratio); ``zipfile`` never inflates a member
    past its declared size, so the checked sizes bound the work. XML is parsed
    with entities unresolved, no DTD loading and no network.

``.pdf`` (pypdf)
    Text of every page, pages separated by a form feed line (``"\\n\\f\\n"``). Pages
    without a text layer (scans) are OCR'd (:mod:`parsers.load.ocr`, Tesseract ``vie``,
    cached by file hash); without Tesseract a scan is refused (``ocr_unavailable``,
    naming the packages). ``locations`` maps offsets to pages.

``.png`` / ``.jpg`` / ``.tif`` (OCR), ``.doc`` / ``.rtf`` / ``.odt`` (LibreOffice
headless, antiword; :mod:`parsers.load.doc`), ``.html`` / ``.htm`` (the body of a saved
portal page; :mod:`parsers.load.html`), ``.xlsx`` / ``.csv`` / ``.tsv`` (one line per
row, ``sheet!row`` in ``locations``; :mod:`parsers.load.sheets`).

Text is returned exactly as decoded (no NFC except for cp1258, line endings
kept): every offset of later stages points into it.
"""

from __future__ import annotations

import os
from pathlib import Path

from parsers.load.base import (
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_CHARS,
    DOCX_MAX_ENTRIES,
    DOCX_MAX_RATIO,
    DOCX_MAX_UNCOMPRESSED,
    DOCX_MAX_XML,
    DOCX_RATIO_MIN_SIZE,
    FOOTNOTE_RULE,
    IMAGE_EXTENSIONS,
    PDF_MIN_PAGE_CHARS,
    PDF_PAGE_SEPARATOR,
    SUPPORTED_EXTENSIONS,
    TABLE_CELL_SEPARATOR,
    CharCap,
    LoadError,
    printable,
)
from parsers.load.doc import OFFICE_EXTENSIONS, _load_office
from parsers.load.docx import _load_docx
from parsers.load.html import _load_html
from parsers.load.ocr import Progress, ocr_image, page_starts
from parsers.load.pdf import _load_pdf
from parsers.load.sheets import _load_csv, _load_xlsx
from parsers.load.text import (
    _DECODERS,
    decode_text,
    is_vietnamese_syllable,
    legacy_table,
    strip_markdown,
    strip_strong_emphasis,
)
from parsers.load.walk import iter_sources, walk_sources
from parsers.messages import Msg
from parsers.models import LoadedDocument

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_CHARS",
    "DOCX_MAX_ENTRIES",
    "DOCX_MAX_RATIO",
    "DOCX_MAX_UNCOMPRESSED",
    "DOCX_MAX_XML",
    "DOCX_RATIO_MIN_SIZE",
    "FOOTNOTE_RULE",
    "PDF_MIN_PAGE_CHARS",
    "PDF_PAGE_SEPARATOR",
    "SUPPORTED_EXTENSIONS",
    "TABLE_CELL_SEPARATOR",
    "_DECODERS",
    "LoadError",
    "Progress",
    "decode_text",
    "is_vietnamese_syllable",
    "iter_sources",
    "legacy_table",
    "load_document",
    "printable",
    "strip_markdown",
    "strip_strong_emphasis",
    "walk_sources",
]


# --------------------------------------------------------------------------- entry point


def load_document(
    path: str | os.PathLike[str],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: Progress | None = None,
    max_chars: int | None = DEFAULT_MAX_CHARS,
) -> LoadedDocument:
    """Read ``path`` (any of :data:`SUPPORTED_EXTENSIONS`) into text; ``progress(done,
    total)`` is called after every OCR'd page.

    Raises :class:`LoadError`, and nothing else, for any file that cannot be
    read: missing, empty, larger than ``max_bytes``, unsupported extension,
    content that does not match the extension, binary data, broken or hostile
    archives, PDFs without a text layer, more than ``max_chars`` characters extracted from
    a .docx or .pdf (counted while extracting).
    """
    p = Path(path)
    try:
        return _load(p, max_bytes, CharCap(p, max_chars), progress)
    except (LoadError, MemoryError):  # MemoryError: the worker's budget (graph.pool)
        raise
    except Exception as exc:  # last resort: a bad file must never produce a traceback
        raise LoadError(p, "internal", detail=f"{type(exc).__name__}: {exc}") from exc


def _load(
    path: Path, max_bytes: int, cap: CharCap, progress: Progress | None = None
) -> LoadedDocument:
    ext = path.suffix.lower()
    if ext not in SUPPORTED_EXTENSIONS:
        raise LoadError(
            path,
            "unsupported",
            ext=ext or Msg("load.detail.none"),
            supported=", ".join(SUPPORTED_EXTENSIONS),
        )
    data = _read_bytes(path, max_bytes)
    source = str(path)
    if ext == ".docx":
        text, warns = _load_docx(path, data, cap)
        return LoadedDocument(source, text, "docx", "docx", tuple(warns))
    if ext == ".pdf":
        text, warns, ocr = _load_pdf(path, data, cap, progress=progress)
        pages = _pages(text)
        return LoadedDocument(source, text, "pdf", "ocr" if ocr else "pdf", tuple(warns), pages)
    # --- formats of issue 13 (parsers.load.ocr, doc, html, sheets)
    if ext in IMAGE_EXTENSIONS:
        text = PDF_PAGE_SEPARATOR.join(ocr_image(path, data, progress=progress))
        if not any(c.isalnum() for c in text):
            raise LoadError(path, "ocr_failed", detail=Msg("load.detail.no_text_on_image"))
        return LoadedDocument(source, text, "image", "ocr", (), _pages(text))
    if ext in OFFICE_EXTENSIONS:
        text, warns = _load_office(path, data)
        return LoadedDocument(source, text, ext[1:], "office", tuple(warns))
    if ext in (".html", ".htm"):
        text, warns = _load_html(path, data)
        return LoadedDocument(source, text, "html", "html", tuple(warns))
    if ext == ".xlsx":
        text, warns, locs = _load_xlsx(path, data)
        return LoadedDocument(source, text, "xlsx", "xlsx", tuple(warns), locs)
    if ext in (".csv", ".tsv"):
        text, warns, encoding, locs = _load_csv(path, data)
        return LoadedDocument(source, text, ext[1:], encoding, tuple(warns), locs)
    # --- end formats of issue 13
    text, encoding, warns = decode_text(path, data)
    if ext == ".md":
        text = strip_markdown(text)
        fmt = "md"
    else:
        text = strip_strong_emphasis(text)
        fmt = "txt"
    return LoadedDocument(source, text, fmt, encoding, tuple(warns))


def _pages(text: str) -> tuple[tuple[int, str], ...]:
    return tuple(
        (at, f"trang {n}") for n, at in enumerate(page_starts(text, PDF_PAGE_SEPARATOR), 1)
    )


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    try:
        st = path.stat()
    except FileNotFoundError:
        raise LoadError(path, "not_found") from None
    except OSError as exc:
        raise LoadError(path, "unreadable", detail=exc.strerror or exc) from None
    if not path.is_file():
        raise LoadError(path, "not_a_file")
    if st.st_size > max_bytes:
        raise LoadError(path, "too_large", size=st.st_size, limit=max_bytes)
    try:
        with path.open("rb") as fh:
            # a buffer of the file's size, not of max_bytes (reading more only if it grew)
            data = fh.read(st.st_size + 1)
            if len(data) > st.st_size:
                data += fh.read(max_bytes + 1 - len(data))
    except OSError as exc:
        raise LoadError(path, "unreadable", detail=exc.strerror or exc) from None
    if len(data) > max_bytes:  # grew since stat
        raise LoadError(path, "too_large", size=len(data), limit=max_bytes)
    if not data:
        raise LoadError(path, "empty")
    return data
