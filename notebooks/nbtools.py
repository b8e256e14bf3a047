"""Display helpers shared by the notebooks in this folder (tables, bar charts, pages).

Only the standard library and IPython (which Jupyter brings): no pandas, no matplotlib
(docs/decisions/0006-notebooks.md). Everything vbkg does is called from the notebooks
themselves through the package's public functions; this module only finds the example
documents and turns results into HTML.
"""

from __future__ import annotations

import html
import os
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from IPython.display import HTML

BASE = "https://w3id.org/vbkg/"
SEED_PREFIX = "001_"  # Cao Lộc's 2024 draft plan

# colours of the statuses (trace) and of the target comparisons (coverage)
COLORS = {
    "implemented": "#2e7d32",
    "late": "#ef6c00",
    "missing": "#c62828",
    "unknown": "#757575",
    "carried": "#2e7d32",
    "strengthened": "#1565c0",
    "weakened": "#ef6c00",
    "dropped": "#c62828",
    "error": "#c62828",
    "warning": "#ef6c00",
    "info": "#1565c0",
    "edges": "#546e7a",
    "corpus": "#2e7d32",
    "cited": "#90a4ae",
}

_TABLE_CSS = (
    "border-collapse:collapse;font-size:13px;margin:4px 0 12px 0;"
    "font-family:system-ui,'Segoe UI',Roboto,sans-serif"
)
_CELL_CSS = "border:1px solid #ccc;padding:3px 6px;text-align:left;vertical-align:top"


def examples_dir() -> Path:
    """The folder of the five seed documents (``data/examples``).

    ``$VBKG_EXAMPLES`` when set; else the first ``data/examples`` above the working directory
    (a notebook opened from the repository's ``notebooks/``); else the one next to the
    installed ``graph`` package (an editable install: the repository's).
    """
    env = os.environ.get("VBKG_EXAMPLES")
    if env:
        return Path(env).resolve()
    here = Path.cwd().resolve()
    for d in (here, *here.parents):
        cand = d / "data" / "examples"
        if any(cand.glob(f"{SEED_PREFIX}*.txt")):
            return cand
    import graph

    cand = Path(graph.__file__).resolve().parent.parent / "data" / "examples"
    if any(cand.glob(f"{SEED_PREFIX}*.txt")):
        return cand
    raise FileNotFoundError("data/examples not found: set VBKG_EXAMPLES to its folder")


def seed(prefix: str) -> Path:
    """The seed file whose name starts with ``prefix`` ("001" → 001_e31f9ee25f552465.txt)."""
    [path] = sorted(examples_dir().glob(f"{prefix}_*.txt"))
    return path


# --------------------------------------------------------------------------- values


def short(value: Any) -> tuple[str, str | None]:
    """What a cell shows, and the full value for its tooltip when the cell shortens it."""
    if value is None:
        return "", None
    if isinstance(value, bool):
        return ("✓" if value else "✗"), None
    if isinstance(value, date):
        return value.isoformat(), None
    if isinstance(value, Mapping):
        return " · ".join(f"{k}: {short(v)[0]}" for k, v in value.items()) or "—", None
    if isinstance(value, (list, tuple, set, frozenset)):
        return ", ".join(short(v)[0] for v in value) or "—", None
    text = str(value)
    if text.startswith(BASE):
        return "…/" + text[len(BASE):], text
    if text.startswith("/") and "/" in text[1:] and "\n" not in text and len(text) < 400:
        return Path(text).name, text  # a source file's absolute path
    return text, None


def _cell(value: Any, limit: int | None, tag: str = "td", style: str = "") -> str:
    text, full = short(value)
    if limit is not None and len(text) > limit:
        full = full or text
        text = text[: limit - 1] + "…"
    title = f' title="{html.escape(full)}"' if full else ""
    css = _CELL_CSS + (";" + style if style else "")
    return f'<{tag} style="{css}"{title}>{html.escape(text)}</{tag}>'


def table(
    rows: Iterable[Mapping[str, Any] | Sequence[Any]],
    columns: Sequence[str] | None = None,
    *,
    headers: Sequence[str] | None = None,
    caption: str | None = None,
    limit: int | None = None,
    width: int | None = 140,
    color: str | None = None,
) -> HTML:
    """An HTML table of ``rows`` (dicts, read by ``columns``, or sequences).

    ``headers`` names the columns (default: ``columns``); ``limit`` shows the first rows only
    and says how many more there are; ``width`` cuts long cells (the full text is in the
    tooltip); ``color`` is a column whose value (a status) colours its cell.
    """
    rows = list(rows)
    if columns is None:
        columns = list(rows[0].keys()) if rows and isinstance(rows[0], Mapping) else []
    heads = list(headers or columns)
    shown = rows if limit is None else rows[:limit]
    out = [f'<table style="{_TABLE_CSS}">']
    if caption:
        out.append(f'<caption style="text-align:left;font-weight:600;padding:2px 0">'
                   f"{html.escape(caption)}</caption>")
    if heads:
        out.append("<tr>" + "".join(_cell(h, None, "th", "background:#f2f2f2") for h in heads)
                   + "</tr>")
    for r in shown:
        values = [r.get(c) for c in columns] if isinstance(r, Mapping) else list(r)
        cells = []
        for i, v in enumerate(values):
            style = ""
            if color is not None and i < len(columns) and columns[i] == color:
                raw = r.get(color) if isinstance(r, Mapping) else v
                style = f"color:{COLORS.get(str(raw), '#000')};font-weight:600"
            cells.append(_cell(v, width, style=style))
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</table>")
    if limit is not None and len(rows) > limit:
        out.append(f"<p style='font-size:12px;color:#555'>… {len(rows) - limit} "
                   f"more rows ({len(rows)} in all)</p>")
    if not rows:
        out.append("<p style='font-size:12px;color:#555'>(no rows)</p>")
    return HTML("".join(out))


