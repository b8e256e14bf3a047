"""Where a build's CPU time goes: extraction, graph writing, loading into the store.

    PYTHONPATH=. .venv/bin/python bench/profile_build.py [--size 2000] [--top 25]

Builds a synthetic corpus of about ``--size`` documents (graph.synth, cached under
``$VBKG_BENCH_DIR``) into a fresh store in ONE process (``jobs=1``, so cProfile sees the
workers' share too) and reports the CPU time (``time.process_time``; the machine is shared,
wall time is not a measure) of each stage, from cProfile's cumulative times:

- extraction: :func:`graph.pipeline.extract_file` (load → normalise → segment → find → resolve);
- graph writing: the worker's N-Triples of one file (:func:`graph.build.document_ntriples`;
  before it, ``graph.ingest._graph_bytes``: an rdflib graph serialised by Oxigraph);
- loading: the parent's writes to the store (:func:`graph.ingest._store_batch` and the bulk
  loads of part files, :meth:`graph.store.local.Store.bulk_load_sources`);
- the rest (listing files, identities, the vocabulary, snapshots, the summary).

Writes bench/results/profile_build.json; ``--top`` prints the heaviest functions.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import shutil
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph.ingest import ingest  # noqa: E402
from graph.synth import Params, generate  # noqa: E402

WORK = Path(os.environ.get("VBKG_BENCH_DIR", "/tmp/vbkg-bench"))
RESULTS = ROOT / "bench" / "results"

#: stage → (module file suffix, function name) whose cumulative time is the stage's
STAGES: dict[str, list[tuple[str, str]]] = {
    "extraction": [("graph/pipeline.py", "extract_file")],
    "graph_writing": [("graph/build.py", "document_ntriples"), ("graph/ingest.py", "_graph_bytes")],
    "loading": [
        ("graph/ingest.py", "_store_batch"),
        ("graph/store/local.py", "bulk_load_sources"),
    ],
}


def corpus_for(size: int) -> Path:
    corpus = WORK / f"profile-corpus-{size}"
    if not (corpus / "truth.json").exists():
        shutil.rmtree(corpus, ignore_errors=True)
        provinces = max(1, size // 120)
        generate(
            corpus,
            Params(
                provinces=provinces,
                districts_per_province=10,
                communes_per_district=2,
                years=4,
                seed=1,
            ),
        )
    return corpus


def stage_times(stats: pstats.Stats) -> dict[str, float]:
    raw: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    out: dict[str, float] = {}
    for stage, keys in STAGES.items():
        total = 0.0
        for (file, _line, func), (_cc, _nc, _tt, ct, _callers) in raw.items():
            if any(file.endswith(suffix) and func == name for suffix, name in keys):
                total += ct
        out[stage] = round(total, 2)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", type=int, default=2000)
    ap.add_argument("--top", type=int, default=0)
    a = ap.parse_args()
    corpus = corpus_for(a.size)
    docs = len(json.loads((corpus / "truth.json").read_text(encoding="utf-8"))["documents"])
    store = WORK / f"profile-store-{a.size}"
    shutil.rmtree(store, ignore_errors=True)
    prof = cProfile.Profile(time.process_time)
    cpu0, wall0 = time.process_time(), time.perf_counter()
    prof.enable()
    report = ingest([corpus], store, jobs=1)
    prof.disable()
    cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
    stats = pstats.Stats(prof)
    stages = stage_times(stats)
    stages["other"] = round(max(0.0, cpu - sum(stages.values())), 2)
    res = {
        "documents": docs,
        "triples": report.triples,
        "cpu_s": round(cpu, 2),
        "wall_s": round(wall, 2),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "stages_cpu_s": stages,
        "stages_share": {k: round(v / cpu, 3) for k, v in stages.items()},
        "note": "cProfile on: absolute times are inflated, the shares are the measure",
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "profile_build.json").write_text(json.dumps(res, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(res, indent=1))
    if a.top:
        stats.sort_stats("cumulative").print_stats(a.top)


if __name__ == "__main__":
    main()
