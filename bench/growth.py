"""Growth of each extraction stage with the size of its input, per shape of input.

    PYTHONPATH=$PWD .venv/bin/python bench/growth.py [--quick] [--shapes a,b] [--repeat 3]

Each shape (one long line, many short lines, very many citations, deep sections, many
footnotes, many files, a .docx with many paragraphs, a PDF with many pages) is generated
at 1, 2, 4 and 8 MB (``--quick``: 1/8, 1/4, 1/2 and 1 MB); each stage (load, normalise,
segment, find, resolve, the whole extraction of a file; for many files the batch and
the build of the store) is timed in CPU seconds (``time.process_time``, the machine is
shared), the minimum of ``--repeat`` runs, and its peak of traced memory
(``tracemalloc``, in a separate run). The growth exponent is the log-log slope of time
(and of peak memory) against size: 1.0 is linear. Writes bench/results/growth.json and
bench/results/growth.md; :func:`run` and :func:`markdown` are used by bench/run.py.

A measurement slower than ``--budget`` seconds is not repeated and the larger sizes of
that stage are skipped (marked in the table): a super-linear stage cannot stall the run.
"""

from __future__ import annotations

import argparse
import functools
import gc
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph.pipeline import extract_file, extract_paths  # noqa: E402
from graph.resolve import resolve  # noqa: E402
from parsers.find import find_citations  # noqa: E402
from parsers.load import load_document  # noqa: E402
from parsers.normalize import normalize  # noqa: E402
from parsers.segment import segment  # noqa: E402

RESULTS = ROOT / "bench" / "results"
MB = 1_000_000
FULL_SIZES = (1.0, 2.0, 4.0, 8.0)
QUICK_SIZES = (0.125, 0.25, 0.5, 1.0)

# ----------------------------------------------------------------------------- shapes

_HEADER = (
    "ỦY BAN NHÂN DÂN\nTỈNH LẠNG SƠN\n\nSố: 12/KH-UBND\n\nLạng Sơn, ngày 10 tháng 01 năm 2024\n\n"
    "KẾ HOẠCH\nCải cách hành chính tỉnh Lạng Sơn năm 2024\n\n"
)
_FOOTER = (
    "\nNơi nhận:\n- Bộ Nội vụ;\n- Lưu: VT.\n\nTM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\n"
    "PHÓ CHỦ TỊCH\n\nNguyễn Văn A\n"
)
_TYPES = (("Nghị định", "NĐ-CP"), ("Quyết định", "QĐ-TTg"), ("Thông tư", "TT-BTC"),
          ("Nghị quyết", "NQ-HĐND"), ("Kế hoạch", "KH-UBND"))  # fmt: skip


def _cite(i: int) -> str:
    """A distinct citation: type, number, year, symbol."""
    name, sym = _TYPES[i % len(_TYPES)]
    return f"{name} số {i % 997 + 1}/{2000 + i % 24}/{sym} ngày {i % 28 + 1}/{i % 12 + 1}/2020"


def _sentence(i: int) -> str:
    return (
        f"Thực hiện {_cite(i)} về cải cách hành chính, các sở, ban, ngành và Ủy ban nhân dân "
        "các huyện, thành phố triển khai đầy đủ các nhiệm vụ được giao trong năm."
    )


def _fill(size: int, unit: Callable[[int], str], sep: str = "\n") -> str:
    """``_HEADER`` + ``unit(0) sep unit(1) …`` up to ``size`` bytes of UTF-8 + ``_FOOTER``."""
    parts: list[str] = []
    total = len((_HEADER + _FOOTER).encode())
    i = 0
    while total < size:
        s = unit(i)
        parts.append(s)
        total += len(s.encode()) + len(sep)
        i += 1
    return _HEADER + sep.join(parts) + _FOOTER


def long_line(size: int) -> str:
    return _fill(size, _sentence, " ")


