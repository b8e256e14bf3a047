"""Documents cited by name: the names of ``named_documents.yaml`` and laws by name
("Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015"); step 3 of :mod:`parsers.find`. Also
documents cited by a number without a symbol when type, date and issuer are printed ("công
văn số 3597 ngày 09/8/2019 của UBND tỉnh Quảng Trị"), step 1b."""

from __future__ import annotations

import bisect
import difflib
from datetime import date

import regex

from parsers.prefilter import _matches_at
from parsers.regexes import (
    NAME_STOP_FOLDED,
    NAME_STOP_WORDS,
)
from parsers.scan import (
    _FinderBase,
    _Found,
)
from parsers.vocab import NamedDocument, Vocabulary, fold_text, name_key, per_vocabulary

# An OCR-damaged law name is the law of that year whose name is this close (difflib ratio of the
# folded names): "Luật tỔ chức Chính ngày 19 tháng 6 năm 2015", "Luật quản sử dụng vốn nhà nước …"
LAW_LIKE_MIN = 0.88
# Words of a law's name; an amending law may list many ("… của Luật Chứng khoán, Luật Kế toán,
# Luật Kiểm toán độc lập, …")
NAME_MAX = 24
NAME_MAX_AMENDING = 64
# "pháp" of "pháp luật" (the word "luật" ending a name), as printed: "quy phạm phát luật"
_PHAP = ("phap", "phat")
# "số 3597" not followed by a symbol ("/…", "-…")
_RE_BARE_NUMBER = regex.compile(
    r"(?<![a-z0-9])s[o0]\.?[ \t]{0,3}:?[ \t]{0,3}(?P<n>\d{2,6})(?![\d/.,\-]|[ \t]{0,2}[/-])"
)
_RE_BLANK = regex.compile(r"\s*\Z")
_RE_NAME_WORD = regex.compile(r"[a-z0-9]+")


@per_vocabulary
def _law_keys(v: Vocabulary) -> tuple[frozenset[tuple[str, ...]], frozenset[tuple[str, ...]]]:
    """The known law names as word tuples, and every leading part of one (once per
    vocabulary)."""
    names = {tuple(name.split()) for name, _ in v.laws_by_name}
    prefixes = frozenset(n[:k] for n in names for k in range(1, len(n) + 1))
    return frozenset(names), prefixes


_RE_DIGIT = regex.compile(r"\d")

# How far after "Luật" a name's year or date can start: 24 words of at most 20 letters, each
# after at most 8 characters of separator (NAME_WORD), then the clause before the year's digits
_NAME_REACH = 24 * 28 + 100


def _ratio(a: str, b: str) -> float:
    """``difflib.SequenceMatcher(None, a, b).ratio()`` when its quick upper bounds reach
    :data:`LAW_LIKE_MIN`, else 0.0 (a ratio below the bound is never kept)."""
    sm = difflib.SequenceMatcher(None, a, b)
    if sm.real_quick_ratio() < LAW_LIKE_MIN or sm.quick_ratio() < LAW_LIKE_MIN:
        return 0.0
    return sm.ratio()


