"""Extraction speed of the whole ``vbkg extract`` command, side by side with a bare scan.

    .venv/bin/python bench/extract_speed.py [FOLDER] [--repeat 1] [--json OUT]

Measured in one run over the same files (the gazette corpus by default):

* ``command``: ``vbkg extract FOLDER --format json`` in a child process (start-up, loading,
  every stage and the JSON output included), CPU seconds (user + system of the child) and
  wall seconds;
* ``bare``: the floor, reading the same files and one pass of one regular expression
  (:data:`BARE`, a number and a symbol) over each text;
* ``stages``: CPU seconds of each stage in this process (load, normalise, segment, find,
  resolve), each as MB/s;
* ``startup``: ``vbkg --help`` (CPU and wall).

MB are the UTF-8 bytes of the files read. The machine is shared: CPU time is the figure to
compare; wall time is reported with the load average.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import regex

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph.resolve import resolve  # noqa: E402
from parsers.find import find_citations  # noqa: E402
from parsers.load import iter_sources, load_document  # noqa: E402
from parsers.normalize import normalize  # noqa: E402
from parsers.segment import segment  # noqa: E402

GAZETTE = ROOT.parent / "shared" / "corpus" / "gazette"

# the floor: one pass of one regular expression over the same text (a number and a symbol)
BARE = regex.compile(r"\d{1,5}(?:/\d{4})?/[A-ZĐa-zđ]{1,6}(?:-[A-ZĐa-zđ0-9]{1,8}){0,3}")


def _vbkg() -> list[str]:
    exe = Path(sys.executable).with_name("vbkg")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "graph.cli"]


def child_env() -> dict[str, str]:
    """The environment of a measured ``vbkg`` child: the project on the path, and Python's
    bytecode cache on as a user has it (this machine sets ``PYTHONDONTWRITEBYTECODE``, which
    made every run compile the project's modules again: ~0.13 s of each command)."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def _child(cmd: list[str]) -> tuple[float, float, int]:
    """CPU seconds (user + system), wall seconds and exit code of ``cmd``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run(
        cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=child_env()
    )
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall, proc.returncode


def _rate(mb: float, seconds: float) -> float | None:
    return round(mb / seconds, 2) if seconds > 0 else None


def bare_scan(paths: list[Path]) -> tuple[float, float]:
    """CPU and wall seconds to read ``paths`` and run :data:`BARE` once over each text."""
    c0, t0 = time.process_time(), time.perf_counter()
    for p in paths:
        text = p.read_bytes().decode("utf-8", errors="replace")
        sum(1 for _ in BARE.finditer(text))
    return time.process_time() - c0, time.perf_counter() - t0


TEXT_STAGES = ("normalize", "segment", "find", "resolve")


def text_stages(loaded: Any, clock: Any = time.process_time) -> tuple[dict[str, float], Any]:
    """The four text stages over one loaded document: the seconds of each (by ``clock``) and
    the outputs ``(normalised, segmented, resolved)``. The one stage runner of bench/."""
    a = clock()
    norm = normalize(loaded.text)
    b = clock()
    seg = segment(norm)
    c = clock()
    found = find_citations(norm, seg)
    d = clock()
    resolved = resolve(loaded, norm, seg, found)
    e = clock()
    times = dict(zip(TEXT_STAGES, (b - a, c - b, d - c, e - d), strict=True))
    return times, (norm, seg, resolved)


def stages(paths: list[Path]) -> dict[str, float]:
    """CPU seconds of each stage over ``paths`` in this process (bad files skipped)."""
    out = dict.fromkeys(("load", *TEXT_STAGES), 0.0)
    clock = time.process_time
    for p in paths:
        a = clock()
        try:
            loaded = load_document(p)
        except Exception:  # a bad file: the command reports it, the bench goes on
            continue
        out["load"] += clock() - a
        for k, v in text_stages(loaded, clock)[0].items():
            out[k] += v
    return out


def measure(folder: Path, repeat: int = 1) -> dict[str, Any]:
    """The figures of one run over ``folder`` (best of ``repeat`` for the command)."""
    paths = list(iter_sources([folder]))
    mb = sum(p.stat().st_size for p in paths) / 1e6
    cmd = [*_vbkg(), "extract", str(folder), "--format", "json"]
    runs = [_child(cmd) for _ in range(max(1, repeat))]
    cpu, wall, code = min(runs)
    bare_cpu, bare_wall = bare_scan(paths)
    st = stages(paths)
    help_cpu, help_wall, _ = min(_child([*_vbkg(), "--help"]) for _ in range(3))
    return {
        "folder": str(folder),
        "files": len(paths),
        "mb": round(mb, 2),
        "command_exit": code,
        "command_cpu_s": round(cpu, 2),
        "command_wall_s": round(wall, 2),
        "command_mb_s_cpu": _rate(mb, cpu),
        "command_mb_s_wall": _rate(mb, wall),
        "bare_cpu_s": round(bare_cpu, 3),
        "bare_mb_s_cpu": _rate(mb, bare_cpu),
        "bare_mb_s_wall": _rate(mb, bare_wall),
        "x_bare_cpu": round(cpu / bare_cpu, 1) if bare_cpu > 0 else None,
        "stages_cpu_s": {k: round(v, 2) for k, v in st.items()},
        "stages_mb_s_cpu": {k: _rate(mb, v) for k, v in st.items()},
        "startup_help_cpu_s": round(help_cpu, 3),
        "startup_help_wall_s": round(help_wall, 3),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


def markdown(r: dict[str, Any]) -> str:
    st = r["stages_mb_s_cpu"]
    return "\n".join(
        [
            "| files | MB | `vbkg extract` MB/s (CPU) | MB/s (wall) | bare scan MB/s (CPU) "
            "| × bare | " + " | ".join(st) + " | `--help` s (CPU) | load |",
            "|" + "---|" * (8 + len(st)),
            f"| {r['files']} | {r['mb']} | {r['command_mb_s_cpu']} | {r['command_mb_s_wall']} | "
            f"{r['bare_mb_s_cpu']} | {r['x_bare_cpu']} | "
            + " | ".join(str(v) for v in st.values())
            + f" | {r['startup_help_cpu_s']} | {r['load_average'][0]} |",
        ]
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("folder", nargs="?", default=str(GAZETTE))
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--json", dest="out", default="")
    a = ap.parse_args()
    folder = Path(a.folder)
    if not folder.exists():
        sys.exit(f"{folder}: no such folder")
    r = measure(folder, a.repeat)
    if a.out:
        Path(a.out).write_text(json.dumps(r, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(r, indent=1))
    print(markdown(r))


if __name__ == "__main__":
    main()
