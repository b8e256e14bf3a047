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

from datetime import date

import regex

from parsers.codes import _bare_symbol, _CodesMixin
from parsers.cues import _CuesMixin
from parsers.models import (
    Citation,
    FoundCitations,
    Mention,
    NormalizedText,
    SegmentedDocument,
)
from parsers.names import _NamesMixin
from parsers.prefilter import _anchor_matches
from parsers.regexes import (
    LONE_TOP_NUMBER,
    SYMBOL_ECHO,
    compiled,
)
from parsers.scan import (
    _RE_LEAD,
    _RE_NOT_PLACE,
    _RE_QH,
    _RE_SO,
    _RE_SPACE,
    _RE_SPACE_TAB,
    LOOKBEHIND,
    OCR_REPAIR,
    TITLE_MAX,
    _Found,
    _SectionSweep,
    trailing_connectors,
)
from parsers.vocab import fold_text, load_vocabulary

_RE_SYMBOL_ECHO = regex.compile(SYMBOL_ECHO)

__all__ = ["find_citations", "trailing_connectors"]


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


class _Finder(_NamesMixin, _CuesMixin, _CodesMixin):
    """Anchors, look-behind, look-ahead, titles and the emitted citations (steps 1, 2, 4)."""

    def run(self) -> FoundCitations:
        found = self._names(self._bare_numbers(self._anchors()))
        found.sort(key=lambda f: f.start)
        for f in found:
            self._look_ahead(f)
            if f.date is None and not f.is_name:
                self._narrative_date(f)
        # a lower-case law name the vocabulary does not know is no citation ("Luật sư")
        found = [f for f in found if not (f.extra.get("tentative") and f.number is None)]
        self._share_lists(found)
        for i, f in enumerate(found):
            nxt = found[i + 1].start if i + 1 < len(found) else len(self.text)
            self._title(f, nxt)
        relations = self._relations(found)
        # each citation under construction is dropped once emitted (memory: one set at a time)
        found.reverse()
        citations = []
        while found:
            citations.append(self._emit(found.pop()))
        return FoundCitations(
            citations=tuple(citations),
            relations_between_cited=tuple(relations),
            warnings=tuple(self.warnings),
        )

    def _anchors(self) -> list[_Found]:
        out: list[_Found] = []
        for m in _anchor_matches(self.p.anchor, self.folded):
            f = self._anchor(m)
            if f is not None:
                out.append(f)
        return out

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
        if start < LONE_TOP_NUMBER and self._lone_top_number(line_start, start, m.end()):
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
        seps: list[str] = []  # the separator before each part after the first: "-" or "&"
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
                if dt is not None and dt.code not in self.named_types:
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
            if k:
                seps.append("&" if gap.strip() == "&" else "-")
            end = te
        if not parts or (form != "admin" and len(parts) < 2):
            return None
        lone_unknown = (
            form == "admin" and type_code is None and issuer_name is None and len(parts) == 1
        )
        if lone_unknown and not self._has_type_word(start):
            return None  # a lone unknown capitalised code: "12/ABC" is too weak alone
        if form == "party":
            symbol = f"{parts[0]}/{'-'.join(parts[1:])}"
        else:
            symbol = parts[0] + "".join(
                sep + part for sep, part in zip(seps, parts[1:], strict=True)
            )
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
                (
                    (self.seg.header.number or "").strip() == number
                    and _bare_symbol(self.seg.header.symbol) == _bare_symbol(symbol)
                )
                or _RE_SO.match(folded, line_start, start)
            )
        ):
            return None
        return f

    def _look_behind(self, f: _Found, type_code: str | None, parts: list[str], conf: float) -> None:
        """Attach the type word before the number; decide the type and confidence."""
        w0 = max(0, f.start - LOOKBEHIND)
        window = self.folded[w0 : f.start]
        cands = self._type_words(window)
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
        if is_qh and doc_type in self.named_types and law_name:
            f.title = law_name
        f.doc_type = doc_type
        f.confidence = round(conf, 3)

    def _look_ahead(self, f: _Found) -> None:
        folded = self.folded
        pos = f.end
        echo = _RE_SYMBOL_ECHO.match(folded, pos)
        if echo is not None and fold_text(f.symbol or "").endswith(echo["echo"]):
            pos = echo.end()
        for _ in range(3):
            progressed = False
            if not f.has_date:
                dm = self.p.date_clause.match(folded, pos)
                if dm is not None:
                    f.has_date = True
                    f.date = self._date(dm)
                    if f.date is None and (dm["wy"] or dm["ny"]):
                        # "ngày 26 tháng Í Ï năm 2014": the month is lost, the year is not
                        f.extra = {**f.extra, "date_year": int(dm["wy"] or dm["ny"])}
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
                year = (
                    f.extra.get("year")
                    or (f.date.year if f.date else None)
                    or f.extra.get("date_year")
                )
                assert isinstance(year, int | type(None))
                name = str(f.extra["law_name"])
                law = (
                    (self._law_on(name, f.date) if f.date else None)
                    or self.v.law(name, year, f.date)
                    or self._law_like(name, year, f.start)
                )
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

    def _narrative_date(self, f: _Found) -> None:
        """ "Ngày 21/04/2015, Thủ tướng Chính phủ đã ban hành Chỉ thị số 06/CT-TTg": the lead's
        date is the announced document's."""
        m = self.p.narrative_date.search(self.folded, max(0, f.start - 160), f.start)
        if m is None:
            return
        try:
            f.date = date(int(m["y"]), int(m["m"]), int(m["d"]))
        except ValueError:
            return
        f.has_date = True

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
        # repeated strings and dates (symbols, numbers, issuers, cues, mention texts) are kept
        # once per document: a text citing one document many times holds it once
        same = self._same
        return Citation(
            doc_type=f.doc_type,
            number=same(f.number),
            year_in_number=f.year_in_number,
            symbol=same(f.symbol),
            date=same(f.date),
            issuer=same(f.issuer or f.issuer_from_code),
            title=f.title,
            relation=f.relation,
            cue=same(f.cue),
            confidence=f.confidence,
            mention=Mention(
                start=os_,
                end=oe,
                text=same(self.norm.original[os_:oe]),
                in_footnote=in_fn,
                section=same(section),
            ),
            name=f.name,
        )
