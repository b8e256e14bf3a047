"""cProfile of the extraction chain (load → normalise → segment → find → resolve) over a
folder, the citation finder and the resolver in focus.

    .venv/bin/python bench/profile_find.py [FOLDER] [--limit N] [--top 40] [--sort tottime]

Prints CPU seconds per stage (time.process_time) and the top functions of the profile.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph.pipeline import extract_file  # noqa: E402
from parsers.load import iter_sources  # noqa: E402

GAZETTE = ROOT.parent / "shared" / "corpus" / "gazette"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("folder", nargs="?", default=str(GAZETTE))
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--top", type=int, default=40)
    ap.add_argument("--sort", default="tottime")
    a = ap.parse_args()
    paths = list(iter_sources([Path(a.folder)]))
    if a.limit:
        paths = paths[: a.limit]
    mb = sum(p.stat().st_size for p in paths) / 1e6
    prof = cProfile.Profile()
    c0 = time.process_time()
    prof.enable()
    for p in paths:
        try:
            extract_file(p)
        except Exception as exc:  # a bad file: reported, the profile goes on
            print(f"{p}: {type(exc).__name__}: {exc}", file=sys.stderr)
    prof.disable()
    cpu = time.process_time() - c0
    print(f"{len(paths)} files, {mb:.1f} MB, {cpu:.1f} s CPU (profiled), {mb / cpu:.2f} MB/s")
    pstats.Stats(prof).sort_stats(a.sort).print_stats(a.top)


if __name__ == "__main__":
    main()
