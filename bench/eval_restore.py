"""Measure diacritic restoration (:mod:`parsers.restore`): syllable accuracy.

    PYTHONPATH=. python bench/eval_restore.py [--json]

1. Seed 002 (OCR of the 2024 Lạng Sơn plan, without diacritics) against the
   parallel clean passages of seed 000 (the 2023 plan): the two texts are aligned by
   folded syllables (difflib on folded word tokens); every aligned pair with the same
   folded key is a gold syllable (its clean form). Reported: the OCR text as it is,
   (a) the n-gram model alone (the honest figure: seed 000 is neither in the model nor
   given as context), (b) with seed 000 as context. ``repaired`` counts aligned
   pairs of one garbled token against one clean syllable ("lugng" / "lượng").
2. A held-out clean gazette file (``HELD_OUT`` of the builder, not in the model)
   stripped of its diacritics, restored, compared syllable by syllable.
Comparison is case-insensitive (NFC, lower case).
"""

from __future__ import annotations

import argparse
import difflib
import json
import unicodedata
from dataclasses import asdict, dataclass
from pathlib import Path

from parsers.normalize import fold, normalize
from parsers.restore import restore_diacritics, syllable_key, tokens

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "data" / "examples"
GAZETTE = ROOT.parent / "shared" / "corpus" / "gazette"
HELD_OUT = "nghi-dinh-so-112-2021-nd-cp-34959.txt"  # = build_diacritics_model.HELD_OUT


@dataclass(frozen=True)
class Score:
    correct: int
    total: int

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0


def seed(prefix: str) -> str:
    return next(EXAMPLES.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


def _words(text: str) -> list[str]:
    return [m.group() for m in tokens(text)]


def gold_pairs(ocr: str, clean: str) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """(index of an OCR word, its clean form): same-key pairs, and 1:1 garbled pairs."""
    a, b = _words(ocr), _words(clean)
    ka, kb = [fold(w) for w in a], [fold(w) for w in b]
    sm = difflib.SequenceMatcher(None, ka, kb, autojunk=False)
    same: list[tuple[int, str]] = []
    garbled: list[tuple[int, str]] = []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            same.extend(
                (i1 + k, b[j1 + k]) for k in range(i2 - i1) if syllable_key(b[j1 + k]) is not None
            )
        elif op == "replace" and i2 - i1 == j2 - j1:
            garbled.extend(
                (i1 + k, b[j1 + k]) for k in range(i2 - i1) if syllable_key(b[j1 + k]) is not None
            )
    return same, garbled


def _norm(word: str) -> str:
    return unicodedata.normalize("NFC", word).lower()


def score(words: list[str], pairs: list[tuple[int, str]]) -> Score:
    return Score(sum(1 for i, g in pairs if _norm(words[i]) == _norm(g)), len(pairs))


def strip_diacritics(text: str) -> str:
    """``text`` without diacritics, case kept: "Nghị định" → "Nghi dinh"."""
    out = []
    for ch in text:
        if ch in "đĐ":
            out.append("d" if ch == "đ" else "D")
        else:
            out.append(unicodedata.normalize("NFD", ch)[0])
    return "".join(out)


def measure() -> dict[str, dict[str, float | int]]:
    ocr, clean = seed("002"), seed("000")
    same, garbled = gold_pairs(ocr, clean)
    results: dict[str, dict[str, float | int]] = {}

    def add(name: str, words: list[str]) -> None:
        s, g = score(words, same), score(words, garbled)
        results[name] = {**asdict(s), "accuracy": round(s.accuracy, 4)}
        results[name + " repaired"] = {**asdict(g), "accuracy": round(g.accuracy, 4)}

    add("seed002 ocr as is", _words(ocr))
    add("seed002 (a) model", _words(restore_diacritics(ocr).text))
    add("seed002 (b) +context 000", _words(restore_diacritics(ocr, context=[clean]).text))
    held = GAZETTE / HELD_OUT
    if held.exists():
        text = normalize(held.read_text(encoding="utf-8")).text
        gold = _words(text)
        got = _words(restore_diacritics(strip_diacritics(text)).text)
        pairs = [(i, w) for i, w in enumerate(gold) if syllable_key(w) is not None]
        s = score(got, pairs)
        results["held-out gazette"] = {**asdict(s), "accuracy": round(s.accuracy, 4)}
        marked = [(i, w) for i, w in pairs if strip_diacritics(w) != w]
        s = score(got, marked)
        results["held-out gazette (accented only)"] = {
            **asdict(s),
            "accuracy": round(s.accuracy, 4),
        }
    return results


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    results = measure()
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=2))
    else:
        for name, r in results.items():
            print(f"{name:40} {r['accuracy']:.4f}  ({r['correct']}/{r['total']})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
