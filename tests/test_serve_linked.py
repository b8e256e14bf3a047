"""``vbkg serve`` as linked data (issue 14.3): the store's IRIs dereference by content
negotiation, ``GET /sparql`` describes the service, citation keys resolve to IRIs."""

from __future__ import annotations

import warnings
from collections.abc import Iterator

import pytest
from factories import KH04, seed_store
from rdflib import Graph, Namespace, URIRef

pytest.importorskip("starlette", reason="starlette is not installed")
pytest.importorskip("httpx", reason="httpx is not installed (Starlette's TestClient)")

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from graph.ids import DEFAULT_BASE
from graph.web.app import ServeConfig, create_app

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
SKOS_LABEL = URIRef("http://www.w3.org/2004/02/skos/core#prefLabel")


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    store = seed_store(tmp_path_factory.mktemp("linked"))
    app = create_app(ServeConfig(store=str(store), timeout=60))
    with TestClient(app, base_url="http://127.0.0.1") as c:
        yield c


def path_of(iri: str) -> str:
    assert iri.startswith(DEFAULT_BASE)
    return iri[len(DEFAULT_BASE) :]


def test_a_document_iri_answers_turtle_json_ld_and_html(client: TestClient) -> None:
    r = client.get(path_of(KH04), headers={"Accept": "text/turtle"})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/turtle")
    assert "Accept" in r.headers["vary"]
    ttl = Graph().parse(data=r.text, format="turtle")
    about = set(ttl.predicate_objects(URIRef(KH04)))
    assert len(about) > 5
    assert any(str(o) == "04/KH-UBND" for _, o in about)
    # the labels of the objects come along (the issuer's name)
    assert any(s != URIRef(KH04) and p == SKOS_LABEL for s, p, _ in ttl)

    r = client.get(path_of(KH04), headers={"Accept": "application/ld+json"})
    assert r.headers["content-type"].startswith("application/ld+json")
    jsonld = Graph().parse(data=r.text, format="json-ld")
    assert len(jsonld) == len(ttl)

    r = client.get(path_of(KH04), headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert r.headers["content-type"].startswith("text/html")
    assert 'id="triples"' in r.text and "04/KH-UBND" in r.text
    assert "frame-ancestors 'none'" in r.headers["content-security-policy"]
    assert (
        client.get(path_of(KH04), params={"format": "nt"})
        .headers["content-type"]
        .startswith("application/n-triples")
    )


def test_unit_and_issuer_iris_dereference(client: TestClient) -> None:
    rows = client.get(
        "/sparql",
        params={
            "query": f"SELECT ?i ?u WHERE {{ <{KH04}> vbkg:issuer ?i . ?i ?p ?u . "
            "FILTER(STRSTARTS(STR(?u), 'https://w3id.org/vbkg/unit/')) } LIMIT 1"
        },
    ).json()["results"]["bindings"]
    assert rows, "the seed's issuer has a unit"
    for iri in (rows[0]["i"]["value"], rows[0]["u"]["value"]):
        r = client.get(path_of(iri), headers={"Accept": "text/turtle"})
        assert r.status_code == 200, iri
        assert len(Graph().parse(data=r.text, format="turtle")) > 0


def test_an_unknown_iri_is_404(client: TestClient) -> None:
    r = client.get("/eli/vn/xx/kh/1900/0", headers={"Accept": "text/turtle"})
    assert r.status_code == 404
    r = client.get("/eli/vn/xx/kh/1900/0", headers={"Accept": "text/html"})
    assert r.status_code == 404 and "text/html" in r.headers["content-type"]


def test_service_description_on_get_sparql_without_a_query(client: TestClient) -> None:
    r = client.get("/sparql")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/turtle")
    g = Graph().parse(data=r.text, format="turtle")
    service = next(g.subjects(SD.endpoint, None))
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in g
    assert (service, SD.supportedLanguage, SD.SPARQL11Update) not in g
    assert str(g.value(service, SD.endpoint)) == "http://127.0.0.1/sparql"
    r = client.get("/sparql", headers={"Accept": "application/ld+json"})
    assert len(Graph().parse(data=r.text, format="json-ld")) == len(g)


def test_a_citation_key_resolves_and_an_unknown_one_says_so(client: TestClient) -> None:
    r = client.get("/resolve", params={"ref": "04/KH-UBND"})
    assert r.status_code == 200 and r.json()["iri"] == KH04
    r = client.get("/resolve", params={"ref": "999/KH-NONE", "lang": "en"})
    assert r.status_code == 404
    assert r.json()["error"] == "no document in the store has the key 999/KH-NONE"
    assert client.get("/resolve").status_code == 400
    page = client.get("/").text
    assert 'id="resolved"' in page and "/resolve?lang=" in page
