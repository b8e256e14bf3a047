"""Where one `vbkg trace` spends its time: CPU ms per named query, and the heaviest functions.

    PYTHONPATH=. .venv/bin/python bench/profile_trace.py CORPUS STORE [--plan IRI] [--top 20]

``CORPUS`` and ``STORE``: a synthetic corpus and its store as bench/run.py builds them
(``$VBKG_BENCH_DIR/corpus-N``, ``store-N``). Traces the plans bench/run.py times (a typical
province plan, ``trace``; the plan with the most implementers, ``trace_top``), or ``--plan``,
in this process: the best of a few runs (wall and CPU, ms), then one run with the store's
``query`` wrapped (CPU ms, calls and rows per named query, found by the query's text) and one
under cProfile (``--top`` functions by cumulative time). CPU time (``time.process_time``) is
the measure: the machine is shared.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph import queries  # noqa: E402
from graph.analysis.trace import trace  # noqa: E402
from graph.store.local import Store  # noqa: E402


def _names() -> list[tuple[str, str]]:
    """(the text before the first ``WHERE``, name) of each named query: how a run is named."""
    out = []
    for n in queries.names():
        text = queries.get(n).text
        out.append((text.split("WHERE")[0] if "WHERE" in text else text, n))
    return out


def per_query(st: Store, run: Callable[[], Any]) -> dict[str, dict[str, float]]:
    """CPU ms, calls and rows of each named query during ``run()``."""
    known = _names()
    real = Store.query
    stats: dict[str, dict[str, float]] = {}

    def counted(self: Store, sparql: str, bindings: Any = None) -> Any:
        c0 = time.process_time()
        out = real(self, sparql, bindings)
        ms = (time.process_time() - c0) * 1000
        name = next((n for head, n in known if sparql.startswith(head)), "other")
        s = stats.setdefault(name, {"cpu_ms": 0.0, "calls": 0, "rows": 0})
        s["cpu_ms"] += ms
        s["calls"] += 1
        s["rows"] += len(out) if isinstance(out, list) else 1
        return out

    Store.query = counted  # type: ignore[method-assign]
    try:
        run()
    finally:
        Store.query = real  # type: ignore[method-assign]
    return {
        k: {**v, "cpu_ms": round(v["cpu_ms"], 1)}
        for k, v in sorted(stats.items(), key=lambda kv: -kv[1]["cpu_ms"])
    }


def best(run: Callable[[], Any], repeat: int = 5) -> tuple[float, float]:
    wall = cpu = float("inf")
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        run()
        wall = min(wall, time.perf_counter() - t0)
        cpu = min(cpu, time.process_time() - c0)
    return round(wall * 1000, 1), round(cpu * 1000, 1)


def plans(corpus: Path) -> dict[str, str]:
    """The plans bench/run.py times: a typical province plan, and the most implemented."""
    truth = json.loads((corpus / "truth.json").read_text(encoding="utf-8"))
    prov = [p for p in truth["plans"] if p["level"] == "province"]
    top = max(truth["plans"], key=lambda p: (len(p["implementers"]), p["iri"]))
    return {"trace": prov[len(prov) // 2]["iri"], "trace_top": top["iri"]}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", type=Path)
    ap.add_argument("store", type=Path)
    ap.add_argument("--plan", help="the IRI of the plan to trace (default: bench/run.py's)")
    ap.add_argument("--top", type=int, default=20)
    ap.add_argument("--repeat", type=int, default=5)
    a = ap.parse_args()
    targets = {"plan": a.plan} if a.plan else plans(a.corpus)
    out: dict[str, Any] = {}
    with Store.open(a.store, read_only=True) as st:
        for label, iri in targets.items():
            trace(st, iri)  # imports, caches
            wall, cpu = best(lambda iri=iri: trace(st, iri), a.repeat)
            out[label] = {"iri": iri, "wall_ms": wall, "cpu_ms": cpu}
            out[label]["queries"] = per_query(st, lambda iri=iri: trace(st, iri))
            if a.top:
                prof = cProfile.Profile()
                prof.runcall(trace, st, iri)
                print(f"--- {label} {iri}", file=sys.stderr)
                pstats.Stats(prof, stream=sys.stderr).sort_stats("cumulative").print_stats(a.top)
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
