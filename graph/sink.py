"""Where the build's triples go, and who makes their literals (:mod:`graph.build`).

A :class:`Sink` takes triples one by one (``triple(s, p, o)``) and makes the literals they
hold (``literal(value, lang=None)``), so each sink makes terms in its own form:

- :class:`GraphSink`: rdflib ``Literal`` objects added to an rdflib ``Graph``
  (:func:`graph.build.build_document_graph`, the golden tests, export);
- :class:`graph.ntwriter.NTriplesLines`: literals as finished N-Triples strings, exactly what
  ``nt_term(Literal(value, lang=lang))`` writes, without an rdflib ``Literal`` per value (the
  build's workers, :func:`graph.build.document_ntriples`).

Subjects, predicates and IRI objects are rdflib ``URIRef`` in both. :func:`cached_terms` keeps
each term of a closed namespace as a plain attribute: ``VBKG.index`` of a ``DefinedNamespace``
costs about 0.5 µs (its metaclass's ``__getattr__``), a kept attribute 0.02 µs.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any, Protocol, TypeVar, cast

import rdflib
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DefinedNamespace

from graph.namespace import ELI as _ELI
from graph.namespace import VBKG as _VBKG

__all__ = [
    "DCTERMS",
    "ELI",
    "PROV",
    "RDF",
    "SKOS",
    "VBKG",
    "GraphSink",
    "LiteralValue",
    "Sink",
    "UnitNode",
    "cached_terms",
    "child_iri",
]

#: The Python values the build writes as literals (rdflib's ``Literal(value)`` rules).
LiteralValue = str | bool | int | date | Decimal


class Sink(Protocol):
    """Takes the triples of one file; makes their literals (see the module docstring)."""

    def triple(self, s: URIRef, p: URIRef, o: Any, /) -> None: ...

    def literal(self, value: LiteralValue, lang: str | None = None) -> Any: ...


#: ``unit(jurisdiction, name=…, level=…, on=…)`` of the builder: the unit's node.
UnitNode = Callable[..., URIRef]


def child_iri(parent: URIRef | str, suffix: str) -> URIRef:
    """``parent`` + ``suffix``, not validated again: ``parent`` passed
    :func:`graph.build.safe_iri` (or extends an IRI that did) and ``suffix`` is ``/`` and ASCII
    letters and digits, which an absolute IRI's path, query or fragment accepts after anything
    it ends with (tests/test_ntwriter.py checks it)."""
    return URIRef(f"{parent}{suffix}")


class GraphSink:
    """A :class:`Sink` that adds rdflib terms to ``graph``."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    def triple(self, s: URIRef, p: URIRef, o: Any, /) -> None:
        self.graph.add((s, p, o))

    def literal(self, value: LiteralValue, lang: str | None = None) -> Literal:
        return Literal(value, lang=lang)


_N = TypeVar("_N", bound=DefinedNamespace)


class _Terms:
    """The terms of ``ns``, each looked up once and kept as an attribute."""

    def __init__(self, ns: type[DefinedNamespace]) -> None:
        self._ns = ns

    def __getattr__(self, name: str) -> URIRef:
        term = cast(URIRef, getattr(self._ns, name))  # AttributeError when misspelt
        setattr(self, name, term)
        return term


def cached_terms(ns: type[_N]) -> type[_N]:
    """``ns`` whose terms are looked up once (typed as ``ns``, so a misspelt term is a type
    error too, and an ``AttributeError`` at run time)."""
    return cast(type[_N], _Terms(ns))


# The namespaces of the build, each term looked up once.
DCTERMS = cached_terms(rdflib.DCTERMS)
ELI = cached_terms(_ELI)
PROV = cached_terms(rdflib.PROV)
RDF = cached_terms(rdflib.RDF)
SKOS = cached_terms(rdflib.SKOS)
VBKG = cached_terms(_VBKG)