def short_lines(size: int) -> str:
    def unit(i: int) -> str:
        if i % 8 == 0:
            return _sentence(i)
        return "Các đơn vị tổ chức thực hiện nghiêm túc, báo cáo kết quả về Sở Nội vụ."

    return _fill(size, unit)


def many_citations(size: int) -> str:
    return _fill(size, lambda i: f"{_cite(i)};", " ")


def deep_sections(size: int) -> str:
    roman = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")

    def unit(i: int) -> str:
        a = i // 200
        return "\n".join(
            (
                f"Chương {roman[a % 10]}\nQUY ĐỊNH CHUNG" if i % 200 == 0 else "",
                f"Điều {i + 1}. Nhiệm vụ thứ {i + 1}",
                f"{roman[i % 10]}. MỤC TIÊU",
                f"{i % 9 + 1}. Nhiệm vụ chung",
                f"{i % 9 + 1}.{i % 5 + 1}. Nhiệm vụ cụ thể theo {_cite(i)}.",
                "a) Rà soát thủ tục hành chính;",
                "- Sở Nội vụ chủ trì;",
                "+ Các huyện phối hợp thực hiện.",
            )
        ).strip()

    return _fill(size, unit)


_SUP = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def many_footnotes(size: int) -> str:
    """Pages of 8 body lines, each with a superscript marker, then their 8 footnote texts."""

    def unit(p: int) -> str:
        body, notes = [], []
        for j in range(8):
            n = str(p * 8 + j + 1).translate(_SUP)
            body.append(f"Các đơn vị thực hiện theo quy định{n} của cấp trên về cải cách.")
            notes.append(f"{n} {_cite(p * 8 + j)}.")
        return "\n".join(body) + "\n______\n" + "\n".join(notes)

    return _fill(size, unit)


TEXT_SHAPES: dict[str, Callable[[int], str]] = {
    "long_line": long_line,
    "short_lines": short_lines,
    "many_citations": many_citations,
    "deep_sections": deep_sections,
    "many_footnotes": many_footnotes,
}


def write_docx(path: Path, size: int) -> None:
    import docx

    d = docx.Document()
    for para in short_lines(size).split("\n"):
        d.add_paragraph(para)
    d.save(str(path))


def _pdf_escape(s: str) -> str:
    return s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def write_pdf(path: Path, size: int) -> None:
    """A PDF of ``size`` bytes of text (without diacritics, as Helvetica writes it), 50
    lines a page; written by hand (no PDF library is a dependency)."""
    from parsers.normalize import fold_keep_case

    lines = fold_keep_case(short_lines(size)).split("\n")
    pages = [lines[i : i + 50] for i in range(0, len(lines), 50)]
    objs: list[bytes] = [b"", b""]  # 1 catalog, 2 pages: filled below
    objs.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")  # 3
    kids = []
    for page in pages:
        ops = (
            "BT /F1 9 Tf 11 TL 30 810 Td "
            + " ".join(f"({_pdf_escape(ln)}) '" for ln in page)
            + " ET"
        )
        stream = zlib.compress(ops.encode("latin-1", "replace"))
        objs.append(
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream)
            + stream
            + b"\nendstream"
        )
        objs.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (len(objs))
        )
        kids.append(len(objs))
    objs[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objs[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids),
        len(kids),
    )
    out = bytearray(b"%PDF-1.4\n")
    xref = []
    for i, body in enumerate(objs, 1):
        xref.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    start = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % x for x in xref)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objs) + 1,
        start,
    )
    path.write_bytes(bytes(out))


# ----------------------------------------------------------------------------- timing


def _forget() -> None:
    """Empty the memos of short texts (plans repeat titles and clauses), so that each run is
    a first reading: with them kept, the runs after the first of a small input find every
    text remembered, which a large one (more texts than a memo holds) does not, and the
    exponent came out too high (deep sections' extract 1.24 instead of 1.06)."""
    from parsers import quantity, targets, vocab

    for memo in (quantity._find_quantities, targets._classify_area, targets._subject_of,
                 vocab.fold_text):  # fmt: skip
        memo.cache_clear()
    gc.collect()  # and start from a collected heap: each run meets the same collector state


