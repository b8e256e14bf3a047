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
    Text of every page, pages separated by a form feed line (``"\\n\\f\\n"``). A
    PDF without a text layer (scanned images) is refused: run OCR first.

Text is returned exactly as decoded (no NFC except for cp1258, line endings
kept): every offset of later stages points into it.
"""

from __future__ import annotations

import codecs
import io
import os
import unicodedata
import warnings
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import Any

import regex

from parsers.models import LoadedDocument

__all__ = [
    "DEFAULT_MAX_BYTES",
    "SUPPORTED_EXTENSIONS",
    "LoadError",
    "iter_sources",
    "legacy_table",
    "load_document",
]

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
SUPPORTED_EXTENSIONS: tuple[str, ...] = (".txt", ".md", ".docx", ".pdf")

# .docx (zip) limits, checked on the central directory before decompressing.
DOCX_MAX_UNCOMPRESSED = 200 * 1024 * 1024
DOCX_MAX_RATIO = 100  # uncompressed / compressed, for members above DOCX_RATIO_MIN_SIZE
DOCX_RATIO_MIN_SIZE = 1024 * 1024
DOCX_MAX_ENTRIES = 10_000

# A page with fewer letters/digits than this has no usable text layer.
PDF_MIN_PAGE_CHARS = 16

# Separators in the produced text.
TABLE_CELL_SEPARATOR = " | "
PDF_PAGE_SEPARATOR = "\n\f\n"
FOOTNOTE_RULE = "---"

_ENCODINGS_DIR = Path(__file__).resolve().parent.parent / "data" / "vocab" / "encodings"
_MAX_LISTED_OFFSETS = 10  # invalid-byte offsets named in the warning
_SCORE_SAMPLE_BYTES = 256 * 1024  # bytes scored to choose an 8-bit encoding
_UTF8_WINDOW = 4096


# --------------------------------------------------------------------------- errors

_MESSAGES: dict[str, tuple[str, str]] = {
    # code: (Vietnamese, English); ``{...}`` filled from the error's details.
    "not_found": ("không tìm thấy tệp", "file not found"),
    "not_a_file": ("không phải là tệp thường", "not a regular file"),
    "unreadable": ("không đọc được tệp: {detail}", "cannot read the file: {detail}"),
    "unsupported": (
        "định dạng {ext} không được hỗ trợ (hỗ trợ: {supported})",
        "unsupported format {ext} (supported: {supported})",
    ),
    "empty": ("tệp rỗng", "empty file"),
    "too_large": (
        "tệp quá lớn: {size} byte, giới hạn {limit} byte",
        "file too large: {size} bytes, limit {limit} bytes",
    ),
    "wrong_content": (
        "nội dung không khớp phần mở rộng {ext}: tệp trông như {kind}",
        "content does not match the {ext} extension: the file looks like {kind}",
    ),
    "binary": (
        "nội dung nhị phân, không phải văn bản ({detail_vi})",
        "binary content, not text ({detail})",
    ),
    "invalid_docx": (
        "không phải tệp .docx hợp lệ ({detail})",
        "not a valid .docx file ({detail})",
    ),
    "zip_bomb": (
        "tệp .docx bị từ chối, nghi là bom zip: {detail}",
        "refused .docx, suspected zip bomb: {detail}",
    ),
    "invalid_pdf": ("không phải tệp PDF hợp lệ ({detail})", "not a valid PDF file ({detail})"),
    "encrypted_pdf": ("PDF được bảo vệ bằng mật khẩu", "the PDF is password-protected"),
    "no_text_layer": (
        "không có lớp văn bản: cần chạy OCR trước",
        "no text layer: run OCR first",
    ),
    "internal": (
        "lỗi không mong đợi khi đọc tệp: {detail}",
        "unexpected error while reading the file: {detail}",
    ),
}


def _one_line(text: str, limit: int = 200) -> str:
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


class LoadError(Exception):
    """A file that cannot be loaded.

    ``code`` is a stable key for programs (``empty``, ``too_large``,
    ``no_text_layer`` ... see ``_MESSAGES``); ``reason`` is the Vietnamese
    explanation and ``reason_en`` the English one. ``str(error)`` is one line,
    ``"<path>: <reason>"`` in Vietnamese; :meth:`message` picks the language.
    """

    def __init__(self, path: str | os.PathLike[str], code: str, **details: Any) -> None:
        self.path = str(path)
        self.code = code if code in _MESSAGES else "internal"
        self.details = {k: _one_line(str(v)) for k, v in details.items()}
        self.details.setdefault("detail_vi", self.details.get("detail", ""))
        vi, en = _MESSAGES[self.code]
        self.reason = _one_line(vi.format_map(_Defaults(self.details)))
        self.reason_en = _one_line(en.format_map(_Defaults(self.details)))
        super().__init__(self.message("vi"))

    def message(self, lang: str = "vi") -> str:
        """One line naming the file and the problem, in ``lang`` (``vi`` or ``en``)."""
        reason = self.reason_en if lang == "en" else self.reason
        return f"{_one_line(self.path, 300)}: {reason}"

    def __str__(self) -> str:
        return self.message("vi")


class _Defaults(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "?"


# --------------------------------------------------------------------------- sources


def iter_sources(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path]:
    """Files to load from ``paths``, each at most once.

    A file argument is yielded as given (whatever its extension: loading it
    then reports an unsupported format); a folder is walked recursively and
    yields only files with a supported extension, sorted by their path inside
    the folder. Hidden files and folders (name starting with ``.``) and Word
    lock files (``~$…``) are skipped; symbolic links to folders are not
    followed. A path that does not exist is yielded so that loading it reports
    the error in the usual way.
    """
    seen: set[Path] = set()
    for raw in paths:
        root = Path(raw)
        if root.is_dir():
            found: list[Path] = []
            for dirpath, dirnames, filenames in os.walk(root):
                dirnames[:] = [d for d in dirnames if not _hidden(d)]
                for name in filenames:
                    if not _hidden(name) and Path(name).suffix.lower() in SUPPORTED_EXTENSIONS:
                        found.append(Path(dirpath) / name)
            found.sort(key=lambda p: p.relative_to(root).parts)
        else:
            found = [root]
        for path in found:
            key = path.resolve() if path.exists() else path
            if key not in seen:
                seen.add(key)
                yield path


def _hidden(name: str) -> bool:
    return name.startswith((".", "~$"))


# --------------------------------------------------------------------------- entry point


def load_document(
    path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES
) -> LoadedDocument:
    """Read ``path`` (``.txt``, ``.md``, ``.docx`` or ``.pdf``) into text.

    Raises :class:`LoadError`, and nothing else, for any file that cannot be
    read: missing, empty, larger than ``max_bytes``, unsupported extension,
    content that does not match the extension, binary data, broken or hostile
    archives, PDFs without a text layer.
    """
    p = Path(path)
    try:
        return _load(p, max_bytes)
    except LoadError:
        raise
    except Exception as exc:  # last resort: a bad file must never produce a traceback
        raise LoadError(p, "internal", detail=f"{type(exc).__name__}: {exc}") from exc


def _load(path: Path, max_bytes: int) -> LoadedDocument:
    ext = path.suffix.lower()
    if ext not in SUPPORTED_EXTENSIONS:
        raise LoadError(
            path, "unsupported", ext=ext or "(không có)", supported=", ".join(SUPPORTED_EXTENSIONS)
        )
    data = _read_bytes(path, max_bytes)
    source = str(path)
    if ext == ".docx":
        text, warns = _load_docx(path, data)
        return LoadedDocument(source, text, "docx", "docx", tuple(warns))
    if ext == ".pdf":
        text, warns = _load_pdf(path, data)
        return LoadedDocument(source, text, "pdf", "pdf", tuple(warns))
    text, encoding, warns = decode_text(path, data)
    if ext == ".md":
        text = strip_markdown(text)
        fmt = "md"
    else:
        text = strip_strong_emphasis(text)
        fmt = "txt"
    return LoadedDocument(source, text, fmt, encoding, tuple(warns))


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
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        raise LoadError(path, "unreadable", detail=exc.strerror or exc) from None
    if len(data) > max_bytes:  # grew since stat
        raise LoadError(path, "too_large", size=len(data), limit=max_bytes)
    if not data:
        raise LoadError(path, "empty")
    return data


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
            detail=f"NUL byte at offset {data.index(0)}",
            detail_vi=f"byte NUL ở vị trí {data.index(0)}",
        )
    controls = len(data.translate(None, _NOT_CONTROL))
    if controls and controls > _MAX_CONTROL_RATIO * len(data):
        raise LoadError(
            path,
            "binary",
            detail=f"{controls} control bytes",
            detail_vi=f"{controls} byte điều khiển",
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
            detail="decoded text is mostly control or unrelated characters",
            detail_vi="văn bản giải mã toàn ký tự điều khiển hoặc lạ",
        )


# --------------------------------------------------------------------------- decoding


def decode_text(path: Path, data: bytes) -> tuple[str, str, list[str]]:
    """Decode the bytes of a text file: ``(text, encoding, warnings)``."""
    ext = path.suffix.lower() or ".txt"
    if data.startswith(codecs.BOM_UTF8):
        _check_not_binary_bytes(path, data[3:])
        text, warns = _decode_utf8(data[3:], offset=3)
        return text, "utf-8-sig", warns
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        enc = "utf-16-le" if data.startswith(codecs.BOM_UTF16_LE) else "utf-16-be"
        return _decode_utf16(path, data[2:], enc, [])
    kind = _sniff(data)
    if kind:
        raise LoadError(path, "wrong_content", ext=ext, kind=kind)
    guessed = _guess_bomless_utf16(data)
    if guessed:
        endian = "LE" if guessed == "utf-16-le" else "BE"
        return _decode_utf16(
            path, data, guessed, [f"không có BOM; đoán là UTF-16 {endian} (byte NUL xen kẽ)"]
        )
    _check_not_binary_bytes(path, data)
    utf8 = _try_utf8(data)
    if utf8 is not None:
        text, warns = utf8
        return text, "utf-8", warns
    text, encoding, warns = _decode_8bit(data)
    _check_not_binary_text(path, text)
    return text, encoding, warns


def _decode_utf16(
    path: Path, data: bytes, enc: str, warns: list[str]
) -> tuple[str, str, list[str]]:
    if len(data) % 2:
        warns.append("UTF-16 có số byte lẻ; byte cuối bị bỏ")
        data = data[:-1]
    try:
        text = data.decode(enc)
    except UnicodeDecodeError as exc:
        text = data.decode(enc, errors="replace")
        warns.append(f"byte {exc.start}: UTF-16 không hợp lệ, đã thay bằng U+FFFD")
    _check_not_binary_text(path, text, utf16=True)
    return text, "utf-16", warns


def _guess_bomless_utf16(data: bytes) -> str | None:
    """``utf-16-le``/``-be`` when NUL bytes sit on one parity only (ASCII in UTF-16)."""
    sample = data[:8192]
    if len(sample) < 4 or len(data) % 2:
        return None
    half = len(sample) // 2
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    if odd >= 0.3 * half and even <= 0.02 * half:
        return "utf-16-le"
    if even >= 0.3 * half and odd <= 0.02 * half:
        return "utf-16-be"
    return None


def _decode_utf8(data: bytes, offset: int = 0) -> tuple[str, list[str]]:
    """Decode UTF-8, replacing invalid sequences; warn with their byte offsets."""
    text, bad = _utf8_with_errors(data, limit=None)
    return text, _invalid_utf8_warnings(bad, data, offset)


def _try_utf8(data: bytes) -> tuple[str, list[str]] | None:
    """UTF-8 text, possibly with a few invalid bytes; ``None`` when it is not UTF-8."""
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    text, bad = _utf8_with_errors(data, limit=10_000)
    if bad is None:
        return None
    valid_multibyte = len(text) - len(text.encode("ascii", "ignore")) - len(bad)
    if valid_multibyte < 4 * len(bad):
        return None  # mostly invalid: an 8-bit encoding
    return text, _invalid_utf8_warnings(bad, data, 0)


def _utf8_with_errors(data: bytes, limit: int | None) -> tuple[str, list[int] | None]:
    """Decode with U+FFFD for each invalid sequence; offsets of those sequences.

    Linear: decodes windows of ``_UTF8_WINDOW`` bytes (an exception copies its
    input, so errors must never be raised on the whole rest of a large file).
    Returns ``("", None)`` when more than ``limit`` errors are found.
    """
    view = memoryview(data)
    size = len(data)
    parts: list[str] = []
    bad: list[int] = []
    pos = 0
    while pos < size:
        stop = min(size, pos + _UTF8_WINDOW)
        final = stop == size
        try:
            decoded, consumed = codecs.utf_8_decode(view[pos:stop], "strict", final)
            parts.append(decoded)
            pos += consumed
            if not consumed and not final:  # an incomplete sequence: widen the window
                decoded, consumed = codecs.utf_8_decode(view[pos : pos + 8], "strict", False)
                parts.append(decoded)
                pos += max(consumed, 1)
        except UnicodeDecodeError as exc:
            parts.append(codecs.utf_8_decode(view[pos : pos + exc.start], "strict", True)[0])
            bad.append(pos + exc.start)
            parts.append("\ufffd")
            pos += max(exc.end, exc.start + 1)
            if limit is not None and len(bad) > limit:
                return "", None
    return "".join(parts), bad


def _invalid_utf8_warnings(bad: list[int] | None, data: bytes, offset: int) -> list[str]:
    if not bad:
        return []
    listed = ", ".join(f"{o + offset} (0x{data[o]:02X})" for o in bad[:_MAX_LISTED_OFFSETS])
    more = (
        f" và {len(bad) - _MAX_LISTED_OFFSETS} vị trí khác"
        if len(bad) > _MAX_LISTED_OFFSETS
        else ""
    )
    return [f"byte UTF-8 không hợp lệ ở vị trí {listed}{more}; đã thay bằng U+FFFD, giữ nội dung"]


# ----------------------------------------------------------------- legacy 8-bit encodings


def _cp1252_char(b: int) -> str:
    try:
        return bytes([b]).decode("cp1252")
    except UnicodeDecodeError:
        return "\ufffd"


@cache
def legacy_table(name: str) -> Mapping[bytes, str]:
    """The byte-sequence → character table of a legacy font encoding (``tcvn3``, ``vni``).

    Read once from ``data/vocab/encodings/{name}.tsv``. Bytes not in the table
    are Windows-1252.
    """
    table: dict[bytes, str] = {}
    path = _ENCODINGS_DIR / f"{name}.tsv"
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        hexes, char = line.split("\t")[:2]
        table[bytes(int(h, 16) for h in hexes.split())] = char
    return table


@cache
def _charmap(name: str) -> str:
    """A 256-character decoding table for ``codecs.charmap_decode``."""
    singles = {k[0]: v for k, v in legacy_table(name).items() if len(k) == 1} if name else {}
    return "".join(singles.get(b, _cp1252_char(b)) for b in range(256))


@cache
def _vni_charmap() -> dict[int, str]:
    """VNI as a byte → string map for ``codecs.charmap_decode``, then NFC.

    VNI writes a toned vowel as its base letter followed by a mark byte, so
    each mark byte is mapped to the combining marks it adds (derived from the
    two-byte entries of the table and checked for consistency: ``a`` + E1 = ấ
    gives E1 → U+0302 U+0301) and NFC composes them with the preceding letter.
    This is one pass in C, equivalent to a longest-match scan of the table.
    """
    mapping = {b: ch for b, ch in enumerate(_charmap(""))}
    table = legacy_table("vni")
    for seq, char in table.items():
        if len(seq) == 1:
            mapping[seq[0]] = char
    marks: dict[int, str] = {}
    for seq, char in table.items():
        if len(seq) != 2:
            continue
        base = unicodedata.normalize("NFD", mapping[seq[0]])
        full = unicodedata.normalize("NFD", char)
        mark = full[len(base) :]
        if not full.startswith(base) or marks.setdefault(seq[1], mark) != mark:
            raise ValueError(f"inconsistent VNI table entry {seq.hex(' ')}")
    mapping.update(marks)
    return mapping


def _decode_tcvn3(data: bytes) -> str:
    return codecs.charmap_decode(data, "strict", _charmap("tcvn3"))[0]


def _decode_vni(data: bytes) -> str:
    text = codecs.charmap_decode(data, "strict", _vni_charmap())[0]
    return unicodedata.normalize("NFC", text)


def _decode_cp1258(data: bytes) -> str:
    return unicodedata.normalize("NFC", data.decode("cp1258", errors="replace"))


_DECODERS: dict[str, Callable[[bytes], str]] = {
    "cp1258": _decode_cp1258,
    "tcvn3": _decode_tcvn3,
    "vni": _decode_vni,
}


def _decode_8bit(data: bytes) -> tuple[str, str, list[str]]:
    """Choose the legacy encoding whose decoding reads most like Vietnamese."""
    tokens = _high_byte_tokens(data[:_SCORE_SAMPLE_BYTES])
    scores = {name: _score(tokens, dec) for name, dec in _DECODERS.items()}
    best = max(scores, key=lambda n: (scores[n], -list(_DECODERS).index(n)))
    warns: list[str] = []
    if tokens and scores[best] < 0.5 * len(tokens):
        warns.append(
            f"không chắc chắn về bảng mã: chọn {best}, chỉ {scores[best]:.0f}/{len(tokens)} "
            "từ có dấu là âm tiết tiếng Việt hợp lệ"
        )
    text = _DECODERS[best](data)
    if "\ufffd" in text:
        warns.append(f"có byte không xác định trong bảng mã {best}; đã thay bằng U+FFFD")
    return text, best, warns


_TOKEN_EDGE = b"\"'()[]{}<>.,;:!?-_/\\|*#%&+=@`~^$0123456789"


def _high_byte_tokens(sample: bytes) -> list[bytes]:
    """Whitespace-separated words of ``sample`` that contain a byte >= 0x80."""
    out = []
    for tok in sample.split():
        tok = tok.strip(_TOKEN_EDGE)
        if tok and max(tok) >= 0x80:
            out.append(tok)
    return out


def _score(tokens: list[bytes], decode: Callable[[bytes], str]) -> float:
    score = 0.0
    for tok in tokens:
        word = unicodedata.normalize("NFC", decode(tok)).lower()
        if is_vietnamese_syllable(word):
            score += 1.0
            if word in _COMMON_WORDS:
                score += 0.5
    return score


# --------------------------------------------------------------------------- syllables

_ONSETS = (
    "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr",
    "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "",
)  # fmt: skip
# Rhymes (vần) without tone, as written after the onset.
_RHYMES_TEXT = """
    a ac ach ai am an ang anh ao ap at au ay
    ăc ăm ăn ăng ăp ăt âc âm ân âng âp ât âu ây
    e ec em en eng eo ep et ê êch êm ên ênh êp êt êu
    i ia ich im in inh ip it iu iêc iêm iên iêng iêp iêt iêu
    o oc oi om on ong op ot oa oac oach oai oam oan oang oanh oao oap oat oay
    oăc oăm oăn oăng oăt oe oen oeo oet oong ooc
    ô ôc ôi ôm ôn ông ôp ôt ơ ơi ơm ơn ơp ơt
    u ua uc ui um un ung up ut uâc uân uâng uât uây uê uêch uênh uơ uy uya uych uyên
    uyêt uynh uyt uyu uôc uôi uôm uôn uông uôt
    ư ưa ưc ưi ưm ưn ưng ưt ưu ươc ươi ươm ươn ương ươp ươt ươu
    y yêm yên yêng yêt yêu
