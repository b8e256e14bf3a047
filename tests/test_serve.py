"""graph.web.app: the SPARQL 1.1 Protocol endpoint, its limits and the web pages.

Most tests use Starlette's TestClient; the SPARQLWrapper and remote-store tests run a real
uvicorn on 127.0.0.1 with a free port, in a thread (``factories.running_server``, also used by
``test_serve_browser.py``). Every wait is bounded.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import shutil
import time
import warnings
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import regex
from factories import EXAMPLES, KH04, running_server, seed_store
from rdflib import Graph

starlette = pytest.importorskip("starlette", reason="starlette is not installed")
pytest.importorskip("httpx", reason="httpx is not installed (Starlette's TestClient)")
pytest.importorskip("python_multipart", reason="python-multipart is not installed")

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # Starlette ≥ 1.x prefers httpx2 for its TestClient
    from starlette.testclient import TestClient

from graph.web.app import ServeConfig, create_app  # noqa: E402

SPARQL_NS = "{http://www.w3.org/2005/sparql-results#}"
KEYS = "SELECT ?doc ?key WHERE { ?doc vbkg:key ?key } ORDER BY ?key"
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
CONSTRUCT = "CONSTRUCT { ?d vbkg:inCorpus ?c } WHERE { ?d vbkg:inCorpus ?c }"


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seed_store(tmp_path_factory.mktemp("serve"))


@contextlib.contextmanager
def client_for(config: ServeConfig) -> Iterator[TestClient]:
    # the server answers only to its own host names (DNS rebinding): TestClient's default
    # "testserver" is refused
    with TestClient(create_app(config), base_url="http://127.0.0.1") as c:
        yield c


@pytest.fixture(scope="module")
def client(store_path: Path) -> Iterator[TestClient]:
    with client_for(ServeConfig(store=str(store_path), timeout=60, max_rows=1000)) as c:
        yield c


# --------------------------------------------------------------------------- protocol


def bindings(response: Any) -> list[dict[str, Any]]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/sparql-results+json")
    data = response.json()
    assert data["head"]["vars"] == ["doc", "key"]
    rows: list[dict[str, Any]] = data["results"]["bindings"]
    return rows


def test_get_post_form_and_direct_body_agree(client: TestClient) -> None:
    via_get = bindings(client.get("/sparql", params={"query": KEYS}))
    via_form = bindings(client.post("/sparql", data={"query": KEYS}))
    via_body = bindings(
        client.post(
            "/sparql", content=KEYS.encode(), headers={"Content-Type": "application/sparql-query"}
        )
    )
    assert via_get == via_form == via_body
    assert len(via_get) > 50
    kh04 = next(r for r in via_get if r["doc"]["value"] == KH04)
    assert kh04["doc"]["type"] == "uri"
    assert kh04["key"] == {"type": "literal", "value": "04/KH-UBND"}


def test_every_result_format_parses(client: TestClient) -> None:
    n = len(bindings(client.get("/sparql", params={"query": KEYS})))

    r = client.get(
        "/sparql", params={"query": KEYS}, headers={"Accept": "application/sparql-results+xml"}
    )
    assert r.headers["content-type"].startswith("application/sparql-results+xml")
    root = ET.fromstring(r.content)
    names = [v.get("name") for v in root.iter(f"{SPARQL_NS}variable")]
    assert names == ["doc", "key"]
    results = list(root.iter(f"{SPARQL_NS}result"))
    assert len(results) == n
    assert any(b.findtext(f"{SPARQL_NS}uri") == KH04 for b in root.iter(f"{SPARQL_NS}binding"))

    r = client.get("/sparql", params={"query": KEYS}, headers={"Accept": "text/csv"})
    assert r.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(r.text)))
    assert rows[0] == ["doc", "key"] and len(rows) == n + 1
    assert [KH04, "04/KH-UBND"] in rows

    r = client.get(
        "/sparql", params={"query": KEYS}, headers={"Accept": "text/tab-separated-values"}
    )
    assert r.headers["content-type"].startswith("text/tab-separated-values")
    lines = r.text.rstrip("\n").split("\n")
    assert lines[0] == "?doc\t?key" and len(lines) == n + 1
    assert f'<{KH04}>\t"04/KH-UBND"' in lines

    # typed and language-tagged literals
    r = client.get(
        "/sparql",
        params={
            "query": f"SELECT ?t ?d WHERE {{ <{KH04}> eli:title ?t ; "
            "eli:date_document ?d } LIMIT 1"
        },
    )
    row = r.json()["results"]["bindings"][0]
    assert row["t"]["xml:lang"] == "vi"
    assert row["d"]["datatype"] == "http://www.w3.org/2001/XMLSchema#date"


def test_format_parameter_and_negotiation(client: TestClient) -> None:
    r = client.get(
        "/sparql",
        params={"query": KEYS, "format": "csv"},
        headers={"Accept": "application/sparql-results+json"},
    )
    assert r.headers["content-type"].startswith("text/csv")
    r = client.get(
        "/sparql",
        params={"query": KEYS},
        headers={"Accept": "text/csv;q=0.5, application/sparql-results+xml"},
    )
    assert r.headers["content-type"].startswith("application/sparql-results+xml")
    r = client.get("/sparql", params={"query": KEYS}, headers={"Accept": "image/png"})
    assert r.status_code == 406
    r = client.get("/sparql", params={"query": KEYS, "format": "pdf"})
    assert r.status_code == 400


def test_ask(client: TestClient) -> None:
    q = f"ASK {{ <{KH04}> vbkg:inCorpus true }}"
    assert client.get("/sparql", params={"query": q}).json() == {"head": {}, "boolean": True}
    r = client.get(
        "/sparql", params={"query": q}, headers={"Accept": "application/sparql-results+xml"}
    )
    assert ET.fromstring(r.content).findtext(f"{SPARQL_NS}boolean") == "true"


def test_construct_as_turtle_and_json_ld(client: TestClient) -> None:
    r = client.post("/sparql", data={"query": CONSTRUCT}, headers={"Accept": "text/turtle"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    ttl = Graph().parse(data=r.text, format="turtle")
    assert len(ttl) == 5
    r = client.post("/sparql", data={"query": CONSTRUCT}, headers={"Accept": "application/ld+json"})
    assert r.headers["content-type"].startswith("application/ld+json")
    jsonld = Graph().parse(data=r.text, format="json-ld")
    assert len(jsonld) == 5
    assert set(ttl) == set(jsonld)
    r = client.get("/sparql", params={"query": f"DESCRIBE <{KH04}>"})
    assert r.headers["content-type"].startswith("text/turtle")
    assert len(Graph().parse(data=r.text, format="turtle")) > 10


def test_empty_result_still_names_its_variables(client: TestClient) -> None:
    r = client.get(
        "/sparql",
        params={"query": "SELECT ?x ?y WHERE { ?x a <urn:nothing> . OPTIONAL { ?x ?p ?y } }"},
    )
    assert r.json() == {"head": {"vars": ["x", "y"]}, "results": {"bindings": []}}
    r = client.get(
        "/sparql",
        params={"query": "SELECT ?x WHERE { ?x a <urn:nothing> }"},
        headers={"Accept": "application/sparql-results+xml"},
    )
    assert [v.get("name") for v in ET.fromstring(r.content).iter(f"{SPARQL_NS}variable")] == ["x"]


def test_bad_requests(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": "SELEC ?x"})
    assert r.status_code == 400 and "invalid query" in r.text
    # without a query, GET /sparql describes the service (tests/test_serve_linked.py)
    assert client.get("/sparql").headers["content-type"].startswith("text/turtle")
    assert client.get("/sparql", params={"query": ""}).status_code == 400
    r = client.post("/sparql", content=b"x", headers={"Content-Type": "application/pdf"})
    assert r.status_code == 415
    r = client.post(
        "/sparql", content=b"\xff\xfe", headers={"Content-Type": "application/sparql-query"}
    )
    assert r.status_code == 400
    r = client.get("/sparql", params={"query": KEYS, "default-graph-uri": "urn:x"})
    assert r.status_code == 400
    big = "SELECT * WHERE { ?s ?p ?o } #" + "x" * (2 << 20)
    r = client.post(
        "/sparql", content=big.encode(), headers={"Content-Type": "application/sparql-query"}
    )
    assert r.status_code == 413


# --------------------------------------------------------------------------- updates

INSERT = 'INSERT DATA { <urn:vbkg:test> <urn:vbkg:p> "added" }'


def test_updates_are_refused_by_default(client: TestClient) -> None:
    r = client.post("/sparql", data={"update": INSERT}, params={"lang": "en"})
    assert r.status_code == 403
    assert "read-only" in r.text and "--allow-update" in r.text
    r = client.post(
        "/sparql", content=INSERT.encode(), headers={"Content-Type": "application/sparql-update"}
    )
    assert r.status_code == 403
    assert client.get("/sparql", params={"update": INSERT}).status_code == 405
    ask = "ASK { <urn:vbkg:test> ?p ?o }"
    assert client.get("/sparql", params={"query": ask}).json()["boolean"] is False


def test_updates_allowed_with_allow_update(store_path: Path, tmp_path: Path) -> None:
    copy = tmp_path / "store"
    shutil.copytree(store_path, copy)
    with client_for(ServeConfig(store=str(copy), allow_update=True, timeout=60)) as c:
        r = c.post("/sparql", data={"update": INSERT})
        assert r.status_code == 200, r.text
        r = c.post(
            "/sparql",
            content=b"INSERT DATA { <urn:vbkg:test> <urn:vbkg:q> 2 }",
            headers={"Content-Type": "application/sparql-update"},
        )
        assert r.status_code == 200, r.text
        r = c.get("/sparql", params={"query": "SELECT ?p WHERE { <urn:vbkg:test> ?p ?o }"})
        assert {b["p"]["value"] for b in r.json()["results"]["bindings"]} == {
            "urn:vbkg:p",
            "urn:vbkg:q",
        }
        bad = c.post("/sparql", data={"update": "INSERT DATA { oops"})
        assert bad.status_code == 400


# --------------------------------------------------------------------------- limits


def test_time_limit_stops_a_heavy_query(store_path: Path) -> None:
    with client_for(ServeConfig(store=str(store_path), timeout=2, workers=1)) as c:
        assert c.get("/sparql", params={"query": "ASK {}"}).status_code == 200  # warm
        started = time.monotonic()
        r = c.get("/sparql", params={"query": HEAVY, "lang": "en"})
        elapsed = time.monotonic() - started
        assert r.status_code == 503
        assert "time limit of 2 s" in r.text
        assert elapsed < 15
        assert c.app.state.vbkg.pool.killed == 1  # type: ignore[attr-defined]
        # a fresh worker answers the next query
        assert len(bindings(c.get("/sparql", params={"query": KEYS}))) > 50


def test_result_size_limit_truncates_with_a_header(store_path: Path) -> None:
    with client_for(ServeConfig(store=str(store_path), max_rows=7)) as c:
        r = c.get("/sparql", params={"query": KEYS})
        assert len(bindings(r)) == 7
        assert r.headers["X-VBKG-Truncated"] == "true"
        assert r.headers["X-VBKG-Max-Rows"] == "7"
        assert int(r.headers["X-VBKG-Count"]) > 7
        r = c.get("/sparql", params={"query": KEYS}, headers={"Accept": "text/csv"})
        assert len(list(csv.reader(io.StringIO(r.text)))) == 8
        r = c.get("/sparql", params={"query": "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"})
        assert r.headers["X-VBKG-Truncated"] == "true"
        assert len(Graph().parse(data=r.text, format="turtle")) == 7
        r = c.get("/sparql", params={"query": KEYS + " LIMIT 3"})
        assert "X-VBKG-Truncated" not in r.headers


# --------------------------------------------------------------------------- pages


def _no_external_resources(page: str) -> None:
    assert not regex.search(r"""(?i)(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert "@import" not in page and "url(http" not in page


def test_query_page_lists_the_cookbook(client: TestClient) -> None:
    from graph import queries

    r = client.get("/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "default-src 'none'" in r.headers["content-security-policy"]
    page = r.text
    _no_external_resources(page)
    for name in queries.names():
        assert json.dumps(name) in page
    assert "graph_nodes" in page and "<textarea" in page
    english = client.get("/", params={"lang": "en"}).text
    assert "Cookbook queries" in english and 'lang="en"' in english


def test_graph_page(client: TestClient) -> None:
    r = client.get("/graph")
    assert r.status_code == 200
    assert "KH 04/KH-UBND" in r.text
    _no_external_resources(r.text)
    assert client.get("/graph").text == r.text  # cached
    r = client.get("/graph", params={"focus": "04/KH-UBND", "lang": "en"})
    assert r.status_code == 200
    m = regex.search(
        r'<script type="application/json" id="vbkg-data">(.*?)</script>', r.text, flags=regex.S
    )
    assert m and json.loads(m.group(1))["focus"]["id"] == KH04
    assert client.get("/graph", params={"focus": "999/NONE"}).status_code == 404


def test_check_form_and_report(client: TestClient) -> None:
    r = client.get("/check")
    assert r.status_code == 200 and 'type="file"' in r.text
    draft = (EXAMPLES / "001_e31f9ee25f552465.txt").read_bytes()
    r = client.post("/check", files={"draft": ("dự thảo <b>.txt", draft, "text/plain")})
    assert r.status_code == 200, r.text
    assert "dự thảo &lt;b&gt;.txt" in r.text and "<b>.txt" not in r.text
    assert 'id="report"' in r.text and "srcdoc=" in r.text
    assert 'sandbox="allow-same-origin"' in r.text
    r = client.post(
        "/check",
        files={"draft": ("evil.exe", b"MZ", "application/octet-stream")},
        params={"lang": "en"},
    )
    assert r.status_code == 400 and "is not supported" in r.text
    r = client.post("/check", data={"x": "1"})
    assert r.status_code == 400


def test_check_upload_limit(store_path: Path) -> None:
    config = ServeConfig(store=str(store_path), max_upload_bytes=1000)
    with client_for(config) as c:
        r = c.post("/check", files={"draft": ("big.txt", b"a" * 5000, "text/plain")})
        assert r.status_code == 413


# --------------------------------------------------------------------------- real server


def test_sparqlwrapper_against_a_real_server(store_path: Path) -> None:
    sw = pytest.importorskip("SPARQLWrapper", reason="SPARQLWrapper is not installed")
    with running_server(ServeConfig(store=str(store_path))) as url:
        endpoint = sw.SPARQLWrapper(f"{url}/sparql")
        endpoint.setQuery(
            "PREFIX vbkg: <https://w3id.org/vbkg/ontology#> "
            "SELECT ?key WHERE { ?d vbkg:inCorpus true ; vbkg:key ?key }"
        )
        for fmt in (sw.JSON, sw.XML, sw.CSV, sw.TSV):
            endpoint.setReturnFormat(fmt)
            result = endpoint.query().convert()
            assert result
        endpoint.setReturnFormat(sw.JSON)
        keys = {b["key"]["value"] for b in endpoint.query().convert()["results"]["bindings"]}
        assert "04/KH-UBND" in keys
        endpoint.setMethod(sw.POST)
        assert endpoint.query().convert()["results"]["bindings"]
        endpoint.setQuery("PREFIX vbkg: <https://w3id.org/vbkg/ontology#> " + CONSTRUCT)
        endpoint.setReturnFormat(sw.TURTLE)
        data = endpoint.query().convert()
        assert len(Graph().parse(data=data, format="turtle")) == 5
        update = sw.SPARQLWrapper(f"{url}/sparql", updateEndpoint=f"{url}/sparql")
        update.setMethod(sw.POST)
        update.setQuery(INSERT)
        with pytest.raises(Exception, match=r"403|Forbidden|refused"):
            update.query()


def test_served_store_as_a_remote_store(store_path: Path) -> None:
    """The server over a store that is itself a SPARQL endpoint (here: a vbkg server)."""
    with running_server(ServeConfig(store=str(store_path))) as upstream:
        remote = f"sparql+{upstream}/sparql?update=&store="
        with client_for(ServeConfig(store=remote, timeout=60)) as c:
            rows = bindings(c.get("/sparql", params={"query": KEYS}))
            assert any(r["doc"]["value"] == KH04 for r in rows)
            r = c.get("/graph")
            assert r.status_code == 200, r.text[:500]
            assert "KH 04/KH-UBND" in r.text
