"""Linked data from ``vbkg serve`` (issue 14.3): the IRIs the store mints (graph/ids.py:
documents ``{base}/eli/…``, issuers ``{base}/agent/…``, units ``{base}/unit/…``, unresolved
citations ``{base}/ref/…``) answer a GET on their path with their triples (the IRI as subject,
plus the labels of the objects) as HTML, Turtle or JSON-LD by content negotiation; ``GET
/sparql`` without a query answers a SPARQL 1.1 Service Description; :func:`job_resolve` turns a
citation key typed on the query page into the document's IRI.

The worker side (``job_*``) reads the store with bound values only, never text pasted into SPARQL.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.term import Node

from graph.analysis.references import resolve_reference
from graph.store import PREFIX_MAP, StoreLike
from graph.web.results import JSON_LD, N_TRIPLES, RESULT_TYPES, TURTLE, parse_accept

HTML = "text/html"
#: Media types a resource answers in (first: the default for ``*/*``).
RESOURCE_TYPES = (TURTLE, JSON_LD, N_TRIPLES, HTML)
#: Path prefixes of the IRIs graph/ids.py mints.
RESOURCE_PATHS = ("eli", "agent", "unit", "ref")

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
_RDFLIB_FORMAT = {TURTLE: "turtle", JSON_LD: "json-ld", N_TRIPLES: "nt"}

_DESCRIBE = """
SELECT ?p ?o ?lp ?label WHERE {
  ?s ?p ?o .
  OPTIONAL {
    VALUES ?lp { skos:prefLabel eli:title rdfs:label vbkg:key }
    ?o ?lp ?label .
  }
}
"""


def choose_resource_type(accept_header: str | None) -> str | None:
    """HTML for a browser (it asks for ``text/html`` first), Turtle for ``*/*``."""
    for media in parse_accept(accept_header):
        if media in RESOURCE_TYPES:
            return media
        if media in ("application/xhtml+xml",):
            return HTML
        if media in ("application/json",):
            return JSON_LD
        if media in ("*/*", "text/*"):
            return TURTLE
    return None


def _graph() -> Graph:
    g = Graph()
    for prefix, ns in PREFIX_MAP.items():
        g.bind(prefix, ns, override=True)
    return g


def job_resource(store: StoreLike, iri: str, media: str) -> dict[str, Any]:
    """The triples of ``iri`` (worker side): ``{"found": False}`` when it is the subject of none;
    else the serialised graph (``media`` Turtle, JSON-LD or N-Triples) or, for HTML, the rows
    ``(predicate, object, label)`` as N-Triples-like strings for the page."""
    subject = URIRef(iri)
    rows = store.query(_DESCRIBE, {"s": subject})
    assert isinstance(rows, list)
    if not rows:
        return {"found": False}
    g = _graph()
    for row in rows:
        p, o = row["p"], row["o"]
        g.add((subject, p, o))
        if row.get("label") is not None and row.get("lp") is not None:
            g.add((o, row["lp"], row["label"]))
    if media == HTML:
        return {"found": True, "rows": _rows(g, subject)}
    data = g.serialize(format=_RDFLIB_FORMAT[media], encoding="utf-8")
    return {"found": True, "body": data, "count": len(g)}


def _rows(g: Graph, subject: URIRef) -> list[dict[str, str]]:
    out = []
    for p, o in sorted(g.predicate_objects(subject), key=lambda po: (str(po[0]), str(po[1]))):
        label = next(
            (
                str(v)
                for lp in ("skos:prefLabel", "eli:title", "rdfs:label", "vbkg:key")
                for v in g.objects(o, _expand(lp))
            ),
            "",
        )
        out.append(
            {
                "p": str(p),
                "p_short": _shorten(str(p)),
                "o": str(o),
                "kind": "iri" if isinstance(o, URIRef) else "literal",
                "lang": (o.language or "") if isinstance(o, Literal) else "",
                "label": label,
            }
        )
    return out


def _expand(curie: str) -> URIRef:
    prefix, _, local = curie.partition(":")
    return URIRef(PREFIX_MAP[prefix] + local)


def _shorten(iri: str) -> str:
    for prefix, ns in sorted(PREFIX_MAP.items(), key=lambda kv: -len(kv[1])):
        if iri.startswith(ns):
            return f"{prefix}:{iri[len(ns) :]}"
    return iri


def job_resolve(store: StoreLike, ref: str) -> dict[str, str]:
    """The document a citation key names (worker side): its IRI and key; the reference errors
    (:class:`graph.analysis.references.UnknownReference`, ``AmbiguousReference``) come back as
    the job's error."""
    info = resolve_reference(store, ref)
    return {"iri": info.id, "key": info.key or ref}


def service_description(
    endpoint: str, *, allow_update: bool, services: Sequence[str], media: str
) -> bytes:
    """The SPARQL 1.1 Service Description of the endpoint at ``endpoint``."""
    g = _graph()
    g.bind("sd", SD)
    g.bind("formats", FORMATS)
    node: Node = URIRef(endpoint)
    g.add((node, RDF.type, SD.Service))
    g.add((node, SD.endpoint, URIRef(endpoint)))
    g.add((node, SD.supportedLanguage, SD.SPARQL11Query))
    if allow_update:
        g.add((node, SD.supportedLanguage, SD.SPARQL11Update))
    if services:
        g.add((node, SD.feature, SD.BasicFederatedQuery))
    g.add((node, SD.feature, SD.UnionDefaultGraph))
    g.add((node, SD.defaultEntailmentRegime, URIRef("http://www.w3.org/ns/entailment/Simple")))
    names = {
        RESULT_TYPES[0]: "SPARQL_Results_JSON",
        RESULT_TYPES[1]: "SPARQL_Results_XML",
        RESULT_TYPES[2]: "SPARQL_Results_CSV",
        RESULT_TYPES[3]: "SPARQL_Results_TSV",
    }
    for name in (*names.values(), "Turtle", "JSON-LD", "N-Triples", "RDF_XML"):
        g.add((node, SD.resultFormat, FORMATS[name]))
    return g.serialize(format=_RDFLIB_FORMAT.get(media, "turtle"), encoding="utf-8")


def description_response(request: Any, allow_update: bool, services: Sequence[str]) -> Any:
    """``GET /sparql`` without a query: the Service Description of the endpoint the request
    reached (Turtle by default, JSON-LD or N-Triples by ``Accept``)."""
    from starlette.responses import Response

    offered = (TURTLE, JSON_LD, N_TRIPLES)
    accept = parse_accept(request.headers.get("accept"))
    media = next((m for m in accept if m in offered), TURTLE)
    endpoint = str(request.url.replace(query=""))
    body = service_description(endpoint, allow_update=allow_update, services=services, media=media)
    shown = media + ("; charset=utf-8" if media != JSON_LD else "")
    return Response(body, media_type=shown, headers={"Vary": "Accept"})
