"""Build the syllable model of :mod:`parsers.restore` offline from clean texts.

    PYTHONPATH=. python bench/build_diacritics_model.py [--gazette DIR] [--out FILE]

Sources: the gazette corpus (``../shared/corpus/gazette/*.txt``, clean legal
Vietnamese, not on a user's fresh clone, hence the model file is shipped in the
repository) minus the held-out file ``HELD_OUT`` that ``bench/eval_restore.py``
measures on, and the clean seeds 001, 003, 004. Seed 002 is the OCR test text and
seed 000 holds the parallel clean passages it is measured against: both are left out.

Output: ``data/models/diacritics/syllables.tsv.gz``: ``#U`` lines ``form<TAB>count``
(lower-case syllables seen at least ``MIN_UNIGRAM`` times), then ``#B`` lines
``v w<TAB>count`` (bigrams within a run of words separated by spaces only, ``<s>``
at a run start, seen at least ``MIN_BIGRAM`` times, and only where the choice of
form matters: some form sharing a key with ``v`` or ``w``).
"""

from __future__ import annotations

import argparse
import gzip
import sys
from collections import Counter
from pathlib import Path

from parsers.normalize import fold, normalize
from parsers.restore import (
    END,
    MODEL_FILE,
    NUMBER,
    START,
    context_after,
    context_before,
    is_acronym,
    keeps_context,
    syllable_key,
    tokens,
)

ROOT = Path(__file__).resolve().parent.parent
GAZETTE = ROOT.parent / "shared" / "corpus" / "gazette"
SEEDS = ("001_", "003_", "004_")
# measured on by bench/eval_restore.py, never counted
HELD_OUT = "nghi-dinh-so-112-2021-nd-cp-34959.txt"
MIN_UNIGRAM = 2
MIN_BIGRAM = 2


def sources(gazette: Path) -> list[Path]:
    files = sorted(p for p in gazette.glob("*.txt") if p.name != HELD_OUT)
    seeds = sorted(
        p for p in (ROOT / "data" / "examples").glob("*.txt") if p.name.startswith(SEEDS)
    )
    return files + seeds


def count(paths: list[Path]) -> tuple[Counter[str], Counter[str]]:
    unigram: Counter[str] = Counter()
    bigram: Counter[str] = Counter()
    for path in paths:
        text = normalize(path.read_text(encoding="utf-8", errors="replace")).text
        prev = START
        prev_end = 0  # end of the previous word token
        in_run = False
        for m in tokens(text):
            word = m.group()
            form = word if is_acronym(word) else word.lower()
            word_ok = form.isalpha() and (syllable_key(word) is not None or is_acronym(word))
            if in_run and not (word_ok and keeps_context(text, prev_end, m.start())):
                bigram[f"{prev} {context_after(text, prev_end, m.start())}"] += 1
                in_run = False
            if not word_ok:
                prev_end = m.end()
                continue
            if not in_run:
                prev = context_before(text, prev_end, m.start())
            unigram[form] += 1
            bigram[f"{prev} {form}"] += 1
            prev, prev_end, in_run = form, m.end(), True
        if in_run:
            bigram[f"{prev} {context_after(text, prev_end, len(text))}"] += 1
    return unigram, bigram


def write(out: Path, unigram: Counter[str], bigram: Counter[str]) -> tuple[int, int]:
    kept = {f: c for f, c in unigram.items() if c >= MIN_UNIGRAM}
    forms_per_key = Counter(fold(f) for f in kept)
    starts = {
        w: sum(c for b, c in bigram.items() if b.startswith(w + " ")) for w in (START, NUMBER)
    }

    def ambiguous(form: str) -> bool:
        return form in starts or forms_per_key[fold(form)] > 1

    rows: list[tuple[str, int]] = []
    for pair, c in bigram.items():
        v, w = pair.split(" ")
        if (
            c < MIN_BIGRAM
            or (w not in kept and w not in (NUMBER, END))
            or (v not in starts and v not in kept)
        ):
            continue
        if ambiguous(w) or ambiguous(v) or w in (NUMBER, END):
            rows.append((pair, c))
    out.parent.mkdir(parents=True, exist_ok=True)
    with gzip.GzipFile(out, "wb", mtime=0) as raw:
        lines = ["#U vbkg diacritics model 1: form<TAB>count"]
        lines += [f"{f}\t{c}" for f, c in sorted(kept.items())]
        lines.append("#B bigrams: v w<TAB>count")
        lines += [f"{w}\t{c}" for w, c in starts.items()]
        lines += [f"{p}\t{c}" for p, c in sorted(rows)]
        raw.write(("\n".join(lines) + "\n").encode("utf-8"))
    return len(kept), len(rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gazette", type=Path, default=GAZETTE)
    ap.add_argument("--out", type=Path, default=MODEL_FILE)
    args = ap.parse_args(argv)
    if not args.gazette.is_dir():
        print(f"{args.gazette}: không có thư mục công báo", file=sys.stderr)
        return 2
    paths = sources(args.gazette)
    unigram, bigram = count(paths)
    n_uni, n_bi = write(args.out, unigram, bigram)
    size = args.out.stat().st_size
    print(f"{len(paths)} files, {sum(unigram.values())} syllables → {args.out}")
    print(f"{n_uni} forms, {n_bi} bigrams, {size / 1e6:.2f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
