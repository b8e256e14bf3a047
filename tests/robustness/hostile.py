"""Generators of hostile input files for the robustness suite (no fixtures: plain functions).

Every generator writes one file under a folder and returns its path. :func:`hostile_batch`
writes all of them and returns ``{path: expected reason fragment (English)}``; a value of
``None`` means the file must be *accepted* (with a warning at most).
"""

from __future__ import annotations

import io
import random
import zipfile
from pathlib import Path

from factories import docx_bytes, make_pdf, pdf_bytes

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SEED = next((PROJECT_ROOT / "data" / "examples").glob("000_*.txt"))
SECRET = "VBKG-SECRET-7f3c9e"  # written to a local file that hostile XML points at
SENTENCE = "Thực hiện Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ"

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _rewrite_docx(
    data: bytes,
    replace: dict[str, bytes],
    add: dict[str, bytes] | None = None,
) -> bytes:
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as zin,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout,
    ):
        for info in zin.infolist():
            zout.writestr(info.filename, replace.get(info.filename, zin.read(info.filename)))
        for name, body in (add or {}).items():
            zout.writestr(name, body)
    return out.getvalue()


def zip_bomb_docx(folder: Path, name: str = "bomb.docx") -> Path:
    """A valid .docx plus a 64 MB member of zeros (compresses about 1000:1)."""
    path = folder / name
    data = docx_bytes([SENTENCE])
    out = io.BytesIO(data)
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("word/media/bomb.bin", b"\0" * (64 * 1024 * 1024))
    path.write_bytes(out.getvalue())
    return path


def xxe_docx(
    folder: Path, secret_file: Path, name: str = "xxe.docx", *, laughs: bool = False
) -> Path:
    """word/document.xml with external entities to ``secret_file``, /etc/passwd and the
    network, referenced from the body text; ``laughs`` adds a billion-laughs chain."""
    lol = ['<!ENTITY lol0 "LOLLOL">'] + [
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
    ]
    doctype = (
        "<!DOCTYPE w:document ["
        f'<!ENTITY xxe SYSTEM "file://{secret_file}">'
        '<!ENTITY pwd SYSTEM "file:///etc/passwd">'
        '<!ENTITY net SYSTEM "http://127.0.0.1:9/evil">' + ("".join(lol) if laughs else "") + "]>"
    )
    refs = "&xxe; &pwd; &net; " + ("&lol9;" if laughs else "")
    body = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n{doctype}'
        f'<w:document xmlns:w="{W_NS}"><w:body>'
        f"<w:p><w:r><w:t>{SENTENCE} {refs}</w:t></w:r></w:p>"
        "</w:body></w:document>"
    ).encode()
    path = folder / name
    path.write_bytes(_rewrite_docx(docx_bytes(["x"]), {"word/document.xml": body}))
    return path


PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)


def png_as_txt(folder: Path, name: str = "image.txt") -> Path:
    path = folder / name
    path.write_bytes(PNG)
    return path


def pdf_as_docx(folder: Path, name: str = "report.docx") -> Path:
    path = folder / name
    path.write_bytes(make_pdf([SENTENCE.encode("ascii", "replace").decode()]))
    return path


def elf_as_md(folder: Path, name: str = "notes.md") -> Path:
    path = folder / name
    path.write_bytes(b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 16)
    return path


def random_binary(folder: Path, name: str = "random.txt", size: int = 64 * 1024) -> Path:
    path = folder / name
    path.write_bytes(random.Random(7).randbytes(size))
    return path


def empty_file(folder: Path, name: str = "empty.txt") -> Path:
    path = folder / name
    path.write_bytes(b"")
    return path


def invalid_utf8(folder: Path, name: str = "broken-utf8.txt") -> Path:
    """Good Vietnamese UTF-8 text with three invalid bytes: decoded with a warning."""
    text = SEED.read_text(encoding="utf-8")
    data = text.encode("utf-8")
    cut = len(data) // 3
    while data[cut] & 0xC0 == 0x80:
        cut += 1
    data = data[:cut] + b"\xff\xfe" + data[cut:] + b"\xc3"
    path = folder / name
    path.write_bytes(data)
    return path


def image_only_pdf(folder: Path, name: str = "scan.pdf") -> Path:
    path = folder / name
    path.write_bytes(make_pdf(None, image=True))
    return path


