"""Profile the whole ``vbkg extract`` command (in process, JSON included) with cProfile.

    PYTHONPATH=$PWD .venv/bin/python bench/profile_extract.py [PATH ...] [--top 40]
        [--sort tottime|cumulative] [--out bench/results/profile_extract.prof]

PATH defaults to the gazette corpus (/work/shared/corpus/gazette). Prints the CPU seconds
(``time.process_time``) and MB/s of the run, the cumulative share of each stage
(load, normalise, segment, find, resolve, mandates, results, JSON) and the top functions.
The profiler adds overhead: use bench/run.py for throughput figures.

    PYTHONPATH=$PWD .venv/bin/python bench/profile_extract.py --stage segment [PATH ...]
        [--repeat 3] [--top 40]

profiles one text stage alone (``normalize`` or ``segment``) over the texts loaded (and,
for segment, normalised) beforehand: first the CPU seconds of each of its parts without the
profiler (min of ``--repeat`` runs: normalise's passes, segment's lines, header,
recipients, signature, footnotes and sections), then cProfile's top functions.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import gc
import io
import os
import pstats
import sys
import time
from pathlib import Path
from typing import Any

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
    ap.add_argument("--stage", choices=["normalize", "segment"], default=None)
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    paths = a.paths or [GAZETTE]
    if a.stage:
        stage_profile(paths, a.stage, a.repeat, a.top, a.sort)
        return
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


def _texts(paths: list[Path]) -> list[str]:
    from parsers.load import iter_sources, load_document

    out = []
    for p in iter_sources(paths):
        try:
            out.append(load_document(p).text)
        except Exception:  # a bad file: the command reports it, the profile goes on
            continue
    return out


def _normalize_parts(texts: list[str]) -> dict[str, float]:
    """CPU seconds of each pass of parsers.normalize.normalize (the same calls, timed)."""
    nm = sys.modules["parsers.normalize"]
    from parsers.pagebreaks import page_break_edits

    t = dict.fromkeys(("characters", "homoglyphs", "fold", "page breaks", "symbols", "edits"), 0.0)
    clock = time.process_time
    for original in texts:
        a = clock()
        text, offsets = nm._characters(original)
        b = clock()
        text, offsets = nm._apply(text, offsets, nm._homoglyph_edits(text))
        c = clock()
        folded = nm.fold(text)
        d = clock()
        for name, make in (("page breaks", None), ("symbols", nm._symbol_edits),
                           ("homoglyphs", nm._homoglyph_edits)):  # fmt: skip
            e = clock()
            edits = page_break_edits(text, folded) if make is None else make(text)
            f = clock()
            if edits:
                folded = nm._apply_text(folded, [(s, e_, nm.fold(r)) for s, e_, r in edits])
                text, offsets = nm._apply(text, offsets, edits)
            t[name] += f - e
            t["edits"] += clock() - f
        t["characters"] += b - a
        t["homoglyphs"] += c - b
        t["fold"] += d - c
    return t


def _segment_parts(norms: list[Any]) -> dict[str, float]:
    """CPU seconds of each part of parsers.segment.segment (the same calls, timed)."""
    from parsers.footnotes import _footnotes
    from parsers.header import _header, _recipients, _signature
    from parsers.lines import _lines
    from parsers.segment import _sections

    t = dict.fromkeys(("lines", "header", "recipients", "signature", "footnotes", "sections"), 0.0)
    clock = time.process_time
    for norm in norms:
        a = clock()
        lines = _lines(norm)
        b = clock()
        _, first = _header(norm, lines)
        c = clock()
        _, _, rec_line = _recipients(norm, lines, first)
        d = clock()
        _, sig_line = _signature(norm, lines, first, rec_line)
        e = clock()
        _, note_lines = _footnotes(norm, lines)
        f = clock()
        ends = [i for i in (rec_line, sig_line) if i is not None and i >= first]
        _sections(norm, lines, first, min(ends) if ends else len(lines), note_lines)
        g = clock()
        for k, v in zip(t, (b - a, c - b, d - c, e - d, f - e, g - f), strict=True):
            t[k] += v
    return t


def stage_profile(paths: list[Path], stage: str, repeat: int, top: int, sort: str) -> None:
    """Parts (min of ``repeat`` runs) and cProfile of one text stage alone."""
    from parsers.normalize import normalize
    from parsers.segment import segment

    texts = _texts(paths)
    mb = sum(len(t.encode("utf-8", "surrogatepass")) for t in texts) / 1e6
    norms = [normalize(t) for t in texts] if stage == "segment" else []
    gc.disable()  # segment pauses the collector itself; the parts are timed alike
    best: dict[str, float] = {}
    for _ in range(max(1, repeat)):
        parts = _segment_parts(norms) if stage == "segment" else _normalize_parts(texts)
        best = {k: min(v, best.get(k, v)) for k, v in parts.items()}
    gc.enable()
    total = sum(best.values())
    print(f"{stage}: {len(texts)} texts, {mb:.1f} MB, {total:.2f} s CPU ({mb / total:.1f} MB/s), "
          f"min of {repeat}, load {os.getloadavg()[0]:.1f}")  # fmt: skip
    for k, v in best.items():
        print(f"  {k:<12} {v:6.3f} s  {100 * v / total:5.1f} %  {mb / v if v else 0:8.1f} MB/s")
    prof = cProfile.Profile(time.process_time)
    prof.enable()
    if stage == "segment":
        for norm in norms:
            segment(norm)
    else:
        for t in texts:
            normalize(t)
    prof.disable()
    buf = io.StringIO()
    pstats.Stats(prof, stream=buf).sort_stats(sort).print_stats(top)
    print(buf.getvalue())


if __name__ == "__main__":
    main()