def _cpu(fn: Callable[[], Any], repeat: int, budget: float) -> tuple[float, Any]:
    """Minimum CPU seconds of ``fn`` over ``repeat`` runs (one run when over ``budget``),
    each from empty text memos (:func:`_forget`)."""
    best, value = math.inf, None
    for _ in range(repeat):
        _forget()
        t0 = time.process_time()
        value = fn()
        best = min(best, time.process_time() - t0)
        if best > budget:
            break
    return best, value


def _peak(fn: Callable[[], Any]) -> float:
    """Peak traced memory (bytes) while ``fn`` runs, above what was traced before."""
    tracemalloc.start()
    try:
        base = tracemalloc.get_traced_memory()[0]
        fn()
        return float(tracemalloc.get_traced_memory()[1] - base)
    finally:
        tracemalloc.stop()


def slope(xs: list[float], ys: list[float]) -> float | None:
    """Least-squares slope of log y against log x."""
    pts = [(math.log(x), math.log(y)) for x, y in zip(xs, ys, strict=True) if x > 0 and y > 0]
    if len(pts) < 2:
        return None
    mx = sum(p[0] for p in pts) / len(pts)
    my = sum(p[1] for p in pts) / len(pts)
    den = sum((p[0] - mx) ** 2 for p in pts)
    return round(sum((p[0] - mx) * (p[1] - my) for p in pts) / den, 2) if den else None


def _text_stages(path: Path) -> dict[str, Callable[[], Any]]:
    """The stages of one file, each fed by the previous one's result (computed once, when
    a later stage first needs it)."""
    loaded = functools.cache(lambda: load_document(path))
    norm = functools.cache(lambda: normalize(loaded().text))
    seg = functools.cache(lambda: segment(norm()))
    found = functools.cache(lambda: find_citations(norm(), seg()))
    return {
        "load": lambda: load_document(path),
        "normalize": lambda: normalize(loaded().text),
        "segment": lambda: segment(norm()),
        "find": lambda: find_citations(norm(), seg()),
        "resolve": lambda: resolve(loaded(), norm(), seg(), found()),
        "extract": lambda: extract_file(path),
    }


def _build(folder: Path) -> None:
    from graph.ingest import ingest

    store = Path(tempfile.mkdtemp(prefix="vbkg-growth-store-"))
    try:
        ingest([folder], store / "store", jobs=1)
    finally:
        shutil.rmtree(store, ignore_errors=True)


