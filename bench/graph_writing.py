"""Graph writing alone, without cProfile: the CPU time of the workers' N-Triples of each file.

    PYTHONPATH=. .venv/bin/python bench/graph_writing.py [--size 2000] [--repeat 3]

Extracts the synthetic corpus of bench/profile_build.py (the same cache under
``$VBKG_BENCH_DIR``) once, then times :func:`graph.build.document_ntriples` over every
extraction (what a build's worker does after extraction), ``--repeat`` times in this process;
the minimum CPU time (``time.process_time``; the machine is shared) is the measure. Writes
bench/results/graph_writing.json.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from profile_build import RESULTS, corpus_for  # noqa: E402  (the profile's corpus, cached)

from graph.build import document_ntriples  # noqa: E402
from graph.pipeline import extract_paths  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    good, _bad = extract_paths([corpus_for(a.size)])
    triples = sum(document_ntriples(e).count(b"\n") for e in good)  # and warms the caches
    runs = []
    for _ in range(a.repeat):
        cpu0 = time.process_time()
        for e in good:
            document_ntriples(e)
        runs.append(time.process_time() - cpu0)
    best = min(runs)
    res = {
        "files": len(good),
        "triples": triples,
        "cpu_s_runs": [round(r, 3) for r in runs],
        "cpu_s": round(best, 3),
        "us_per_triple": round(best / max(triples, 1) * 1e6, 2),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "graph_writing.json").write_text(json.dumps(res, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(res, indent=1))


if __name__ == "__main__":
    main()
