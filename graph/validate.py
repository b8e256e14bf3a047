"""SHACL validation of built graphs against ``ontology/shapes.ttl`` (pySHACL)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import rdflib

from graph.paths import ONTOLOGY_DIR


@lru_cache(maxsize=1)
def _shapes() -> rdflib.Graph:
    return rdflib.Graph().parse(ONTOLOGY_DIR / "shapes.ttl", format="turtle")


@lru_cache(maxsize=1)
def _ontology() -> rdflib.Graph:
    return rdflib.Graph().parse(ONTOLOGY_DIR / "vbkg.ttl", format="turtle")


def validate(graph: rdflib.Graph) -> tuple[bool, str]:
    """Validate ``graph``; returns (conforms, human-readable report)."""
    from pyshacl import validate as shacl_validate

    conforms, _, text = shacl_validate(
        graph,
        shacl_graph=_shapes(),
        ont_graph=_ontology(),
        inference="rdfs",
        abort_on_first=False,
        allow_warnings=True,
    )
    return bool(conforms), str(text)


def validate_file(path: Path) -> tuple[bool, str]:
    g = rdflib.Graph()
    g.parse(path)
    return validate(g)
