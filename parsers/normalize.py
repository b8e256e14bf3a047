"""Stage 2: normalise text on a copy, keeping a map back to the original.

Public verb: :func:`normalize`.
"""

from __future__ import annotations

import unicodedata

from parsers.models import NormalizedText

# Characters that look like the ones the patterns expect. Value "" deletes.
LOOKALIKES: dict[str, str] = {
    "\u00d0": "Đ",  # Ð ETH used for Đ in many Word documents
    "\u0110": "Đ",
    "\u2044": "/",  # ⁄ fraction slash: "13⁄2012/QH13"
    "\u2215": "/",  # ∕ division slash
    "\uff0f": "/",  # ／ full-width solidus
    "\u2010": "-",  # hyphen
    "\u2011": "-",  # non-breaking hyphen
    "\u2012": "-",
    "\u2013": "-",  # en dash inside symbols "NQ–CP"
    "\u2212": "-",  # minus
    "\u00a0": " ",  # no-break space
    "\u2007": " ",
    "\u202f": " ",
    "\u2009": " ",
    "\u200a": " ",
    "\u3000": " ",
    "\t": " ",
    "\u200b": "",  # zero-width space
    "\u200c": "",
    "\u200d": "",
    "\u2060": "",
    "\ufeff": "",  # BOM / zero-width no-break space
    "\u00ad": "",  # soft hyphen
    "\r": "",
}


def _fold_char(ch: str) -> str:
    """One character without diacritics, lower case; always exactly one character."""
    if ch in "đĐ":
        return "d"
    base = unicodedata.normalize("NFD", ch)[0]
    low = base.lower()
    return low if len(low) == 1 else base


def fold(text: str) -> str:
    """Diacritic-folded, lower-case copy of ``text`` with the same length."""
    return "".join(_fold_char(c) for c in text)


def normalize(original: str) -> NormalizedText:
    """Normalise ``original``: NFC, look-alike characters, invisible characters.

    The result keeps an offset map so every span found on the copy maps back
    to the original text.
    """
    out: list[str] = []
    offsets: list[int] = []
    i = 0
    n = len(original)
    while i < n:
        # a cluster: one base character and the combining marks that follow it
        j = i + 1
        while j < n and unicodedata.combining(original[j]):
            j += 1
        cluster = original[i:j]
        if cluster[0] in LOOKALIKES:
            repl = LOOKALIKES[cluster[0]]
            composed = unicodedata.normalize("NFC", repl + cluster[1:]) if repl else ""
        else:
            composed = unicodedata.normalize("NFC", cluster)
        for ch in composed:
            out.append(ch)
            offsets.append(i)
        i = j
    offsets.append(n)
    text = "".join(out)
    return NormalizedText(original=original, text=text, folded=fold(text), offsets=tuple(offsets))
