"""vbkg benchmarks: extraction throughput, build time and memory, query latency, growth.

    .venv/bin/python bench/run.py [--sizes 1000,10000] [--jobs 2] [--skip-build]
        [--quick] [--skip-growth] [--skip-extraction] [--name NAME]

``make bench`` runs it at 1,000 and 10,000 documents (a few minutes); the whole country is
``make bench BENCH_SIZES=1000,10000,100000`` (the 100,000-document build alone takes about
half an hour on the shared 2-core machine: bench/results/build-100k.md).

``--quick`` runs the growth benchmark (bench/growth.py) at small sizes (1/8 to 1 MB).

Writes bench/results/latest.json and bench/results/latest.md. Correctness is checked at
every size against the synthetic corpus's truth.json (graph.synth).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import platform
import resource
import shutil
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

sys.path.insert(0, str(ROOT / "bench"))
import extract_speed  # noqa: E402  (bench/extract_speed.py: the stage runner, the bare scan)
import growth as growth_bench  # noqa: E402  (bench/growth.py)

from graph.synth import Params, expected_documents, generate  # noqa: E402
from graph.synth_text import TOPICS  # noqa: E402
from parsers.load import iter_sources, load_document  # noqa: E402

RESULTS = ROOT / "bench" / "results"
GAZETTE = ROOT.parent / "shared" / "corpus" / "gazette"
WORK = Path(os.environ.get("VBKG_BENCH_DIR", "/tmp/vbkg-bench"))

BARE = extract_speed.BARE  # the floor: one pass of one regular expression (one copy)


def _texts(root: Path, limit: int | None = None) -> list[Any]:
    out: list[Any] = []
    for p in iter_sources([root]):
        try:
            out.append(load_document(p))
        except Exception:
            continue
        if limit and len(out) >= limit:
            break
    return out


def extraction(docs: list[Any]) -> dict[str, Any]:
    """Seconds per stage over loaded ``docs`` and MB/s, with the bare regex scan as the floor."""
    texts = [d.text for d in docs]
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    t0 = time.perf_counter()
    for t in texts:
        sum(1 for _ in BARE.finditer(t))
    bare = time.perf_counter() - t0
    stages = dict.fromkeys(extract_speed.TEXT_STAGES, 0.0)
    for loaded in docs:
        for k, v in extract_speed.text_stages(loaded, time.perf_counter)[0].items():
            stages[k] += v
    total = sum(stages.values())
    out: dict[str, Any] = {
        "documents": len(texts),
        "mb": round(mb, 3),
        "bare_regex_mb_s": round(mb / bare, 2),
    }
    for k, v in stages.items():
        out[f"{k}_mb_s"] = round(mb / v, 2) if v else None
    out["extraction_mb_s"] = round(mb / total, 2)
    out["normalize_find_mb_s"] = round(mb / (stages["normalize"] + stages["find"]), 2)
    out["docs_s"] = round(len(texts) / total, 1)
    out["x_bare"] = round(total / bare, 1)
    return out


def _params_for(size: int) -> Params:
    """Synthetic parameters giving about ``size`` documents: up to 20,000 a share of the
    provinces; beyond, the 58 provinces × 12 districts with their real communes × 4 years and
    as many plan topics per year as needed (:attr:`graph.synth.Params.topics`), the communes
    per district cut so the expected count (:func:`graph.synth.expected_documents`) is
    just above ``size``."""
    years = 4
    if size <= 2000:
        return Params(
            provinces=max(1, size // 120),
            districts_per_province=10,
            communes_per_district=2,
            years=years,
            seed=1,
        )
    if size <= 20000:
        return Params(
            provinces=max(1, size // 900),
            districts_per_province=10,
            communes_per_district=20,
            years=years,
            seed=1,
        )
    p = Params(58, 12, 40, years, seed=1)
    for topics in range(1, len(TOPICS) + 1):
        p = replace(p, topics=topics)
        if expected_documents(p) >= size:
            break
    for communes in range(1, 41):
        if expected_documents(replace(p, communes_per_district=communes)) >= size:
            return replace(p, communes_per_district=communes)
    return p


def _build_child(corpus: str, store: str, jobs: int) -> None:
    """``vbkg build CORPUS --store STORE --jobs N`` as the CLI runs it (ingest, then the
    report links), in this fresh process; prints its figures as JSON: wall and CPU time of
    the parent and of the workers, peak RSS of each (ru_maxrss), the CPU split."""
    import graph.ingest as ingest_module
    from graph.cli.build import run_build
    from graph.ingest import IngestReport
    from graph.ingest import ingest as real_ingest

    kept: list[IngestReport] = []

    def ingest(*args: Any, **kwargs: Any) -> IngestReport:  # keeps the report's CPU split
        report = real_ingest(*args, **kwargs)
        kept.append(report)
        return report

    ingest_module.ingest = ingest  # type: ignore[assignment]  # run_build imports it lazily
    t0, c0 = time.perf_counter(), time.process_time()
    summary, code = run_build(
        [Path(corpus)], Path(store), out=None, base="https://w3id.org/vbkg", lang="en", jobs=jobs
    )
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    me, kids = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    stages = getattr(kept[0], "cpu", {}) if kept else {}  # an older build has no split
    print(  # one marked line: progress, warnings or a library may also write to stdout
        CHILD_MARK
        + json.dumps(
            {
                "exit": code,
                "triples": summary.get("triples"),
                "skipped": len(summary.get("skipped", [])),
                "wall_s": wall,
                "cpu_parent_s": cpu,
                "cpu_workers_s": kids.ru_utime + kids.ru_stime,
                "peak_rss_mb_parent": me.ru_maxrss / 1024,
                "peak_rss_mb_workers": kids.ru_maxrss / 1024,
                "stages_cpu_s": stages,
            }
        )
    )


CHILD_MARK = "VBKG-BUILD-CHILD "


def child_figures(stdout: str, returncode: int, stderr: str) -> dict[str, Any]:
    """The build child's figures: its last line starting with :data:`CHILD_MARK`, wherever it
    is in stdout (the last line of stdout was taken before, and anything the build wrote
    after the figures left a result of ``exit 0`` with no data); without it, the exit code
    and the ends of both streams, also printed."""
    for line in reversed(stdout.splitlines()):
        if line.startswith(CHILD_MARK):
            try:
                figures: dict[str, Any] = json.loads(line[len(CHILD_MARK) :])
                return figures
            except ValueError:
                break
    error = f"no figures from the build child (exit {returncode}): {stdout[-1000:]}{stderr[-2000:]}"
    print(error, file=sys.stderr)
    return {"exit": returncode if returncode else "no figures", "error": error}


def build_at(size: int, jobs: int) -> dict[str, Any]:
    corpus = WORK / f"corpus-{size}"
    if not (corpus / "truth.json").exists():
        shutil.rmtree(corpus, ignore_errors=True)
        generate(corpus, _params_for(size))
    truth = json.loads((corpus / "truth.json").read_text(encoding="utf-8"))
    n = len(truth["documents"])
    store = WORK / f"store-{size}"
    shutil.rmtree(store, ignore_errors=True)
    cmd = [sys.executable, str(Path(__file__)), "--build-child", str(corpus), str(store), str(jobs)]
    proc = subprocess.run(
        cmd, capture_output=True, text=True, check=False, env=extract_speed.child_env()
    )
    child = child_figures(proc.stdout, proc.returncode, proc.stderr)
    wall = float(child.get("wall_s") or math.nan)
    stages = child.get("stages_cpu_s") or {}
    total = sum(stages.values()) or math.nan
    res: dict[str, Any] = {
        "size": size,
        "documents": n,
        "mb": round(truth["bytes"] / 1e6, 2),
        "jobs": jobs,
        "build_s": round(wall, 1),
        "docs_s": round(n / wall, 1),
        "cpu_parent_s": round(child.get("cpu_parent_s", math.nan), 1),
        "cpu_workers_s": round(child.get("cpu_workers_s", math.nan), 1),
        "peak_rss_mb_parent": round(child.get("peak_rss_mb_parent", math.nan)),
        "peak_rss_mb_workers": round(child.get("peak_rss_mb_workers", math.nan)),
        "split_cpu_s": {k: round(v, 1) for k, v in stages.items()},
        "split_share": {k: round(v / total, 3) for k, v in stages.items()},
        "triples": child.get("triples"),
        "exit": child.get("exit"),
        "load": [round(x, 1) for x in os.getloadavg()],
    }
    if "error" in child:
        res["error"] = child["error"]
    res.update(correctness(corpus, store, truth))
    res.update(queries(store, truth))
    res["add_one_s"] = add_one(corpus, store, truth)
    return res


_STAGES = ("extraction", "graph_writing", "loading")


def correctness(corpus: Path, store: Path, truth: dict[str, Any]) -> dict[str, Any]:
    """Expected citations (IRI, relation) found in the store, per level of the citing unit:
    one query for the citation triples of every source graph, then set look-ups (linear)."""
    from graph import ids
    from graph.build import RELATION_PROPERTY
    from graph.store import Store
    from parsers.models import Relation

    props = " ".join(f"<{p}>" for p in RELATION_PROPERTY.values())
    per: dict[str, list[int]] = {}
    with Store.open(store, read_only=True) as st:
        rows = st.query(
            f"SELECT ?g ?p ?o WHERE {{ VALUES ?p {{ {props} }} GRAPH ?g {{ ?s ?p ?o }} }}"
        )
        assert isinstance(rows, list)
        found = {(str(r["g"]), str(r["p"]), str(r["o"])) for r in rows}
        for d in truth["documents"]:
            g = ids.source_iri(str(corpus / d["file"]), st.base)
            for c in d["citations"]:
                prop = str(RELATION_PROPERTY[Relation(c["relation"])])
                counts = per.setdefault(d["level"], [0, 0])
                counts[0] += (g, prop, c["iri"]) in found
                counts[1] += 1
    return {"citations_ok": {k: f"{a}/{b}" for k, (a, b) in sorted(per.items())}}


def _time_query(st: Any, text: str, bindings: dict[str, Any], repeat: int = 5) -> float:
    best = math.inf
    for _ in range(repeat):
        t0 = time.perf_counter()
        rows = st.query(text, bindings)
        if isinstance(rows, list):
            len(rows)
        best = min(best, time.perf_counter() - t0)
    return round(best * 1000, 1)


def _time_trace(fn: Any, st: Any, iri: str) -> tuple[float, float]:
    """Best of 3 calls of ``trace(st, iri)`` (the first also imports and warms caches): wall
    and CPU (process time) in ms."""
    wall = cpu = math.inf
    for _ in range(3):
        t0, c0 = time.perf_counter(), time.process_time()
        fn(st, iri)
        wall = min(wall, time.perf_counter() - t0)
        cpu = min(cpu, time.process_time() - c0)
        if wall > 10:  # a slow trace once is measure enough
            break
    return round(wall * 1000, 1), round(cpu * 1000, 1)


def queries(store: Path, truth: dict[str, Any]) -> dict[str, Any]:
    """Latency (best of 5, ms) of the named queries trace/missed/coverage use, on one plan."""
    from rdflib import URIRef

    from graph.store import Store

    qdir = ROOT / "graph" / "queries"
    plans = [p for p in truth["plans"] if p["level"] == "province"]
    if not plans:
        return {}
    doc = URIRef(plans[len(plans) // 2]["iri"])
    out: dict[str, Any] = {}
    with Store.open(store, read_only=True) as st:
        for name in ("implementers", "missed", "coverage", "late"):
            f = qdir / f"{name}.rq"
            if f.exists():
                try:
                    out[f"q_{name}_ms"] = _time_query(
                        st, f.read_text(encoding="utf-8"), {"doc": doc}
                    )
                except Exception as exc:  # a query being written by someone else
                    out[f"q_{name}_ms"] = f"error: {type(exc).__name__}"
        from graph.analysis.trace import trace

        # the plan the benchmark has always timed (a typical province plan), and the plan of
        # the corpus with the most implementers (the widest tree below a plan)
        top = max(truth["plans"], key=lambda p: (len(p["implementers"]), p["iri"]))
        for label, iri in (("trace", str(doc)), ("trace_top", top["iri"])):
            try:
                wall, cpu = _time_trace(trace, st, iri)
                out[f"{label}_ms"], out[f"{label}_cpu_ms"] = wall, cpu
            except Exception as exc:
                out[f"{label}_ms"] = f"error: {type(exc).__name__}"
        out["trace_top_implementers"] = len(top["implementers"])
    return out


def add_one(corpus: Path, store: Path, truth: dict[str, Any]) -> float:
    """Seconds to add one new district plan to the built store through the CLI
    (``vbkg build FILE --store STORE``: start-up, extraction, writing, report links)."""
    src = next(d for d in truth["documents"] if d["kind"] == "district_plan")
    text = (corpus / src["file"]).read_text(encoding="utf-8")
    new = WORK / "add-one" / "new_plan.txt"
    new.parent.mkdir(parents=True, exist_ok=True)
    new.write_text(text.replace("Số: ", "Số: 9", 1), encoding="utf-8")
    cmd = [sys.executable, "-c", _CLI, "build", str(new), "--store", str(store), "--jobs", "1"]
    t0 = time.perf_counter()
    subprocess.run(cmd, capture_output=True, check=True, env=extract_speed.child_env())
    return round(time.perf_counter() - t0, 2)


_CLI = "import sys; sys.argv[0] = 'vbkg'; from graph.cli import main; main()"


def growth(builds: list[dict[str, Any]]) -> dict[str, Any]:
    xs = [float(b["documents"]) for b in builds]
    out: dict[str, Any] = {}
    for b in builds:  # the parent's loading alone (is the store's cost linear?)
        b.setdefault("loading_cpu_s", (b.get("split_cpu_s") or {}).get("loading"))
    for key in (
        "build_s",
        "cpu_parent_s",
        "loading_cpu_s",
        "peak_rss_mb_parent",
        "add_one_s",
        "q_implementers_ms",
        "q_missed_ms",
        "q_coverage_ms",
        "trace_ms",
        "trace_cpu_ms",
        "trace_top_ms",
        "trace_top_cpu_ms",
    ):
        ys = [b.get(key) for b in builds]
        if all(isinstance(y, int | float) for y in ys):
            out[key] = growth_bench.slope(xs, [float(y) for y in ys])  # type: ignore[arg-type]
    return out


def machine() -> dict[str, Any]:
    mem = ""
    with contextlib.suppress(OSError, StopIteration):
        mem = next(
            x for x in Path("/proc/meminfo").read_text().splitlines() if x.startswith("MemTotal")
        )
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "mem": mem,
        "load": os.getloadavg(),
    }


def markdown(r: dict[str, Any]) -> str:
    lines = ["# vbkg benchmarks", "", f"Machine: `{r['machine']}`", ""]
    lines += [
        "## Extraction",
        "",
        "| corpus | docs | MB | bare regex MB/s | normalize | segment "
        "| find | resolve | extraction MB/s | docs/s | × bare |",
        "|" + "---|" * 11,
    ]
    for name, e in r["extraction"].items():
        if "skipped" in e:
            lines.append(f"| {name} | skipped: {e['skipped']} |" + " |" * 9)
            continue
        lines.append(
            f"| {name} | {e['documents']} | {e['mb']} | {e['bare_regex_mb_s']} | "
            f"{e['normalize_mb_s']} | {e['segment_mb_s']} | {e['find_mb_s']} | "
            f"{e['resolve_mb_s']} | {e['extraction_mb_s']} | {e['docs_s']} | "
            f"{e['x_bare']} |"
        )
    if "extract_command" in r:
        from bench.extract_speed import markdown as speed_md

        lines += ["", "## `vbkg extract` on the gazette corpus", "", speed_md(r["extract_command"])]
    lines += [
        "",
        "## Build (synthetic corpus)",
        "",
        "| size | docs | MB | build s (wall) | docs/s | CPU s parent + workers | "
        "CPU split extraction / graph writing / loading | peak RSS MB parent / worker | "
        "triples | implementers ms | missed ms | coverage ms | trace ms wall (CPU) | "
        "trace ms of the most implemented plan (implementers) | add one s (CLI) | citations ok "
        "| load average |",
        "|" + "---|" * 17,
    ]
    for b in r["builds"]:
        split = " / ".join(f"{b.get('split_share', {}).get(k, 0):.0%}" for k in _STAGES)
        lines.append(
            f"| {b['size']} | {b['documents']} | {b['mb']} | {b['build_s']} | {b['docs_s']} | "
            f"{b.get('cpu_parent_s')} + {b.get('cpu_workers_s')} | {split} | "
            f"{b['peak_rss_mb_parent']} / {b.get('peak_rss_mb_workers')} | "
            f"{b['triples']} | {b.get('q_implementers_ms')} | "
            f"{b.get('q_missed_ms')} | {b.get('q_coverage_ms')} | "
            f"{b.get('trace_ms')} ({b.get('trace_cpu_ms')}) | {b.get('trace_top_ms')} "
            f"({b.get('trace_top_cpu_ms')}; {b.get('trace_top_implementers')}) | "
            f"{b['add_one_s']} | {b['citations_ok']} | {b.get('load')} |"
        )
    lines += [
        "",
        "## Growth exponents (log-log slope vs documents)",
        "",
        "```",
        json.dumps(r["growth"], indent=1),
        "```",
        "",
    ]
    if r.get("stage_growth"):
        lines += [growth_bench.markdown(r["stage_growth"])]
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1000,10000")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--gazette-limit", type=int, default=0)
    ap.add_argument("--skip-build", action="store_true")
    ap.add_argument("--quick", action="store_true", help="growth benchmark at small sizes")
    ap.add_argument("--skip-growth", action="store_true")
    ap.add_argument("--skip-extraction", action="store_true")
    ap.add_argument("--build-child", nargs=3, metavar=("CORPUS", "STORE", "JOBS"))
    ap.add_argument(
        "--queries-only",
        nargs=2,
        metavar=("CORPUS", "STORE"),
        help="only the query and trace latencies on a built store (no build), as JSON",
    )
    ap.add_argument("--name", help="results file name (default: latest; build without extraction)")
    a = ap.parse_args()
    if a.build_child:
        _build_child(a.build_child[0], a.build_child[1], int(a.build_child[2]))
        return
    if a.queries_only:
        corpus, store = (Path(x) for x in a.queries_only)
        truth = json.loads((corpus / "truth.json").read_text(encoding="utf-8"))
        res = {"documents": len(truth["documents"]), **queries(store, truth)}
        print(json.dumps({**res, "load": [round(x, 1) for x in os.getloadavg()]}))
        return
    WORK.mkdir(parents=True, exist_ok=True)
    res: dict[str, Any] = {"machine": machine(), "extraction": {}, "builds": []}
    if a.skip_extraction:
        pass
    elif GAZETTE.exists():
        res["extraction"]["gazette"] = extraction(_texts(GAZETTE, a.gazette_limit or None))
    else:
        print(f"gazette corpus absent ({GAZETTE}): skipped", file=sys.stderr)
        res["extraction"]["gazette"] = {"skipped": f"{GAZETTE} absent"}
    syn = WORK / "corpus-extract"
    if not a.skip_extraction and not (syn / "truth.json").exists():
        generate(
            syn,
            Params(provinces=3, districts_per_province=8, communes_per_district=2, years=2, seed=2),
        )
    if not a.skip_extraction:
        res["extraction"]["synthetic"] = extraction(_texts(syn))
        if GAZETTE.exists():  # the whole `vbkg extract` command beside the bare scan (CPU and wall)
            from bench.extract_speed import measure as speed

            res["extract_command"] = speed(GAZETTE)
    print(json.dumps(res["extraction"], indent=1), file=sys.stderr)
    if not a.skip_build:
        for size in (int(s) for s in a.sizes.split(",") if s):
            b = build_at(size, a.jobs)
            print(json.dumps(b, ensure_ascii=False), file=sys.stderr)
            res["builds"].append(b)
    res["growth"] = growth(res["builds"])
    if not a.skip_growth:
        res["stage_growth"] = growth_bench.run(quick=a.quick)
        (RESULTS / "growth.json").parent.mkdir(parents=True, exist_ok=True)
        (RESULTS / "growth.json").write_text(
            json.dumps(res["stage_growth"], indent=1) + "\n", encoding="utf-8"
        )
        (RESULTS / "growth.md").write_text(
            "# vbkg growth benchmark\n\n" + growth_bench.markdown(res["stage_growth"]),
            encoding="utf-8",
        )
    RESULTS.mkdir(parents=True, exist_ok=True)
    name = a.name or ("build" if a.skip_extraction else "latest")  # build-only: keeps latest.*
    (RESULTS / f"{name}.json").write_text(
        json.dumps(res, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    (RESULTS / f"{name}.md").write_text(markdown(res), encoding="utf-8")
    print(markdown(res))


if __name__ == "__main__":
    main()
