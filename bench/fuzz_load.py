"""Fuzzing target for the loader (parsers.load.load_document): any bytes, any extension,
must give a LoadedDocument or a LoadError (never another exception, never code "internal").

With atheris (coverage-guided; ``pip install atheris``, needs a clang-built CPython wheel,
available for Linux x86-64)::

    .venv/bin/python bench/fuzz_load.py -atheris_runs=100000 [corpus_dir]
    .venv/bin/python bench/fuzz_load.py -max_total_time=600 out/fuzz-corpus

Without atheris (or with ``--hypothesis``), a hypothesis-driven loop runs instead
(structure-aware: mutated .docx, .pdf and text seeds as well as random bytes)::

    .venv/bin/python bench/fuzz_load.py --hypothesis --examples 5000 [--seed N]

A failure prints the input's extension and bytes (and, with hypothesis, the shrunk
example); a crashing input is saved under ``out/fuzz-crashes/``.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import logging
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from parsers.load import SUPPORTED_EXTENSIONS, LoadError, load_document  # noqa: E402

CRASHES = ROOT / "out" / "fuzz-crashes"
logging.getLogger("pypdf").setLevel(logging.ERROR)  # "EOF marker not found" on every mutant
_TMP = Path(tempfile.mkdtemp(prefix="vbkg-fuzz-"))


def check_one(data: bytes, ext: str) -> None:
    """Load ``data`` as a file with extension ``ext``; raise AssertionError on a defect."""
    path = _TMP / f"input{ext}"
    path.write_bytes(data)
    try:
        doc = load_document(path, max_bytes=4 * 1024 * 1024)
    except LoadError as exc:
        if exc.code == "internal":
            _save(data, ext)
            raise AssertionError(f"internal error: {exc.message('en')}") from exc
        return
    except Exception:
        _save(data, ext)
        raise
    assert isinstance(doc.text, str)


def _save(data: bytes, ext: str) -> None:
    CRASHES.mkdir(parents=True, exist_ok=True)
    (CRASHES / f"{hashlib.sha1(data).hexdigest()[:16]}{ext}").write_bytes(data)


def _seeds() -> list[tuple[bytes, str]]:
    text = "Thực hiện Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ\n".encode()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr(
            "word/document.xml",
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/'
            '2006/main"><w:body><w:p><w:r><w:t>x</w:t></w:r></w:p></w:body></w:document>',
        )
    pdf = (
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        b"trailer << /Root 1 0 R >>\n%%EOF\n"
    )
    return [(text, ".txt"), (b"# " + text, ".md"), (buf.getvalue(), ".docx"), (pdf, ".pdf")]


def run_atheris(argv: list[str]) -> None:
    import atheris  # type: ignore[import-not-found, unused-ignore]

    def target(data: bytes) -> None:
        if not data:
            return
        ext = SUPPORTED_EXTENSIONS[data[0] % len(SUPPORTED_EXTENSIONS)]
        check_one(data[1:], ext)

    atheris.instrument_all()  # coverage feedback from every loaded module (parsers, pypdf, ...)
    atheris.Setup(argv, target)
    atheris.Fuzz()


def run_hypothesis(examples: int, seed: int | None) -> None:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import seed as hseed
    from hypothesis import strategies as st

    seeds = _seeds()

    @st.composite
    def inputs(draw: st.DrawFn) -> tuple[bytes, str]:
        if draw(st.booleans()):
            return draw(st.binary(max_size=4096)), draw(st.sampled_from(SUPPORTED_EXTENSIONS))
        data, ext = draw(st.sampled_from(seeds))
        buf = bytearray(data)
        for pos, value in draw(
            st.lists(st.tuples(st.integers(0), st.integers(0, 255)), max_size=16)
        ):
            buf[pos % len(buf)] = value
        cut = draw(st.integers(0, len(buf)))
        if draw(st.booleans()):
            buf = buf[:cut]
        return bytes(buf), ext

    @settings(
        max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck)
    )
    @given(inputs())
    def fuzz(case: tuple[bytes, str]) -> None:
        check_one(*case)

    if seed is not None:
        fuzz = hseed(seed)(fuzz)
    fuzz()
    print(f"{examples} inputs: no defect")


def main() -> None:
    try:
        if "--hypothesis" in sys.argv:
            raise ImportError
        import atheris  # type: ignore[import-not-found, unused-ignore]  # noqa: F401
    except ImportError:
        parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
        parser.add_argument("--examples", type=int, default=2000)
        parser.add_argument("--seed", type=int, default=None)
        parser.add_argument(
            "--hypothesis",
            action="store_true",
            help="use the hypothesis loop even when atheris is installed",
        )
        args = parser.parse_args()
        run_hypothesis(args.examples, args.seed)
    else:
        run_atheris(sys.argv)


if __name__ == "__main__":
    main()
