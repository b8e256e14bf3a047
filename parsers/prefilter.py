"""Literal prefilters of the citation finder (:mod:`parsers.find`): the few places where a
pattern can start, found by one literal pass, so that the detailed pattern is tried only
there (``regex`` scans an alternation of many words at a few MB/s).

* :class:`Literals`: the literal keys every match of a pattern starts with; one
  Aho-Corasick pass (pyahocorasick, as eyecite does) finds them. Keys are whole word chains
  ("thuc hien", "nghi quyet"), not first words ("so", "de"), so a pass yields few candidates;
  without the wheel, one ``str.find`` loop per first word (same answers, slower).
* :func:`chain_keys`: the keys of word chains whose words are separated by ``\\s{1,4}``.
* :func:`prefilters`: the keys of the cues, law words, named documents and type words of a
  vocabulary (built once per vocabulary).
* :func:`_matches_at`, :func:`_anchor_matches`: ``finditer`` through a prefilter.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

import regex

try:  # the literal prefilter's fast path; without it, str.find loops (same answers)
    import ahocorasick
except ImportError:  # pragma: no cover - the wheel is declared, but optional
    ahocorasick = None

from parsers.codepoints import WHITESPACE
from parsers.lines import _RE_D
from parsers.regexes import CUE_CHAINS, CUE_FIRST, GAP
from parsers.vocab import Vocabulary, per_vocabulary

_LOWER_ASCII = frozenset("abcdefghijklmnopqrstuvwxyz")


def chain_keys(chains: Iterable[Iterable[str]]) -> tuple[str, ...] | None:
    """Literal keys such that every string matching ``w1\\s{1,4}w2…\\s{1,4}wn…`` (one chain of
    literal words, the last one possibly only the start of a word) starts with one of them;
    None when a chain has an empty word.

    A chain's words joined by single spaces is a key; where a gap is not a single space, the
    first such gap starts either with white space other than a space or with a space and
    more white space: for each gap, the words before it followed by each such one or two
    characters are keys too.
    """
    keys: set[str] = set()
    for chain in chains:
        words = tuple(chain)
        if not words or not all(words):
            return None
        keys.add(" ".join(words))
        for k in range(1, len(words)):
            head = " ".join(words[:k])
            keys.update(head + x for x in WHITESPACE if x != " ")
            keys.update(head + " " + x for x in WHITESPACE)
    return tuple(sorted(keys))


class Literals:
    """The literal keys every match of one pattern starts with.

    ``firsts``: every match starts with one of these (the ``str.find`` fallback);
    ``keys``: longer keys with the same guarantee (the Aho-Corasick pass; default ``firsts``).
    """

    __slots__ = ("_automaton", "firsts", "keys")

    def __init__(self, firsts: tuple[str, ...], keys: tuple[str, ...] | None = None) -> None:
        self.firsts = firsts
        self.keys = keys or firsts
        self._automaton: object | None = None

    def starts(self, text: str) -> set[int]:
        """Every offset of ``text`` where a key occurs (overlaps included)."""
        if ahocorasick is not None and self.keys:
            automaton = self._automaton
            if automaton is None:
                automaton = ahocorasick.Automaton()
                for w in self.keys:
                    automaton.add_word(w, len(w))
                automaton.make_automaton()
                self._automaton = automaton
            return {end - n + 1 for end, n in automaton.iter(text)}  # type: ignore[union-attr]
        starts: set[int] = set()
        for w in self.firsts:
            i = text.find(w)
            while i >= 0:
                starts.add(i)
                i = text.find(w, i + 1)
        return starts


def _matches_at(
    pattern: regex.Pattern[str], text: str, starts: set[int], *, after_letter: bool = True
) -> list[regex.Match[str]]:
    """``list(pattern.finditer(text))`` for a pattern whose every match starts at one of
    ``starts`` (:meth:`Literals.starts`); ``after_letter=False`` when it also requires no
    ``[a-z]`` right before.

    The pattern is tried only there, left to right and without overlap, as ``finditer``
    does.
    """
    if not after_letter:
        starts = {i for i in starts if i == 0 or text[i - 1] not in _LOWER_ASCII}
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

# _RE_ANCHOR_HINT read backwards, in stdlib ``re`` (with the exact class of ``\d``): on the
# reversed text each try starts at a "/" or "-", where the forward pattern tried every digit
# (the gap between the digit and the "/" holds no digit nor "/" or "-": each "/" or "-" ends
# at most one hint and each digit starts at most one, so both find the same digits)
_RE_ANCHOR_HINT_REVERSED = re.compile(r"[/-][ \t]{0,2}\n?[ \t]{0,2}[a-z]{0,5}" + _RE_D)


def anchor_hints(text: str) -> list[int]:
    """``[m.start() for m in _RE_ANCHOR_HINT.finditer(text)]``: one scan of the reversed text."""
    last = len(text) - 1  # offset i of the reversed text is offset last - i of ``text``
    hints = [last - m.end() + 1 for m in _RE_ANCHOR_HINT_REVERSED.finditer(text[::-1])]
    hints.reverse()
    return hints


_ANCHOR_BACK = 9  # "12345.678": the number starts at most this far before its last digit


def _anchor_matches(pattern: regex.Pattern[str], text: str) -> Iterator[regex.Match[str]]:
    """``pattern.finditer(text)`` for :data:`parsers.regexes.ANCHOR` (one match at a time)."""
    last = 0
    match = pattern.match
    for q in anchor_hints(text):
        for i in range(max(last, q - _ANCHOR_BACK), q + 1):
            if i < last or not text[i].isdigit():
                continue
            if i > 0:  # NUMBER's look-behind: no word character, ".", "/" or "-" before
                b = text[i - 1]
                if b.isalpha() or b.isdecimal() or b in "./-_":
                    continue
            m = match(text, i)
            if m is not None:
                yield m
                last = max(m.end(), i + 1)


_RE_LEADING_LITERAL = regex.compile(r"[a-z0-9]+")


def _required_chain(pat: str) -> tuple[str, ...] | None:
    """The literal words every match of ``pat`` starts with, separated by :data:`GAP` (the
    last one possibly cut: a quantifier after it), None when not sure."""
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
    words: list[str] = []
    pos = 0
    while True:
        m = _RE_LEADING_LITERAL.match(pat, pos)
        if m is None:
            break
        lit = m[0]
        nxt = pat[m.end() : m.end() + 1]
        if nxt in ("?", "*", "{"):
            if lit[:-1]:  # the quantifier makes the last letter optional
                words.append(lit[:-1])
            break
        words.append(lit)
        if not pat.startswith(GAP, m.end()) or pat[m.end() + len(GAP) : m.end() + len(GAP) + 1] in (
            "?",
            "*",
            "+",
            "{",
        ):
            break
        pos = m.end() + len(GAP)
    return tuple(words) or None


class Prefilters:
    """The literals of the finder's whole-text and window patterns for one vocabulary
    (None: the pattern has a match with no literal start, scan it whole).

    :meth:`text_starts` finds the starts of the three whole-text patterns in one pass.
    """

    __slots__ = ("_automaton", "cue", "law_word", "named_document", "type_word")

    def __init__(
        self,
        cue: Literals,
        law_word: Literals,
        named_document: Literals | None,
        type_word: Literals | None,
    ) -> None:
        self.cue, self.law_word = cue, law_word
        self.named_document, self.type_word = named_document, type_word
        self._automaton: object | None = None

    def text_starts(self, text: str) -> tuple[set[int], set[int], set[int] | None]:
        """The starts of the cue, law-word and named-document literals in ``text``: one
        Aho-Corasick pass for the three, or each its own :meth:`Literals.starts`."""
        named = self.named_document
        if ahocorasick is None:
            return (
                self.cue.starts(text),
                self.law_word.starts(text),
                None if named is None else named.starts(text),
            )
        automaton = self._automaton
        if automaton is None:
            kinds: dict[str, int] = {}
            for bit, lits in ((1, self.cue), (2, self.law_word), (4, named)):
                for w in lits.keys if lits is not None else ():
                    kinds[w] = kinds.get(w, 0) | bit
            automaton = ahocorasick.Automaton()
            for w, bits in kinds.items():
                automaton.add_word(w, (len(w), bits))
            automaton.make_automaton()
            self._automaton = automaton
        cue: set[int] = set()
        law: set[int] = set()
        named_starts: set[int] = set()
        for end, (n, bits) in automaton.iter(text):  # type: ignore[union-attr]
            at = end - n + 1
            if bits & 1:
                cue.add(at)
            if bits & 2:
                law.add(at)
            if bits & 4:
                named_starts.add(at)
        return cue, law, None if named is None else named_starts


def prefilters(vocab: Vocabulary) -> Prefilters:
    """:class:`Prefilters` of ``vocab`` (built once per vocabulary)."""
    return _compute(vocab)


def _literals(chains: list[tuple[str, ...]]) -> Literals | None:
    if not chains or not all(chains) or not all(all(c) for c in chains):
        return None
    firsts = tuple(sorted({c[0] for c in chains}))
    return Literals(firsts, chain_keys(chains))


@per_vocabulary
def _compute(vocab: Vocabulary) -> Prefilters:
    law_chains = [tuple(w.split(" ")) for t in vocab.doc_types if t.named for w in t.words]
    law = _literals(law_chains)
    assert law is not None, "every law word is a literal"
    named_chains: list[tuple[str, ...]] = []
    named_ok = True
    for nd in vocab.named_documents:
        for p in nd.patterns:
            chain = _required_chain(p)
            if chain is None:
                named_ok = False
            else:
                named_chains.append(chain)
        named_chains.extend(tuple(a.split(" ")) for a in nd.aliases)
    type_chains = [tuple(w.split(" ")) for t in vocab.doc_types for w in t.words]
    cue = Literals(CUE_FIRST, chain_keys(tuple(c.split(" ")) for c in CUE_CHAINS))
    return Prefilters(
        cue=cue,
        law_word=law,
        named_document=_literals(named_chains) if named_ok else None,
        type_word=_literals(type_chains),
    )
