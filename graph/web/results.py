"""SPARQL results on the wire: serialisation of SELECT / ASK / graph results in the media
types of the SPARQL 1.1 Protocol, and content negotiation (``Accept``, ``?format=``)."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from typing import Any

import regex
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.plugins.sparql import prepareQuery

from graph.store import PREFIX_MAP, XSD_STRING, StoreLike, to_ox
from graph.web.guard import check_services

RESULTS_JSON = "application/sparql-results+json"
RESULTS_XML = "application/sparql-results+xml"
CSV = "text/csv"
TSV = "text/tab-separated-values"
TURTLE = "text/turtle"
JSON_LD = "application/ld+json"
N_TRIPLES = "application/n-triples"
RDF_XML = "application/rdf+xml"

#: Media types offered for SELECT and ASK results (first: the default).
RESULT_TYPES = (RESULTS_JSON, RESULTS_XML, CSV, TSV)
#: Media types offered for CONSTRUCT and DESCRIBE results (first: the default).
GRAPH_TYPES = (TURTLE, JSON_LD, N_TRIPLES, RDF_XML)
_ALIASES = {
    "application/json": (RESULTS_JSON, JSON_LD),
    "application/xml": (RESULTS_XML, RDF_XML),
    "text/xml": (RESULTS_XML, RDF_XML),
    "application/x-turtle": (None, TURTLE),
    "text/plain": (None, N_TRIPLES),
}
FORMAT_PARAM = {
    "json": "application/json",
    "xml": "application/xml",
    "csv": CSV,
    "tsv": TSV,
    "turtle": TURTLE,
    "ttl": TURTLE,
    "jsonld": JSON_LD,
    "json-ld": JSON_LD,
    "nt": N_TRIPLES,
    "ntriples": N_TRIPLES,
    "rdfxml": RDF_XML,
}
_RDFLIB_FORMAT = {TURTLE: "turtle", JSON_LD: "json-ld", N_TRIPLES: "nt", RDF_XML: "xml"}
_SPARQL_NS = "http://www.w3.org/2005/sparql-results#"
_XML_INVALID = regex.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _select_vars(text: str) -> list[str]:
    """Projected variables of a SELECT (for an empty result, whose rows do not name them)."""
    try:
        q = prepareQuery(text, initNs=PREFIX_MAP)
        return [str(v) for v in q.algebra.get("PV") or []]
    except Exception:
        return []


def answer_query(
    store: StoreLike,
    text: str,
    accept: list[str],
    max_rows: int,
    allowed_services: Sequence[str] = (),
) -> dict[str, Any]:
    """Run a query of the endpoint and serialise its result. A ``SERVICE`` to an endpoint not
    in ``allowed_services`` raises :class:`graph.web.guard.ServiceRefused` before the store sees
    the query (Oxigraph would call it)."""
    check_services(text, allowed_services)
    result = store.query(text)
    if isinstance(result, bool):
        kind = "ask"
    elif isinstance(result, list):
        kind = "select"
    else:
        kind = "graph"
    media = choose_media_type(kind, accept)
    if media is None:
        return {"kind": kind, "media_type": None}
    truncated = False
    count = 0
    if kind == "ask":
        body = serialize_ask(bool(result), media)
    elif kind == "select":
        rows = result
        assert isinstance(rows, list)
        count = len(rows)
        if count > max_rows:
            rows, truncated = rows[:max_rows], True
        names = list(rows[0]) if rows else (list(result[0]) if result else _select_vars(text))
        body = serialize_select(names, rows, media)
    else:
        body, count, truncated = serialize_graph(result, media, max_rows)
    return {"kind": kind, "media_type": media, "body": body, "truncated": truncated, "count": count}


# --------------------------------------------------------------------------- serialisation


def _json_term(term: Any) -> dict[str, str]:

    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    if isinstance(term, Literal):
        out = {"type": "literal", "value": str(term)}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype is not None and str(term.datatype) != XSD_STRING:
            out["datatype"] = str(term.datatype)
        return out
    return {"type": "literal", "value": str(term)}


def _nt_term(term: Any) -> str:
    """A term in N-Triples syntax (TSV results), written by Oxigraph."""

    return str(to_ox(term))


def _xml_text(text: str) -> str:
    return _XML_INVALID.sub("\ufffd", text)


def serialize_select(names: Sequence[str], rows: Sequence[Mapping[str, Any]], media: str) -> bytes:
    """SELECT results in one of :data:`RESULT_TYPES`."""
    if media == RESULTS_JSON:
        payload = {
            "head": {"vars": list(names)},
            "results": {
                "bindings": [
                    {n: _json_term(row[n]) for n in names if row.get(n) is not None} for row in rows
                ]
            },
        }
        return json.dumps(payload, ensure_ascii=False).encode("utf-8")
    if media == RESULTS_XML:
        ET.register_namespace("", _SPARQL_NS)
        root = ET.Element(f"{{{_SPARQL_NS}}}sparql")
        head = ET.SubElement(root, f"{{{_SPARQL_NS}}}head")
        for n in names:
            ET.SubElement(head, f"{{{_SPARQL_NS}}}variable", name=n)
        results = ET.SubElement(root, f"{{{_SPARQL_NS}}}results")
        for row in rows:
            result = ET.SubElement(results, f"{{{_SPARQL_NS}}}result")
            for n in names:
                term = row.get(n)
                if term is None:
                    continue
                binding = ET.SubElement(result, f"{{{_SPARQL_NS}}}binding", name=n)
                if isinstance(term, URIRef):
                    ET.SubElement(binding, f"{{{_SPARQL_NS}}}uri").text = _xml_text(str(term))
                elif isinstance(term, BNode):
                    ET.SubElement(binding, f"{{{_SPARQL_NS}}}bnode").text = _xml_text(str(term))
                else:
                    lit = ET.SubElement(binding, f"{{{_SPARQL_NS}}}literal")
                    lit.text = _xml_text(str(term))
                    if isinstance(term, Literal) and term.language:
                        lit.set("xml:lang", term.language)
                    elif (
                        isinstance(term, Literal)
                        and term.datatype is not None
                        and str(term.datatype) != XSD_STRING
                    ):
                        lit.set("datatype", str(term.datatype))
        return ET.tostring(root, encoding="utf-8", xml_declaration=True)
    if media == CSV:
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\r\n")
        w.writerow(names)
        for row in rows:
            w.writerow([_csv_value(row.get(n)) for n in names])
        return buf.getvalue().encode("utf-8")
    if media == TSV:
        lines = ["\t".join(f"?{n}" for n in names)]
        for row in rows:
            lines.append("\t".join("" if row.get(n) is None else _nt_term(row[n]) for n in names))
        return ("\n".join(lines) + "\n").encode("utf-8")
    raise ValueError(f"not a result media type: {media}")


def _csv_value(term: Any) -> str:

    if term is None:
        return ""
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def serialize_ask(value: bool, media: str) -> bytes:
    """ASK result in one of :data:`RESULT_TYPES` (CSV/TSV: a ``_askResult`` column)."""
    if media == RESULTS_JSON:
        return json.dumps({"head": {}, "boolean": value}).encode("utf-8")
    if media == RESULTS_XML:
        ET.register_namespace("", _SPARQL_NS)
        root = ET.Element(f"{{{_SPARQL_NS}}}sparql")
        ET.SubElement(root, f"{{{_SPARQL_NS}}}head")
        ET.SubElement(root, f"{{{_SPARQL_NS}}}boolean").text = "true" if value else "false"
        return ET.tostring(root, encoding="utf-8", xml_declaration=True)
    word = "true" if value else "false"
    if media == CSV:
        return f"_askResult\r\n{word}\r\n".encode()
    return f"?_askResult\n{word}\n".encode()


def serialize_graph(graph: Any, media: str, max_rows: int) -> tuple[bytes, int, bool]:
    """A CONSTRUCT/DESCRIBE graph in one of :data:`GRAPH_TYPES`; at most ``max_rows``
    triples (returns the body, the number of triples and whether it was truncated)."""

    count = len(graph)
    truncated = count > max_rows
    out = Graph()
    for prefix, ns in PREFIX_MAP.items():
        out.bind(prefix, ns, override=True)
    for i, triple in enumerate(sorted(graph) if truncated else graph):
        if i >= max_rows:
            break
        out.add(triple)
    data = out.serialize(format=_RDFLIB_FORMAT[media], encoding="utf-8")
    return data, count, truncated


# --------------------------------------------------------------------------- negotiation


def parse_accept(header: str | None) -> list[str]:
    """Media ranges of an ``Accept`` header, best first (q-values, then order)."""
    if not header:
        return ["*/*"]
    ranges: list[tuple[float, int, str]] = []
    for i, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q = 1.0
        for f in fields[1:]:
            if f.lower().startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        if q > 0:
            ranges.append((-q, i, media))
    return [m for _, _, m in sorted(ranges)] or ["*/*"]


def choose_media_type(kind: str, accept: Sequence[str]) -> str | None:
    """The media type to answer a ``kind`` (select, ask, graph) result with, or ``None``."""
    offered = GRAPH_TYPES if kind == "graph" else RESULT_TYPES
    for media in accept:
        if media in offered:
            return media
        if media in _ALIASES:
            alias = _ALIASES[media][1 if kind == "graph" else 0]
            if alias is not None:
                return alias
        if media == "*/*":
            return offered[0]
        if media.endswith("/*"):
            major = media[:-1]
            hit = next((o for o in offered if o.startswith(major)), None)
            if hit is not None:
                return hit
    return None
