"""``.docx`` files (python-docx): zip checks, body, tables, headers, footers, footnotes."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

from parsers.load.base import (
    DOCX_MAX_ENTRIES,
    DOCX_MAX_RATIO,
    DOCX_MAX_UNCOMPRESSED,
    DOCX_MAX_XML,
    DOCX_RATIO_MIN_SIZE,
    FOOTNOTE_RULE,
    TABLE_CELL_SEPARATOR,
    CharCap,
    LoadError,
    _one_line,
    _sniff,
)
from parsers.messages import Msg, Note

# --------------------------------------------------------------------------- docx

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_RT_FOOTNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"


def _check_zip(path: Path, data: bytes) -> list[str]:
    """Check the central directory of a .docx; warnings for DTDs found in its XML."""
    if not data.startswith(b"PK\x03\x04"):
        kind = _sniff(data)
        detail = (
            Msg("load.detail.content_is", {"kind": kind}) if kind else Msg("load.detail.not_zip")
        )
        raise LoadError(path, "invalid_docx", detail=detail)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            if len(infos) > DOCX_MAX_ENTRIES:
                raise LoadError(path, "zip_bomb", detail=f"{len(infos)} entries")
            total = sum(i.file_size for i in infos)
            if total > DOCX_MAX_UNCOMPRESSED:
                raise LoadError(
                    path,
                    "zip_bomb",
                    detail=f"{total} bytes uncompressed, limit {DOCX_MAX_UNCOMPRESSED}",
                )
            xml = sum(i.file_size for i in infos if _is_xml(i.filename))
            if xml > DOCX_MAX_XML:
                raise LoadError(
                    path,
                    "zip_bomb",
                    detail=f"{xml} bytes of XML uncompressed, limit {DOCX_MAX_XML}",
                )
            for info in infos:
                if _is_xml(info.filename):
                    continue  # judged by inflated size above: text compresses very well
                if info.file_size > DOCX_RATIO_MIN_SIZE and (
                    info.compress_size == 0 or info.file_size / info.compress_size > DOCX_MAX_RATIO
                ):
                    raise LoadError(
                        path,
                        "zip_bomb",
                        detail=f"{info.filename}: {info.file_size} bytes from "
                        f"{info.compress_size} (ratio limit {DOCX_MAX_RATIO})",
                    )
            names = {i.filename for i in infos}
            if "word/document.xml" not in names:
                raise LoadError(path, "invalid_docx", detail=Msg("load.detail.no_document_xml"))
            warns: list[str] = []
            for name in sorted(names):
                if name.startswith("word/") and name.endswith(".xml"):
                    head = zf.read(name)
                    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                        warns.append(Note("load.warn.dtd", name=name))
            return warns
    except LoadError:
        raise
    except Exception as exc:
        raise LoadError(path, "invalid_docx", detail=f"{type(exc).__name__}: {exc}") from None


def _is_xml(name: str) -> bool:
    return name.lower().endswith((".xml", ".rels"))


def _safe_xml(blob: bytes) -> Any:
    from lxml import etree

    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False,
        dtd_validation=False, remove_comments=True, remove_pis=True,
    )  # fmt: skip
    return etree.fromstring(blob, parser=parser)


class _Notes:
    """Footnote numbering: ``[n]`` in order of the first reference in the text."""

    def __init__(self, texts: dict[str, str]) -> None:
        self.texts = texts
        self.numbers: dict[str, int] = {}

    def mark(self, note_id: str) -> str:
        if note_id not in self.numbers:
            self.numbers[note_id] = len(self.numbers) + 1
        return f"[{self.numbers[note_id]}]"

    def section(self) -> list[str]:
        for note_id in self.texts:  # unreferenced notes still count
            self.mark(note_id)
        lines = [
            f"[{n}] {self.texts[i]}"
            for i, n in sorted(self.numbers.items(), key=lambda kv: kv[1])
            if i in self.texts
        ]
        return [FOOTNOTE_RULE, *lines] if lines else []


def _paragraph_text(p: Any, notes: _Notes | None, cap: CharCap) -> str:
    parts: list[str] = []
    stack = [iter(p)]
    while stack:
        el = next(stack[-1], None)
        if el is None:
            stack.pop()
            continue
        tag = el.tag
        if not isinstance(tag, str) or tag in (_MC_FALLBACK, _W + "pPr", _W + "rPr"):
            continue  # comments, entity references, alternate copies, formatting
        if tag == _W + "t":
            parts.append(el.text or "")
            cap.take(len(parts[-1]))
        elif tag == _W + "tab":
            parts.append("\t")
        elif tag in (_W + "br", _W + "cr"):
            parts.append("\n")
        elif tag == _W + "noBreakHyphen":
            parts.append("-")
        elif tag == _W + "footnoteReference" and notes is not None:
            parts.append(notes.mark(el.get(_W + "id", "?")))
        else:
            stack.append(iter(el))
    return "".join(parts)


def _block_lines(container: Any, notes: _Notes | None, cap: CharCap) -> list[str]:
    """Lines of the paragraphs and tables directly in ``container``, in order."""
    lines: list[str] = []
    for child in container:
        tag = child.tag
        if tag == _W + "p":
            lines.append(_paragraph_text(child, notes, cap))
        elif tag == _W + "tbl":
            lines.extend(_table_lines(child, notes, cap))
        elif tag in (_W + "sdt", _W + "customXml"):
            content = child.find(_W + "sdtContent") if tag == _W + "sdt" else child
            if content is not None:
                lines.extend(_block_lines(content, notes, cap))
    return lines


def _table_lines(tbl: Any, notes: _Notes | None, cap: CharCap) -> list[str]:
    lines = []
    for tr in tbl.iter(_W + "tr"):
        if tr.getparent() is not tbl and tr.getparent().getparent() is not tbl:
            continue  # a nested table's row: part of its cell's text
        cells = []
        for tc in tr.iter(_W + "tc"):
            if tc.getparent() is not tr and tc.getparent().getparent() is not tr:
                continue
            cells.append(" ".join(t for t in _block_lines(tc, notes, cap) if t.strip()))
        if any(c.strip() for c in cells):
            lines.append(TABLE_CELL_SEPARATOR.join(cells))
    return lines


def _footnote_texts(blob: bytes, cap: CharCap) -> dict[str, str]:
    root = _safe_xml(blob)
    texts: dict[str, str] = {}
    for fn in root.iter(_W + "footnote"):
        if fn.get(_W + "type") in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        text = " ".join(t.strip() for t in _block_lines(fn, None, cap) if t.strip())
        texts[fn.get(_W + "id", str(len(texts) + 1))] = text
    return texts


def _load_docx(path: Path, data: bytes, cap: CharCap | None = None) -> tuple[str, list[str]]:
    """The text and warnings of a .docx; a package whose parts or references are broken
    (a relationship id that points nowhere, a part of the wrong type) is an invalid .docx,
    not an internal error."""
    try:
        return _read_docx(path, data, cap)
    except (LoadError, MemoryError):
        raise
    except Exception as exc:
        raise LoadError(path, "invalid_docx", detail=f"{type(exc).__name__}: {exc}") from None


def _read_docx(path: Path, data: bytes, cap: CharCap | None = None) -> tuple[str, list[str]]:
    cap = cap or CharCap(path, None)
    warns = _check_zip(path, data)
    try:
        import docx

        document = docx.Document(io.BytesIO(data))
    except Exception as exc:
        raise LoadError(path, "invalid_docx", detail=f"{type(exc).__name__}: {exc}") from None

    notes = _Notes({})
    for rel in document.part.rels.values():
        if rel.reltype == _RT_FOOTNOTES and not rel.is_external:
            try:
                notes.texts = _footnote_texts(rel.target_part.blob, cap)
            except LoadError:
                raise
            except Exception as exc:
                warns.append(Note("load.warn.footnotes", error=_one_line(str(exc))))

    headers: list[str] = []
    footers: list[str] = []
    seen_parts: set[int] = set()
    for section in document.sections:
        for kind, hf in (
            (headers, section.first_page_header), (headers, section.header),
            (headers, section.even_page_header), (footers, section.first_page_footer),
            (footers, section.footer), (footers, section.even_page_footer),
        ):  # fmt: skip
            if hf.is_linked_to_previous:
                continue
            part = hf.part
            if id(part) in seen_parts:
                continue
            seen_parts.add(id(part))
            for line in _block_lines(part.element, notes, cap):
                if line.strip() and line not in kind:
                    kind.append(line)

    body = _block_lines(document.element.body, notes, cap)
    lines = [*headers, *body, *footers, *notes.section()]
    text = "\n".join(lines)
    if not text.strip():
        warns.append(Note("load.warn.docx_empty"))
    return text, warns