class _NamesMixin(_FinderBase):
    """Step 3 of the finder: citations by name."""

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
            named_starts = self._text_starts()[2]
            matches = (
                self.p.named_document.finditer(self.folded)
                if named_starts is None
                else _matches_at(self.p.named_document, self.folded, named_starts)
            )
            for m in matches:
                if overlaps(m.start(), m.end()):
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

    def _law_names(self) -> list[_Found]:
        out: list[_Found] = []
        folded, text = self.folded, self.text
        last_end = -1
        next_digit: (
            int | None
        ) = -1  # the first digit at or after the last name word (-1: not known)
        for m in _matches_at(self.p.law_word, folded, self._text_starts()[1]):
            if m.start() < last_end or not self._law_word_ok(m.start()):
                continue
            if not self.lowercase_doc and text[m.start() : m.end()].isupper():
                continue  # a heading "LUẬT ĐẦU TƯ", "LUẬT KHÁC"
            word = " ".join(m.group().split())
            dt = self.v.type_by_word.get(word)
            if dt is None:
                continue
            if self.lowercase_doc:
                # a lower-case name is kept only with a year or a date after it, both written
                # with digits: none within reach, no name (kỷ luật … in a long line of prose)
                if next_digit is not None and next_digit < m.end():
                    next_digit = -1
                if next_digit == -1:
                    dg = _RE_DIGIT.search(folded, m.end())
                    next_digit = dg.start() if dg is not None else None
                if next_digit is None or next_digit >= m.end() + _NAME_REACH:
                    continue
            pos = m.end()
            words: list[tuple[str, int, int]] = []
            sua_doi = False
            after_law = False
            tentative = False  # a lower-case name: kept only if the vocabulary knows it
            while len(words) < (NAME_MAX_AMENDING if sua_doi else NAME_MAX):
                wm = self.p.name_word.match(folded, pos)
                if wm is None:
                    break
                w = wm["w"]
                first = not words
                if first:
                    sua_doi = w in ("sua", "sira", "stra", "sura")
                    if not self.lowercase_doc and not (text[wm.start("w")].isupper() or sua_doi):
                        # "Luật giao dịch điện tử ngày 29 tháng 11 năm 2005", "Luật ban hành
                        # văn bản …" (older texts) — but "Luật sư", "Luật này" are no laws
                        if dt.code != "LUAT" or w in NAME_STOP_FOLDED or w in ("nam", "so"):
                            break
                        tentative = True
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
                    if (
                        wm["sep"].strip() == ","
                        and (not text[wm.start("w")].islower() and not self.lowercase_doc)
                        and not (sua_doi and w == "luat" and "cua" in (x[0] for x in words))
                    ):
                        # "Luật A, Luật B" are two laws; "Luật sửa đổi … của Luật A, Luật B,
                        # Luật C" is one
                        break
                    if w in ("cua", "va"):
                        nxt = self.p.name_word.match(folded, wm.end())
                        if nxt is None:
                            break
                        if nxt["w"] in ("luat", "bo"):
                            if w == "va" and not sua_doi:
                                break
                        elif not (
                            w == "va"
                            and not self.lowercase_doc
                            and (
                                text[nxt.start("w")].islower()
                                or self.p.type_word.match(folded, nxt.start("w")) is None
                            )
                        ):
                            # "Luật Phí và lệ phí", "Luật Khoa học và Công nghệ" go on;
                            # "Luật A và Nghị định" stops
                            break
                    listed = sua_doi and wm["sep"].strip() == "," and "cua" in (x[0] for x in words)
                    if (
                        w in ("luat",)
                        and words
                        and words[-1][0] not in ("cua", "va", *_PHAP, "bo")
                        and not listed
                    ):
                        break
                after_law = w == "luat" and not (words and words[-1][0] in _PHAP)
                words.append((w, wm.start("w"), wm.end("w")))
                pos = wm.end()
            # drop trailing connector words
            while words and words[-1][0] in ("cua", "va", "luat"):
                if words[-1][0] == "luat" and len(words) > 1 and words[-2][0] in _PHAP:
                    break
                words.pop()
            year: int | None = None
            end = words[-1][2] if words else m.end()
            end = self._known_law_end(m.start(), end)
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
                issuer_from_code=dt.issuer or "Ủy ban Thường vụ Quốc hội",
                name=name_text + (f" năm {year}" if year else ""),
                title=title,
                confidence=0.6,
                is_name=True,
                extra={"law_name": fold_text(name_text), "year": year, "tentative": tentative},
            )
            out.append(f)
            last_end = name_end
        return out

    def _known_law_end(self, start: int, end: int) -> int:
        """A known law name longer than the name read so far extends it: "Luật Đầu tư theo
        phương thức đối tác công tư" is not "Luật Đầu tư" cut at "theo"."""
        # the longest known name that the words from ``start`` (30 at most) begin with,
        # longer than the words read: one walk down the known names' leading parts
        known, prefixes = _law_keys(self.v)
        words: list[str] = []
        best_end: int | None = None
        best_len = 0
        for w in _RE_NAME_WORD.finditer(self.folded, start, end + 120):
            words.append(w.group())
            key = tuple(words)
            if key not in prefixes:
                break
            if key in known:
                best_len, best_end = len(words), w.end()
            if len(words) == 30:
                break
        if best_end is None or best_len <= len(_RE_NAME_WORD.findall(self.folded, start, end)):
            return end
        return best_end

    def _law_like(self, folded_name: str, year: int | None, start: int) -> NamedDocument | None:
        """The law of ``year`` whose name an OCR-damaged name is closest to (ratio at least
        ``LAW_LIKE_MIN``, one best candidate), comparing the name read and the text at its
        start; None when none or two are that close."""
        if year is None:
            return None
        read = name_key(folded_name)
        best: list[tuple[float, NamedDocument]] = []
        for (known, y), nd in self.v.laws_by_name.items():
            if y != year:
                continue
            window = name_key(self.folded[start : start + len(known) + 8])[: len(known)]
            # a ratio is computed only where its upper bounds reach LAW_LIKE_MIN (those below
            # cannot be the score kept: same answers, a fraction of the cost)
            score = max(_ratio(read, known), _ratio(window, known))
            if score >= LAW_LIKE_MIN:
                best.append((score, nd))
        best.sort(key=lambda t: -t[0])
        if not best or (len(best) > 1 and best[1][0] == best[0][0]):
            return None
        return best[0][1]

    def _law_on(self, folded_name: str, on: date) -> NamedDocument | None:
        """The law of that name passed on ``on``: of two laws of one name and year
        ("Luật Tổ chức chính quyền địa phương" of 19/02 and of 16/06/2025) the printed date
        tells."""
        key = name_key(folded_name)
        for nd in self.v.named_documents:
            if (
                nd.date == on
                and nd.year is not None
                and any(name_key(fold_text(n)) == key for n in (nd.name, *nd.aliases))
            ):
                return nd
        return None

    def _bare_numbers(self, found: list[_Found]) -> list[_Found]:
        """``found`` and the documents cited by type word, "số", a number without symbol, a
        date and an issuer: "công văn số 3597 ngày 09/8/2019 của UBND tỉnh Quảng Trị". All
        four must be printed (a lone "số 12" is a list item, a page, a quantity)."""
        folded = self.folded
        spans = [(f.start, f.end) for f in found]
        out = list(found)
        for m in _RE_BARE_NUMBER.finditer(folded):
            w0 = max(0, m.start() - 40)
            types = [
                t
                for t in self.p.type_word.finditer(folded, w0, m.start())
                if t["law"] is None and _RE_BLANK.match(folded, t.end(), m.start())
            ]
            if not types:
                continue
            dt = self.v.type_by_word.get(" ".join(types[-1].group().split()))
            dm = self.p.date_clause.match(folded, m.end())
            if dt is None or dm is None or dm["ngay"] is None or not (dm["ny"] or dm["wy"]):
                continue
            if self.p.issuer_clause.match(folded, dm.end()) is None:
                continue
            start = types[-1].start()
            if any(a < m.end() and start < b for a, b in spans):
                continue
            out.append(
                _Found(
                    start=start,
                    end=m.end(),
                    doc_type=dt.code,
                    number=m["n"],
                    type_word_code=dt.code,
                    confidence=0.7,
                )
            )
        return out