def long_line(folder: Path, name: str = "one-line.txt", size: int = 30 * 1024 * 1024) -> Path:
    """One line of ``size`` bytes of Vietnamese prose (a few citations at each end)."""
    filler = "tăng cường kỷ luật kỷ cương hành chính văn hóa công vụ "
    head = f"{SENTENCE}; "
    tail = " Kế hoạch số 249/KH-UBND ngày 29/12/2021 của UBND tỉnh."
    body_bytes = size - len(head.encode()) - len(tail.encode())
    unit = filler.encode()
    body = unit * (body_bytes // len(unit))
    body += b" " * (body_bytes - len(body))
    path = folder / name
    path.write_bytes(head.encode() + body + tail.encode())
    return path


def over_limit(folder: Path, limit: int, name: str = "too-big.txt") -> Path:
    """A text file one byte above ``limit``: sparse, so it costs no disk and no time; the
    loader must refuse it from its size alone, before reading."""
    path = folder / name
    with path.open("wb") as fh:
        fh.write((SENTENCE + "\n").encode())
        fh.truncate(limit + 1)
    return path


def hostile_batch(
    folder: Path,
    *,
    limit: int,
    long_line_size: int = 30 * 1024 * 1024,
) -> tuple[Path, dict[Path, str | None]]:
    """Write every hostile file and one good seed into ``folder``.

    Returns the secret file (outside ``folder``: it must never reach the store) and
    ``{path: fragment of the English reason}``; ``None`` marks files that must load.
    """
    folder.mkdir(parents=True, exist_ok=True)
    secret = folder.parent / "secret-outside-inputs.txt"
    secret.write_text(f"{SECRET}\n", encoding="utf-8")
    good = folder / SEED.name
    good.write_bytes(SEED.read_bytes())
    expected: dict[Path, str | None] = {
        good: None,
        zip_bomb_docx(folder): "zip bomb",
        xxe_docx(folder, secret): None,  # accepted: entities are left unresolved
        xxe_docx(folder, secret, "laughs.docx", laughs=True): "entity amplification",
        png_as_txt(folder): "looks like PNG",
        pdf_as_docx(folder): "PDF",
        elf_as_md(folder): "looks like ELF",
        random_binary(folder): "binary",
        empty_file(folder): "empty file",
        invalid_utf8(folder): None,  # accepted with a warning, content kept
        image_only_pdf(folder): "no text layer",
        long_line(folder, size=long_line_size): None,
        over_limit(folder, limit): "file too large",
    }
    return secret, expected


def _pages_pdf(pages: int, content: bytes, filters: bytes = b"") -> bytes:
    """``pages`` pages all drawing the ONE content stream ``content`` (object 4)."""
    kids = b" ".join(b"%d 0 R" % (5 + i) for i in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d %s>>\nstream\n" % (len(content), filters) + content + b"\nendstream",
    ]
    for _ in range(pages):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
            b"/Resources << /Font << /F1 3 0 R >> >> >>"
        )
    return pdf_bytes(objects)


def shared_stream_pdf(
    folder: Path, name: str = "amplified.pdf", *, pages: int = 50, chars: int = 1_000_000
) -> Path:
    """Text amplification: one compressed text stream of about ``chars`` characters drawn
    by every one of ``pages`` pages (a small file, ``pages × chars`` characters of text)."""
    import zlib

    line = b"(" + SENTENCE.encode("ascii", "ignore")[:70] + b") Tj T*\n"
    ops = b"BT /F1 12 Tf 50 750 Td 14 TL\n" + line * max(1, chars // 60) + b"ET"
    path = folder / name
    path.write_bytes(_pages_pdf(pages, zlib.compress(ops, 9), b"/Filter /FlateDecode "))
    return path


def broken_stream_pdf(folder: Path, name: str = "broken-stream.pdf", *, pages: int = 40) -> Path:
    """Pages whose one content stream claims FlateDecode but is not zlib data."""
    path = folder / name
    path.write_bytes(_pages_pdf(pages, b"this is not zlib data at all", b"/Filter /FlateDecode "))
    return path


def repeated_docx(folder: Path, name: str = "repeated.docx", *, paragraphs: int = 40_000) -> Path:
    """A legitimate .docx of many identical paragraphs: its XML compresses far beyond 100:1."""
    para = f"<w:p><w:r><w:t>{SENTENCE}</w:t></w:r></w:p>"
    body = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:document xmlns:w="{W_NS}"><w:body>{para * paragraphs}</w:body></w:document>'
    ).encode()  # python-docx's add_paragraph is quadratic: write the XML directly
    path = folder / name
    path.write_bytes(_rewrite_docx(docx_bytes(["x"]), {"word/document.xml": body}))
    return path