def _make_input(shape: str, size: int, work: Path) -> tuple[Path, dict[str, Callable[[], Any]]]:
    """The input of ``shape`` at ``size`` bytes, and its stages."""
    work.mkdir(parents=True, exist_ok=True)
    if shape in TEXT_SHAPES:
        p = work / f"{shape}-{size}.txt"
        p.write_text(TEXT_SHAPES[shape](size), encoding="utf-8")
        return p, _text_stages(p)
    if shape == "docx":
        p = work / f"docx-{size}.docx"
        write_docx(p, size)
        return p, {"load": lambda: load_document(p), "extract": lambda: extract_file(p)}
    if shape == "pdf":
        p = work / f"pdf-{size}.pdf"
        write_pdf(p, size)
        return p, {"load": lambda: load_document(p), "extract": lambda: extract_file(p)}
    if shape == "many_files":
        folder = work / f"files-{size}"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir()
        per = 20_000
        for i in range(max(1, size // per)):
            text = short_lines(per).replace("Số: 12/KH-UBND", f"Số: {i + 1}/KH-UBND")
            (folder / f"plan-{i:05d}.txt").write_text(text, encoding="utf-8")
        return folder, {
            "extract": lambda: extract_paths([folder]),
            "build": lambda: _build(folder),
        }
    raise ValueError(shape)


SHAPES = (*TEXT_SHAPES, "many_files", "docx", "pdf")

# The stages measured for each kind of shape, in the order :func:`_make_input` gives them.
STAGE_NAMES = {
    "text": ("load", "normalize", "segment", "find", "resolve", "extract"),
    "file": ("load", "extract"),
    "folder": ("extract", "build"),
}


def _kind(shape: str) -> str:
    return "text" if shape in TEXT_SHAPES else "folder" if shape == "many_files" else "file"


def _measure(
    shape: str,
    size: int,
    work: Path,
    names: list[str],
    repeat: int,
    budget: float,
    memory: bool,
) -> list[tuple[str, int, float, float]]:
    """(stage, input bytes, CPU seconds, peak bytes) of each stage of ``names`` on ``shape``
    at ``size``, in this process."""
    path, todo = _make_input(shape, size, work)
    nbytes = _input_bytes(path, shape, size)
    out = []
    try:
        for name in names:
            fn = todo[name]
            cpu, _ = _cpu(fn, 1 if name == "build" else repeat, budget)
            peak = _peak(fn) if memory and name != "build" else 0.0
            out.append((name, nbytes, cpu, peak))
    finally:
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink()
    return out


def _measure_in_child(
    shape: str,
    size: int,
    work: Path,
    names: list[str],
    repeat: int,
    budget: float,
    memory: bool,
) -> list[tuple[str, int, float, float]]:
    """:func:`_measure` in a fresh interpreter, so that a size is not measured in the heap
    the smaller sizes left behind (the collector then walks their objects too: find and
    resolve on 8 MB of deep sections measured 2.5 and 1.8 s after the smaller sizes, 1.9
    and 1.0 s alone), as each file of a build is read in a worker of its own."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--one", shape, str(size), str(work),
           ",".join(names), "--repeat", str(repeat), "--budget", str(budget)]  # fmt: skip
    if not memory:
        cmd.append("--no-memory")
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"{shape} at {size} bytes: {proc.stderr[-2000:]}")
    return [tuple(r) for r in json.loads(proc.stdout.strip().splitlines()[-1])]  # type: ignore[misc]


def _input_bytes(p: Path, shape: str, size: int) -> int:
    """The size a stage's cost is measured against: the file's bytes, or for a .docx or a
    PDF the bytes of the text it carries (a .docx compresses this repetitive text about
    20 times, and ever better as it grows: its file size would inflate the exponent)."""
    if shape in ("docx", "pdf"):
        return len(short_lines(size).encode("utf-8"))
    if p.is_dir():
        return sum(f.stat().st_size for f in p.iterdir())
    return p.stat().st_size


def run(
    *,
    quick: bool = False,
    shapes: tuple[str, ...] = SHAPES,
    repeat: int = 3,
    budget: float = 60.0,
    sizes: tuple[float, ...] | None = None,
    memory: bool = True,
    stages: tuple[str, ...] = (),
) -> dict[str, Any]:
    """Measure every stage of every shape at each size; the exponents per stage and shape."""
    sizes = sizes or (QUICK_SIZES if quick else FULL_SIZES)
    work = Path(tempfile.mkdtemp(prefix="vbkg-growth-"))
    rows: dict[str, dict[str, Any]] = {}
    try:
        for shape in shapes:
            over: set[str] = set()
            per_stage: dict[str, dict[str, list[float]]] = {}
            for mb in sizes:
                todo = [n for n in STAGE_NAMES[_kind(shape)] if n not in over
                        and (not stages or n in stages)]  # fmt: skip
                if not todo:
                    continue
                for name, nbytes, cpu, peak in _measure_in_child(
                    shape, int(mb * MB), work, todo, repeat, budget, memory
                ):
                    rec = per_stage.setdefault(name, {"mb": [], "cpu_s": [], "peak_mb": []})
                    rec["mb"].append(round(nbytes / MB, 3))
                    rec["cpu_s"].append(round(cpu, 4))
                    rec["peak_mb"].append(round(peak / MB, 2))
                    print(
                        f"{shape:<15} {name:<9} {nbytes / MB:7.3f} MB  {cpu:8.3f} s CPU  "
                        f"{peak / MB:8.1f} MB peak",
                        file=sys.stderr,
                    )
                    if cpu > budget:
                        over.add(name)
                        rec["over_budget"] = True
            for rec in per_stage.values():
                rec["time_exponent"] = slope(rec["mb"], rec["cpu_s"])
                rec["memory_exponent"] = slope(rec["mb"], rec["peak_mb"]) if memory else None
                rec["mb_s"] = [round(m / c, 2) if c else None for m, c in zip(
                    rec["mb"], rec["cpu_s"], strict=True)]  # fmt: skip
                rec["peak_x_input"] = max(
                    (p / m for p, m in zip(rec["peak_mb"], rec["mb"], strict=True) if m),
                    default=0.0,
                )
                rec["peak_x_input"] = round(rec["peak_x_input"], 1)
            rows[shape] = per_stage
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return {
        "sizes_mb": list(sizes),
        "repeat": repeat,
        "timer": "time.process_time, min of repeat",
        "memory": "tracemalloc peak above the start, separate run",
        "load": os.getloadavg(),
        "shapes": rows,
    }


def markdown(res: dict[str, Any]) -> str:
    """The exponents table: one row per shape and stage."""
    lines = [
        "## Growth exponents per stage (log-log slope; 1.0 = linear)",
        "",
        f"Sizes {res['sizes_mb']} MB, CPU time min of {res['repeat']}, "
        f"peak of traced memory; load {tuple(round(x, 1) for x in res['load'])}.",
        "",
        "| shape | stage | time exp. | memory exp. | MB: MB/s (CPU) | peak × input |",
        "|---|---|---|---|---|---|",
    ]
    for shape, stages in res["shapes"].items():
        for name, rec in stages.items():
            flag = " (over budget: larger sizes skipped)" if rec.get("over_budget") else ""
            lines.append(
                f"| {shape} | {name} | {rec['time_exponent']}{flag} | "
                f"{rec['memory_exponent']} | "
                f"{', '.join(f'{m:g}: {v}' for m, v in zip(rec['mb'], rec['mb_s'], strict=True))}"
                " | "
                f"{rec['peak_x_input']} |"
            )
    return "\n".join(lines) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="sizes 1/8 to 1 MB")
    ap.add_argument("--shapes", default=",".join(SHAPES))
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--budget", type=float, default=60.0, help="CPU seconds per measurement")
    ap.add_argument("--no-memory", action="store_true")
    ap.add_argument("--sizes", default="", help="MB, comma-separated (instead of the defaults)")
    ap.add_argument("--out", default="", help="write the JSON here instead of bench/results")
    ap.add_argument("--stages", default="", help="only these stages, comma-separated")
    ap.add_argument(
        "--one", nargs=4, metavar=("SHAPE", "BYTES", "WORK", "STAGES"), help=argparse.SUPPRESS
    )  # the child of _measure_in_child
    a = ap.parse_args()
    if a.one:
        shape, size, work, names = a.one
        rows = _measure(shape, int(size), Path(work), names.split(","), a.repeat, a.budget,
                        not a.no_memory)  # fmt: skip
        print(json.dumps(rows))
        return
    res = run(
        quick=a.quick,
        shapes=tuple(s for s in a.shapes.split(",") if s),
        repeat=a.repeat,
        budget=a.budget,
        memory=not a.no_memory,
        sizes=tuple(float(x) for x in a.sizes.split(",") if x) or None,
        stages=tuple(x for x in a.stages.split(",") if x),
    )
    RESULTS.mkdir(parents=True, exist_ok=True)
    if a.out:
        Path(a.out).write_text(json.dumps(res, indent=1) + "\n", encoding="utf-8")
        print(markdown(res))
        return
    (RESULTS / "growth.json").write_text(json.dumps(res, indent=1) + "\n", encoding="utf-8")
    md = "# vbkg growth benchmark\n\n" + markdown(res)
    (RESULTS / "growth.md").write_text(md, encoding="utf-8")
    print(md)


if __name__ == "__main__":
    main()
