"""RDF terms between rdflib and Oxigraph: :func:`to_ox` / :func:`from_ox`, N-Triples output
with blank nodes skolemised (:func:`ntriples`, :func:`in_graph`) and the XSD constants."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

Term = URIRef | BNode | Literal


def to_ox(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """An rdflib term as a pyoxigraph term (IRIs are validated by Oxigraph)."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"unsupported RDF term: {term!r}")


def from_ox(term: Any) -> Term:
    """A pyoxigraph term as an rdflib term."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        dt = term.datatype.value
        if dt == XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(dt))
    raise TypeError(f"unsupported RDF term: {term!r}")


def to_ox_value(value: object) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(value, URIRef | BNode | Literal):
        return to_ox(value)
    return to_ox(Literal(value))  # str, int, float, bool, date ... as typed literals


def skolem(term: Node, graph_name: ox.NamedNode) -> Node:
    if isinstance(term, BNode):
        return URIRef(f"{graph_name.value}/.well-known/genid/{term}")
    return term


# What :meth:`Store.replace_sources` takes for one source: an rdflib graph, rdflib triples,
# or N-Triples bytes (ideally :func:`ntriples` output: one triple per line, blank nodes
# already skolemised, which is loaded without any per-triple Python work).
Payload = Graph | bytes | Iterable[tuple[Node, Node, Node]]


def ntriples(graph_name: str, triples: Iterable[tuple[Node, Node, Node]]) -> bytes:
    """``triples`` as N-Triples serialised by Oxigraph, blank nodes skolemised as the store
    names them in graph ``graph_name`` (the fast input of :meth:`Store.replace_sources`)."""
    g = ox.NamedNode(graph_name)
    out = [
        ox.Triple(to_ox(skolem(s, g)), to_ox(p), to_ox(skolem(o, g)))  # type: ignore[arg-type]
        for s, p, o in triples
    ]
    return ox.serialize(out, None, ox.RdfFormat.N_TRIPLES) or b""


def in_graph(data: bytes, graph_name: str) -> bytes:
    """:func:`ntriples` output as N-Quads in the named graph ``graph_name``.

    Every line of Oxigraph's N-Triples ends with `` .\n`` and no other ``\n`` byte occurs
    (literals escape it), so the graph name goes before each line's final dot.
    """
    return data.replace(b" .\n", b" " + str(ox.NamedNode(graph_name)).encode() + b" .\n")


def canonical(name: ox.NamedNode, payload: Payload) -> bytes:
    """A source's payload as one-triple-per-line N-Triples without blank nodes."""
    if isinstance(payload, bytes | bytearray | memoryview):
        data = bytes(payload)
        lines = data.count(b"\n")
        if (
            b"_:" not in data
            and lines == data.count(b" .\n")
            and (not data or data.endswith(b"\n"))
        ):
            return data  # Oxigraph validates it as it loads
        triples: list[ox.Triple] = []
        for q in ox.parse(data, ox.RdfFormat.N_TRIPLES):
            s, o = q.subject, q.object
            if isinstance(s, ox.BlankNode):
                s = ox.NamedNode(f"{name.value}/.well-known/genid/{s.value}")
            if isinstance(o, ox.BlankNode):
                o = ox.NamedNode(f"{name.value}/.well-known/genid/{o.value}")
            triples.append(ox.Triple(s, q.predicate, o))
        return ox.serialize(triples, None, ox.RdfFormat.N_TRIPLES) or b""
    return ntriples(name.value, iter(payload))


def triple_set(data: bytes) -> set[ox.Triple]:
    return {q.triple for q in ox.parse(data, ox.RdfFormat.N_TRIPLES)}


def nt_line(t: ox.Triple | ox.Quad) -> str:
    return f"{t.subject} {t.predicate} {t.object} ."


def solution_rows(result: ox.QuerySolutions) -> list[dict[str, Term | None]]:
    """SELECT solutions as rows of rdflib terms, each distinct term converted once (rows
    repeat the same graphs, properties and documents: rdflib's Literal constructor was a
    quarter of a trace's query time at 100,000 documents)."""
    names = [v.value for v in result.variables]
    memo: dict[Any, Term] = {}
    rows: list[dict[str, Term | None]] = []
    for sol in result:
        row: dict[str, Term | None] = {}
        for n in names:
            v = sol[n]
            if v is not None:
                c = memo.get(v)
                if c is None:
                    c = memo[v] = from_ox(v)
                v = c
            row[n] = v
        rows.append(row)
    return rows


__all__ = [
    "XSD_STRING",
    "Payload",
    "Term",
    "canonical",
    "from_ox",
    "in_graph",
    "nt_line",
    "ntriples",
    "skolem",
    "solution_rows",
    "to_ox",
    "to_ox_value",
    "triple_set",
]
