"""ELI as data (docs/decisions/0008-eli-as-data.md).

The ontology declares the vbkg terms as sub-classes and sub-properties of ELI's, but Oxigraph
does no inference: a client that knows ELI and asks ``?d a eli:LegalResource ; eli:passed_by ?x``
finds nothing unless the ELI triples are asserted. :func:`add_eli_resource` asserts them for
every document node the build writes.
"""

from __future__ import annotations

from rdflib import RDF, Graph, Literal, URIRef

from graph.namespace import ELI
from graph.vocabulary import doc_type_concept

__all__ = ["add_eli_resource"]


def add_eli_resource(
    g: Graph, node: URIRef, *, key: str | None, doc_type: str | None, issuer: URIRef | None
) -> None:
    """Assert the ELI terms the vbkg sub-properties stand for: ``a eli:LegalResource``,
    ``eli:id_local`` (the key), ``eli:type_document`` (the concept of vbkg:DocumentTypes),
    ``eli:passed_by`` (the issuer). eli:date_document and eli:title are written by the
    document itself."""
    g.add((node, RDF.type, ELI.LegalResource))
    if key:
        g.add((node, ELI.id_local, Literal(key)))
    if doc_type:
        g.add((node, ELI.type_document, doc_type_concept(doc_type)))
    if issuer is not None:
        g.add((node, ELI.passed_by, issuer))
