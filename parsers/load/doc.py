"""Legacy and office formats: ``.doc`` (Word 97-2003), ``.rtf`` and ``.odt``.

Converted to plain text by LibreOffice headless (``soffice --convert-to
"txt:Text (encoded):UTF8"``, its own throw-away profile so parallel workers do
not share one, a timeout); a ``.doc`` falls back to ``antiword`` when LibreOffice
is absent. The content is checked against the extension first (an OLE2 header for
``.doc``, ``{\\rtf`` for ``.rtf``, a zip with the OpenDocument text mimetype for
``.odt``), so a renamed or broken file gets a clear error before any converter runs.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

from parsers.load.base import LoadError, _sniff
from parsers.messages import Msg

CONVERT_TIMEOUT = 120  # seconds
OFFICE_EXTENSIONS: tuple[str, ...] = (".doc", ".rtf", ".odt")
# what to install, in the error's language (data/messages/errors.yaml)
OFFICE_PACKAGES = Msg("load.office_packages")
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ODT_MIME = b"application/vnd.oasis.opendocument.text"


def _check_content(path: Path, ext: str, data: bytes) -> None:
    kind = _sniff(data)
    if ext == ".doc" and not data.startswith(_OLE2):
        raise LoadError(path, "wrong_content", ext=ext, kind=kind or Msg("load.detail.not_word97"))
    if ext == ".rtf" and not data.lstrip()[:5] == b"{\\rtf":
        raise LoadError(path, "wrong_content", ext=ext, kind=kind or Msg("load.detail.not_rtf"))
    if ext == ".odt":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                mime = z.read("mimetype") if "mimetype" in z.namelist() else b""
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise LoadError(path, "invalid_office", ext=ext, detail=str(exc)) from None
        if not mime.startswith(_ODT_MIME):
            raise LoadError(path, "invalid_office", ext=ext, detail=Msg("load.detail.not_odf"))


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def _run(path: Path, args: list[str], ext: str) -> subprocess.CompletedProcess[bytes]:
    try:
        done = subprocess.run(args, capture_output=True, timeout=CONVERT_TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        raise LoadError(
            path,
            "invalid_office",
            ext=ext,
            detail=Msg("load.detail.convert_timeout", {"seconds": CONVERT_TIMEOUT}),
        ) from None
    except OSError as exc:
        raise LoadError(path, "invalid_office", ext=ext, detail=str(exc)) from None
    return done


def _with_soffice(path: Path, exe: str, ext: str, data: bytes) -> str:
    with tempfile.TemporaryDirectory(prefix="vbkg-office-") as tmp:
        src = Path(tmp) / f"in{ext}"
        src.write_bytes(data)
        out = Path(tmp) / "out"
        profile = (Path(tmp) / "profile").as_uri()
        args = [exe, f"-env:UserInstallation={profile}", "--headless", "--norestore"]
        args += ["--convert-to", "txt:Text (encoded):UTF8", "--outdir", str(out), str(src)]
        done = _run(path, args, ext)
        produced = out / "in.txt"
        if not produced.is_file():
            err = done.stderr.decode("utf-8", "replace").strip().splitlines()
            detail: str | Msg = err[-1] if err else Msg("load.detail.libreoffice_no_text")
            raise LoadError(path, "invalid_office", ext=ext, detail=detail)
        return produced.read_bytes().decode("utf-8-sig", "replace")


def _with_antiword(path: Path, exe: str, data: bytes) -> str:
    with tempfile.TemporaryDirectory(prefix="vbkg-office-") as tmp:
        src = Path(tmp) / "in.doc"
        src.write_bytes(data)
        done = _run(path, [exe, "-m", "UTF-8.txt", "-w", "0", str(src)], ".doc")
    if done.returncode != 0:
        err = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise LoadError(
            path, "invalid_office", ext=".doc", detail=err[-1] if err else done.returncode
        )
    return done.stdout.decode("utf-8", "replace")


def _load_office(path: Path, data: bytes) -> tuple[str, list[str]]:
    """Plain text of a ``.doc``/``.rtf``/``.odt`` file, and warnings."""
    ext = path.suffix.lower()
    _check_content(path, ext, data)
    exe = _soffice()
    antiword = shutil.which("antiword") if ext == ".doc" else None
    if exe is not None:
        text = _with_soffice(path, exe, ext, data)
    elif antiword is not None:
        text = _with_antiword(path, antiword, data)
    else:
        raise LoadError(path, "converter_missing", ext=ext, packages=OFFICE_PACKAGES)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not any(c.isalnum() for c in text):
        raise LoadError(path, "invalid_office", ext=ext, detail=Msg("load.detail.no_letters"))
    return text, []


__all__ = ["OFFICE_EXTENSIONS", "_load_office"]
