"""stats_of_graph on small hand-written graphs: chains, cycles, components, rankings."""

from __future__ import annotations

import networkx as nx

from graph.analysis.stats import stats_of_graph


def _graph(edges: list[tuple[str, str, str]], corpus: set[str]) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    for u, rel, v in edges:
        for n in (u, v):
            if n not in g:
                doc_type = n.split(":")[0]
                g.add_node(
                    n,
                    label=n,
                    key=n,
                    doc_type=doc_type,
                    level="province",
                    year=2024,
                    title="",
                    issuer="",
                    status="corpus" if n in corpus else "cited",
                )
        g.add_edge(u, v, key=rel, relation=rel)
    return g


# child implements parent: NQ:76 ← KH:04 ← KH:caoloc ← KH:xa; and a plan-to-plan basis
EDGES = [
    ("KH:04", "implements", "NQ:76"),
    ("KH:caoloc", "implements", "KH:04"),
    ("KH:caoloc", "implements", "NQ:76"),
    ("KH:xa", "based_on", "KH:caoloc"),  # based_on between plans counts as implementation
    ("KH:04", "based_on", "LUAT:77"),  # based_on a law does not
    ("BC:1", "reports_on", "KH:04"),
    ("BC:1", "cites", "NQ:76"),
    ("KH:other", "cites", "QĐ:9"),  # a second component
]


def test_longest_chain_and_no_cycle() -> None:
    s = stats_of_graph(_graph(EDGES, {"KH:04", "KH:caoloc", "KH:xa", "BC:1"}))
    assert [d.id for d in s.chains[0].documents] == ["NQ:76", "KH:04", "KH:caoloc", "KH:xa"]
    assert s.chains[0].length == 3
    assert all(c.length <= 3 for c in s.chains)
    assert s.cycles == ()
    assert s.components == (6, 2)
    assert s.by_type["KH"] == {"all": 4, "corpus": 3}
    # no query rows: counted from the graph (distinct citing documents)
    assert (s.most_cited[0].document.id, s.most_cited[0].cited_by) == ("NQ:76", 3)


def test_cycles_are_found() -> None:
    edges = [*EDGES, ("NQ:76", "cites", "KH:xa"), ("QĐ:9", "amends", "QĐ:9")]
    s = stats_of_graph(_graph(edges, set()))
    ids = sorted(sorted(d.id for d in c) for c in s.cycles)
    assert ["QĐ:9"] in ids  # a document amending itself
    big = max(ids, key=len)
    assert {"NQ:76", "KH:xa"} <= set(big)
    # the chains still come out, along the edges outside the cycle
    assert s.chains and all(c.length >= 1 for c in s.chains)


def test_rankings_from_query_rows() -> None:
    g = _graph(EDGES, {"KH:04"})
    cited = [{"doc": "KH:04", "citedBy": "2", "mentions": "5"},
             {"doc": "NQ:76", "citedBy": "3", "mentions": "4"}]  # fmt: skip
    missing = [{"doc": "LUAT:77", "citedBy": "1"}, {"doc": "NQ:76", "citedBy": "3"}]
    s = stats_of_graph(g, cited, missing, top=5)
    assert [(c.document.id, c.cited_by, c.mentions) for c in s.most_cited] == [
        ("KH:04", 2, 5), ("NQ:76", 3, 4),
    ]  # fmt: skip
    assert [c.document.id for c in s.not_in_store] == ["NQ:76", "LUAT:77"]
    assert s.to_dict()["not_in_store"][0]["mentions"] == 4
