"""Interactive citation graph as ONE self-contained, offline HTML file.

Public verb: :func:`render_html`.

The page embeds vis-network (read from the ``pyvis`` package, so no second copy is
vendored), its own template (``graph/web/templates/graph.html``, ``graph.css``, ``graph.js``)
and the graph as JSON in a ``<script type="application/json">`` block. It makes no
network request at all: no CDN, no web font, no remote image.

Input contract (what the store → networkx conversion must produce)
-----------------------------------------------------------------
``g`` is a :class:`networkx.MultiDiGraph`. An edge ``u → v`` reads "u <relation> v":
the citing document is the source, the cited one the target (``KH 04/KH-UBND``
``implements`` ``KH 249/KH-UBND``).

Node id: the document IRI (``https://w3id.org/vbkg/eli/vn-20/ubnd/kh/2024/04``).

Node attributes (every one optional; a missing one takes the default shown):

========== ============================================================ ============
attribute  meaning                                                      default
========== ============================================================ ============
label      short display label, e.g. ``"KH 04/KH-UBND"``                ``key`` or id
key        citation key, e.g. ``"04/KH-UBND"``                          ``""``
doc_type   type code as in ARCHITECTURE.md: NQ, NĐ, QĐ, KH, BC, CV,     ``""``
           LUAT ...
title      title (trích yếu)                                            ``""``
date       ISO date ``"2024-01-09"`` or ``None``                        ``None``
year       ``int`` or ``None`` (taken from ``date`` when absent)        ``None``
issuer     issuing body, display name                                   ``""``
level      ``"central" | "province" | "district" | "commune" |          ``"unknown"``
           "unknown"``
status     ``"corpus"`` (the document is in the corpus), ``"cited"``    ``"cited"``
           (only cited), ``"missing"`` (expected but missing
           placeholder, e.g. a district that did not issue its plan),
           ``"known"`` (placeholder of a unit whose plan is known only
           from a citation: a ``known_as`` edge leads to that document)
source     file name of the document in the corpus, or ``None``         ``None``
citing     list of ``{"source", "text", "start", "end"}``: each         ``[]``
           sentence citing this document, the file it is in, and the
           offsets (code points) of the citation inside ``text``
========== ============================================================ ============

Edge attributes: ``relation`` (``implements, based_on, amends, repeals, replaces, guides,
corrects, reports_on, cites``; default ``cites``; ``known_as`` only from a ``known``
placeholder to the cited document it stands for) and optional ``late`` (bool: the
implementing document was issued after the deadline set by the implemented one).

Every text taken from a document reaches the page only as JSON inside the data block,
with ``<``, ``>``, ``&``, U+2028 and U+2029 escaped, and the page script builds the DOM
with ``textContent``; a title containing ``<script>`` or ``href`` is shown as text.

Layout: positions are computed in Python (:mod:`graph.web.graph_layout`: levels top to
bottom, grouped by year and issuer, lower levels under their parent) and physics is off, so a
province-sized graph opens at once. On large graphs the district and commune documents
implementing the same parent are collapsed into one cluster node, opened by a click. The data
block is :func:`graph.web.graph_data.graph_data`; words and colours live in
:mod:`graph.web.graph_style`.
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx
import regex

from graph.analysis.netx import store_to_networkx
from graph.store import open_store
from graph.web.graph_data import STATUSES, focus_chain, graph_data
from graph.web.graph_layout import LEVELS
from graph.web.graph_style import DEFAULT_TITLE, RELATIONS, word

__all__ = [
    "DEFAULT_TITLE",
    "LEVELS",
    "RELATIONS",
    "STATUSES",
    "focus_chain",
    "graph_data",
    "json_for_script",
    "render_html",
    "write_demo_page",
]

_VIS_JS = ("pyvis", "lib/vis-9.1.2/vis-network.min.js")
_TEMPLATE_DIR = "templates"
_PLACEHOLDER = regex.compile(r"@@([A-Z_]+)@@")
_SCRIPT_CLOSE = regex.compile(r"</(script)", regex.IGNORECASE)
_JSON_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
_JSON_ESCAPE_RE = regex.compile("[<>&\u2028\u2029]")


def render_html(
    g: nx.MultiDiGraph,
    out: Path,
    *,
    title: str | None = None,
    focus: str | None = None,
    lang: str = "vi",
    cluster: bool | None = None,
) -> Path:
    """Write the graph ``g`` to ``out`` as one self-contained interactive HTML page.

    ``title`` defaults to "Đồ thị dẫn chiếu văn bản" ("Document citation graph" in English).
    ``focus`` (a node id) highlights the implementation chain of that document: every
    document with a path of ``implements`` edges to it, the documents it implements in
    turn, the missing placeholders next to them in red, late edges marked; everything
    else is dimmed. ``lang`` is ``"vi"`` (default) or ``"en"``. ``cluster`` collapses
    district and commune documents sharing a parent into one node (``None``: only when
    the graph has more than :data:`CLUSTER_MIN_NODES` nodes). Returns ``out``.
    """
    if lang not in ("vi", "en"):
        raise ValueError(f"lang must be 'vi' or 'en', not {lang!r}")
    if focus is not None and focus not in g:
        raise KeyError(f"focus node not in the graph: {focus!r}")
    page_title = title if title is not None else DEFAULT_TITLE[lang]
    data = graph_data(g, focus=focus, lang=lang, cluster=cluster, title=page_title)
    page = _fill(
        _template("graph.html"),
        {
            "LANG": lang,
            "TITLE": html.escape(page_title),
            "NOSCRIPT": html.escape(word("noscript", lang)),
            "CSS": _template("graph.css"),
            "VIS_JS": _script_safe(_vis_js()),
            "APP_JS": _script_safe(_template("graph.js")),
            "DATA": json_for_script(data),
        },
    )
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(page, encoding="utf-8")
    return out


# --------------------------------------------------------------------------- page assembly


def json_for_script(data: Any) -> str:
    """JSON that is safe inside ``<script type="application/json">``: no ``</script>``,
    no ``<!--``, no HTML entity, no JavaScript line terminator."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return _JSON_ESCAPE_RE.sub(lambda m: _JSON_ESCAPES[m[0]], text)


def _script_safe(js: str) -> str:
    """Code inlined into ``<script>``: a literal ``</script`` would end the element."""
    return _SCRIPT_CLOSE.sub(r"<\\/\1", js).replace("<!--", "<\\!--")


def _fill(template: str, values: Mapping[str, str]) -> str:
    """Replace ``@@NAME@@`` in one pass: inserted text is never scanned again."""

    def repl(m: regex.Match[str]) -> str:
        return values[m[1]]

    return _PLACEHOLDER.sub(repl, template)


def _template(name: str) -> str:
    return resources.files("graph.web").joinpath(_TEMPLATE_DIR, name).read_text(encoding="utf-8")


def _vis_js() -> str:
    package, path = _VIS_JS
    return resources.files(package).joinpath(path).read_text(encoding="utf-8")


# --------------------------------------------------------------------------- helpers


def write_demo_page(store_path: str | Path, out_dir: str | Path, *, lang: str = "vi") -> Path:
    """Write ``out_dir/graph.html``, the interactive graph of the store at ``store_path``.

    Called by ``vbkg demo`` after the build; returns the page's path.
    """
    store = open_store(store_path, read_only=True)
    try:
        g = store_to_networkx(store)
    finally:
        store.close()
    return render_html(g, Path(out_dir) / "graph.html", lang=lang)
