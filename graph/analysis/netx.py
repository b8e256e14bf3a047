"""The store as a networkx graph for :func:`graph.web.graph_page.render_html`.

Public verb: :func:`store_to_networkx` (the demo page is
:func:`graph.web.graph_page.write_demo_page`).

The graph follows render_html's input contract (see ``graph/web/graph_page.py``): one node per
document (``vbkg:Document``, in the corpus or only cited), keyed by its IRI, with ``label,
key, doc_type, title, date, year, issuer, level, status, source, citing``; one edge per
relation ``citing → cited`` with ``relation`` (and ``late`` for an implementation issued
after its deadline, known only with ``focus``).

Documents are read by :func:`graph.analysis.documents.read_all_documents`, relations with the
named queries ``graph_edges`` and ``graph_citing`` (``graph/queries/graph_*.rq``), so the same
code works on the embedded store and on a remote SPARQL store
(:func:`graph.store.local.open_store`).

Conventions:

- When files disagree about a document (two titles, two dates), the rule of
  :mod:`graph.analysis.documents` chooses (the same value as trace and check show).
- A ``cites`` edge is dropped when a stronger relation links the same two documents.
- A citing sentence is cut from the source text (``parsers.load.load_document``) around the
  stored offsets when the file is readable and the offsets still match; otherwise it is the
  stored surface text (the words of the citation).
- With ``focus`` (an IRI or a citation key such as ``04/KH-UBND``), the trace
  (``graph.analysis.trace.trace``) adds one ``status="missing"`` placeholder per expected unit whose
  implementing document is missing, with an ``implements`` edge to the focused plan, and marks
  ``late`` the implementation edges whose document was issued after the deadline. Without
  ``graph.analysis.trace`` (or when it fails) the graph is returned without them and a warning is
  logged.
"""

from __future__ import annotations

import hashlib
import logging
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import networkx as nx
import regex

from graph import queries
from graph.analysis.documents import DocumentFacts, facts_from_statements, read_all_documents
from graph.analysis.trace import trace
from graph.store import StoreLike
from parsers.load import load_document
from parsers.models import Relation

__all__ = [
    "RELATION_STRENGTH",
    "citing_sentence",
    "resolve_focus",
    "store_to_networkx",
]

log = logging.getLogger(__name__)

#: Relations, strongest first (``cites`` is the weakest: any citation).
RELATION_STRENGTH = tuple(r.value for r in Relation)  # strongest first
LEVELS = ("central", "province", "district", "commune", "unknown")

#: Citing sentences kept per document (the page shows them in the side panel).
MAX_CITING = 12
#: A citing sentence longer than this is cut around the citation (code points).
MAX_SENTENCE = 420

_LONG_TYPE_LABEL = {"LUAT": "Luật", "BLUAT": "Bộ luật", "PL": "Pháp lệnh", "HP": "Hiến pháp"}
_JURISDICTION = regex.compile(r"/eli/(vn(?:-[0-9a-z]+)*)/")
_DEPTH_LEVEL = {1: "central", 2: "province", 3: "district", 4: "commune"}


# --------------------------------------------------------------------------- nodes


def _text(term: Any) -> str | None:
    return None if term is None else str(term)


def _local_name(iri: str) -> str:
    return regex.split(r"[/#]", iri.rstrip("/"))[-1]


def _level_from_iri(iri: str) -> str:
    m = _JURISDICTION.search(iri)
    if not m:
        return "unknown"
    return _DEPTH_LEVEL.get(len(m.group(1).split("-")), "unknown")


def _short(text: str, limit: int = 48) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _label(doc_type: str, key: str, title: str, year: int | None, iri: str) -> str:
    word = _LONG_TYPE_LABEL.get(doc_type, doc_type)
    if key:
        return f"{word} {key}".strip()
    if title:
        return f"{word} {_short(title, 40)}".strip()
    tail = _local_name(iri)
    return f"{word} {year or ''} {tail}".strip() if word else tail