"""
_RHYMES = frozenset(_RHYMES_TEXT.split())
_TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_STOP_TONES = {"\u0301", "\u0323"}  # a rhyme ending in c, ch, p, t takes sắc or nặng only
_COMMON_WORDS_TEXT = """
    của và các được trong có những là cho với người năm theo thực hiện việc về đã này
    tỉnh nhân dân quyết định số ngày tháng hành chính kế hoạch nghị phủ công tác cải cách
    đơn vị cơ quan nhà nước trên địa bàn chỉ đạo triển khai thủ tục quản lý một không
"""
_COMMON_WORDS = frozenset(_COMMON_WORDS_TEXT.split())


def is_vietnamese_syllable(word: str) -> bool:
    """Whether ``word`` (lower case, NFC) is a well-formed Vietnamese syllable."""
    decomposed = unicodedata.normalize("NFD", word)
    tones = [c for c in decomposed if c in _TONE_MARKS]
    if len(tones) > 1:
        return False
    base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONE_MARKS))
    for onset in _ONSETS:
        if not base.startswith(onset):
            continue
        rhyme = base[len(onset) :]
        if rhyme in _RHYMES or (onset == "gi" and rhyme in ("", "n", "ng", "m", "p", "t", "c")):
            if rhyme.endswith(("c", "ch", "p", "t")) and (not tones or tones[0] not in _STOP_TONES):
                continue
            return True
    return False


# --------------------------------------------------------------------------- markdown

# A delimiter run of * or _, or a backslash escape of ASCII punctuation.
_MD_TOKEN = regex.compile(r"\\[!-/:-@\[-`{-~]|\*+|_+")
_TXT_TOKEN = regex.compile(r"(?<!\*)\*\*(?!\*)")  # plain text: exactly "**"
_MD_HEADING = regex.compile(
    r"^[ ]{0,3}#{1,6}(?:[ \t]+|(?=\r?$))(.*?)(?:[ \t]+#+)?[ \t]*(?=\r?$)", regex.M
)
_BLANK_LINE = regex.compile(r"\n[ \t\r]*\n")


_SPACE, _PUNCT, _OTHER = 0, 1, 2


@cache
def _char_kind(ch: str) -> int:
    """Flanking class of a neighbour: whitespace (or text edge), punctuation, other."""
    if ch == "" or ch.isspace():
        return _SPACE
    return _PUNCT if unicodedata.category(ch)[0] in "PS" else _OTHER


def _strip_emphasis(text: str, *, markdown: bool) -> str:
    """Remove paired emphasis delimiters (CommonMark flanking rules), linear time.

    ``markdown=False`` (plain text): only ``**`` runs are considered and
    backslashes are kept.
    """
    # open runs: char -> stack of [start, length_left]
    stacks: dict[str, list[list[int]]] = {"*": [], "_": []}
    paragraph_breaks = [m.start() for m in _BLANK_LINE.finditer(text)]
    next_break = 0
    size = len(text)
    spans: list[tuple[int, int, str]] = []  # (start, end, replacement) edits
    for m in (_MD_TOKEN if markdown else _TXT_TOKEN).finditer(text):
        start, end, tok = m.start(), m.end(), m.group()
        while next_break < len(paragraph_breaks) and paragraph_breaks[next_break] < start:
            next_break += 1
            stacks = {"*": [], "_": []}
        if tok[0] == "\\":
            if markdown:
                spans.append((start, start + 1, ""))
            continue
        ch = tok[0]
        if not markdown and (ch != "*" or len(tok) != 2):
            continue
        before = _char_kind(text[start - 1] if start else "")
        after = _char_kind(text[end] if end < size else "")
        left = after != _SPACE and (after == _OTHER or before != _OTHER)
        right = before != _SPACE and (before == _OTHER or after != _OTHER)
        if ch == "_":
            can_open = left and (not right or before == _PUNCT)
            can_close = right and (not left or after == _PUNCT)
        else:
            can_open, can_close = left, right
        remaining = len(tok)
        if can_close:
            stack = stacks[ch]
            while remaining and stack:
                opener = stack[-1]
                used = min(remaining, opener[1], 2)
                # the inner-most delimiters pair up: opener's right end, closer's left end
                spans.append((opener[0] + opener[1] - used, opener[0] + opener[1], ""))
                spans.append((end - remaining, end - remaining + used, ""))
                opener[1] -= used
                remaining -= used
                if not opener[1]:
                    stack.pop()
        if remaining and can_open:
            stacks[ch].append([start, remaining])
    if not spans:
        return text
    spans.sort()
    out: list[str] = []
    pos = 0
    for s, e, rep in spans:
        if s < pos:
            continue
        out.append(text[pos:s])
        out.append(rep)
        pos = e
    out.append(text[pos:])
    return "".join(out)


def strip_markdown(text: str) -> str:
    """Markdown source to plain text: heading hashes, emphasis, backslash escapes."""
    text = _MD_HEADING.sub(lambda m: m.group(1), text)
    return _strip_emphasis(text, markdown=True)


def strip_strong_emphasis(text: str) -> str:
    """Remove Markdown ``**strong**`` delimiters left in plain text (see module doc)."""
    if "**" not in text:
        return text
    return _strip_emphasis(text, markdown=False)


# --------------------------------------------------------------------------- docx

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_RT_FOOTNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"


def _check_zip(path: Path, data: bytes) -> list[str]:
    """Check the central directory of a .docx; warnings for DTDs found in its XML."""
    if not data.startswith(b"PK\x03\x04"):
        kind = _sniff(data)
        raise LoadError(
            path, "invalid_docx", detail=f"nội dung là {kind}" if kind else "không phải tệp zip"
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            if len(infos) > DOCX_MAX_ENTRIES:
                raise LoadError(path, "zip_bomb", detail=f"{len(infos)} entries")
            total = sum(i.file_size for i in infos)
            if total > DOCX_MAX_UNCOMPRESSED:
                raise LoadError(
                    path,
                    "zip_bomb",
                    detail=f"{total} bytes uncompressed, limit {DOCX_MAX_UNCOMPRESSED}",
                )
            for info in infos:
                if info.file_size > DOCX_RATIO_MIN_SIZE and (
                    info.compress_size == 0 or info.file_size / info.compress_size > DOCX_MAX_RATIO
                ):
                    raise LoadError(
                        path,
                        "zip_bomb",
                        detail=f"{info.filename}: {info.file_size} bytes from "
                        f"{info.compress_size} (ratio limit {DOCX_MAX_RATIO})",
                    )
            names = {i.filename for i in infos}
            if "word/document.xml" not in names:
                raise LoadError(path, "invalid_docx", detail="thiếu word/document.xml")
            warns = []
            for name in sorted(names):
                if name.startswith("word/") and name.endswith(".xml"):
                    head = zf.read(name)
                    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                        warns.append(f"{name} có khai báo DTD/thực thể; bỏ qua, không mở rộng")
            return warns
    except LoadError:
        raise
    except Exception as exc:
        raise LoadError(path, "invalid_docx", detail=f"{type(exc).__name__}: {exc}") from None


def _safe_xml(blob: bytes) -> Any:
    from lxml import etree

    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False,
        dtd_validation=False, remove_comments=True, remove_pis=True,
    )  # fmt: skip
    return etree.fromstring(blob, parser=parser)


class _Notes:
    """Footnote numbering: ``[n]`` in order of the first reference in the text."""

    def __init__(self, texts: dict[str, str]) -> None:
        self.texts = texts
        self.numbers: dict[str, int] = {}

    def mark(self, note_id: str) -> str:
        if note_id not in self.numbers:
            self.numbers[note_id] = len(self.numbers) + 1
        return f"[{self.numbers[note_id]}]"

    def section(self) -> list[str]:
        for note_id in self.texts:  # unreferenced notes still count
            self.mark(note_id)
        lines = [
            f"[{n}] {self.texts[i]}"
            for i, n in sorted(self.numbers.items(), key=lambda kv: kv[1])
            if i in self.texts
        ]
        return [FOOTNOTE_RULE, *lines] if lines else []


def _paragraph_text(p: Any, notes: _Notes | None) -> str:
    parts: list[str] = []
    stack = [iter(p)]
    while stack:
        el = next(stack[-1], None)
        if el is None:
            stack.pop()
            continue
        tag = el.tag
        if not isinstance(tag, str) or tag in (_MC_FALLBACK, _W + "pPr", _W + "rPr"):
            continue  # comments, entity references, alternate copies, formatting
        if tag == _W + "t":
            parts.append(el.text or "")
        elif tag == _W + "tab":
            parts.append("\t")
        elif tag in (_W + "br", _W + "cr"):
            parts.append("\n")
        elif tag == _W + "noBreakHyphen":
            parts.append("-")
        elif tag == _W + "footnoteReference" and notes is not None:
            parts.append(notes.mark(el.get(_W + "id", "?")))
        else:
            stack.append(iter(el))
    return "".join(parts)


def _block_lines(container: Any, notes: _Notes | None) -> list[str]:
    """Lines of the paragraphs and tables directly in ``container``, in order."""
    lines: list[str] = []
    for child in container:
        tag = child.tag
        if tag == _W + "p":
            lines.append(_paragraph_text(child, notes))
        elif tag == _W + "tbl":
            lines.extend(_table_lines(child, notes))
        elif tag in (_W + "sdt", _W + "customXml"):
            content = child.find(_W + "sdtContent") if tag == _W + "sdt" else child
            if content is not None:
                lines.extend(_block_lines(content, notes))
    return lines


def _table_lines(tbl: Any, notes: _Notes | None) -> list[str]:
    lines = []
    for tr in tbl.iter(_W + "tr"):
        if tr.getparent() is not tbl and tr.getparent().getparent() is not tbl:
            continue  # a nested table's row: part of its cell's text
        cells = []
        for tc in tr.iter(_W + "tc"):
            if tc.getparent() is not tr and tc.getparent().getparent() is not tr:
                continue
            cells.append(" ".join(t for t in _block_lines(tc, notes) if t.strip()))
        if any(c.strip() for c in cells):
            lines.append(TABLE_CELL_SEPARATOR.join(cells))
    return lines


def _footnote_texts(blob: bytes) -> dict[str, str]:
    root = _safe_xml(blob)
    texts: dict[str, str] = {}
    for fn in root.iter(_W + "footnote"):
        if fn.get(_W + "type") in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        text = " ".join(t.strip() for t in _block_lines(fn, None) if t.strip())
        texts[fn.get(_W + "id", str(len(texts) + 1))] = text
    return texts


def _load_docx(path: Path, data: bytes) -> tuple[str, list[str]]:
    warns = _check_zip(path, data)
    try:
        import docx

        document = docx.Document(io.BytesIO(data))
    except Exception as exc:
        raise LoadError(path, "invalid_docx", detail=f"{type(exc).__name__}: {exc}") from None

    notes = _Notes({})
    for rel in document.part.rels.values():
        if rel.reltype == _RT_FOOTNOTES and not rel.is_external:
            try:
                notes.texts = _footnote_texts(rel.target_part.blob)
            except Exception as exc:
                warns.append(f"không đọc được chú thích (footnotes.xml): {_one_line(str(exc))}")

    headers: list[str] = []
    footers: list[str] = []
    seen_parts: set[int] = set()
    for section in document.sections:
        for kind, hf in (
            (headers, section.first_page_header), (headers, section.header),
            (headers, section.even_page_header), (footers, section.first_page_footer),
            (footers, section.footer), (footers, section.even_page_footer),
        ):  # fmt: skip
            if hf.is_linked_to_previous:
                continue
            part = hf.part
            if id(part) in seen_parts:
                continue
            seen_parts.add(id(part))
            for line in _block_lines(part.element, notes):
                if line.strip() and line not in kind:
                    kind.append(line)

    body = _block_lines(document.element.body, notes)
    lines = [*headers, *body, *footers, *notes.section()]
    text = "\n".join(lines)
    if not text.strip():
        warns.append("tệp .docx không có chữ")
    return text, warns


# --------------------------------------------------------------------------- pdf


def _load_pdf(path: Path, data: bytes) -> tuple[str, list[str]]:
    head = data[:1024]
    if b"%PDF-" not in head:
        kind = _sniff(data)
        raise LoadError(
            path, "invalid_pdf", detail=f"nội dung là {kind}" if kind else "thiếu %PDF-"
        )
    warns: list[str] = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            from pypdf import PdfReader

            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                try:
                    opened = bool(reader.decrypt(""))
                except Exception:
                    opened = False
                if not opened:
                    raise LoadError(path, "encrypted_pdf")
                warns.append("PDF được mã hóa với mật khẩu rỗng; đã giải mã")
            pages = list(reader.pages)
        except LoadError:
            raise
        except Exception as exc:
            raise LoadError(path, "invalid_pdf", detail=f"{type(exc).__name__}: {exc}") from None
        texts: list[str] = []
        failed: list[int] = []
        for number, page in enumerate(pages, 1):
            try:
                texts.append(page.extract_text() or "")
            except Exception:
                texts.append("")
                failed.append(number)
    if not pages:
        raise LoadError(path, "invalid_pdf", detail="không có trang nào")
    empty = [n for n, t in enumerate(texts, 1) if _letter_count(t) < PDF_MIN_PAGE_CHARS]
    if len(empty) == len(texts):
        raise LoadError(path, "no_text_layer")
    if failed:
        warns.append(f"không trích được chữ ở trang {_page_list(failed)}")
    if empty:
        warns.append(f"trang {_page_list(empty)} không có lớp văn bản (cần OCR)")
    return PDF_PAGE_SEPARATOR.join(texts), warns


def _letter_count(text: str) -> int:
    return sum(1 for c in text if c.isalnum())


def _page_list(numbers: list[int]) -> str:
    shown = ", ".join(str(n) for n in numbers[:20])
    return shown + (f" … (+{len(numbers) - 20})" if len(numbers) > 20 else "")
