"""Targets of a plan: the measured subject of a figure (:func:`subject_of`), the
comparison of a child plan's targets with its parent's (:func:`compare_targets`), and the
reform-area scheme of ``data/vocab/reform_areas.yaml`` (:func:`load_reform_areas`,
:func:`classify_area`)."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import regex

from parsers.models import (
    MatchStatus,
    Quantity,
    Target,
    TargetMatch,
)
from parsers.normalize import fold
from parsers.plan import WHITESPACE, squash
from parsers.quantity import MEMO_CHARS, find_quantities
from parsers.yamldata import read_yaml

VOCAB_PATH = Path(__file__).resolve().parents[1] / "data" / "vocab" / "reform_areas.yaml"


# Index names keep their acronym: "Chỉ số CCHC (PAR INDEX)", "(SIPAS)", "(PAPI)".
INDEX_ACRONYM = regex.compile(r"\b(?P<acr>PAR\s+INDEX|SIPAS|PAPI|PCI|DTI|DDCI)\b")


# Abbreviations plans use interchangeably (folded phrase → canonical form), each with a word
# every match of it holds (a text without that word is not scanned).
SYNONYMS: tuple[tuple[regex.Pattern[str], str, str], ...] = tuple(
    (regex.compile(p), name, key)
    for p, name, key in (
        (r"van\s+ban\s+(?:van\s+ban\s+)?quy\s+pham\s+phap\s+luat(?:\s*\(\s*qppl\s*\))?",
         "văn bản QPPL", "phap"),
        (r"van\s+ban\s+qppl|vbqppl", "văn bản QPPL", "qppl"),
        (r"thu\s+tuc\s+hanh\s+chinh(?:\s*\(\s*tthc\s*\))?", "TTHC", "tuc"),
        (r"cai\s+cach\s+hanh\s+chinh(?:\s*\(\s*cchc\s*\))?", "CCHC", "cach"),
        (r"dich\s+vu\s+cong\s+truc\s+tuyen(?:\s*\(\s*dvctt\s*\))?", "DVCTT", "tuyen"),
        (r"uy\s+ban\s+nhan\s+dan", "UBND", "nhan"),
    )
)  # fmt: skip


# Where the measured noun phrase after a figure stops: "hồ sơ TTHC | do cơ quan …"
# Words between a figure and its noun: "99% tỷ lệ hồ sơ", OCR "ty 1& ho so", "các"
LEADING_FILLER = regex.compile(r"\s*(?:(?:ty\s+[l1]\S{0,2}|so|cac|céc|nhung|tong\s+so)\s+){0,3}")


SUBJECT_HEAD_STOP = regex.compile(
    r"[,;:.(]|\s(?:do|cua|tai|trong|thuoc|doi\s+voi|theo|duoc|dugc|phai|nam|dat|va|tu|co)(?!\w)"
)


# The predicate after "được"/"phải": "được giải quyết đúng hạn | và trước hạn"
SUBJECT_PRED = regex.compile(r"(?<!\w)(?:d(?:uo|ug)ce?|phai)\s+")  # OCR "dugc", "dugce"


# "95% cán bộ, công chức có trình độ đại học" (on the text: folded "co" is also "cơ")
SUBJECT_HAS = regex.compile(r"(?i)\s*(?:có|c6)\s+")


SUBJECT_PRED_STOP = regex.compile(r"[,;:.(]|\s(?:va|hoac|theo|tai|cua|tren|trong|doi\s+voi)(?!\w)")


STOPWORDS = frozenset(
    ("cac", "nhung", "ty", "le", "so", "tong", "duoc", "dugc", "phai", "co", "cua", "va", "tai",
     "trong", "do", "the", "hien", "thuc", "nam", "theo", "quy", "dinh", "voi", "doi", "mot")
)  # fmt: skip


_WORD = regex.compile(r"[\p{L}\p{N}%]+")


# Where the clause of a figure ends: ";" or a full stop before a space.
CLAUSE_END = regex.compile(r"[;]|\.(?=\s)")


@dataclass(frozen=True)
class ReformArea:
    """A concept of the reform-area scheme (``data/vocab/reform_areas.yaml``)."""

    id: str
    order: int
    vi: str
    en: str
    alt: tuple[str, ...]
    cues: tuple[str, ...]
    cross_cutting: bool = False


@cache
def load_reform_areas(path: Path = VOCAB_PATH) -> tuple[ReformArea, ...]:
    """The reform areas, in the order of a plan's section II."""
    data: dict[str, Any] = read_yaml(path)
    areas = [
        ReformArea(
            id=a["id"],
            order=int(a["order"]),
            vi=a["vi"],
            en=a["en"],
            alt=tuple(a.get("alt") or ()),
            cues=tuple(fold(c) for c in a.get("cues") or ()),
            cross_cutting=bool(a.get("cross_cutting", False)),
        )
        for a in data["areas"]
    ]
    return tuple(sorted(areas, key=lambda a: a.order))


