"""Time `vbkg build` on the hostile batch plus one good document (issue 16.4, 17.1-17.5).

The batch of tests/robustness/hostile.py (zip bomb, billion laughs, XXE, broken zip, binary,
bad UTF-8, empty, image-only PDF, a single line of ``--line-mb`` MB, an over-limit file)
plus: a ReDoS-shaped text, a file named and filled with script tags, a symbolic link loop,
a link leaving the folder, a 50-page PDF sharing one 1 MB text stream, a PDF with broken
content streams. Prints the wall time, the peak RSS of the children and checks that every
refused file is named in the summary. Usage:

    PYTHONPATH=. python bench/hostile_build.py [--line-mb 30] [--jobs 2]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "robustness")]

from hostile import (  # noqa: E402
    broken_stream_pdf,
    hostile_batch,
    shared_stream_pdf,
)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--line-mb", type=float, default=30.0)
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        limit = 50 * 1024 * 1024
        _, expected = hostile_batch(
            folder, limit=limit, long_line_size=int(args.line_mb * 1024 * 1024)
        )
        redos = folder / "redos.txt"
        redos.write_text(("Nghị quyết số " + "1/" * 20_000 + "x ") * 20, encoding="utf-8")
        script = folder / "<script>alert(1)<\\script>.txt"
        script.write_text("<script>alert('x')</script> Nghị quyết số 76/NQ-CP", encoding="utf-8")
        (folder / "loopA.txt").symlink_to("loopB.txt")
        (folder / "loopB.txt").symlink_to("loopA.txt")
        (Path(tmp) / "private.txt").write_text("private", encoding="utf-8")
        (folder / "leak.txt").symlink_to(Path(tmp) / "private.txt")
        refused = [p for p, frag in expected.items() if frag is not None]
        refused += [
            folder / "loopA.txt",
            folder / "loopB.txt",
            folder / "leak.txt",
            shared_stream_pdf(folder),
            broken_stream_pdf(folder),
        ]
        vbkg = Path(sys.executable).with_name("vbkg")
        t0 = time.perf_counter()
        r = subprocess.run(
            [str(vbkg), "build", str(folder), "--store", str(Path(tmp) / "s"),
             "-j", str(args.jobs), "--json", "--lang", "en"],
            capture_output=True, text=True,
        )  # fmt: skip
        wall = time.perf_counter() - t0
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        summary = json.loads(r.stdout)
        named = {Path(s["source"]).name for s in summary["skipped"]}
        missing = sorted(p.name for p in refused if p.name not in named)
        print(f"files: {len(list(folder.iterdir()))}, line {args.line_mb} MB, jobs {args.jobs}")
        print(f"wall: {wall:.1f} s, peak RSS of a child: {peak:.0f} MB, exit {r.returncode}")
        print(f"documents stored: {summary['documents']}, skipped: {len(summary['skipped'])}")
        for s in summary["skipped"]:
            print("  -", s["reason"][:160])
        print("every refused file named:", not missing, missing or "")
        if "Traceback" in r.stderr:
            print(r.stderr[-2000:])


if __name__ == "__main__":
    main()
