"""Re-create the corpus excerpts in ``corpus_sample/`` (annotation lives in corpus_sample.json).

Run from the repository root with ../shared beside it::

    python tests/data/gold/make_sample.py [--shared ../shared]

The sample is drawn with ``random.Random(20261123)`` so it is reproducible; re-running it
overwrites the excerpt files with identical content (the hand annotation is not touched).
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

SEED = 20261123
HERE = Path(__file__).resolve().parent
OUT = HERE / "corpus_sample"

N_GAZETTE, GAZETTE_CHARS = 10, 4000
N_HELDOUT = 40
N_REGISTER = 20
OCR_CHARS = 3000


def _cut(text: str, limit: int) -> str:
    """First ``limit`` characters, cut back to the end of a line."""
    if len(text) <= limit:
        return text
    head = text[:limit]
    nl = head.rfind("\n")
    return head[: nl + 1] if nl > limit // 2 else head


def make(shared: Path) -> list[dict]:
    rng = random.Random(SEED)
    corpus = shared / "corpus"
    OUT.mkdir(parents=True, exist_ok=True)
    made: list[dict] = []

    gazette = sorted(p for p in (corpus / "gazette").glob("*.txt"))
    for p in rng.sample(gazette, N_GAZETTE):
        text = _cut(p.read_text(encoding="utf-8"), GAZETTE_CHARS)
        name = f"gazette__{p.stem}.txt"
        (OUT / name).write_text(text, encoding="utf-8")
        made.append({"file": name, "source": f"corpus/gazette/{p.name}", "chars": len(text)})

    lines = (corpus / "summaries" / "heldout_lines.txt").read_text(encoding="utf-8").splitlines()
    idx = sorted(rng.sample(range(len(lines)), min(N_HELDOUT, len(lines))))
    summaries = sorted((corpus / "summaries").glob("*.tsv"))
    registers = {p.stem: p.read_text(encoding="utf-8") for p in summaries}
    for i in idx:
        # a held-out line is a row of one of the summaries registers (binhduong_ubnd_tinh.tsv,
        # sonla_congbao.tsv): it goes in a folder named after it, the context its province
        # comes from (graph.units.province_in_path), as the row's own register gives it
        key, summary = lines[i].split("\t", 1)
        folder = next(n for n, t in registers.items() if f"{key}\t" in t and summary[:60] in t)
        name = f"{folder}/heldout__{i + 1:03d}.txt"
        (OUT / folder).mkdir(exist_ok=True)
        (OUT / name).write_text(lines[i] + "\n", encoding="utf-8")
        made.append({"file": name, "source": f"corpus/summaries/heldout_lines.txt:{i + 1}"})

    reg = corpus / "registers" / "an_giang_vbqppl_tracking_2026_rows.tsv"
    rows = reg.read_text(encoding="utf-8").splitlines()
    # rows that carry a document (skip the two header rows and blank/section rows)
    data = [i for i, r in enumerate(rows) if i >= 2 and len(r.replace("\t", "").strip()) > 40]
    (OUT / reg.stem).mkdir(exist_ok=True)
    for i in sorted(rng.sample(data, N_REGISTER)):
        name = f"{reg.stem}/register__{i + 1:03d}.txt"
        (OUT / name).write_text(rows[i] + "\n", encoding="utf-8")
        made.append({"file": name, "source": f"corpus/registers/{reg.name}:{i + 1}"})

    for p in sorted((corpus / "ocr").glob("*.txt")):
        text = _cut(p.read_text(encoding="utf-8"), OCR_CHARS)
        name = f"ocr__{p.stem}.txt"
        (OUT / name).write_text(text, encoding="utf-8")
        made.append({"file": name, "source": f"corpus/ocr/{p.name}", "chars": len(text)})
    return made


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--shared", type=Path, default=HERE.parents[3] / "shared")
    args = ap.parse_args()
    for m in make(args.shared):
        print(m)


if __name__ == "__main__":
    main()