def _node_attrs(iri: str, facts: DocumentFacts | None) -> dict[str, Any]:
    """The node of a document, its facts read by :mod:`graph.analysis.documents` (the one
    rule for files that disagree)."""
    if facts is None:
        facts = facts_from_statements(iri, ())
    key = facts.key or ""
    doc_type = facts.doc_type or ""
    shown = facts.title_shown
    title = shown.text if shown else ""
    year = facts.year
    level = facts.level or _level_from_iri(iri)
    if level not in LEVELS or level == "unknown":
        level = _level_from_iri(iri)
    source = facts.own_source
    d = facts.date
    return {
        "label": _label(doc_type, key, title, year, iri),
        "key": key,
        "doc_type": doc_type,
        "title": title,
        # the stored OCR title when ``title`` shows it restored (issue 13)
        "title_original": shown.original if shown and shown.restored else None,
        "date": d.isoformat() if d else None,
        "year": year,
        "issuer": facts.issuer_label or "",
        "level": level,
        "status": "corpus" if facts.in_corpus else "cited",
        "source": Path(source).name if source else None,
        "citing": [],
    }


# --------------------------------------------------------------------------- citing sentences

_SENTENCE_END = regex.compile(
    r"[.!?;](?=\s)"  # end of a sentence or of a list clause
    # a blank line, unless the text goes on in lower case or with a date (page breaks of PDFs)
    r"|\n\s*\n(?!\s*(?:\p{Ll}(?![.)]\s)|\d{1,4}[/-]))"
    r"|\n(?=\s*(?:[-+•*]|\d+[.)]|\p{Ll}[.)]\s))"  # a list item on a new line
)


