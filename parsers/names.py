"""Documents cited by name: the names of ``named_documents.yaml`` and laws by name
("Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015"); step 3 of :mod:`parsers.find`."""

from __future__ import annotations

import bisect

import regex

from parsers.regexes import (
    NAME_STOP_FOLDED,
    NAME_STOP_WORDS,
)
from parsers.scan import (
    _FinderBase,
    _firsts,
    _Found,
    _matches_at,
)
from parsers.vocab import fold_text

_RE_DIGIT = regex.compile(r"\d")

# How far after "Luật" a name's year or date can start: 24 words of at most 20 letters, each
# after at most 8 characters of separator (NAME_WORD), then the clause before the year's digits
_NAME_REACH = 24 * 28 + 100


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
            named_firsts = _firsts(self.v)[1]
            matches = (
                self.p.named_document.finditer(self.folded)
                if named_firsts is None
                else _matches_at(self.p.named_document, self.folded, named_firsts)
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
        for m in _matches_at(self.p.law_word, folded, _firsts(self.v)[0]):
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
            while len(words) < 24:
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
