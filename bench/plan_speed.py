"""Extraction speed of plans (Kế hoạch): the whole stage chain of each file, in process.

    PYTHONPATH=$PWD .venv/bin/python bench/plan_speed.py [PATH ...] [--repeat 3] [--plans-only]

For every file under PATH (default: a synthetic corpus is expected, e.g. one made by
``graph.synth.generate``) the chain of :func:`graph.pipeline.extract_file` runs stage by
stage (load, normalise, segment, find, resolve, mandates of a plan, results), each timed
in CPU seconds (``time.process_time``); the whole pass is repeated ``--repeat`` times and
the minimum of each stage is kept (the machine is shared). Prints MB, ms per document and
MB/s (CPU) of each stage and of the chain, with the load average.

The stages remember the quantities, subjects and reform areas of the texts they have seen
(plans repeat their sentences, and one another): ``--cold`` forgets them before each
document, so that only repetition inside a document counts; ``--repeat 1`` measures the
first pass (nothing remembered from an earlier pass).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from extract_speed import text_stages  # noqa: E402  (bench/extract_speed.py: the stage runner)

from parsers.load import LoadError, iter_sources, load_document  # noqa: E402
from parsers.mandates import extract_mandates, forget  # noqa: E402
from parsers.results import extract_results  # noqa: E402

STAGES = ("load", "normalize", "segment", "find", "resolve", "mandates", "results")


def one_pass(
    paths: list[Path], plans_only: bool, cold: bool = False
) -> tuple[dict[str, float], int, int]:
    """CPU seconds of each stage over ``paths``, the documents and their UTF-8 bytes."""
    out = dict.fromkeys(STAGES, 0.0)
    clock = time.process_time
    docs = size = 0
    for p in paths:
        if cold:
            forget()
        a = clock()
        try:
            loaded = load_document(p)
        except LoadError:
            continue
        b = clock()
        times, (norm, seg, ex) = text_stages(loaded, clock)
        f = clock()
        is_plan = ex.document.doc_type == "KH"
        if plans_only and not is_plan:
            continue
        if is_plan:
            extract_mandates(norm, seg)
        g = clock()
        extract_results(norm, seg)
        h = clock()
        for k, v in {"load": b - a, **times, "mandates": g - f, "results": h - g}.items():
            out[k] += v
        docs += 1
        size += len(loaded.text.encode("utf-8"))
    return out, docs, size


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="+", type=Path)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--plans-only", action="store_true", help="count plans (KH) only")
    ap.add_argument("--cold", action="store_true", help="forget remembered texts per document")
    a = ap.parse_args()
    paths = [p for p in iter_sources(a.paths) if p.suffix != ".json"]
    best: dict[str, float] = {}
    docs = size = 0
    for _ in range(max(1, a.repeat)):
        st, docs, size = one_pass(paths, a.plans_only, a.cold)
        best = {k: min(v, best.get(k, v)) for k, v in st.items()}
    mb = size / 1e6
    total = sum(best.values())
    print(f"{docs} documents, {mb:.2f} MB, min of {a.repeat} passes{' (cold)' if a.cold else ''}, "
          f"CPU seconds; "
          f"load {os.getloadavg()[0]:.1f}")  # fmt: skip
    for k, v in [*best.items(), ("chain", total)]:
        per = 1000 * v / docs if docs else 0.0
        rate = mb / v if v > 0 else float("inf")
        print(f"  {k:<10} {v:7.3f} s  {per:6.2f} ms/doc  {rate:8.2f} MB/s")


if __name__ == "__main__":
    main()