def kv_table(pairs: Mapping[str, Any] | Iterable[tuple[str, Any]], caption: str | None = None,
             ) -> HTML:
    """A two-column table (name, value)."""
    items = list(pairs.items()) if isinstance(pairs, Mapping) else list(pairs)
    return table(items, headers=["", ""], caption=caption, width=None)


# --------------------------------------------------------------------------- pictures


def bar_chart(
    bars: Sequence[tuple[str, Mapping[str, int]]],
    order: Sequence[str],
    *,
    labels: Mapping[str, str] | None = None,
    title: str | None = None,
    label_width: int = 330,
    bar_width: int = 420,
) -> HTML:
    """A horizontal stacked bar chart as inline SVG.

    ``bars`` is a list of (label, {segment: count}); ``order`` the segments from left to
    right (coloured with :data:`COLORS`); ``labels`` names the segments in the legend.
    """
    labels = labels or {}
    top = 28 if title else 6
    row_h, gap = 22, 8
    biggest = max([sum(v.get(s, 0) for s in order) for _, v in bars] + [1])
    scale = bar_width / biggest
    height = top + len(bars) * (row_h + gap) + 34
    width = label_width + bar_width + 50
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" '
        f'style="font-family:system-ui,\'Segoe UI\',Roboto,sans-serif;font-size:12px">'
    ]
    if title:
        parts.append(f'<text x="0" y="16" font-weight="600" font-size="14">'
                     f"{html.escape(title)}</text>")
    for i, (label, counts) in enumerate(bars):
        y = top + i * (row_h + gap)
        room = int(label_width / 7.2)  # characters that fit left of the bars
        shown = label if len(label) <= room else label[: room - 1] + "…"
        parts.append(f'<text x="{label_width - 8}" y="{y + 15}" text-anchor="end">'
                     f"<title>{html.escape(label)}</title>{html.escape(shown)}</text>")
        x = float(label_width)
        total = 0
        for s in order:
            n = counts.get(s, 0)
            if not n:
                continue
            w = n * scale
            parts.append(
                f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{row_h}" '
                f'fill="{COLORS.get(s, "#999")}"><title>{html.escape(labels.get(s, s))}: {n}'
                f"</title></rect>"
            )
            if w >= 14:
                parts.append(f'<text x="{x + w / 2:.1f}" y="{y + 15}" text-anchor="middle" '
                             f'fill="#fff">{n}</text>')
            x += w
            total += n
        parts.append(f'<text x="{x + 4:.1f}" y="{y + 15}" fill="#333">{total}</text>')
    y = top + len(bars) * (row_h + gap) + 8
    x = float(label_width)
    for s in order:
        name = labels.get(s, s)
        parts.append(f'<rect x="{x:.1f}" y="{y}" width="12" height="12" '
                     f'fill="{COLORS.get(s, "#999")}"/>')
        parts.append(f'<text x="{x + 16:.1f}" y="{y + 10}">{html.escape(name)}</text>')
        x += 24 + 7 * len(name)
    parts.append("</svg>")
    return HTML("".join(parts))


class Page:
    """An HTML page (a self-contained file) shown inline, in an iframe built from its text.

    ``srcdoc`` rather than ``src``: the page then shows wherever the notebook runs (JupyterLab,
    VS Code, an exported HTML file), not only where a server can reach the file. (A plain
    object with ``_repr_html_``: IPython's ``HTML`` warns about every iframe.)
    """

    def __init__(self, path: str | Path, height: int = 640) -> None:
        self.path = Path(path)
        self.height = height

    def _repr_html_(self) -> str:
        page = self.path.read_text(encoding="utf-8")
        return (f'<iframe srcdoc="{html.escape(page, quote=True)}" width="100%" '
                f'height="{self.height}" style="border:1px solid #ccc"></iframe>')

    def __repr__(self) -> str:
        return f"Page({str(self.path)!r})"


def show_page(path: str | Path, height: int = 640) -> Page:
    """:class:`Page` of ``path`` (displayed when it is a cell's last value)."""
    return Page(path, height)
