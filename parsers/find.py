"""Stage 4: find citations of other documents in a normalised text.

Public verb: :func:`find_citations`.

How it works (eyecite style: anchors first, then bounded look-around):

1. Anchors. :data:`parsers.regexes.ANCHOR` finds every number-with-symbol on the folded
   text ("76/NQ-CP", "45/2020/NĐ-CP", "60-NQ/TU", OCR "19CT-TTg"). Each symbol code is
   checked against the vocabulary (or must be written in capitals), and restored to its
   official capitalisation ("nđ-cp" → "NĐ-CP", "NB-CP" → "NĐ-CP", "NQCP" → "NQ-CP").
2. Look-behind. In a bounded window before the anchor, the nearest type word ("Nghị
   quyết", "K& hoach", "Luật Ngân sách nhà nước") with at most a few words and "số"
   between them joins the mention.
3. Names. Documents cited by name: the names in ``named_documents.yaml`` and laws by
   name ("Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015"), resolved to a key when the
   vocabulary knows the name and year.
4. Look-ahead. Date ("ngày 15/7/2021", "ngày 29 tháng 12 năm 2021", a bare "13/07/2022"),
   issuer ("của Chính phủ", OCR "ctia Chinh phu") and title ("về việc …", or the text up
   to ";" or the next citation). Citations in a list share the date and issuer written
   after the last of them.
5. Relations. A cue ("Căn cứ", "Thực hiện", "sửa đổi, bổ sung", …) governs every citation
   after it in its paragraph or sentence until the next cue. A cue inside a citation's own
   title, right before another citation, states a relation between the two cited
   documents (:class:`~parsers.models.CitedRelation`); the second one then only ``cites``.
   In a footnote the cue governing the footnote marker applies (when ``segmented`` is
   given).

Confidence scale (``Citation.confidence``):

* 1.00 type word + number + symbol, nothing repaired ("Nghị quyết số 76/NQ-CP")
* ×0.90 for each OCR repair: damaged type word ("Nghi quyét", "K& hoach"), damaged code
  ("NB-CP", "ND-CP" without Đ, "NQ-HĐND9"), missing slash ("19CT-TTg"), glued codes
  ("NQCP"), spaces inside the symbol ("19- NQ/TW")
* 0.85 bare symbol with a type code and no type word ("theo 76/NQ-CP")
* 0.75 bare symbol without type code (a letter "6459/BNV-CCHC", a law "83/2015/QH13")
* 0.85 name resolved through ``named_documents.yaml``; 0.60 law name not in the vocabulary
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from datetime import date

import regex

from parsers.models import (
    Citation,
    CitedRelation,
    FoundCitations,
    Mention,
    NormalizedText,
    Relation,
    Section,
    SegmentedDocument,
)
from parsers.regexes import (
    CUE_FIRST,
    NAME_STOP_FOLDED,
    NAME_STOP_WORDS,
    TITLE_TRAIL_WORDS,
    Patterns,
    compiled,
)
from parsers.vocab import Vocabulary, fold_text, load_vocabulary

__all__ = ["find_citations"]

LOOKBEHIND = 200  # characters searched for a type word before a number
TITLE_MAX = 400  # characters of a title at most
OCR_REPAIR = 0.9
NAMED_TYPES = frozenset({"LUAT", "BLUAT", "PL", "HP"})
LAW_ISSUER = {"LUAT": "Quốc hội", "BLUAT": "Quốc hội", "HP": "Quốc hội"}


@dataclass
class _Found:
    """A citation under construction; offsets into ``norm.text``."""

    start: int
    end: int
    doc_type: str | None = None
    number: str | None = None
    year_in_number: int | None = None
    symbol: str | None = None
    date: date | None = None
    has_date: bool = False  # a date was written, maybe unreadable
    issuer: str | None = None  # from "của …"
    issuer_from_code: str | None = None
    title: str | None = None
    name: str | None = None
    confidence: float = 1.0
    type_word_code: str | None = None
    after: int = 0  # end of date / issuer clauses
    tail_end: int = 0  # end of the title region
    relation: Relation = Relation.CITES
    cue: str | None = None
    nested: bool = False  # object of an in-title relation
    is_name: bool = False
    extra: dict[str, object] = field(default_factory=dict)


# --------------------------------------------------------------------------- public verb


def find_citations(
    norm: NormalizedText, segmented: SegmentedDocument | None = None
) -> FoundCitations:
    """Find every citation in ``norm``, with spans into ``norm.original``.

    ``segmented`` (optional) lets the finder skip the document's own header, mark
    citations in footnotes and sections, and carry the cue governing a footnote marker
    into the footnote.
    """
    vocab = load_vocabulary()
    pats = compiled(vocab)
    finder = _Finder(norm, segmented, vocab, pats)
    return finder.run()


_LOWER_ASCII = frozenset("abcdefghijklmnopqrstuvwxyz")

# small patterns compiled once (a string pattern costs a cache look-up at every call)
_RE_WORD = regex.compile(r"\b\p{L}+\b")
_RE_LETTERS = regex.compile(r"[a-z]*")
_RE_STRAY_DIGIT = regex.compile(r"([a-z]+)(\d{1,2})")
_RE_SPACE_TAB = regex.compile(r"[ \t]")
_RE_SPACE = regex.compile(r"\s")
_RE_SO = regex.compile(r"\s*s[o0]")
_RE_QH = regex.compile(r"(QH|UBTVQH)\d")
_RE_NOT_PLACE = regex.compile(r"(?:ve|v|quy|ban|phe|trien|thuc|huong|v&)(?![a-z])")
_RE_LEAD = regex.compile(r"[\s,]*")
_RE_TWO_WORDS = regex.compile(r"\S+\s+\S+")


def _matches_at(
    pattern: regex.Pattern[str], text: str, firsts: tuple[str, ...], *, after_letter: bool = True
) -> list[regex.Match[str]]:
    """``list(pattern.finditer(text))`` for a pattern whose every match starts with one of
    ``firsts``; ``after_letter=False`` when it also requires no ``[a-z]`` right before.

    ``regex`` scans an alternation of many words at a few MB/s; literal searches with
    ``str.find`` find the few places where the pattern can start, and the pattern is
    tried only there, left to right and without overlap, as ``finditer`` does.
    """
    starts: set[int] = set()
    for w in firsts:
        i = text.find(w)
        while i >= 0:
            if after_letter or i == 0 or text[i - 1] not in _LOWER_ASCII:
                starts.add(i)
            i = text.find(w, i + 1)
    out: list[regex.Match[str]] = []
    last = 0
    match = pattern.match
    for i in sorted(starts):
        if i < last:
            continue
        m = match(text, i)
        if m is not None:
            out.append(m)
            last = max(m.end(), i + 1)
    return out


# Every ANCHOR match has, after its number's last digit, at most five letters, a little
# white space and "/" or "-" (the slash, the party hyphen, the glued code's hyphen): this
# cheap pattern finds those places, and ANCHOR is tried only at the few digits before them.
_RE_ANCHOR_HINT = regex.compile(r"\d[a-z]{0,5}[ \t]{0,2}\n?[ \t]{0,2}[/-]", regex.VERSION1)
_ANCHOR_BACK = 9  # "12345.678": the number starts at most this far before its last digit


def _anchor_matches(pattern: regex.Pattern[str], text: str) -> list[regex.Match[str]]:
    """``list(pattern.finditer(text))`` for :data:`parsers.regexes.ANCHOR`."""
    out: list[regex.Match[str]] = []
    last = 0
    match = pattern.match
    for h in _RE_ANCHOR_HINT.finditer(text):
        q = h.start()
        for i in range(max(last, q - _ANCHOR_BACK), q + 1):
            if i < last or not text[i].isdigit():
                continue
            if i > 0:  # NUMBER's look-behind: no word character, ".", "/" or "-" before
                b = text[i - 1]
                if b.isalpha() or b.isdecimal() or b in "./-_":
                    continue
            m = match(text, i)
            if m is not None:
                out.append(m)
                last = max(m.end(), i + 1)
    return out


_RE_LEADING_LITERAL = regex.compile(r"[a-z0-9]+")


def _required_prefix(pat: str) -> str | None:
    """A literal every match of ``pat`` starts with, None when not sure."""
    depth, k, in_class = 0, 0, False
    while k < len(pat):  # an alternation at the top level: no common start
        c = pat[k]
        if c == "\\":
            k += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            return None
        k += 1
    m = _RE_LEADING_LITERAL.match(pat)
    if m is None:
        return None
    lit = m[0]
    if pat[m.end() : m.end() + 1] in ("?", "*", "{"):
        lit = lit[:-1]  # the quantifier makes the last letter optional
    return lit or None


_FIRSTS: dict[int, tuple[Vocabulary, tuple[str, ...], tuple[str, ...] | None]] = {}


def _firsts(vocab: Vocabulary) -> tuple[tuple[str, ...], tuple[str, ...] | None]:
    """Literal starts of the law words and of the named documents (None: not known)."""
    hit = _FIRSTS.get(id(vocab))
    if hit is None or hit[0] is not vocab:  # by identity: hashing a vocabulary is slow
        hit = (vocab, *_compute_firsts(vocab))
        _FIRSTS[id(vocab)] = hit
    return hit[1], hit[2]


def _compute_firsts(vocab: Vocabulary) -> tuple[tuple[str, ...], tuple[str, ...] | None]:
    law = tuple(sorted({w.split(" ")[0] for t in vocab.doc_types if t.named for w in t.words}))
    named: set[str] = set()
    for nd in vocab.named_documents:
        for p in nd.patterns:
            lit = _required_prefix(p)
            if lit is None:
                return law, None
            named.add(lit)
        named.update(a.split(" ")[0] for a in nd.aliases)
    if "" in named:
        return law, None
    return law, tuple(sorted(named))


class _BreakFinder:
    """The first ``scope_break`` match of ``finditer(text)`` starting at or after an
    offset, without scanning the whole text.

    A search from the offset finds the first place where the pattern can match; it is a
    ``finditer`` match unless an earlier match ("\\n[ \\t]*\\n", the only alternative
    longer than one character) consumed it. That happens to the last line break of a run
    of line breaks separated only by spaces and tabs exactly when the run before it has
    an odd number of line breaks (``finditer`` pairs them from the first). The last answer
    holds for every offset up to it (asked in increasing order, the searches do not
    overlap); long runs, or searches covering more than twice the text, fall back to the
    full scan, so the cost stays linear.
    """

    RUN_MAX = 256

    def __init__(self, pattern: regex.Pattern[str], text: str) -> None:
        self.pattern = pattern
        self.text = text
        self.all: list[int] | None = None
        self.lo, self.hi = 1, 0  # every offset in [lo, hi] has the answer ``answer``
        self.answer: int | None = None
        self.searched = 0

    def first_at_or_after(self, pos: int) -> int | None:
        if self.lo <= pos <= self.hi:
            return self.answer
        found = self._first(pos)
        self.lo, self.hi, self.answer = pos, len(self.text) if found is None else found, found
        return found

    def _first(self, pos: int) -> int | None:
        text, search = self.text, self.pattern.search
        while self.all is None:
            if self.searched > 2 * len(text):
                self.all = [m.start() for m in self.pattern.finditer(text)]
                break
            m = search(text, pos)
            if m is None:
                self.searched += len(text) - pos
                return None
            s = m.start()
            self.searched += s - pos + 1
            if text[s] != "\n":
                return s
            run, j, steps = 0, s - 1, 0
            while steps <= self.RUN_MAX:
                while j >= 0 and text[j] in " \t" and steps <= self.RUN_MAX:
                    j -= 1
                    steps += 1
                if j < 0 or text[j] != "\n":
                    break
                run += 1
                j -= 1
                steps += 1
            if steps > self.RUN_MAX:
                self.all = [m.start() for m in self.pattern.finditer(text)]
                break
            if run % 2 == 0:
                return s
            pos = s + 1
        b = bisect.bisect_left(self.all, pos)
        return self.all[b] if b < len(self.all) else None


class _SectionSweep:
    """:meth:`SegmentedDocument.section_at` for offsets asked in increasing order.

    The sections open at an offset are kept; each one is dropped once passed, so a
    document's citations cost O(sections + citations) instead of their product.
    """

    def __init__(self, sections: tuple[Section, ...]) -> None:
        self.order = sorted(range(len(sections)), key=lambda k: sections[k].start)
        self.sections = sections
        self.next = 0
        self.open: list[int] = []
        self.last = -1

    def at(self, offset: int) -> Section | None:
        if offset < self.last:  # out of order: start again
            self.next, self.open = 0, []
        self.last = offset
        secs = self.sections
        while self.next < len(self.order) and secs[self.order[self.next]].start <= offset:
            self.open.append(self.order[self.next])
            self.next += 1
        self.open = [k for k in self.open if secs[k].end > offset]
        best: Section | None = None
        for k in sorted(self.open):  # document order, as section_at scans
            s = secs[k]
            if s.start <= offset < s.end and (best is None or s.level >= best.level):
                best = s
        return best


class _Finder:
    def __init__(
        self,
        norm: NormalizedText,
        segmented: SegmentedDocument | None,
        vocab: Vocabulary,
        pats: Patterns,
    ) -> None:
        self.norm = norm
        self.text = norm.text
        self.folded = norm.folded
        self.seg = segmented
        self.v = vocab
        self.p = pats
        self.warnings: list[str] = []
        self._sweep: _SectionSweep | None = None
        # a text written all in lower case (register summaries) cannot use capitals as evidence
        # (capitalised words, "Nghị", "Chính", are the evidence; symbols such as "UBND-KT" are not)
        letters = [c for c in self.text[:5000] if c.isalpha()]
        words = _RE_WORD.findall(self.text[:5000])
        titled = sum(1 for w in words if len(w) > 1 and w[0].isupper() and w[1:].islower())
        self.lowercase_doc = bool(letters) and titled < max(2, len(words) // 100)
        # OCR output or typing without diacritics: stop words are compared folded
        marked = sum(1 for c in self.text[:5000] if ord(c) > 127 and c.isalpha())
        self.has_diacritics = marked >= max(3, len(letters) // 50)

    # ------------------------------------------------------------------ helpers

    def _to_norm(self, orig: int) -> int:
        return bisect.bisect_left(self.norm.offsets, orig, 0, len(self.text))

    def _orig_span(self, start: int, end: int) -> tuple[int, int]:
        return self.norm.to_original(start, end)

    def _in_header(self, start: int) -> bool:
        if self.seg is None:
            return False
        h = self.seg.header
        if h.end <= h.start:
            return False
        o, _ = self._orig_span(start, start + 1)
        return h.start <= o < h.end

    # ------------------------------------------------------------------ run

    def run(self) -> FoundCitations:
        found = self._anchors()
        found = self._names(found)
        found.sort(key=lambda f: f.start)
        for f in found:
            self._look_ahead(f)
        self._share_lists(found)
        for i, f in enumerate(found):
            nxt = found[i + 1].start if i + 1 < len(found) else len(self.text)
            self._title(f, nxt)
        relations = self._relations(found)
        citations = tuple(self._emit(f) for f in found)
        return FoundCitations(
            citations=citations,
            relations_between_cited=tuple(relations),
            warnings=tuple(self.warnings),
        )

    # ------------------------------------------------------------------ anchors

    def _anchors(self) -> list[_Found]:
        out: list[_Found] = []
        for m in _anchor_matches(self.p.anchor, self.folded):
            f = self._anchor(m)
            if f is not None:
                out.append(f)
        return out

    def _canonical_issuer(self, tok: str, orig: str) -> tuple[str, str | None, bool] | None:
        """(spelling, issuer name, repaired) for an issuer code, None when unknown."""
        ic = self.v.issuer_code(tok)
        if ic is not None:
            if ic.pattern and regex.fullmatch(ic.pattern, tok):
                digits = tok[len(_RE_LETTERS.match(tok)[0]) :]
                return ic.code + digits, ic.name, False
            return ic.code, ic.name, orig != ic.code and orig.upper() != ic.code.upper()
        m = _RE_STRAY_DIGIT.fullmatch(tok)  # "hdnd9": a stray digit
        if m:
            ic = self.v.issuer_code(m[1])
            if ic is not None and not ic.pattern:
                return ic.code, ic.name, True
        return None

    def _anchor(self, m: regex.Match[str]) -> _Found | None:
        text, folded = self.text, self.folded
        start = m.start()
        # the document's own number: "Số: 02 /KH-UBND" at the start of a line
        nl = folded.rfind("\n", max(0, start - 40), start)
        line_start = nl + 1
        own = (
            self.p.own_number_line.search("\n" + folded[line_start:start])
            if nl >= 0 or start < 40
            else None
        )
        # "Số: 02 /KH-UBND"; without the colon only near the top ("sO 249/KH-UBND" after a
        # line ending in "K& hoach" is a citation)
        if own is not None and (own["colon"] or (start < 600 and not self._word_ends(line_start))):
            return None
        if self.p.form_before.search(folded, max(0, start - 30), start):
            return None  # "mẫu số 17/TB-ĐKT" is a form, not a document
        number = m["number"]
        conf = 1.0
        spaced = False
        year = int(m["year"]) if m["year"] else None
        if m["dash"]:
            conf *= OCR_REPAIR  # "19-2017/NQ-CP" for 19/2017/NQ-CP
        if m["sym"] is not None:
            form, sym_start = "admin", m.start("sym")
            sym_text = m["sym"]
        elif m["ptype"] is not None:
            form, sym_start = "party", m.start("ptype")
            sym_text = folded[m.start("ptype") : m.end("psym")]
        else:
            form, sym_start = "glued", m.start("gtype")
            sym_text = folded[m.start("gtype") : m.end("gsym")]
            conf *= OCR_REPAIR
        if _RE_SPACE_TAB.search(folded, m.start(), m.end()):
            spaced = True
        tokens = [
            (t.group(), t.start() + sym_start, t.end() + sym_start)
            for t in self.p.code_token.finditer(sym_text)
        ]
        # separators: "/" only at the party type/issuer boundary
        type_code: str | None = None
        parts: list[str] = []
        issuer_name: str | None = None
        end = sym_start
        for k, (tok, ts, te) in enumerate(tokens):
            orig = text[ts:te]
            gap = folded[end:ts] if k else ""
            has_space = bool(_RE_SPACE.search(gap))
            canon: str | None = None
            if k == 0 and form in ("party", "glued"):
                dt = self.v.type_by_symbol.get(tok)
                if dt is None:
                    return None
                type_code = dt.code
                canon = dt.code
                if tok == "qdi":
                    canon = "QĐi"
                if orig.upper() != canon.upper() and not (orig.upper() == "QDI" and canon == "QĐi"):
                    conf *= OCR_REPAIR
            elif k == 0:
                dt = self.v.type_by_symbol.get(tok)
                if dt is not None and dt.code not in NAMED_TYPES:
                    type_code = dt.code
                    canon = dt.code
                    if orig.upper() != canon.upper():
                        conf *= OCR_REPAIR
                else:
                    got = self._canonical_issuer(tok, orig)
                    if got is not None:
                        canon, issuer_name, repaired = got
                        if repaired:
                            conf *= OCR_REPAIR
                    else:
                        split = self._split_glued(tok)
                        if split is not None:
                            type_code, canon, issuer_name = split
                            conf *= OCR_REPAIR
                        elif self._caps(orig) and len(tok) >= 2:
                            canon = orig
                        elif self.lowercase_doc and len(tok) >= 2 and self._has_type_word(start):
                            canon = orig.upper()  # "văn bản số 1386/bcđqg"
                        else:
                            return None
            else:
                got = self._canonical_issuer(tok, orig)
                if got is not None:
                    canon, name, repaired = got
                    if repaired:
                        conf *= OCR_REPAIR
                    if issuer_name is None:
                        issuer_name = name
                elif self._caps(orig) or (not has_space and self.lowercase_doc):
                    canon = orig.upper() if self.lowercase_doc else orig
                elif (
                    not has_space and form == "admin" and k == 1 and type_code and self._caps(orig)
                ):
                    canon = orig
                else:
                    break  # "1807/QĐ-UBND - phê duyệt": stop before the lower-case word
            parts.append(canon)
            end = te
        if not parts or (form != "admin" and len(parts) < 2):
            return None
        lone_unknown = (
            form == "admin" and type_code is None and issuer_name is None and len(parts) == 1
        )
        if lone_unknown and not self._has_type_word(start):
            return None  # a lone unknown capitalised code: "12/ABC" is too weak alone
        symbol = f"{parts[0]}/{'-'.join(parts[1:])}" if form == "party" else "-".join(parts)
        if spaced:
            conf *= 0.95 if form != "glued" else 1.0
        f = _Found(
            start=start,
            end=end,
            number=number,
            year_in_number=year,
            symbol=symbol,
            issuer_from_code=issuer_name,
        )
        self._look_behind(f, type_code, parts, conf)
        if self._own_register_number(start, end):
            return None
        if self._in_header(f.start) and (
            self.seg is not None
            and (
                (self.seg.header.number or "").strip() == number
                or _RE_SO.match(folded, line_start, start)
            )
        ):
            return None
        return f

    def _own_register_number(self, start: int, end: int) -> bool:
        """A register row "3055/KH-UBND<TAB>kế hoạch triển khai …" starts with its own number."""
        if self.text[:start].strip():
            return False
        # the tab itself is normalised to a space: read the original. The row's own symbol may
        # run on past the match: "109/UBND - VX<TAB>…", "23/QĐ-TT HĐND<TAB>…"
        o = self.norm.offsets[end]
        rest = self.norm.original[o : o + 24]
        tab = rest.find("\t")
        return tab >= 0 and "\n" not in rest[:tab]

    def _caps(self, orig: str) -> bool:
        """Written like a symbol code: capitals, or mostly capitals led by one ("CTrTT", "QĐi")."""
        letters = [c for c in orig if c.isalpha()]
        if not letters or self.lowercase_doc:
            return False
        uppers = sum(1 for c in letters if c.isupper())
        return uppers == len(letters) or (
            letters[0].isupper() and uppers >= 2 and 2 * uppers > len(letters)
        )

    def _split_glued(self, tok: str) -> tuple[str, str, str | None] | None:
        """ "nqcp" → ("NQ", "NQ-CP", "Chính phủ")."""
        for i in (2, 3, 4):
            dt = self.v.type_by_symbol.get(tok[:i])
            if dt is None or dt.code in NAMED_TYPES:
                continue
            ic = self.v.issuer_code(tok[i:])
            if ic is not None:
                got = self._canonical_issuer(tok[i:], tok[i:])
                assert got is not None
                return dt.code, f"{dt.code}-{got[0]}", ic.name
        return None

    def _word_ends(self, pos: int) -> bool:
        """Whether a type word ends right before ``pos`` (white space aside)."""
        window = self.folded[max(0, pos - 40) : pos].rstrip()
        ends = [m.end() for m in self.p.type_word.finditer(window)]
        return bool(ends) and ends[-1] == len(window)

    def _has_type_word(self, start: int) -> bool:
        window = self.folded[max(0, start - LOOKBEHIND) : start]
        return any(True for _ in self.p.type_word.finditer(window))

    def _look_behind(self, f: _Found, type_code: str | None, parts: list[str], conf: float) -> None:
        """Attach the type word before the number; decide the type and confidence."""
        w0 = max(0, f.start - LOOKBEHIND)
        window = self.folded[w0 : f.start]
        cands = list(self.p.type_word.finditer(window))
        chosen: regex.Match[str] | None = None
        law_name: str | None = None
        for tm in reversed(cands):
            if tm["law"] is not None:
                if not self._law_word_ok(w0 + tm.start()):
                    continue
                lt = self.p.law_tail.fullmatch(window, tm.end())
                if lt is None:
                    continue
                # "Luật sửa đổi, bổ sung … của Luật X số …": the name starts at the first "Luật"
                chosen = tm
                idx = cands.index(tm)
                while idx > 0 and self.p.law_before_of.search(window, 0, tm.start()):
                    prev = cands[idx - 1]
                    if prev["law"] is None or not self._law_word_ok(w0 + prev.start()):
                        break
                    seg = window[prev.end() : tm.start()]
                    if ";" in seg or "(" in seg or ")" in seg:
                        break
                    tm = prev
                    idx -= 1
                    chosen = tm
                law_tail = self.p.law_tail.fullmatch(window, chosen.end())
                if law_tail is not None and law_tail["name"]:
                    law_name = self.text[
                        w0 + law_tail.start("name") : w0 + law_tail.end("name")
                    ].strip()
                break
            st = self.p.short_tail.fullmatch(window, tm.end())
            if st is not None:
                chosen = tm
                break
            # a nearer word that does not fit ends the search: "Quyết định … ; Kế hoạch 12/KH"
            break
        word_code: str | None = None
        if chosen is not None:
            wstart = w0 + chosen.start()
            word_folded = " ".join(chosen.group().split())
            dt = self.v.type_by_word.get(word_folded)
            word_code = dt.code if dt else None
            if dt is not None:
                surface = " ".join(self.text[wstart : w0 + chosen.end()].split())
                # a spelling other than the name: OCR damage or missing diacritics
                if surface.lower() != dt.vi.lower() and not self._is_vi_variant(surface):
                    conf *= OCR_REPAIR
            f.start = wstart
            f.type_word_code = word_code
        else:
            conf *= 0.85 if type_code else 0.75
        # the type: the symbol's type code, else the word, else the issuer family
        is_qh = bool(parts) and bool(_RE_QH.match(parts[0]))
        if type_code is not None:
            doc_type: str | None = type_code
            if word_code == "QyĐ" and type_code == "QĐ":
                doc_type = "QyĐ"
        elif word_code is not None:
            doc_type = word_code
        elif is_qh:
            doc_type = "LUAT" if parts[0].startswith("QH") and f.year_in_number else None
        else:
            doc_type = "CV"
        if is_qh and doc_type in NAMED_TYPES and law_name:
            f.title = law_name
        f.doc_type = doc_type
        f.confidence = round(conf, 3)

    _VI_VARIANTS = frozenset(
        {"nghị quyết", "nghị định", "quyết định", "thông tư", "thông tư liên tịch", "chỉ thị",
         "kế hoạch", "kết luận", "hướng dẫn", "báo cáo", "thông báo", "chương trình", "đề án",
         "tờ trình", "quy chế", "quy định", "công điện", "công văn", "văn bản",
         "thông báo kết luận", "kế hoạch hành động", "chương trình hành động",
         "nghị quyết liên tịch", "văn bản hợp nhất", "kế hoạch liên tịch", "hướng dẫn liên tịch",
         "qui chế", "qui định", "uỷ ban", "ủy ban"}
    )  # fmt: skip

    def _is_vi_variant(self, surface: str) -> bool:
        """A correct Vietnamese spelling (any case) of a type word: no OCR repair."""
        return surface.lower() in self._VI_VARIANTS

    def _law_word_ok(self, pos: int) -> bool:
        """ "Luật" must be capitalised to start a name ("pháp luật" is not a law)."""
        return self.lowercase_doc or self.text[pos : pos + 1].isupper()

    # ------------------------------------------------------------------ names

    def _names(self, found: list[_Found]) -> list[_Found]:
        spans = sorted((f.start, f.end) for f in found)
        starts = [s for s, _ in spans]

        def overlaps(s: int, e: int) -> bool:
            i = bisect.bisect_right(starts, e) - 1
            while i >= 0 and i < len(spans):
                a, b = spans[i]
                if b <= s:
                    return False
                if a < e and s < b:
                    return True
                i -= 1
            return False

        names: list[_Found] = []
        if self.p.named_document is not None:
            named_firsts = _firsts(self.v)[1]
            matches = (
                self.p.named_document.finditer(self.folded)
                if named_firsts is None
                else _matches_at(self.p.named_document, self.folded, named_firsts)
            )
            for m in matches:
                if overlaps(m.start(), m.end()) or self._in_header_title_only(m.start()):
                    continue
                assert m.lastgroup is not None
                nd = self.v.named_documents[int(m.lastgroup[1:])]
                names.append(
                    _Found(
                        start=m.start(),
                        end=m.end(),
                        doc_type=nd.doc_type,
                        number=nd.number,
                        year_in_number=nd.year_in_number,
                        symbol=nd.symbol,
                        date=None,
                        issuer_from_code=nd.issuer,
                        name=" ".join(self.text[m.start() : m.end()].split()),
                        confidence=0.85,
                        is_name=True,
                        extra={"named": nd},
                    )
                )
        taken = sorted([*spans, *((n.start, n.end) for n in names)])
        for f in self._law_names():
            i = bisect.bisect_right(taken, (f.end, f.end))
            clash = any(a < f.end and f.start < b for a, b in taken[max(0, i - 3) : i + 1])
            if clash:
                continue
            names.append(f)
            bisect.insort(taken, (f.start, f.end))
        # a name inside the title of the citation it names is that citation again
        keep: list[_Found] = []
        by_key: dict[str | None, list[_Found]] = {}
        for f in found:
            if f.symbol and f.number:
                by_key.setdefault(self._key(f), []).append(f)
        for n in names:
            key = self._key(n)
            same = by_key.get(key, []) if key else []
            if any(
                0 <= n.start - c.end < 300 and ";" not in self.text[c.end : n.start] for c in same
            ):
                continue
            keep.append(n)
        return found + keep

    def _in_header_title_only(self, start: int) -> bool:
        return False

    @staticmethod
    def _key(f: _Found) -> str | None:
        if not f.number or not f.symbol:
            return None
        if "/" in f.symbol:
            return f"{f.number}-{f.symbol}"
        if f.year_in_number:
            return f"{f.number}/{f.year_in_number}/{f.symbol}"
        return f"{f.number}/{f.symbol}"

    def _law_names(self) -> list[_Found]:
        out: list[_Found] = []
        folded, text = self.folded, self.text
        last_end = -1
        for m in _matches_at(self.p.law_word, folded, _firsts(self.v)[0]):
            if m.start() < last_end or not self._law_word_ok(m.start()):
                continue
            if not self.lowercase_doc and text[m.start() : m.end()].isupper():
                continue  # a heading "LUẬT ĐẦU TƯ", "LUẬT KHÁC"
            word = " ".join(m.group().split())
            dt = self.v.type_by_word.get(word)
            if dt is None:
                continue
            pos = m.end()
            words: list[tuple[str, int, int]] = []
            sua_doi = False
            after_law = False
            while len(words) < 24:
                wm = self.p.name_word.match(folded, pos)
                if wm is None:
                    break
                w = wm["w"]
                first = not words
                if first:
                    sua_doi = w in ("sua", "sira", "stra", "sura")
                    if not self.lowercase_doc and not (text[wm.start("w")].isupper() or sua_doi):
                        break
                elif not after_law:
                    if self.p.name_stop.match(folded, wm.start("w")):
                        break
                    surface = text[wm.start("w") : wm.end("w")].lower()
                    if (
                        (surface in NAME_STOP_WORDS)
                        if self.has_diacritics
                        else (w in NAME_STOP_FOLDED)
                    ):
                        break
                    if wm["sep"].strip() == "," and (
                        not text[wm.start("w")].islower() and not self.lowercase_doc
                    ):
                        break
                    if w in ("cua", "va"):
                        nxt = self.p.name_word.match(folded, wm.end())
                        if nxt is None:
                            break
                        if nxt["w"] in ("luat", "bo"):
                            if w == "va" and not sua_doi:
                                break
                        elif not (
                            w == "va" and not self.lowercase_doc and text[nxt.start("w")].islower()
                        ):
                            break  # "Luật Phí và lệ phí" goes on; "Luật A và Nghị định" stops
                    if w in ("luat",) and words and words[-1][0] not in ("cua", "va", "phap", "bo"):
                        break
                after_law = w == "luat" and not (words and words[-1][0] == "phap")
                words.append((w, wm.start("w"), wm.end("w")))
                pos = wm.end()
            # drop trailing connector words
            while words and words[-1][0] in ("cua", "va", "luat"):
                if words[-1][0] == "luat" and len(words) > 1 and words[-2][0] == "phap":
                    break
                words.pop()
            year: int | None = None
            end = words[-1][2] if words else m.end()
            ym = self.p.name_year.match(folded, end)
            if ym is not None:
                year = int(ym["year"])
            if not words and not (dt.code == "HP" and year):
                continue
            if self.lowercase_doc and year is None:
                dm = self.p.date_clause.match(folded, end)
                if dm is None or dm["ngay"] is None:
                    continue
            name_end = ym.end() if ym is not None else end
            name_text = " ".join(text[m.start() : end].split())
            title = " ".join(text[m.end() : end].split()) or None
            f = _Found(
                start=m.start(),
                end=name_end,
                doc_type=dt.code,
                issuer_from_code=LAW_ISSUER.get(dt.code, "Ủy ban Thường vụ Quốc hội"),
                name=name_text + (f" năm {year}" if year else ""),
                title=title,
                confidence=0.6,
                is_name=True,
                extra={"law_name": fold_text(name_text), "year": year},
            )
            out.append(f)
            last_end = name_end
        return out

    # ------------------------------------------------------------------ look ahead

    def _look_ahead(self, f: _Found) -> None:
        folded = self.folded
        pos = f.end
        for _ in range(3):
            progressed = False
            if not f.has_date:
                dm = self.p.date_clause.match(folded, pos)
                if dm is not None:
                    f.has_date = True
                    f.date = self._date(dm)
                    pos = dm.end()
                    progressed = True
            if f.issuer is None:
                im = self.p.issuer_clause.match(folded, pos)
                if im is not None:
                    phrase = " ".join(im["issuer"].split())
                    f.issuer = self.v.issuer_by_phrase.get(phrase)
                    pos = im.end()
                    if phrase.endswith(("tinh", "huyen", "pho", "xa", "phuong")):
                        pm = self.p.place.match(self.text, pos)
                        if pm is not None and not _RE_NOT_PLACE.match(folded, pm.start("place")):
                            pos = pm.end()
                    progressed = True
            if not progressed:
                break
        f.after = pos
        # laws and named documents resolved by the vocabulary
        if f.is_name:
            nd = f.extra.get("named")
            if nd is None and f.extra.get("law_name") is not None:
                year = f.extra.get("year") or (f.date.year if f.date else None)
                assert isinstance(year, int | type(None))
                law = self.v.law(str(f.extra["law_name"]), year)
                if law is not None:
                    f.number, f.year_in_number, f.symbol = (
                        law.number,
                        law.year_in_number,
                        law.symbol,
                    )
                    f.confidence = 0.85
                    nd = law
            if nd is not None and f.date is None:
                f.date = getattr(nd, "date", None)

    @staticmethod
    def _date(dm: regex.Match[str]) -> date | None:
        try:
            if dm["ny"]:
                return date(int(dm["ny"]), int(dm["nm"]), int(dm["nd"]))
            if dm["wy"] and dm["wd"] and dm["wm"]:
                return date(int(dm["wy"]), int(dm["wm"]), int(dm["wd"]))
        except ValueError:
            return None
        return None

    def _share_lists(self, found: list[_Found]) -> None:
        """ "NQ 18-NQ/TW, NQ 19-NQ/TW ngày 25/10/2017 của BCH TW": both get date and issuer."""
        for i in range(len(found) - 2, -1, -1):
            a, b = found[i], found[i + 1]
            if a.after > b.start:
                continue
            if not self.p.list_gap.fullmatch(self.folded, a.after, b.start):
                continue
            if a.doc_type != b.doc_type:
                continue
            if (
                a.issuer_from_code
                and b.issuer_from_code
                and a.issuer_from_code != b.issuer_from_code
            ):
                continue
            # "Nghị định số 34/2016/NĐ-CP và Nghị định số 154/2020/NĐ-CP ngày 31/12/2020":
            # a year in the number that disagrees with the date keeps the date off
            clash = a.year_in_number and b.date and b.date.year != a.year_in_number
            if not a.has_date and b.has_date and not clash:
                a.date, a.has_date = b.date, True
            if a.issuer is None and b.issuer is not None:
                a.issuer = b.issuer

    # ------------------------------------------------------------------ titles

    def _title(self, f: _Found, next_start: int) -> None:
        limit = min(next_start, f.after + TITLE_MAX)
        stop = self.p.title_stop.search(self.text, f.after, limit)
        end = stop.start() if stop else limit
        f.tail_end = end
        if f.is_name and f.title is not None:
            return
        if f.title is not None:  # law with number: the name is the title
            return
        seg_f = self.folded[f.after : end]
        intro = self.p.title_intro.match(seg_f)
        if intro is not None:
            start = f.after + intro.end()
        else:
            lead = _RE_LEAD.match(seg_f)
            start = f.after + (lead.end() if lead else 0)
            if (
                self.p.title_not.match(self.folded, start)
                or not self.text[start : start + 1].isalpha()
            ):
                return
        body_f = self.folded[start:end]
        trail = trailing_connectors(body_f)
        if trail is not None:
            end = start + trail
        title = " ".join(self.text[start:end].split()).strip(" ,.;:-(")
        if title and len(title) > 2 and any(c.isalpha() for c in title):
            f.title = title

    # ------------------------------------------------------------------ relations

    def _relations(self, found: list[_Found]) -> list[CitedRelation]:
        text, folded = self.text, self.folded
        spans = [(f.start, f.end) for f in found]
        starts = [s for s, _ in spans]

        def inside_mention(pos: int) -> bool:
            i = bisect.bisect_right(starts, pos) - 1
            return i >= 0 and spans[i][0] <= pos < spans[i][1]

        def inside_tail(pos: int) -> bool:
            i = bisect.bisect_right(starts, pos) - 1
            return i >= 0 and found[i].end <= pos < found[i].tail_end

        cues: list[tuple[int, int, Relation]] = []
        for m in _matches_at(self.p.cue, folded, CUE_FIRST, after_letter=False):
            if inside_mention(m.start()) or inside_tail(m.start()):
                continue
            assert m.lastgroup is not None
            cues.append((m.start(), m.end(), Relation(m.lastgroup)))
        cue_starts = [c[0] for c in cues]
        first_break = _BreakFinder(self.p.scope_break, text).first_at_or_after

        def governing(pos: int) -> tuple[Relation, str] | None:
            i = bisect.bisect_left(cue_starts, pos) - 1
            if i < 0:
                return None
            cs, ce, rel = cues[i]
            if ce > pos:
                return None
            b = first_break(ce)
            if b is not None and b < pos:
                return None
            return rel, " ".join(text[cs:ce].split())

        relations: list[CitedRelation] = []
        for j, f in enumerate(found):
            if j > 0:
                prev = found[j - 1]
                if prev.end <= f.start and prev.tail_end >= f.start - 1:
                    w0 = max(prev.end, f.start - LOOKBEHIND)
                    im = self.p.inner_cue.search(folded, w0, f.start)
                    if im is not None and im.start("cue") >= prev.after:
                        rel = Relation(im["cue"] and self._cue_relation(im))
                        cue_text = " ".join(text[im.start("cue") : im.end("cue")].split())
                        os_, oe = self._orig_span(im.start(), im.end())
                        if im["passive"]:
                            relations.append(CitedRelation(j, rel, j - 1, cue_text, os_, oe))
                        else:
                            relations.append(CitedRelation(j - 1, rel, j, cue_text, os_, oe))
                            f.nested = True
            if f.nested:
                f.relation, f.cue = Relation.CITES, None
                continue
            gov = governing(f.start)
            if gov is None and self.seg is not None:
                gov = self._footnote_cue(f, governing)
            if gov is not None:
                f.relation, f.cue = gov
            if (
                f.relation == Relation.CITES
                and f.type_word_code == "KH"
                and self.p.theo_before.search(folded, max(0, f.start - 10), f.start)
            ):
                f.relation = Relation.IMPLEMENTS
                tm = _RE_TWO_WORDS.match(text, f.start)
                f.cue = "theo " + (tm.group() if tm else "Kế hoạch")
        return relations

    def _cue_relation(self, im: regex.Match[str]) -> str:
        for name in (
            "reports_on",
            "based_on",
            "amends",
            "repeals",
            "replaces",
            "guides",
            "corrects",
            "implements",
        ):
            if im[name] is not None:
                return name
        return "cites"

    def _footnote_cue(self, f: _Found, governing: object) -> tuple[Relation, str] | None:
        assert self.seg is not None
        o, _ = self._orig_span(f.start, f.start + 1)
        for fn in self.seg.footnotes:
            if fn.start <= o < fn.end and fn.marker_start is not None:
                pos = self._to_norm(fn.marker_start)
                assert callable(governing)
                got = governing(pos)
                return got if isinstance(got, tuple) else None
        return None

    # ------------------------------------------------------------------ emit

    def _emit(self, f: _Found) -> Citation:
        os_, oe = self._orig_span(f.start, f.end)
        in_fn = False
        section: str | None = None
        if self.seg is not None:
            in_fn = self.seg.in_footnote(os_)
            if self._sweep is None:
                self._sweep = _SectionSweep(self.seg.sections)
            sec = self._sweep.at(os_)
            section = sec.path if sec else None
        issuer = f.issuer or f.issuer_from_code
        return Citation(
            doc_type=f.doc_type,
            number=f.number,
            year_in_number=f.year_in_number,
            symbol=f.symbol,
            date=f.date,
            issuer=issuer,
            title=f.title,
            relation=f.relation,
            cue=f.cue,
            confidence=f.confidence,
            mention=Mention(
                start=os_,
                end=oe,
                text=self.norm.original[os_:oe],
                in_footnote=in_fn,
                section=section,
            ),
            name=f.name,
        )


_TRAIL_WORDS = tuple(sorted(TITLE_TRAIL_WORDS, key=len, reverse=True))


def _is_gap(ch: str) -> bool:
    return ch == "," or ch.isspace()


def trailing_connectors(folded: str) -> int | None:
    """Where the connector words ending a title start ("… về việc", "… của", "… và các").

    The rule of ``regexes.TITLE_TRAIL`` (one or more connector words, each after white space
    or a comma, then only white space or commas to the end), applied by scanning words
    backwards from the end: linear on any input. Returns the start of the white space before
    the first connector word, or ``None`` when the title does not end with one.
    """
    i = len(folded)
    first: int | None = None
    while True:
        j = i
        while j > 0 and _is_gap(folded[j - 1]):
            j -= 1
        word_start = next(
            (
                j - len(w)
                for w in _TRAIL_WORDS
                if j - len(w) > 0 and folded.endswith(w, 0, j) and _is_gap(folded[j - len(w) - 1])
            ),
            None,
        )
        if word_start is None:
            break
        first = i = word_start
    if first is None:
        return None
    while first > 0 and _is_gap(folded[first - 1]):
        first -= 1
    return first
