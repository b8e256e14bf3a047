"""``.pdf`` files (pypdf): the text layer of every page."""

from __future__ import annotations

import io
import warnings
from pathlib import Path

from parsers.load.base import PDF_MIN_PAGE_CHARS, PDF_PAGE_SEPARATOR, LoadError, _sniff
from parsers.load.ocr import Progress, pdf_ocr_fallback

# --------------------------------------------------------------------------- pdf


def _load_pdf(
    path: Path, data: bytes, *, progress: Progress | None = None
) -> tuple[str, list[str], bool]:
    head = data[:1024]
    if b"%PDF-" not in head:
        kind = _sniff(data)
        raise LoadError(
            path, "invalid_pdf", detail=f"nội dung là {kind}" if kind else "thiếu %PDF-"
        )
    warns: list[str] = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            from pypdf import PdfReader

            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                try:
                    opened = bool(reader.decrypt(""))
                except Exception:
                    opened = False
                if not opened:
                    raise LoadError(path, "encrypted_pdf")
                warns.append("PDF được mã hóa với mật khẩu rỗng; đã giải mã")
            pages = list(reader.pages)
        except LoadError:
            raise
        except Exception as exc:
            raise LoadError(path, "invalid_pdf", detail=f"{type(exc).__name__}: {exc}") from None
        texts: list[str] = []
        failed: list[int] = []
        for number, page in enumerate(pages, 1):
            try:
                texts.append(page.extract_text() or "")
            except Exception:
                texts.append("")
                failed.append(number)
    if not pages:
        raise LoadError(path, "invalid_pdf", detail="không có trang nào")
    empty = [n for n, t in enumerate(texts, 1) if _letter_count(t) < PDF_MIN_PAGE_CHARS]
    # --- OCR fallback hook (parsers.load.ocr): pages without a text layer
    texts, empty, ocr = pdf_ocr_fallback(path, data, texts, empty, progress=progress)
    # --- end OCR fallback hook
    if len(empty) == len(texts):
        raise LoadError(path, "no_text_layer")
    if failed:
        warns.append(f"không trích được chữ ở trang {_page_list(failed)}")
    if empty:
        warns.append(f"trang {_page_list(empty)} không có lớp văn bản (cần OCR)")
    return PDF_PAGE_SEPARATOR.join(texts), warns, ocr


def _letter_count(text: str) -> int:
    return sum(1 for c in text if c.isalnum())


def _page_list(numbers: list[int]) -> str:
    shown = ", ".join(str(n) for n in numbers[:20])
    return shown + (f" … (+{len(numbers) - 20})" if len(numbers) > 20 else "")
