"""Text files: encoding detection (UTF-8/16, cp1258, TCVN3, VNI), Vietnamese syllable
scoring, Markdown and plain-text emphasis stripping (see :mod:`parsers.load`)."""

from __future__ import annotations

import codecs
import unicodedata
from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path

import regex

from parsers.load.base import (
    _ENCODINGS_DIR,
    _MAX_LISTED_OFFSETS,
    _SCORE_SAMPLE_BYTES,
    _UTF8_WINDOW,
    LoadError,
    _check_not_binary_bytes,
    _check_not_binary_text,
    _sniff,
)
from parsers.messages import Msg, Note

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
        return _decode_utf16(path, data, guessed, [Note("load.warn.utf16_no_bom", endian=endian)])
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
        warns.append(Note("load.warn.utf16_odd"))
        data = data[:-1]
    try:
        text = data.decode(enc)
    except UnicodeDecodeError as exc:
        text = data.decode(enc, errors="replace")
        warns.append(Note("load.warn.utf16_invalid", offset=exc.start))
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
    extra = len(bad) - _MAX_LISTED_OFFSETS
    more = Msg("load.warn.utf8_more", {"n": extra}) if extra > 0 else ""
    return [Note("load.warn.utf8_invalid", listed=listed, more=more)]


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
        good = f"{scores[best]:.0f}"
        warns.append(Note("load.warn.encoding_unsure", encoding=best, good=good, total=len(tokens)))
    text = _DECODERS[best](data)
    if "\ufffd" in text:
        warns.append(Note("load.warn.encoding_unknown_bytes", encoding=best))
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