@cache
def _cue_patterns() -> tuple[tuple[str, regex.Pattern[str], tuple[str, ...]], ...]:
    out = []
    for area in load_reform_areas():
        cues = sorted(area.cues, key=len, reverse=True)
        alt = "|".join(regex.escape(c).replace(r"\ ", r"\s+") for c in cues)
        out.append((area.id, regex.compile(rf"(?<!\w)(?:{alt})(?!\w)"), tuple(cues)))
    return tuple(out)


# A run of word characters: a cue's match starts with one (see :func:`_cue_heads`).
_WORD_RUN = regex.compile(r"\w+")


@cache
def _cue_heads() -> tuple[dict[str, tuple[int, ...]], frozenset[int]]:
    """The word run a match of a cue starts with (its first word's leading word characters:
    the pattern escapes the cue and a space or the cue's end follows them) → the indexes in
    :func:`_cue_patterns` of the areas with such a cue; and the areas with a cue that starts
    with another character (scanned in full)."""
    heads: dict[str, set[int]] = {}
    anywhere: set[int] = set()
    for i, (_area_id, _pattern, cues) in enumerate(_cue_patterns()):
        for cue in cues:
            m = _WORD_RUN.match(cue)
            if m is None:
                anywhere.add(i)
            else:
                heads.setdefault(m.group(), set()).add(i)
    return {k: tuple(sorted(v)) for k, v in heads.items()}, frozenset(anywhere)


def _cue_hits(folded: str) -> list[list[regex.Match[str]]]:
    """``list(pattern.finditer(folded))`` for each area of :func:`_cue_patterns`, with each
    pattern tried only where a word run that starts one of its cues stands (one pass over
    the words instead of one scan per area)."""
    heads, anywhere = _cue_heads()
    where: dict[int, list[int]] = {}
    for w in _WORD_RUN.finditer(folded):
        for i in heads.get(w.group(), ()):
            where.setdefault(i, []).append(w.start())
    out: list[list[regex.Match[str]]] = []
    for i, (_area_id, pattern, _cues) in enumerate(_cue_patterns()):
        if i in anywhere:
            out.append(list(pattern.finditer(folded)))
            continue
        hits: list[regex.Match[str]] = []
        end = 0
        for pos in where.get(i, ()):  # in order: the next match starts at or after ``end``
            if pos >= end:
                m = pattern.match(folded, pos)
                if m is not None:
                    hits.append(m)
                    end = m.end()
        out.append(hits)
    return out


@cache
def _fuzzy_patterns() -> tuple[tuple[str, str, tuple[str, ...], regex.Pattern[str]], ...]:
    """(area, cue, pieces, pattern) for the fuzzy match of titles: cues of 8 letters or more,
    one error allowed per 6 letters; compiled once. ``pieces`` cut the cue into one more
    piece than the errors allowed: a text within that many errors of the cue holds one of
    them unchanged (each error touches one piece), so a title with none of them is not
    searched (the search costs ~10 µs a cue, and most titles name no area)."""
    out = []
    for area_id, _pattern, cues in _cue_patterns():
        for cue in cues:
            if len(cue) < 8:
                continue
            errors = len(cue) // 6
            pattern = regex.compile(
                rf"(?<!\w)(?:{regex.escape(cue)}){{e<={errors}}}(?!\w)", regex.BESTMATCH
            )
            out.append((area_id, cue, _pieces(cue, errors + 1), pattern))
    return tuple(out)


