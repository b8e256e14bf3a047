"""Relation cues ("Căn cứ", "Thực hiện", "sửa đổi, bổ sung", …): which cue governs each
citation, relations between cited documents, footnote cues; step 5 of :mod:`parsers.find`."""

from __future__ import annotations

import bisect
import functools

import regex

from parsers.models import (
    CitedRelation,
    Relation,
)
from parsers.prefilter import _matches_at
from parsers.scan import (
    _RE_TWO_WORDS,
    LOOKBEHIND,
    _BreakFinder,
    _FinderBase,
    _Found,
)

_CLAUSE_CUES = frozenset({"based_on", "implements", "cites"})


def _starts_line(folded: str, pos: int) -> bool:
    """Whether only white space stands between the line start and ``pos``.

    Scans back only over the white space before ``pos`` (no search for the line start, which
    on a text of one long line would cost the whole line for every cue)."""
    j = pos - 1
    while j >= 0:
        c = folded[j]
        if c == "\n":
            return True
        if not c.isspace():
            return False
        j -= 1
    return True


# A lower-case "thực hiện" inside a sentence ("tổ chức thực hiện các quan điểm … theo Nghị
# quyết số 43-NQ/TW") reaches only a first document this near (the documents listed after it
# follow it); a narrative "đã ban hành" between a cue and a document ends the cue ("Thực hiện
# Kế hoạch …, UBND Thành phố đã ban hành Chương trình hành động số 34/CTr-UBND").
LOOSE_CUE_REACH = 90
_RE_TAI_BEFORE = regex.compile(r"(?<![a-z])tai\s{1,4}\Z")
_RE_ISSUED = regex.compile(r"(?<![a-z])da\s{1,4}ban\s{1,4}hanh(?![a-z])")


def _loose_implements(text: str, folded: str, cs: int, ce: int, pos: int) -> bool:
    """Whether an implements cue at ``cs:ce`` does not reach the first document after it, at
    ``pos``."""
    if _RE_ISSUED.search(folded, ce, pos):
        return True
    return (
        text[cs : cs + 1].islower() and not _starts_line(folded, cs) and pos - ce > LOOSE_CUE_REACH
    )


class _CuesMixin(_FinderBase):
    """Step 5 of the finder: relations from cues."""

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
        for m in _matches_at(self.p.cue, folded, self._text_starts()[0], after_letter=False):
            if inside_mention(m.start()):
                continue
            if inside_tail(m.start()) and not (
                m.lastgroup in _CLAUSE_CUES and _starts_line(folded, m.start())
            ):
                # a cue inside a cited title; "Thực hiện …", "Căn cứ …" opening a line open
                # a clause of their own
                continue
            assert m.lastgroup is not None
            cues.append((m.start(), m.end(), Relation(m.lastgroup)))
        cue_starts = [c[0] for c in cues]
        cue_texts: list[str | None] = [None] * len(cues)  # each cue's words, joined once
        first_break = _BreakFinder(self.p.scope_break, text).first_at_or_after

        def governing(pos: int, reach: bool = True) -> tuple[Relation, str] | None:
            i = bisect.bisect_left(cue_starts, pos) - 1
            if i < 0:
                return None
            cs, ce, rel = cues[i]
            if ce > pos:
                return None
            b = first_break(ce)
            if b is not None and b < pos:
                return None
            if reach and rel is Relation.IMPLEMENTS:  # a footnote marker: as it stands
                k = bisect.bisect_left(starts, ce)
                first = min(pos, starts[k]) if k < len(starts) else pos
                if _loose_implements(text, folded, cs, ce, first):
                    return None
            words = cue_texts[i]
            if words is None:
                words = cue_texts[i] = " ".join(text[cs:ce].split())
            return rel, words

        relations: list[CitedRelation] = []
        for j, f in enumerate(found):
            if j > 0:
                prev = found[j - 1]
                if prev.end <= f.start and prev.tail_end >= f.start - 1:
                    w0 = max(prev.end, f.start - LOOKBEHIND)
                    im = self.p.inner_cue.search(folded, w0, f.start)
                    if (
                        im is not None
                        and im.start("cue") >= prev.after
                        and im["cites"] is None  # "theo đề nghị" relates no two documents
                        and not (  # "Thực hiện …" opening a line opens a clause of its own
                            (im["based_on"] or im["implements"])
                            and _starts_line(folded, im.start("cue"))
                        )
                    ):
                        rel = Relation(im["cue"] and self._cue_relation(im))
                        cue_text = " ".join(text[im.start("cue") : im.end("cue")].split())
                        os_, oe = self._orig_span(im.start(), im.end())
                        if im["passive"]:
                            relations.append(CitedRelation(j, rel, j - 1, cue_text, os_, oe))
                        else:
                            relations.append(CitedRelation(j - 1, rel, j, cue_text, os_, oe))
                            f.nested = True
            if f.nested or (j > 0 and self._in_title_of(found[j - 1], f)):
                f.relation, f.cue = Relation.CITES, None
                continue
            gov = governing(f.start)
            if gov is None and self.seg is not None:
                gov = self._footnote_cue(f, functools.partial(governing, reach=False))
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

    def _in_title_of(self, prev: _Found, f: _Found) -> bool:
        """ "Thực hiện Kế hoạch số 355-KH/TU của Thành ủy về việc triển khai … tại Thông báo
        số 237-TB/VPTW": a document named ("tại …") in the title of the one before is not
        under the clause's cue."""
        if not prev.title or prev.tail_end < f.start - 1 or prev.after > f.start:
            return False
        intro = self.p.title_intro.match(self.folded, prev.after)
        return (
            intro is not None
            and ";" not in self.folded[prev.after : f.start]
            and _RE_TAI_BEFORE.search(self.folded, max(0, f.start - 8), f.start) is not None
        )

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
        fn = self.seg.footnote_at(o, marked=True)
        if fn is None or fn.marker_start is None:
            return None
        assert callable(governing)
        got = governing(self._to_norm(fn.marker_start))
        return got if isinstance(got, tuple) else None
