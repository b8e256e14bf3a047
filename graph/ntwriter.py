"""N-Triples written directly, without an rdflib ``Graph``, ``Literal`` objects or Oxigraph terms.

:class:`NTriplesLines` collects the triples of one source file as N-Triples lines (each
distinct triple once, in the order first added) — what the build's workers send the parent,
about 50 times cheaper per triple than ``Graph.add`` + :func:`graph.store.terms.ntriples`.
It is a :class:`graph.sink.Sink`: :meth:`NTriplesLines.literal` writes a literal straight as
its N-Triples string (:func:`nt_literal`), the same string as :func:`nt_term` of rdflib's
``Literal(value, lang=lang)``.

The lines are exactly what Oxigraph would load for the same terms: an IRI goes between
``<…>`` as it is (every IRI of the build passed :func:`graph.build.safe_iri`, is a
vocabulary constant, or extends such an IRI by a safe suffix), a literal's lexical form is
``str(literal)`` (as :func:`graph.store.terms.to_ox` takes it) with ``"``, ``\\``, line breaks
and the other control characters escaped, so no line holds a ``\\n`` byte but its last
(:func:`graph.store.terms.in_graph` relies on that); blank nodes are skolemised as the
store names them.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from graph.sink import LiteralValue

__all__ = ["NTriplesLines", "nt_literal", "nt_term"]

_XSD = "http://www.w3.org/2001/XMLSchema#"
_XSD_STRING = _XSD + "string"

_ESCAPES = {ord("\\"): "\\\\", ord('"'): '\\"', ord("\n"): "\\n", ord("\r"): "\\r"}
_ESCAPES.update(
    {c: f"\\u{c:04X}" for c in [*range(0x20), 0x7F] if c not in (0x0A, 0x0D)}
)  # the other controls as \uXXXX (allowed raw by the grammar, escaped for any reader)
_ESCAPE_TABLE = str.maketrans(_ESCAPES)
# Any character of _ESCAPES (stdlib re: one C scan; most texts have none, and translate is
# several times slower on non-ASCII text than this search).
_NEEDS_ESCAPE = re.compile("[" + re.escape("".join(map(chr, _ESCAPES))) + "]")


def _quoted(lexical: str) -> str:
    """``'"' + lexical.translate(_ESCAPE_TABLE) + '"'`` (as :func:`nt_term` writes it), faster."""
    if _NEEDS_ESCAPE.search(lexical) is None:
        return f'"{lexical}"'
    return '"' + lexical.translate(_ESCAPE_TABLE) + '"'


def nt_term(term: Node, graph_name: str) -> str:
    """``term`` in N-Triples syntax (a blank node skolemised under ``graph_name``)."""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, Literal):
        text = '"' + str(term).translate(_ESCAPE_TABLE) + '"'
        if term.language:
            return f"{text}@{term.language}"
        dt = term.datatype
        if dt is not None and str(dt) != _XSD_STRING:
            return f"{text}^^<{dt}>"
        return text
    if isinstance(term, BNode):
        return f"<{graph_name}/.well-known/genid/{term}>"
    raise TypeError(f"unsupported RDF term: {term!r}")


_TRUE = f'"true"^^<{_XSD}boolean>'
_FALSE = f'"false"^^<{_XSD}boolean>'
_INTEGER = f"^^<{_XSD}integer>"
_DATE = f"^^<{_XSD}date>"
_DECIMAL = f"^^<{_XSD}decimal>"


def nt_literal(value: LiteralValue, lang: str | None = None) -> str:
    """``nt_term(Literal(value, lang=lang))`` without the ``Literal``: rdflib's lexical form and
    datatype of a ``str`` (with the language ``vi`` or none), ``bool``, ``int``, ``date`` or
    ``Decimal``; any other value or language goes through rdflib."""
    if type(value) is str and (lang is None or lang == "vi"):
        text = _quoted(value)
        return text if lang is None else f"{text}@{lang}"
    if lang is None:
        if type(value) is bool:
            return _TRUE if value else _FALSE
        if type(value) is int:
            return f'"{value}"{_INTEGER}'
        if type(value) is date:
            return f'"{value.isoformat()}"{_DATE}'
        if type(value) is Decimal:
            return f'"{value:f}"{_DECIMAL}'
    return nt_term(Literal(value, lang=lang), "")


#: Predicates as N-Triples, process-wide (the build's few hundred vocabulary terms; bounded).
_PREDICATES: dict[Node, str] = {}
_PREDICATES_MAX = 4096


class NTriplesLines:
    """The triples of one named graph as N-Triples lines: a :class:`graph.sink.Sink`
    (``triple``, ``literal``); ``add`` takes rdflib triples (the interface of
    ``rdflib.Graph.add``)."""

    def __init__(self, graph_name: str) -> None:
        self.graph_name = graph_name
        self._lines: dict[str, None] = {}
        self._nodes: dict[Node, str] = {}  # this graph's IRIs but predicates, written once

    def add(self, triple: tuple[Node, Node, Node]) -> None:
        s, p, o = triple
        self.triple(s, p, o)

    def _node(self, term: Node) -> str:
        written = nt_term(term, self.graph_name)
        if type(term) is URIRef:  # (rdflib's Literal equality is looser than its writing)
            self._nodes[term] = written
        return written

    def triple(self, s: Node, p: Node, o: Any, /) -> None:
        """One triple: rdflib terms, or as the object a string :meth:`literal` made."""
        nodes = self._nodes
        st = nodes.get(s) or self._node(s)
        pt = _PREDICATES.get(p)
        if pt is None:
            pt = nt_term(p, self.graph_name)
            if type(p) is URIRef and len(_PREDICATES) < _PREDICATES_MAX:
                _PREDICATES[p] = pt
        if type(o) is not str:  # an rdflib term (a str object is a literal made by `literal`)
            o = nodes.get(o) or self._node(o)
        self._lines[f"{st} {pt} {o} .\n"] = None

    literal = staticmethod(nt_literal)

    def __len__(self) -> int:
        return len(self._lines)

    def data(self) -> bytes:
        """The lines as UTF-8 bytes (raises ``UnicodeEncodeError`` on a lone surrogate)."""
        return "".join(self._lines).encode("utf-8")
