"""Injection and escaping: hostile references never change the store through any public
query path, IRIs minted from hostile text are valid, and every HTML output escapes text."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Graph, URIRef
from storecheck import state

from graph import queries
from graph.cli import cli
from graph.ids import check_iri
from graph.store import Store

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

SEED = next((Path(__file__).resolve().parents[2] / "data" / "examples").glob("000_*.txt"))
SCRIPT = "<script>alert('xss')</script>"
IMG = '<img src=x onerror="alert(1)">'
HOSTILE_VALUES = [
    '76/NQ-CP" } ; DROP ALL ; #',
    "x> <http://evil> <y",
    "'; DROP ALL ; INSERT DATA { <http://evil/s> <http://evil/p> 1 } ; '",
    '"""} } DROP ALL #',
    "\\u0022 } ; CLEAR DEFAULT ; #",
    SCRIPT,
    "",
]
HOSTILE_DOC = f"""ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN {SCRIPT}
Số: 07/KH-UBND "quoted" > <http://evil> <y

KẾ HOẠCH
Triển khai {IMG} năm 2024

Thực hiện Nghị quyết số 76/NQ-CP" }} ; DROP ALL ; # ngày 15/7/2021 của Chính phủ về \
"{SCRIPT}" > <http://evil/x> ; Kế hoạch số 249/KH-UBND ngày 29/12/2021 của UBND tỉnh về \
cải cách <b>hành chính</b> & "trích dẫn"; Quyết định số 12/QĐ-<i>UBND ngày 3/2/2022 của \
UBND tỉnh x> <http://evil> <y về {IMG}; Luật Tổ chức chính quyền địa phương "<script>"
"""
EVIL = ("http://evil", "evil/s", "evil/x")


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("inject")
    inputs = root / "in"
    inputs.mkdir()
    (inputs / 'hostile <script> "name" > x.txt').write_text(HOSTILE_DOC, encoding="utf-8")
    shutil.copy(SEED, inputs / SEED.name)
    result = CliRunner().invoke(cli, ["build", str(inputs), "--store", str(root / "store")])
    assert result.exit_code == 0, result.output
    return root / "store"


def _iris(nt: str) -> set[str]:
    return set(re.findall(r"<([^>]*)>", re.sub(r'"(?:[^"\\]|\\.)*"', '""', nt)))


def test_iris_from_hostile_text_are_valid(hostile_store: Path, tmp_path: Path) -> None:
    with Store.open(hostile_store, read_only=True) as store:
        nt = tmp_path / "all.nt"
        store.export(nt, "nt")
        nq = tmp_path / "all.nq"
        store.export(nq, "nquads")
        assert len(store.sources()) == 2
    text = nt.read_text(encoding="utf-8")
    graph = Graph().parse(nt, format="nt")  # a strict N-Triples parser
    assert len(graph) == len(list(ox.parse(path=str(nt), format=ox.RdfFormat.N_TRIPLES)))
    list(ox.parse(path=str(nq), format=ox.RdfFormat.N_QUADS))
    for iri in _iris(text):
        check_iri(iri)
    for term in graph.all_nodes():
        if isinstance(term, URIRef):
            assert not any(e in str(term) for e in EVIL), term
            check_iri(str(term))
    assert not any(str(s).startswith("http://evil") for s, _, _ in graph)
    assert "DROP ALL" not in "".join(str(t) for t in graph.all_nodes() if isinstance(t, URIRef))


def test_hostile_values_through_every_query_path(hostile_store: Path, tmp_path: Path) -> None:
    store_dir = tmp_path / "store"
    shutil.copytree(hostile_store, store_dir)
    with Store.open(store_dir) as store:
        before = state(store)
        for value in HOSTILE_VALUES:
            for sparql in (
                "ASK { ?c vbkg:key ?k }",
                "SELECT ?c WHERE { ?c vbkg:key ?k }",
                "SELECT ?k WHERE { ?c dcterms:title ?k }",
            ):
                store.query(sparql, {"k": value})
                store.select(sparql, {"k": value})
            with pytest.raises(ValueError):  # not an IRI: refused by Oxigraph, never spliced
                store.query("ASK { ?d ?p ?o }", {"d": URIRef(value or " ")})
            for name in queries.names():
                q = queries.get(name)
                for var in q.binds:
                    try:
                        queries.run(store, name, **{var: value})
                    except (ValueError, TypeError) as exc:  # a value of the wrong kind
                        assert "evil" not in str(exc).lower() or value in str(exc)
        assert state(store) == before
        assert not store.query("ASK { GRAPH ?g { ?s ?p ?o FILTER (CONTAINS(STR(?s), 'evil/s')) } }")


