"""ELI as data (docs/decisions/0008-eli-as-data.md).

The ontology declares the vbkg terms as sub-classes and sub-properties of ELI's, but Oxigraph
does no inference: a client that knows ELI and asks ``?d a eli:LegalResource ; eli:passed_by ?x``
finds nothing unless the ELI triples are asserted. :func:`add_eli_resource` asserts them for
every document node the build writes.
"""

from __future__ import annotations

from rdflib import URIRef

from graph.sink import ELI, RDF, Sink
from graph.vocabulary import doc_type_concept

__all__ = ["add_eli_resource"]


def add_eli_resource(
    sink: Sink, node: URIRef, *, key: str | None, doc_type: str | None, issuer: URIRef | None
) -> None:
    """Assert the ELI terms the vbkg sub-properties stand for: ``a eli:LegalResource``,
    ``eli:id_local`` (the key), ``eli:type_document`` (the concept of vbkg:DocumentTypes),
    ``eli:passed_by`` (the issuer). eli:date_document and eli:title are written by the
    document itself."""
    sink.triple(node, RDF.type, ELI.LegalResource)
    if key:
        sink.triple(node, ELI.id_local, sink.literal(key))
    if doc_type:
        sink.triple(node, ELI.type_document, doc_type_concept(doc_type))
    if issuer is not None:
        sink.triple(node, ELI.passed_by, issuer)
