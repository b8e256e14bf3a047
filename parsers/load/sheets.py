"""Registers kept as spreadsheets: ``.xlsx`` (openpyxl) and ``.csv``/``.tsv``.

Every non-empty row is one line of the text, its cells joined by ``" | "`` (like
``.docx`` tables), so each row — a document summary with its own number, date and
trích yếu — is its own citation source; the provenance of every row is kept in
:attr:`LoadedDocument.locations` as ``"<sheet>!<row>"`` (``"<row>"`` for CSV).
A sheet starts with a line naming it. Cells are read as values (not formulas);
dates are written ``dd/mm/yyyy``. Limits: :data:`SHEET_MAX_CELLS` cells in all.
"""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

from parsers.load.base import (
    DOCX_MAX_RATIO,
    DOCX_MAX_UNCOMPRESSED,
    TABLE_CELL_SEPARATOR,
    LoadError,
    _sniff,
)
from parsers.load.text import decode_text
from parsers.messages import Msg

SHEET_MAX_CELLS = 2_000_000
SHEET_EXTENSIONS: tuple[str, ...] = (".xlsx", ".csv", ".tsv")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


def _lines(
    rows: list[tuple[str, list[str]]], text: list[str], locs: list[tuple[int, str]], at: int
) -> int:
    for label, cells in rows:
        while cells and not cells[-1]:
            cells.pop()
        if not any(cells):
            continue
        line = TABLE_CELL_SEPARATOR.join(cells) + "\n"
        locs.append((at, label))
        text.append(line)
        at += len(line)
    return at


def _load_xlsx(path: Path, data: bytes) -> tuple[str, list[str], tuple[tuple[int, str], ...]]:
    if not data.startswith(b"PK\x03\x04"):
        kind = _sniff(data)
        raise LoadError(
            path, "wrong_content", ext=".xlsx", kind=kind or Msg("load.detail.not_zip_short")
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise LoadError(path, "invalid_sheet", detail=str(exc)) from None
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos) or 1
    if total > DOCX_MAX_UNCOMPRESSED or total > DOCX_MAX_RATIO * max(packed, 1024 * 1024):
        raise LoadError(path, "zip_bomb", detail=Msg("load.detail.unzipped_bytes", {"n": total}))
    try:
        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:
        raise LoadError(path, "invalid_sheet", detail=f"{type(exc).__name__}: {exc}") from None
    text: list[str] = []
    locs: list[tuple[int, str]] = []
    at, cells = 0, 0
    try:
        for sheet in book.worksheets:
            title = f"[{sheet.title}]\n"
            rows: list[tuple[str, list[str]]] = []
            for number, row in enumerate(sheet.iter_rows(values_only=True), 1):
                cells += len(row)
                if cells > SHEET_MAX_CELLS:
                    raise LoadError(
                        path,
                        "invalid_sheet",
                        detail=Msg("load.detail.too_many_cells", {"n": SHEET_MAX_CELLS}),
                    )
                rows.append((f"{sheet.title}!{number}", [_cell(v) for v in row]))
            if any(any(c) for _, c in rows):
                locs.append((at, sheet.title))
                text.append(title)
                at = _lines(rows, text, locs, at + len(title))
    finally:
        book.close()
    return "".join(text), [], tuple(locs)


def _load_csv(path: Path, data: bytes) -> tuple[str, list[str], str, tuple[tuple[int, str], ...]]:
    decoded, encoding, warns = decode_text(path, data)
    sample = decoded[:16384]
    if path.suffix.lower() == ".tsv":
        delimiter = "\t"
    else:
        try:
            delimiter = csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
        except csv.Error:
            delimiter = ","
    try:
        rows = [
            (str(n), [_cell(c) for c in row])
            for n, row in enumerate(csv.reader(io.StringIO(decoded), delimiter=delimiter), 1)
        ]
    except csv.Error as exc:
        raise LoadError(path, "invalid_sheet", detail=str(exc)) from None
    text: list[str] = []
    locs: list[tuple[int, str]] = []
    _lines(rows, text, locs, 0)
    return "".join(text), list(warns), encoding, tuple(locs)
