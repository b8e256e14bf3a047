"""The N-Triples sink writes exactly what rdflib terms would (graph.ntwriter, graph.sink).

:func:`graph.build.document_ntriples` makes each literal as a finished N-Triples string
(:func:`graph.ntwriter.nt_literal`) instead of an rdflib ``Literal``, and extends validated IRIs
without validating them again (``graph.build._child``). The references here are the path it
replaced: rdflib ``Literal`` objects written by :func:`graph.ntwriter.nt_term`, lines in the
order first added, every IRI through :func:`graph.build.safe_iri`.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pyoxigraph as ox
import pytest
from hypothesis import given
from hypothesis import strategies as st
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from graph import ids
from graph.build import document_ntriples, safe_iri, write_document
from graph.build_results import decimal_value
from graph.namespace import VBKG as VBKG_NAMESPACE
from graph.ntwriter import NTriplesLines, nt_literal, nt_term
from graph.sink import VBKG, LiteralValue

G = "http://example.org/g"
XSD_DECIMAL = URIRef("http://www.w3.org/2001/XMLSchema#decimal")


class _RdflibLines:
    """The sink the build used before: rdflib ``Literal`` objects, every term by ``nt_term``."""

    def __init__(self, graph_name: str) -> None:
        self.graph_name = graph_name
        self.lines: dict[str, None] = {}

    def triple(self, s: Node, p: Node, o: Node, /) -> None:
        terms = (nt_term(t, self.graph_name) for t in (s, p, o))
        self.lines[" ".join(terms) + " .\n"] = None

    def literal(self, value: LiteralValue, lang: str | None = None) -> Literal:
        return Literal(value, lang=lang)

    def data(self) -> bytes:
        return "".join(self.lines).encode("utf-8")


def test_every_file_writes_the_bytes_of_rdflib_terms(
    seeds_and_synth_extractions: list[Any],
) -> None:
    """Seeds and synthetic plans, duties, units and reports: the same lines, in the same order."""
    kinds: set[str] = set()
    for e in seeds_and_synth_extractions:
        reference = _RdflibLines(ids.source_iri(e.source))
        write_document(reference, e)
        got = document_ntriples(e)
        assert got == reference.data(), e.source
        kinds.update(t.split("^^")[-1] for t in reference.lines if '"^^<' in t)
    # every kind of typed literal the build writes was met (else the test proves less)
    for dt in ("boolean", "integer", "date", "decimal"):
        assert any(f"XMLSchema#{dt}>" in k for k in kinds), dt


def test_iris_written_without_validation_are_what_safe_iri_gives(
    seeds_and_synth_extractions: list[Any],
) -> None:
    """Citation, mandate and quantity nodes extend a validated IRI and skip ``safe_iri``: every
    IRI of every file is one that ``safe_iri`` leaves as it is."""
    seen = 0
    for e in seeds_and_synth_extractions:
        for t in ox.parse(document_ntriples(e), ox.RdfFormat.N_TRIPLES):
            for term in (t.subject, t.object):
                if isinstance(term, ox.NamedNode):
                    assert str(safe_iri(term.value)) == term.value
                    seen += "/citation/" in term.value or "/q" in term.value
    assert seen > 100


_TEXT = st.text(max_size=60) | st.sampled_from(['a "b"', "x\\ny", "\r\n\t\x00\x7f", "𝔸 đ ≥"])


@given(
    st.one_of(
        st.tuples(_TEXT, st.sampled_from([None, "vi"])),
        st.tuples(st.booleans() | st.integers() | st.dates(), st.none()),
        st.tuples(st.decimals() | st.decimals(places=4), st.none()),
    )
)
def test_literals_as_rdflib_writes_them(value_lang: tuple[Any, str | None]) -> None:
    value, lang = value_lang
    assert nt_literal(value, lang) == nt_term(Literal(value, lang=lang), G)


@given(st.floats(allow_nan=False, allow_infinity=False) | st.integers(-(10**9), 10**9))
def test_decimals_as_the_old_rule(x: float) -> None:
    old = Literal(Decimal(str(round(x, 4))), datatype=XSD_DECIMAL)  # the rule before
    assert nt_literal(decimal_value(x)) == nt_term(old, G)


@pytest.mark.parametrize(
    ("value", "lang"),
    [
        ("text", "en"),  # another language: through rdflib
        ("", "vi"),
        (datetime(2024, 3, 1, 8, 30), None),  # a date subclass: xsd:dateTime
        (5, "vi"),  # rdflib drops the language of a typed value
        (True, None),
    ],
)
def test_other_values_go_through_rdflib(value: Any, lang: str | None) -> None:
    assert nt_literal(value, lang) == nt_term(Literal(value, lang=lang), G)


def test_each_character_is_escaped_as_nt_term_escapes_it() -> None:
    for c in [*map(chr, range(0x100)), "\u2028", "\ufeff", "\U0001d538"]:
        assert nt_literal(c) == nt_term(Literal(c), G), repr(c)


_IRI = st.builds(
    lambda scheme, parts: scheme + "".join(parts),
    st.sampled_from(["http://", "https://x.org", "urn:", "a:", "http://[::1]"]),
    st.lists(
        st.sampled_from(["x.org", "/", "#", "?", "[", "]", ":", "%", "%4", "%41", "@", ":80"])
        | st.text(max_size=4),
        max_size=6,
    ),
)


@given(_IRI, st.sampled_from(["/citation/0a1b2c3d4e5f", "/duty/ffff00001111", "/q0", "/q12"]))
def test_a_safe_suffix_keeps_a_safe_iri_safe(text: str, suffix: str) -> None:
    """What ``graph.build._child`` relies on: ``safe_iri`` leaves a validated IRI plus a
    suffix of ``/``, letters and digits as it is."""
    try:
        parent = str(safe_iri(text))
    except ids.UnsafeIRIError:
        return  # not an IRI the build writes
    assert str(safe_iri(parent + suffix)) == parent + suffix


def test_triple_takes_rdflib_terms_and_made_literals_alike() -> None:
    s, p = URIRef("http://example.org/s"), URIRef("http://example.org/p")
    made, rdflib_made = NTriplesLines(G), NTriplesLines(G)
    for value in ("ngày", 7, False, date(2025, 6, 30), Decimal("0.9500")):
        made.triple(s, p, made.literal(value))
        rdflib_made.add((s, p, Literal(value)))
    made.triple(s, p, made.literal(7))  # twice: one line
    assert made.data() == rdflib_made.data() and len(made) == 5


def test_cached_terms_are_the_namespace_terms_and_closed() -> None:
    assert VBKG.index is VBKG.index
    assert VBKG.index == VBKG_NAMESPACE.index and type(VBKG.index) is URIRef
    with pytest.raises(AttributeError):
        VBKG.indexx  # noqa: B018


def test_an_iri_and_a_blank_node_of_the_same_text_keep_their_kind() -> None:
    """Written IRIs are kept per graph (and predicates per process): the cache must not mistake
    a blank node for the IRI of the same text, nor write one graph's skolem IRI in another."""
    p = URIRef("http://example.org/p")
    u, b = URIRef("b1"), BNode("b1")
    for graph in ("http://example.org/g1", "http://example.org/g2"):
        lines = NTriplesLines(graph)
        for t in ((u, p, u), (b, p, b), (u, p, b), (b, p, u)):
            lines.triple(*t)
        skolem = f"<{graph}/.well-known/genid/b1>"
        assert lines.data().decode().splitlines() == [
            f"<b1> <{p}> <b1> .",
            f"{skolem} <{p}> {skolem} .",
            f"<b1> <{p}> {skolem} .",
            f"{skolem} <{p}> <b1> .",
        ]
