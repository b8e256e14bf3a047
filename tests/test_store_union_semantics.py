"""Decision 0012 rests on this: Oxigraph's query-time union of the named graphs is a bag.

If a pyoxigraph upgrade makes ``use_default_graph_as_union`` a set union, these fail, and the
materialised default graph (graph/store/local.py) can go with no query changes (0012,
"Revisit when")."""

from __future__ import annotations

import pyoxigraph as ox

S, P = ox.NamedNode("https://example.org/s"), ox.NamedNode("https://example.org/p")
OBJ = ox.Literal("o")
GRAPHS = [ox.NamedNode(f"https://example.org/g/{i}") for i in range(3)]


def _store() -> ox.Store:
    st = ox.Store()
    st.extend([ox.Quad(S, P, OBJ, g) for g in GRAPHS])  # one triple stated by three files
    return st


def test_query_time_union_repeats_a_triple_per_graph() -> None:
    rows = list(_store().query("SELECT ?o WHERE { ?s ?p ?o }", use_default_graph_as_union=True))
    assert len(rows) == len(GRAPHS)


def test_query_time_union_counts_every_copy() -> None:
    q = "SELECT (COUNT(*) AS ?n) (COUNT(DISTINCT ?o) AS ?d) WHERE { ?s ?p ?o }"
    (row,) = list(_store().query(q, use_default_graph_as_union=True))
    assert (int(row["n"].value), int(row["d"].value)) == (len(GRAPHS), 1)


def test_construct_over_the_union_is_a_set() -> None:
    q = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
    assert len(list(_store().query(q, use_default_graph_as_union=True))) == 1
