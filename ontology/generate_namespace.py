"""Generate ``graph/namespace.py`` from ``ontology/vbkg.ttl``.

The generated module holds closed rdflib namespaces (``DefinedNamespace`` with
``_fail = True``, like ``rdflib/namespace/_DCTERMS.py``): ``VBKG.Documnet``
raises instead of minting a new predicate. ``tests/test_ontology.py`` fails
when the checked-in file differs from what this script produces.

Usage::

    python ontology/generate_namespace.py           # rewrite graph/namespace.py
    python ontology/generate_namespace.py --check   # exit 1 when out of date
"""

from __future__ import annotations

import sys
from pathlib import Path

from rdflib import OWL, RDF, RDFS, SKOS, Graph, Literal, URIRef

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY = ROOT / "ontology" / "vbkg.ttl"
TARGET = ROOT / "graph" / "namespace.py"

VBKG_NS = "https://w3id.org/vbkg/ontology#"
VOCAB_NS = "https://w3id.org/vbkg/vocab/"
ELI_NS = "http://data.europa.eu/eli/ontology#"

# The ELI terms vbkg uses or may use (ELI ontology 1.5). Closed so that a typo raises.
ELI_TERMS: dict[str, str] = {
    "LegalResource": "A work in a legislative corpus.",
    "LegalExpression": "An intellectual realisation of a legal resource.",
    "LegalResourceSubdivision": "A component of a legal act.",
    "Format": "A physical embodiment of a legal expression.",
    "amended_by": "Inverse of amends.",
    "amends": "The subject amends the object.",
    "applied_by": "Inverse of applies.",
    "applies": "The subject applies the object in another context (informative).",
    "based_on": "The subject is legally based on the object.",
    "basis_for": "Inverse of based_on.",
    "changed_by": "Inverse of changes.",
    "changes": "The subject changes the object (amends, replaces, repeals, corrects).",
    "cited_by": "Inverse of cites.",
    "cites": "The subject cites the object in its text.",
    "commences": "The subject sets the object into force.",
    "consolidates": "The subject is a consolidation of the object.",
    "corrected_by": "Inverse of corrects.",
    "corrects": "The subject corrects the object.",
    "date_document": "Date of adoption or signature of the document.",
    "date_no_longer_in_force": "Last date the resource is in force.",
    "date_publication": "Date of publication.",
    "ensures_implementation_of": "The subject ensures the implementation of the object.",
    "first_date_entry_in_force": "First date the resource enters into force.",
    "has_part": "The subject contains the object.",
    "id_local": "Identifier in a local reference system.",
    "implementation_ensured_by": "Inverse of ensures_implementation_of.",
    "in_force": "Whether the resource is in force.",
    "is_about": "A subject of the resource.",
    "is_part_of": "The subject is part of the object.",
    "language": "Language of an expression.",
    "number": "Number of the resource.",
    "passed_by": "Agent that adopted the resource.",
    "publisher": "Publisher of the resource.",
    "related_to": "A related resource.",
    "repealed_by": "Inverse of repeals.",
    "repeals": "The subject repeals the object.",
    "responsibility_of": "Agent responsible for the resource.",
    "title": "Title of an expression.",
    "title_short": "Short title of an expression.",
    "transposes": "The subject transposes the object.",
    "type_document": "Type of the legal resource (a SKOS concept).",
}

_KINDS: list[tuple[str, URIRef]] = [
    ("Classes", OWL.Class),
    ("Concept schemes", SKOS.ConceptScheme),
    ("Object properties", OWL.ObjectProperty),
    ("Datatype properties", OWL.DatatypeProperty),
    ("Annotation properties", OWL.AnnotationProperty),
]

_MAX_LINE = 100


def _comment(g: Graph, term: URIRef) -> str:
    for c in g.objects(term, RDFS.comment):
        if isinstance(c, Literal) and c.language == "en":
            return " ".join(str(c).split())
    for c in g.objects(term, RDFS.label):
        if isinstance(c, Literal) and c.language == "en":
            return str(c)
    return ""


def _line(name: str, comment: str) -> str:
    head = f"    {name}: URIRef"
    if not comment:
        return head
    text = f"{head}  # {comment}"
    if len(text) > _MAX_LINE:
        text = text[: _MAX_LINE - 3].rstrip() + "..."
    return text


def vbkg_terms(g: Graph) -> dict[str, list[str]]:
    """Local names of the vbkg: terms of ``g`` grouped by kind, sorted."""
    grouped: dict[str, list[str]] = {}
    seen: set[str] = set()
    for title, kind in _KINDS:
        names = sorted(
            str(s)[len(VBKG_NS) :]
            for s in g.subjects(RDF.type, kind)
            if isinstance(s, URIRef) and str(s).startswith(VBKG_NS)
        )
        names = [n for n in names if n not in seen]
        seen.update(names)
        if names:
            grouped[title] = names
    return grouped


def render(ontology: Path = ONTOLOGY) -> str:
    """The text of ``graph/namespace.py`` for ``ontology``."""
    g = Graph()
    g.parse(ontology, format="turtle")
    out: list[str] = [
        '"""Closed rdflib namespaces for vbkg and ELI.',
        "",
        "GENERATED by ontology/generate_namespace.py from ontology/vbkg.ttl: do not edit.",
        "Regenerate with ``python ontology/generate_namespace.py`` after changing the",
        "ontology; tests/test_ontology.py fails when this file is out of date.",
        "",
        "A misspelt term raises ``AttributeError`` (``_fail = True``).",
        '"""',
        "",
        "from rdflib.namespace import DefinedNamespace, Namespace",
        "from rdflib.term import URIRef",
        "",
        "",
        "class VBKG(DefinedNamespace):",
        '    """vbkg ontology terms (https://w3id.org/vbkg/ontology#)."""',
        "",
        "    _fail = True",
        "    _NS = Namespace(" + repr(VBKG_NS).replace("'", '"') + ")",
    ]
    for title, names in vbkg_terms(g).items():
        out.append("")
        out.append(f"    # {title}")
        for name in names:
            out.append(_line(name, _comment(g, URIRef(VBKG_NS + name))))
    out += [
        "",
        "",
        "class ELI(DefinedNamespace):",
        '    """The ELI ontology terms vbkg uses (http://data.europa.eu/eli/ontology#)."""',
        "",
        "    _fail = True",
        "    _NS = Namespace(" + repr(ELI_NS).replace("'", '"') + ")",
        "",
    ]
    for name in sorted(ELI_TERMS, key=lambda n: (not n[0].isupper(), n)):
        out.append(_line(name, ELI_TERMS[name]))
    out += [
        "",
        "",
        "# Open namespaces for the concepts of the SKOS schemes (document types come from data).",
        "VOCAB = Namespace(" + repr(VOCAB_NS).replace("'", '"') + ")",
        'DOC_TYPE = Namespace(VOCAB + "doc-type/")',
        'LEVEL = Namespace(VOCAB + "level/")',
        'REFORM_AREA = Namespace(VOCAB + "reform-area/")',
        'RELATION = Namespace(VOCAB + "relation/")',
        "",
        "ONTOLOGY_IRI = URIRef(" + repr(VBKG_NS.rstrip("#")).replace("'", '"') + ")",
        "",
    ]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    text = render()
    if "--check" in args:
        current = TARGET.read_text(encoding="utf-8") if TARGET.exists() else ""
        if current != text:
            print(f"{TARGET} is out of date; run python ontology/generate_namespace.py")
            return 1
        return 0
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