def citing_sentence(text: str, start: int, end: int) -> tuple[str, int, int]:
    """The sentence of ``text`` around ``[start, end)``, and the span's offsets inside it.

    A sentence ends at ``. ! ? ;`` before white space, at a blank line, or before a list
    item on a new line; a very long one is cut around the citation with ``…``.
    """
    left = 0
    for m in _SENTENCE_END.finditer(text, 0, start):
        left = m.end()
    m2 = _SENTENCE_END.search(text, end)
    right = m2.end() if m2 and m2.group().strip() else (m2.start() if m2 else len(text))
    raw = text[left:right]
    lead = len(raw) - len(raw.lstrip())
    sentence = raw.strip()
    s, e = start - left - lead, end - left - lead
    if len(sentence) > MAX_SENTENCE:
        room = max(0, (MAX_SENTENCE - (e - s)) // 2)
        a, b = max(0, s - room), min(len(sentence), e + room)
        prefix = "…" if a > 0 else ""
        suffix = "…" if b < len(sentence) else ""
        sentence = prefix + sentence[a:b] + suffix
        s, e = s - a + len(prefix), e - a + len(prefix)
    sentence, s, e = _collapse_space(sentence, s, e)
    return sentence, s, e


def _collapse_space(text: str, s: int, e: int) -> tuple[str, int, int]:
    """Runs of white space (line breaks of the source) as one space, offsets kept in step."""
    before, mid, after = (regex.sub(r"\s+", " ", x) for x in (text[:s], text[s:e], text[e:]))
    return before + mid + after, len(before), len(before) + len(mid)


class _Texts:
    """Source texts, loaded once each; ``None`` for a file that is not there or unreadable."""

    def __init__(self) -> None:
        self._cache: dict[str, str | None] = {}

    def get(self, path: str) -> str | None:
        if path not in self._cache:
            self._cache[path] = self._load(path)
        return self._cache[path]

    @staticmethod
    def _load(path: str) -> str | None:
        p = Path(path)
        if not p.is_file():
            return None
        try:
            return load_document(p).text
        except Exception as exc:  # a file changed or became unreadable: surface text instead
            log.info("cannot read %s for citing sentences: %s", path, exc)
            return None


def _same_words(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _citing_records(rows: Iterable[Mapping[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    texts = _Texts()
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    seen: set[tuple[str, str, int, int]] = set()
    ordered = sorted(
        rows,
        key=lambda r: (str(r.get("cited")), str(r.get("file")), _int(r.get("start")) or 0),
    )
    for row in ordered:
        cited, file = _text(row.get("cited")), _text(row.get("file"))
        start, end = _int(row.get("start")), _int(row.get("end"))
        if cited is None or file is None or start is None or end is None or end < start:
            continue
        if (cited, file, start, end) in seen or len(out[cited]) >= MAX_CITING:
            continue
        seen.add((cited, file, start, end))
        surface = _text(row.get("surface"))
        text = texts.get(file)
        record: dict[str, Any] | None = None
        if (
            text is not None
            and end <= len(text)
            and (surface is None or _same_words(text[start:end], surface))
        ):
            sentence, s, e = citing_sentence(text, start, end)
            record = {"source": Path(file).name, "text": sentence, "start": s, "end": e}
        if record is None:
            if not surface:
                continue
            words = " ".join(surface.split())
            record = {"source": Path(file).name, "text": words, "start": 0, "end": len(words)}
        out[cited].append(record)
    return out


def _int(term: Any) -> int | None:
    if term is None:
        return None
    try:
        return int(str(term))
    except ValueError:
        return None


# --------------------------------------------------------------------------- the graph


def store_to_networkx(store: StoreLike, *, focus: str | None = None) -> nx.MultiDiGraph:
    """The documents and relations of ``store`` as render_html's input graph.

    ``store`` is anything with the :class:`graph.store.local.Store` ``query`` method (the embedded
    store or a remote one). ``focus`` (an IRI or a key such as ``04/KH-UBND``) adds the
    trace's missing placeholders and late marks around that plan (module docstring) and
    records its node id in ``g.graph["focus"]``; a focus that is not in the store raises
    :class:`KeyError`.
    """
    g = nx.MultiDiGraph()
    facts = read_all_documents(store)
    for iri in sorted(facts):
        g.add_node(iri, **_node_attrs(iri, facts[iri]))

    pairs: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in queries.run(store, "graph_edges"):
        u, rel, v = _text(row.get("from")), _text(row.get("relation")), _text(row.get("to"))
        if u is None or v is None or rel is None:
            continue
        pairs[(u, v)].add(rel)
    for (u, v), rels in sorted(pairs.items()):
        if len(rels) > 1:
            rels = rels - {"cites"}
        for rel in sorted(rels, key=RELATION_STRENGTH.index):
            for n in (u, v):
                if n not in g:
                    g.add_node(n, **_node_attrs(n, None))
            g.add_edge(u, v, key=rel, relation=rel)

    for iri, records in _citing_records(queries.run(store, "graph_citing")).items():
        if iri in g:
            g.nodes[iri]["citing"] = records

    if focus is not None:
        focus_iri = resolve_focus(g, focus)
        g.graph["focus"] = focus_iri
        _add_trace(g, store, focus, focus_iri)
    return g


def resolve_focus(g: nx.MultiDiGraph, ref: str) -> str:
    """The node id of ``ref``: an IRI of the graph, or a document's key or label."""
    ref = ref.strip()
    if ref in g:
        return ref
    folded = " ".join(ref.split()).casefold()
    for attr in ("key", "label"):
        hits = sorted(n for n, a in g.nodes(data=True) if str(a.get(attr, "")).casefold() == folded)
        if hits:
            # several documents may share a key (two issuers): prefer one in the corpus
            hits.sort(key=lambda n: (g.nodes[n].get("status") != "corpus", n))
            return hits[0]
    raise KeyError(f"no document {ref!r} in the store")


def _add_trace(g: nx.MultiDiGraph, store: StoreLike, ref: str, focus_iri: str) -> None:
    try:
        result = trace(store, focus_iri)
        data: Mapping[str, Any] = result.to_dict()
    except Exception as exc:  # the trace is an extra: the graph stays usable without it
        log.warning("trace of %s failed: %s", ref, exc)
        return
    apply_trace(g, focus_iri, data)


def apply_trace(g: nx.MultiDiGraph, focus_iri: str, data: Mapping[str, Any]) -> None:
    """Add the placeholders and the late marks of a trace (``TraceResult.to_dict()``).

    A unit whose plan is ``missing`` gets a ``status="missing"`` placeholder; a unit whose plan
    is known only from a citation (trace status ``cited``: Lạng Sơn city's 13/KH-UBND, cited
    by seed 004) gets a ``status="known"`` placeholder with a ``known_as`` edge to that
    document's node."""
    doc = data.get("document")
    if isinstance(doc, Mapping) and doc.get("id") and str(doc["id"]) in g:
        focus_iri = str(doc["id"])
    _mark_late(g, focus_iri, data.get("implemented_by") or [])
    focus_attrs = g.nodes[focus_iri]
    for entry in data.get("expected") or []:
        if not isinstance(entry, Mapping) or entry.get("status") not in ("missing", "cited"):
            continue
        known = [
            str(d["id"])
            for d in entry.get("documents") or []
            if entry["status"] == "cited" and isinstance(d, Mapping) and str(d.get("id")) in g
        ]
        if entry["status"] == "cited" and not known:
            continue
        unit = entry.get("unit")
        name, code, level = _unit_fields(unit)
        nid = _missing_id(focus_iri, code or name)
        if nid in g:
            continue
        doc_type = str(focus_attrs.get("doc_type") or "KH")
        year = focus_attrs.get("year")
        issuer = f"UBND {name[:1].lower()}{name[1:]}" if name else ""
        deadline = entry.get("deadline")
        note = f"chưa có; hạn {deadline}" if deadline else "chưa có"
        if known:
            keys = ", ".join(str(g.nodes[k].get("key") or k) for k in known)
            note = f"chưa có trong kho, biết qua trích dẫn: {keys}"
        g.add_node(
            nid,
            label=f"{doc_type} {name}".strip() if name else f"{doc_type} ?",
            key="",
            doc_type=doc_type,
            title=(
                f"Văn bản triển khai {focus_attrs.get('label') or focus_iri} của {name} ({note})"
                if name
                else f"({note})"
            ),
            date=None,
            year=year if isinstance(year, int) else None,
            issuer=issuer,
            level=level,
            status="known" if known else "missing",
            source=None,
            citing=[],
        )
        g.add_edge(nid, focus_iri, key="implements", relation="implements")
        for k in known:
            g.add_edge(nid, k, key="known_as", relation="known_as")


def _unit_fields(unit: Any) -> tuple[str, str, str]:
    """``(name, code, level)`` of a trace's unit (a mapping or a plain name)."""
    if isinstance(unit, Mapping):
        name = str(unit.get("name") or unit.get("label") or unit.get("id") or "")
        code = str(unit.get("code") or unit.get("id") or unit.get("iri") or "")
        level = str(unit.get("level") or "")
    else:
        name, code, level = str(unit or ""), "", ""
    if level not in LEVELS and isinstance(unit, Mapping):
        level = _level_from_unit(str(unit.get("id") or unit.get("iri") or ""))
    if level not in LEVELS or level == "unknown":
        level = "district" if regex.search(r"(?i)huyện|quận|thị xã|thành phố", name) else "unknown"
        if regex.search(r"(?i)^(xã|phường|thị trấn)\b", name):
            level = "commune"
    return name, code, level


def _level_from_unit(iri: str) -> str:
    m = regex.search(r"/unit/(vn(?:-[0-9a-z]+)*)$", iri.rstrip("/"))
    return _DEPTH_LEVEL.get(len(m.group(1).split("-")), "unknown") if m else "unknown"


def _missing_id(focus_iri: str, unit: str) -> str:
    slug = regex.sub(r"[^0-9A-Za-z_-]+", "-", unit).strip("-")
    if not slug or slug != unit:
        slug = (slug[:24] + "-" if slug else "") + hashlib.sha1(unit.encode()).hexdigest()[:8]
    return f"{focus_iri.rstrip('/')}/_missing/{slug}"


def _mark_late(g: nx.MultiDiGraph, parent: str, entries: Iterable[Any]) -> None:
    for entry in entries:
        if not isinstance(entry, Mapping):
            continue
        child = str(entry.get("id") or "")
        if child in g and entry.get("on_time") is False:
            relation = str(entry.get("relation") or "implements")
            edges = g.get_edge_data(child, parent) or {}
            marked = False
            for key, attrs in edges.items():
                if attrs.get("relation") == relation or len(edges) == 1:
                    g.edges[child, parent, key]["late"] = True
                    marked = True
            if not marked:
                g.add_edge(child, parent, key=relation, relation=relation, late=True)
        if child in g:
            _mark_late(g, child, entry.get("implemented_by") or [])


def graph_counts(g: nx.MultiDiGraph) -> dict[str, int]:
    """Number of nodes per status and of edges per relation (for summaries and tests)."""
    counts: Counter[str] = Counter()
    for _, attrs in g.nodes(data=True):
        counts[f"status.{attrs.get('status', 'cited')}"] += 1
    for _, _, attrs in g.edges(data=True):
        counts[f"relation.{attrs.get('relation', 'cites')}"] += 1
    return dict(counts)
