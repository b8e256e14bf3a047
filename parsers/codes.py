"""Symbol codes as the finder reads them: issuer codes in official spelling, glued type and
issuer codes ("NQCP"), capitals as evidence, a register row's own number; part of step 1 of
:mod:`parsers.find`."""

from __future__ import annotations

import regex

from parsers.normalize import fold
from parsers.scan import _RE_LETTERS, _RE_STRAY_DIGIT, LOOKBEHIND, _FinderBase
from parsers.vocab import code_pattern

_RE_NOT_ALNUM = regex.compile(r"[\W_]+")


def _bare_symbol(symbol: str | None) -> str:
    """A symbol's letters and digits, folded: "QĐ-UBND", "QĐUBND", "qđ.ubnd" → "qdubnd"."""
    return _RE_NOT_ALNUM.sub("", fold(symbol or ""))


class _CodesMixin(_FinderBase):
    """Helpers of the anchors: which codes are issuers, capitals, type words before."""

    def _canonical_issuer(self, tok: str, orig: str) -> tuple[str, str | None, bool] | None:
        """(spelling, issuer name, repaired) for an issuer code, None when unknown."""
        ic = self.v.issuer_code(tok)
        if ic is not None:
            if ic.pattern and code_pattern(ic.pattern).fullmatch(tok):
                digits = tok[len(_RE_LETTERS.match(tok)[0]) :]
                return ic.code + digits, ic.name, False
            return ic.code, ic.name, orig != ic.code and orig.upper() != ic.code.upper()
        m = _RE_STRAY_DIGIT.fullmatch(tok)  # "hdnd9": a stray digit
        if m:
            ic = self.v.issuer_code(m[1])
            if ic is not None and not ic.pattern:
                return ic.code, ic.name, True
        return None

    def _own_register_number(self, start: int, end: int) -> bool:
        """A register row "3055/KH-UBND<TAB>kế hoạch triển khai …" starts with its own number."""
        if start > self.lead:  # something before the match: not a register row
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
            if dt is None or dt.code in self.named_types:
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
        ends = [m.end() for m in self._type_words(window)]
        return bool(ends) and ends[-1] == len(window)

    def _has_type_word(self, start: int) -> bool:
        window = self.folded[max(0, start - LOOKBEHIND) : start]
        return bool(self._type_words(window))

    def _lone_top_number(self, line_start: int, start: int, end: int) -> bool:
        """A number alone on one of the first lines, before any "Căn cứ": the own number."""
        folded = self.folded
        eol = folded.find("\n", end)
        return (
            line_start > 0
            and not folded[line_start:start].strip()
            and not folded[end : eol if eol >= 0 else len(folded)].strip()
            and "can cu" not in folded[:line_start]
        )

    def _is_vi_variant(self, surface: str) -> bool:
        """A correct Vietnamese spelling (any case) of a type word: no OCR repair."""
        return surface.lower() in self.v.type_spellings
