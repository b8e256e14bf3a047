"""SPARQL text, built safely: the project's prefixes (:data:`PREFIX_MAP`, :data:`PROLOGUE`),
values bound into a query (:func:`bind_values`, :func:`bind_rows`), the one update replacing a
named graph (:func:`replace_graph_update`), and the export formats with :func:`write_output`.

No text of a caller's is ever spliced into a query: terms are written by Oxigraph's own
serialisation of validated terms, variable names must be SPARQL names."""

from __future__ import annotations

import io
import itertools
import json
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO

import pyoxigraph as ox
import regex
from rdflib.term import Node

from graph.build import PREFIXES
from graph.store.terms import skolem, to_ox, to_ox_value

PREFIX_MAP: dict[str, str] = {p: str(ns) for p, ns in PREFIXES.items()}
"""The project's prefixes (prefix → namespace), predeclared in every query."""
# on the query's first line, so line numbers in a server's error messages stay right
PROLOGUE = "".join(f"PREFIX {p}: <{ns}> " for p, ns in PREFIX_MAP.items())
"""The project's prefixes as SPARQL ``PREFIX`` declarations on one line."""


EXPORT_FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "nq": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "json-ld": ox.RdfFormat.JSON_LD,
    "jsonld": ox.RdfFormat.JSON_LD,
}
DATASET_FORMATS = {ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG}


def serialize_jsonld(triples: Iterable[ox.Triple], named: Iterable[ox.Quad]) -> bytes:
    """The store as ONE JSON-LD document, as the store holds it: the union (``triples``) in
    the default graph, and each source file's named graph (``named``), under an
    ``@context`` of the project's prefixes. A reader of triples
    (``rdflib.Graph().parse(data, format="json-ld")``) reads the union, the same triples as
    the Turtle export; a dataset reader (``rdflib.Dataset``) gets the named graphs too.
    """
    default = ox.DefaultGraph()
    quads = itertools.chain(
        (ox.Quad(t.subject, t.predicate, t.object, default) for t in triples), named
    )
    data = (ox.serialize(quads, None, ox.RdfFormat.JSON_LD) or b"").strip() or b"[]"
    context = json.dumps(PREFIX_MAP, ensure_ascii=False, sort_keys=True).encode("utf-8")
    return b'{"@context":' + context + b',"@graph":' + data + b"}\n"


def replace_graph_update(
    graph_name: ox.NamedNode, triples: Iterator[tuple[Node, Node, Node]]
) -> str:
    """One SPARQL update replacing a named graph and keeping the default graph its set union.

    Terms are written by Oxigraph's own N-Triples serialisation of validated terms, so no
    text of ours is spliced in unescaped.
    """
    g = str(graph_name)
    body = "\n".join(
        f"{to_ox(skolem(s, graph_name))} {to_ox(p)} {to_ox(skolem(o, graph_name))} ."
        for s, p, o in triples
    )
    return (
        # facts only this graph states leave the union
        f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH {g} {{ ?s ?p ?o }} "
        f"FILTER NOT EXISTS {{ GRAPH ?h {{ ?s ?p ?o }} FILTER (?h != {g}) }} }} ;\n"
        f"DROP SILENT GRAPH {g} ;\n"
        f"INSERT DATA {{ GRAPH {g} {{\n{body}\n}} }} ;\n"
        f"INSERT DATA {{\n{body}\n}}"
    )


_VARNAME = regex.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# What the scanner must step over: long and short strings, IRIs, comments; and what it looks for:
# the WHERE keyword and an opening brace.
_SCAN = regex.compile(
    r"'''(?:[^\\]|\\.)*?'''"
    r'|"""(?:[^\\]|\\.)*?"""'
    r"|'(?:[^'\\\n]|\\.)*'"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|<[^<>\"{}|^`\\\s]*>"
    r"|\#[^\n]*"
    r"|(?P<where>\bwhere\b)|(?P<brace>\{)",
    regex.IGNORECASE,
)


def write_output(target: str | Path | IO[bytes] | IO[str], data: bytes) -> None:
    """Write serialised RDF to a path, a text stream or a binary stream."""
    if isinstance(target, str | Path):
        Path(target).write_bytes(data)
    elif isinstance(target, io.TextIOBase):
        target.write(data.decode("utf-8"))
    else:
        target.write(data)  # type: ignore[arg-type]


def bind_values(sparql: str, bindings: Mapping[str, object] | None) -> str:
    """``sparql`` with ``bindings`` as a ``VALUES`` block at the start of its WHERE group.

    Inside the group the values are joined before the group's FILTERs run, so a bound
    variable works in a triple pattern and in a FILTER alike (a trailing VALUES block is
    joined after the FILTERs, which then see the variable unbound). Values are written by
    Oxigraph's serialisation of validated terms and names must be SPARQL variable names:
    no text of the caller's is ever spliced into the query.
    """
    if not bindings:
        return sparql
    return bind_rows(sparql, list(bindings), [list(bindings.values())])


def bind_rows(sparql: str, names: list[str], rows: Iterable[Iterable[object]]) -> str:
    """:func:`bind_values` with several rows of values for the variables ``names``: one
    query answering for many documents at once (rows of the result tell them apart)."""
    names = [k.lstrip("?$") for k in names]
    bad = [n for n in names if not _VARNAME.fullmatch(n)]
    if bad:
        raise ValueError(f"not SPARQL variable names: {bad!r}")
    values = " ".join("(" + " ".join(str(to_ox_value(v)) for v in row) + ")" for row in rows)
    block = f" VALUES ({' '.join('?' + n for n in names)}) {{ {values} }} "
    first_brace: int | None = None
    seen_where = False
    for m in _SCAN.finditer(sparql):
        if m.group("where"):
            seen_where = True
        elif m.group("brace"):
            if seen_where:
                return sparql[: m.end()] + block + sparql[m.end() :]
            if first_brace is None:
                first_brace = m.end()
    if first_brace is not None and not regex.search(r"\bconstruct\b", sparql, regex.I):
        return sparql[:first_brace] + block + sparql[first_brace:]
    return f"{sparql}\n{block.strip()}"


__all__ = [
    "DATASET_FORMATS",
    "EXPORT_FORMATS",
    "PREFIX_MAP",
    "PROLOGUE",
    "bind_rows",
    "bind_values",
    "replace_graph_update",
    "serialize_jsonld",
    "write_output",
]
