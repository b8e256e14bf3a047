"""OCR of scanned PDFs and images with Tesseract and its Vietnamese model.

Public verbs: :func:`ocr_pdf_pages` (pages of a PDF without a text layer, rendered
with ``pdftoppm``), :func:`ocr_image` (``.png``/``.jpg``/``.tif``, every frame of a
multi-page TIFF), :func:`ocr_available` and :func:`ocr_cache_dir`.

Both run the ``tesseract`` program (Debian packages ``tesseract-ocr`` and
``tesseract-ocr-vie``; PDF pages need ``poppler-utils`` for ``pdftoppm``) page by
page, one thread each (the ingest already runs one worker per core), report
``progress(done, total)`` after every page, and cache the text of every page by
the file's SHA-256, the language and the resolution, so a rebuild of the same
scans does not run OCR again. The cache folder is ``$VBKG_OCR_CACHE``, otherwise
``$XDG_CACHE_HOME/vbkg/ocr`` (``~/.cache/vbkg/ocr``); ``VBKG_OCR_CACHE=off``
disables it.

Missing programs raise :class:`~parsers.load.base.LoadError` ``ocr_unavailable``
naming what to install.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from parsers.load.base import PDF_MIN_PAGE_CHARS, LoadError
from parsers.messages import Msg

OCR_LANG = "vie"
OCR_DPI = 300
OCR_PAGE_TIMEOUT = 300  # seconds per page (render or recognise)
OCR_PACKAGES = Msg("load.detail.ocr_packages")
PDF_RENDER_PACKAGE = "poppler-utils"

Progress = Callable[[int, int], None]


# --------------------------------------------------------------------------- availability


def _tesseract() -> str | None:
    return shutil.which("tesseract")


def ocr_available() -> Msg | None:
    """``None`` when Tesseract with the Vietnamese model can run, else why not (a message:
    ``str()`` of it is the key, ``.text(lang)`` the reason)."""
    exe = _tesseract()
    if exe is None:
        return Msg("load.detail.no_tesseract", {"packages": OCR_PACKAGES})
    try:
        out = subprocess.run(
            [exe, "--list-langs"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.SubprocessError) as exc:
        return Msg("load.detail.tesseract_broken", {"error": exc, "packages": OCR_PACKAGES})
    langs = {line.strip() for line in (out.stdout + out.stderr).splitlines()}
    if OCR_LANG not in langs:
        return Msg("load.detail.no_vie_model")
    return None


def _require(path: Path, *, pdf: bool) -> str:
    why = ocr_available()
    if why is not None:
        raise LoadError(path, "ocr_unavailable", detail=why)
    if pdf and shutil.which("pdftoppm") is None:
        raise LoadError(
            path,
            "ocr_unavailable",
            detail=Msg("load.detail.no_pdftoppm", {"package": PDF_RENDER_PACKAGE}),
        )
    exe = _tesseract()
    assert exe is not None
    return exe


# --------------------------------------------------------------------------- cache


def ocr_cache_dir() -> Path | None:
    """The OCR cache folder, or ``None`` when disabled (``VBKG_OCR_CACHE=off``)."""
    env = os.environ.get("VBKG_OCR_CACHE")
    if env is not None:
        return None if env.strip().lower() in {"", "off", "0", "no"} else Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "vbkg" / "ocr"


def _cache_folder(data: bytes) -> Path | None:
    """The cache folder of one file: one text file per page, written once (linear cost)."""
    folder = ocr_cache_dir()
    if folder is None:
        return None
    digest = hashlib.sha256(data).hexdigest()
    return folder / digest[:2] / f"{digest}.{OCR_LANG}.{OCR_DPI}"


def _cache_read(folder: Path | None, key: str) -> str | None:
    if folder is None:
        return None
    try:
        return (folder / f"{key}.txt").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _cache_write(folder: Path | None, key: str, text: str) -> None:
    if folder is None:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f"{key}.{os.getpid()}.tmp"
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(folder / f"{key}.txt")  # atomic: parallel workers never read half a page
    except OSError:
        pass  # a read-only cache only costs time


# --------------------------------------------------------------------------- running


def _page(n: int) -> Msg:
    return Msg("load.detail.ocr_page", {"n": n})


def _run(path: Path, args: Sequence[str], what: Msg) -> subprocess.CompletedProcess[bytes]:
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    try:
        done = subprocess.run(
            list(args), capture_output=True, timeout=OCR_PAGE_TIMEOUT, env=env, check=False
        )
    except subprocess.TimeoutExpired:
        timeout = Msg("load.detail.ocr_timeout", {"what": what, "seconds": OCR_PAGE_TIMEOUT})
        raise LoadError(path, "ocr_failed", detail=timeout) from None
    except OSError as exc:
        error = Msg("load.detail.ocr_error", {"what": what, "error": exc})
        raise LoadError(path, "ocr_failed", detail=error) from None
    if done.returncode != 0:
        err = done.stderr.decode("utf-8", "replace").strip().splitlines()
        error = Msg(
            "load.detail.ocr_error", {"what": what, "error": err[-1] if err else done.returncode}
        )
        raise LoadError(path, "ocr_failed", detail=error)
    return done


def _recognise(path: Path, exe: str, image: Path, what: Msg) -> str:
    done = _run(path, [exe, str(image), "stdout", "-l", OCR_LANG, "--psm", "3"], what)
    return done.stdout.decode("utf-8", "replace")


def ocr_pdf_pages(
    path: Path, data: bytes, pages: Sequence[int], *, progress: Progress | None = None
) -> dict[int, str]:
    """OCR text of the 1-based ``pages`` of the PDF ``data``, by page number."""
    cache = _cache_folder(data)
    cached: dict[str, str] = {}
    for n in pages:
        text = _cache_read(cache, f"page-{n}")
        if text is not None:
            cached[str(n)] = text
    todo = [n for n in pages if str(n) not in cached]
    if todo:
        exe = _require(path, pdf=True)
        with tempfile.TemporaryDirectory(prefix="vbkg-ocr-") as tmp:
            pdf = Path(tmp) / "in.pdf"
            pdf.write_bytes(data)
            for i, n in enumerate(todo):
                out = Path(tmp) / f"p{n}"
                args = ["pdftoppm", "-r", str(OCR_DPI), "-gray", "-png", "-singlefile"]
                _run(path, [*args, "-f", str(n), "-l", str(n), str(pdf), str(out)], _page(n))
                cached[str(n)] = _recognise(path, exe, out.with_suffix(".png"), _page(n))
                out.with_suffix(".png").unlink(missing_ok=True)
                _cache_write(cache, f"page-{n}", cached[str(n)])
                if progress is not None:
                    progress(len(pages) - len(todo) + i + 1, len(pages))
    elif progress is not None:
        progress(len(pages), len(pages))
    return {n: cached[str(n)] for n in pages}


def ocr_image(path: Path, data: bytes, *, progress: Progress | None = None) -> list[str]:
    """OCR text of every page (frame) of an image file, in order."""
    cache = _cache_folder(data)
    text = _cache_read(cache, "image")
    if text is None:
        exe = _require(path, pdf=False)
        with tempfile.TemporaryDirectory(prefix="vbkg-ocr-") as tmp:
            image = Path(tmp) / f"in{path.suffix.lower()}"
            image.write_bytes(data)
            text = _recognise(path, exe, image, Msg("load.detail.ocr_image"))
        _cache_write(cache, "image", text)
    # Tesseract ends every page of a multi-page TIFF with a form feed
    texts = text.split("\f")
    if len(texts) > 1 and not texts[-1].strip():
        texts.pop()
    if progress is not None:
        progress(len(texts), len(texts))
    return texts


# --------------------------------------------------------------------------- pdf fallback


def pdf_ocr_fallback(
    path: Path,
    data: bytes,
    texts: list[str],
    empty: list[int],
    *,
    progress: Progress | None = None,
) -> tuple[list[str], list[int], bool]:
    """The PDF loader's hook for pages without a text layer (1-based ``empty``).

    Returns the page texts with those pages OCR'd, the pages still empty, and
    whether OCR ran. Every page empty and no Tesseract: ``ocr_unavailable``
    (naming what to install); some pages empty and no Tesseract: those pages
    stay empty (the loader warns).
    """
    if not empty:
        return texts, empty, False
    cache = _cache_folder(data)
    if ocr_available() is not None and any(_cache_read(cache, f"page-{n}") is None for n in empty):
        if len(empty) == len(texts):
            _require(path, pdf=True)  # raises, naming the packages
        return texts, empty, False
    found = ocr_pdf_pages(path, data, empty, progress=progress)
    out = list(texts)
    for n, text in found.items():
        out[n - 1] = text
    still = [n for n in empty if sum(1 for c in out[n - 1] if c.isalnum()) < PDF_MIN_PAGE_CHARS]
    return out, still, True


def page_starts(text: str, separator: str) -> tuple[int, ...]:
    """Offsets in ``text`` where each page starts (page ``i + 1`` at ``[i]``)."""
    starts = [0]
    at = text.find(separator)
    while at >= 0:
        starts.append(at + len(separator))
        at = text.find(separator, at + len(separator))
    return tuple(starts)
