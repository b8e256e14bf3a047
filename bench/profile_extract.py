"""Profile the whole ``vbkg extract`` command (in process, JSON included) with cProfile.

    PYTHONPATH=$PWD .venv/bin/python bench/profile_extract.py [PATH ...] [--top 40]
        [--sort tottime|cumulative] [--out bench/results/profile_extract.prof]

PATH defaults to the gazette corpus (/work/shared/corpus/gazette). Prints the CPU seconds
(``time.process_time``) and MB/s of the run, the cumulative share of each stage
(load, normalise, segment, find, resolve, mandates, results, JSON) and the top functions.
The profiler adds overhead: use bench/run.py for throughput figures.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import io
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

GAZETTE = ROOT.parent / "shared" / "corpus" / "gazette"

# (label, module file suffix, function name): cumulative time of each stage
STAGES = (
    ("load", "parsers/load/__init__.py", "load_document"),
    ("normalize", "parsers/normalize.py", "normalize"),
    ("segment", "parsers/segment.py", "segment"),
    ("find", "parsers/find.py", "find_citations"),
    ("resolve", "graph/resolve.py", "resolve"),
    ("mandates", "parsers/mandates.py", "extract_mandates"),
    ("results", "parsers/results.py", "extract_results"),
    ("json", "graph/jsonout.py", "extraction_to_dict"),
    ("json dumps", "json/__init__.py", "dumps"),
)


def _mb(paths: list[Path]) -> float:
    total = 0
    for p in paths:
        if p.is_dir():
            total += sum(f.stat().st_size for f in p.rglob("*") if f.is_file())
        else:
            total += p.stat().st_size
    return total / 1e6


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="*", type=Path)
    ap.add_argument("--top", type=int, default=40)
    ap.add_argument("--sort", default="tottime", choices=["tottime", "cumulative"])
    ap.add_argument("--out", type=Path, default=None, help="write the raw profile here")
    a = ap.parse_args()
    paths = a.paths or [GAZETTE]
    from graph.cli import cli

    argv = ["extract", *map(str, paths), "--format", "json"]
    prof = cProfile.Profile(time.process_time)  # CPU time: the machine is shared
    cpu0, wall0 = time.process_time(), time.perf_counter()
    with open(os.devnull, "w") as sink, contextlib.redirect_stdout(sink):
        prof.enable()
        with contextlib.suppress(SystemExit):
            cli.main(argv, prog_name="vbkg", standalone_mode=False)
        prof.disable()
    cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
    mb = _mb(paths)
    print(
        f"{mb:.1f} MB: {cpu:.1f} s CPU ({mb / cpu:.2f} MB/s), {wall:.1f} s wall, "
        f"load {os.getloadavg()[0]:.1f} (with profiler overhead)"
    )
    stats = pstats.Stats(prof)
    raw = stats.stats  # type: ignore[attr-defined]
    print("\nstage shares (cumulative CPU under the profiler):")
    for label, suffix, name in STAGES:
        cum = sum(v[3] for (f, _, fn), v in raw.items() if fn == name and f.endswith(suffix))
        print(f"  {label:<11} {cum:7.2f} s  {100 * cum / cpu:5.1f} %")
    buf = io.StringIO()
    pstats.Stats(prof, stream=buf).sort_stats(a.sort).print_stats(a.top)
    print(buf.getvalue())
    if a.out:
        prof.dump_stats(str(a.out))


if __name__ == "__main__":
    main()