def test_vbkg_query_files_cannot_change_the_store(hostile_store: Path, tmp_path: Path) -> None:
    store_dir = tmp_path / "store"
    shutil.copytree(hostile_store, store_dir)
    with Store.open(store_dir) as store:
        before = state(store)
    runner = CliRunner()
    for i, value in enumerate(HOSTILE_VALUES):
        escaped = value.replace("\\", "\\\\").replace('"', '\\"')
        texts = [
            f'SELECT ?c WHERE {{ ?c vbkg:key "{escaped}" }}',
            f"SELECT ?c WHERE {{ ?c vbkg:key ?k }} #{value}",
            value,  # the value as the whole query
            "DROP ALL",
            "INSERT DATA { <http://evil/s> <http://evil/p> 1 }",
        ]
        for j, text in enumerate(texts):
            rq = tmp_path / f"q{i}-{j} {value[:10].replace('/', '_')}.rq"
            rq.write_text(text, encoding="utf-8")
            result = runner.invoke(cli, ["query", f"@{rq}", "--store", str(store_dir)])
            assert result.exit_code in (0, 2), result.output
            assert "Traceback" not in result.output
    with Store.open(store_dir) as store:
        assert state(store) == before
        assert not store.query("ASK { ?s ?p ?o FILTER (CONTAINS(STR(?s), 'evil')) }")


def _assert_escaped(page: str) -> None:
    for raw in (SCRIPT, IMG, "<b>hành chính</b>", "<i>UBND"):
        assert raw not in page, f"unescaped {raw!r}"


def test_graph_page_escapes_document_text(hostile_store: Path, tmp_path: Path) -> None:
    from graph.analysis.netx import store_to_networkx
    from graph.web.graph_page import render_html

    with Store.open(hostile_store, read_only=True) as store:
        # precondition: hostile markup did reach the store as text (titles)
        assert store.query("ASK { ?d eli:title ?t FILTER (CONTAINS(?t, '<img src=x')) }")
        g = store_to_networkx(store)
    out = render_html(g, tmp_path / "graph.html", title=f"Đồ thị {SCRIPT}")
    _assert_escaped(out.read_text(encoding="utf-8"))


def test_check_report_html_escapes_document_text(hostile_store: Path, tmp_path: Path) -> None:
    from graph.checks.report import render_html
    from graph.checks.run import check_plan

    draft = tmp_path / f"dự thảo {SCRIPT[:8]}.txt"
    draft.write_text(HOSTILE_DOC, encoding="utf-8")
    with Store.open(hostile_store, read_only=True) as store:
        for lang in ("vi", "en"):
            report = check_plan(draft, store=store, lang=lang)
            _assert_escaped(render_html(report, lang))


def test_server_pages_escape_document_text(hostile_store: Path) -> None:
    pytest.importorskip("httpx", reason="httpx is not installed (Starlette's TestClient)")
    try:
        from starlette.testclient import TestClient

        from graph.web.app import ServeConfig, create_app
    except ImportError as exc:
        pytest.skip(f"graph.web.app is not available: {exc}")
    app = create_app(ServeConfig(store=str(hostile_store), timeout=60))
    with TestClient(app, base_url="http://127.0.0.1") as client:
        pages = [
            client.get("/graph"),
            client.get("/graph", params={"focus": SCRIPT}),
            client.get("/", params={"query": SCRIPT}),
            client.post(
                "/check", files={"draft": (f"{SCRIPT}.txt", HOSTILE_DOC.encode(), "text/plain")}
            ),
            client.get(
                "/sparql",
                params={"query": f"SELECT * WHERE {{ {SCRIPT} }}"},
                headers={"Accept": "text/html"},
            ),
        ]
        for r in pages:
            if r.headers.get("content-type", "").startswith("text/html"):
                _assert_escaped(r.text)