def _pieces(cue: str, n: int) -> tuple[str, ...]:
    """``cue`` cut into ``n`` consecutive pieces of (nearly) equal length."""
    cuts = [len(cue) * i // n for i in range(n + 1)]
    return tuple(cue[a:b] for a, b in itertools.pairwise(cuts))


def classify_area(text: str, *, title: bool = True) -> str | None:
    """The reform area a section title (or, with ``title=False``, an item's text) names.

    Exact folded cues first: for a title the longest cue wins, for a text the
    area with most cue hits (earliest on a tie). A title of at most 200
    characters that no cue matches exactly is tried again with fuzzy matching
    (OCR: "Cai cach to chirc b may hanh chinh", "Cai cach tai chinh cng").
    """
    if len(text) > MEMO_CHARS:
        return _classify_area.__wrapped__(text, title)
    return _classify_area(text, title)


@lru_cache(maxsize=4096)
def _classify_area(text: str, title: bool) -> str | None:
    """:func:`classify_area`, remembered for short texts: plans repeat titles and items."""
    folded = fold(text)
    best: tuple[float, float, str] | None = None
    for (area_id, _pattern, _cues), hits in zip(_cue_patterns(), _cue_hits(folded), strict=True):
        if not hits:
            continue
        if title:
            key = (float(max(len(h.group()) for h in hits)), -float(hits[0].start()), area_id)
        else:
            key = (float(len(hits)), -float(hits[0].start()), area_id)
        if best is None or key[:2] > best[:2]:
            best = key
    if best is not None:
        return best[2]
    if not title or len(folded) > 200:
        return None
    fuzzy_best: tuple[int, int, str] | None = None  # (errors, -cue length, area)
    for area_id, cue, pieces, fuzzy in _fuzzy_patterns():
        if not any(piece in folded for piece in pieces):
            continue
        m = fuzzy.search(folded)
        if m:
            errors = sum(m.fuzzy_counts)
            key2 = (errors, -len(cue), area_id)
            if fuzzy_best is None or key2[:2] < fuzzy_best[:2]:
                fuzzy_best = key2
    return fuzzy_best[2] if fuzzy_best else None


def _canonical(text: str) -> str:
    """Replace long forms by the abbreviations plans use ("thủ tục hành chính" → "TTHC")."""
    folded = fold(text)
    for pattern, name, key in SYNONYMS:
        if key not in folded:
            continue
        edits = [(m.start(), m.end()) for m in pattern.finditer(folded)]
        if not edits:
            continue
        for s, e in reversed(edits):
            text = text[:s] + name + text[e:]
        folded = fold(text)  # folded again only when the text changed
    return squash(text)


def subject_of(text: str, quantity_span: tuple[int, int] | None = None) -> str | None:
    """A short phrase naming what a target measures.

    "Trên 99% tỷ lệ hồ sơ TTHC do cơ quan … được giải quyết đúng hạn và trước hạn"
    → "hồ sơ TTHC giải quyết đúng hạn"; "Chỉ số CCHC (PAR INDEX) năm 2024 …" →
    "Chỉ số PAR INDEX".
    """
    if len(text) > MEMO_CHARS:
        return _subject_of.__wrapped__(text, quantity_span)
    return _subject_of(text, quantity_span)


@lru_cache(maxsize=4096)
def _subject_of(text: str, quantity_span: tuple[int, int] | None) -> str | None:
    """:func:`subject_of`, remembered for short texts (plans repeat their targets)."""
    acr = INDEX_ACRONYM.search(text)
    if acr:
        return "Chỉ số " + WHITESPACE.sub(" ", acr.group("acr"))
    text = _canonical(text)
    if quantity_span is None:
        found = find_quantities(text)
        quantity_span = (found[0][0], found[0][1]) if found else None
    folded = fold(text)
    if quantity_span is None:
        words = _WORD.findall(text)[:7]
        return " ".join(words) or None
    q_start, q_end = quantity_span
    clause_end = len(text)
    m = CLAUSE_END.search(folded, q_end)
    if m:
        clause_end = m.start()
    # the words before the figure, each with its folded form (same offsets in ``folded``)
    before_all = [
        (w.group(), folded[w.start() : w.end()]) for w in _WORD.finditer(text, 0, q_start)
    ]
    if len(before_all) > 6:  # the figure comes late: the clause's opening names the subject
        words = [w for w, f in before_all if f not in STOPWORDS][:6]
        return " ".join(words) or None
    # verb before the figure: "cắt giảm tối thiểu 30% thời gian" → "cắt giảm"
    before = [w for w, f in before_all if f not in STOPWORDS]
    prefix = before[-2:]
    # noun phrase after the figure
    head_start = q_end
    lead = LEADING_FILLER.match(folded, head_start)
    if lead:
        head_start = lead.end()
    head_end = clause_end
    for stop in SUBJECT_HEAD_STOP.finditer(folded, head_start, clause_end):
        # a comma inside a short list does not end the phrase: "cán bộ, công chức"
        if stop.group() == "," and len(_WORD.findall(text[head_start : stop.start()])) < 3:
            continue
        head_end = stop.start()
        break
    head = _WORD.findall(text[head_start:head_end])[:7]
    # predicate after the last "được"/"phải" of the clause
    pred: list[str] = []
    preds = list(SUBJECT_PRED.finditer(folded, head_end, clause_end))
    has = SUBJECT_HAS.match(text, head_end, clause_end)  # "có" right after the noun
    p_start = preds[-1].end() if preds else has.end() if has else -1
    if p_start >= 0:
        p_stop = SUBJECT_PRED_STOP.search(folded, p_start, clause_end)
        pred = _WORD.findall(text[p_start : p_stop.start() if p_stop else clause_end])[:5]
    words = [*prefix, *head, *pred]
    # drop a repeated word run ("văn bản văn bản")
    out: list[str] = []
    for w in words:
        if not (out and out[-1].lower() == w.lower()):
            out.append(w)
    return " ".join(out) or None


def _tokens(text: str | None) -> set[str]:
    if not text:
        return set()
    return {w for w in _WORD.findall(fold(_canonical(text))) if w not in STOPWORDS and len(w) > 1}


def _dice(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


_FLOOR_STRENGTH: dict[str | None, int] = {
    "gt": 2, "ge": 1, "eq": 1, None: 1, "increase": 1, "reduce": 1,
}  # fmt: skip


_CEILING_STRENGTH: dict[str | None, int] = {"lt": 2, "le": 1}


def _compare_quantity(p: Quantity, c: Quantity) -> tuple[MatchStatus, str | None]:
    """Is the child's figure weaker, equal or stronger than the parent's?"""
    if p.comparator == "rank_top" or c.comparator == "rank_top":
        if p.comparator != c.comparator:
            return "carried", "one states a rank, the other a figure"
        if p.unit != c.unit:
            return "carried", f"ranks among different units: {p.unit} vs {c.unit}"
        if c.value == p.value:
            return "carried", None
        return ("strengthened" if c.value < p.value else "weakened"), None
    if p.unit != c.unit:
        return "carried", f"units differ: {p.unit} vs {c.unit}"
    if (p.comparator == "reduce") != (c.comparator == "reduce"):
        return "carried", "one states a reduction, the other a level"
    ceiling = p.comparator in _CEILING_STRENGTH
    if c.value != p.value:
        better = c.value < p.value if ceiling else c.value > p.value
        return ("strengthened" if better else "weakened"), None
    table = _CEILING_STRENGTH if ceiling else _FLOOR_STRENGTH
    ps, cs = table.get(p.comparator, 1), table.get(c.comparator, 1)
    if cs == ps:
        return "carried", None
    return ("strengthened" if cs > ps else "weakened"), None


def _compare_targets(p: Target, c: Target) -> tuple[MatchStatus, str | None]:
    if p.quantity is None:
        return "carried", None
    if c.quantity is None:
        return "weakened", "the child states no figure"
    p_scoped = {q.scope: q for q in p.quantities if q.scope}
    c_scoped = {q.scope: q for q in c.quantities if q.scope}
    common = [s for s in p_scoped if s in c_scoped]
    if common:
        results = [_compare_quantity(p_scoped[s], c_scoped[s]) for s in common]
        statuses = [r[0] for r in results]
        note = f"compared at level(s): {', '.join(common)}"
        if "weakened" in statuses:
            return "weakened", note
        if "strengthened" in statuses:
            return "strengthened", note
        return "carried", note
    return _compare_quantity(p.quantity, c.quantity)


def _similarity(p: Target, c: Target) -> float:
    if p.area and c.area and p.area != c.area:
        return 0.0
    s = 0.6 * _dice(_tokens(p.subject), _tokens(c.subject)) + 0.4 * _dice(
        _tokens(p.text), _tokens(c.text)
    )
    if p.quantity and c.quantity and p.quantity.unit == c.quantity.unit:
        s += 0.05
    return min(s, 1.0)


def compare_targets(
    parent: Sequence[Target], child: Sequence[Target], *, threshold: float = 0.4
) -> list[TargetMatch]:
    """How each parent target is carried into the child plan.

    Targets are paired one to one, best similarity first (same area, similar
    subject and text); a parent target without a partner above ``threshold`` is
    ``dropped``. A paired target is ``weakened`` when the child's figure is
    weaker ("95%" for "Trên 99%", or no figure), ``strengthened`` when stronger,
    else ``carried``. The result follows the order of ``parent``.
    """
    pairs = sorted(
        ((_similarity(p, c), i, j) for i, p in enumerate(parent) for j, c in enumerate(child)),
        key=lambda t: (-t[0], t[1], t[2]),
    )
    used_p: dict[int, tuple[int, float]] = {}
    used_c: set[int] = set()
    for score, i, j in pairs:
        if score < threshold:
            break
        if i in used_p or j in used_c:
            continue
        used_p[i] = (j, score)
        used_c.add(j)
    out = []
    for i, p in enumerate(parent):
        if i not in used_p:
            out.append(TargetMatch(p, None, "dropped", 0.0, None))
            continue
        j, score = used_p[i]
        status, note = _compare_targets(p, child[j])
        out.append(TargetMatch(p, child[j], status, round(score, 3), note))
    return out
