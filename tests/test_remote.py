"""graph.store.remote: a vbkg store on an Oxigraph server behaves like the embedded store.

Starts ``oxigraph serve`` (PyPI package ``oxigraph``) on 127.0.0.1, a free port and a tmp
directory; skipped when the binary is not installed. Every wait is bounded and every
server is terminated by the fixture's finaliser.
"""

from __future__ import annotations

import contextlib
import io
import json
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner
from factories import free_port, seed001_extraction
from rdflib import Graph
from rdflib.compare import isomorphic

from graph import ids
from graph.analysis.trace import trace
from graph.build import build_document_graph
from graph.cli import EXAMPLES_DIR, cli
from graph.ingest import ingest
from graph.store import Store, StoreError, open_store
from graph.store.remote import RemoteStore, RemoteStoreError, endpoints

pytestmark = pytest.mark.filterwarnings(
    "ignore:Dataset.default_context is deprecated:DeprecationWarning",
    "ignore:ConjunctiveGraph is deprecated:DeprecationWarning",
)

START_TIMEOUT = 20.0  # seconds for a server to answer its first query


def _oxigraph_binary() -> str | None:
    beside = Path(sys.executable).parent / "oxigraph"  # pip install oxigraph, in this venv
    return str(beside) if beside.exists() else shutil.which("oxigraph")


def _start(binary: str, data: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    proc = subprocess.Popen(
        [binary, "serve", "--location", str(data), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
            raise RuntimeError(f"oxigraph serve exited with {proc.returncode}: {err}")
        try:
            r = httpx.post(url + "query", data={"query": "ASK {}"}, timeout=1.0)
            if r.status_code == 200:
                return proc, url
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    proc.kill()
    proc.wait(timeout=10)
    raise RuntimeError(f"oxigraph serve did not answer on {url} within {START_TIMEOUT}s")


@pytest.fixture(scope="module")
def start_server(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Callable[[], str]]:
    """A factory of fresh Oxigraph servers (URL ``http://127.0.0.1:PORT/``)."""
    binary = _oxigraph_binary()
    if binary is None:
        pytest.skip("the `oxigraph` server binary is not installed (pip install oxigraph)")
    procs: list[subprocess.Popen[bytes]] = []

    def start() -> str:
        for attempt in range(3):  # another process may take the free port first
            try:
                proc, url = _start(binary, tmp_path_factory.mktemp("oxigraph"))
            except RuntimeError:
                if attempt == 2:
                    raise
                continue
            procs.append(proc)
            return url
        raise AssertionError("unreachable")

    try:
        yield start
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)


@pytest.fixture(scope="module")
def embedded(seed_store_path: Path) -> Store:
    return Store.open(seed_store_path, read_only=True)


@pytest.fixture(scope="module")
def server(start_server: Callable[[], str]) -> str:
    """A server holding the five seeds, loaded by vbkg's ingest with the URL as store."""
    url = start_server()
    report = ingest([EXAMPLES_DIR], url)
    assert report.documents == 5
    return url


@pytest.fixture
def remote(server: str) -> Iterator[RemoteStore]:
    with RemoteStore.open(server) as store:
        yield store


def _default_graph(store: Store | RemoteStore, **kw: bool) -> Graph:
    buf = io.BytesIO()
    store.export(buf, "nt", **kw)
    return Graph().parse(data=buf.getvalue(), format="nt")


def _assert_same(remote: RemoteStore, embedded: Store) -> None:
    assert remote.sources() == embedded.sources()
    assert len(remote.sources()) == 5
    assert len(remote) == len(embedded)
    assert isomorphic(_default_graph(remote), _default_graph(embedded))


# --------------------------------------------------------------------------- endpoints


def test_endpoint_forms() -> None:
    assert endpoints("http://h:7878/") == endpoints("http://h:7878")
    e = endpoints("http://h:7878/")
    assert (e.query, e.update, e.store, e.layout) == (
        "http://h:7878/query",
        "http://h:7878/update",
        "http://h:7878/store",
        "oxigraph",
    )
    e = endpoints("http://h:3030/ds/sparql")
    assert (e.query, e.update, e.store, e.layout) == (
        "http://h:3030/ds/sparql",
        "http://h:3030/ds/update",
        "http://h:3030/ds/data",
        "fuseki",
    )
    e = endpoints("sparql+http://h:8890/sparql?store=/sparql-graph-crud")
    assert (e.query, e.update, e.store) == (
        "http://h:8890/sparql",
        "http://h:8890/sparql",
        "http://h:8890/sparql-graph-crud",
    )
    e = endpoints("sparql+https://h/q?update=https://u/up&x=1")
    assert (e.query, e.update, e.store) == ("https://h/q?x=1", "https://u/up", None)
    e = endpoints("http://h:7878/?store=", update_endpoint="http://other/u")
    assert (e.update, e.store) == ("http://other/u", None)


def test_ambiguous_url_is_refused() -> None:
    with pytest.raises(RemoteStoreError) as info:
        endpoints("http://h:8890/sparql")
    assert "sparql+http://" in info.value.message("en")
    assert "sparql+http://" in info.value.message("vi")


# --------------------------------------------------------------------------- same content


def test_open_store_dispatches_urls(server: str) -> None:
    store = open_store(server, read_only=True)
    assert isinstance(store, RemoteStore)
    assert store.base == ids.DEFAULT_BASE  # read from the vocabulary graph's name
    store.close()


def test_same_content_as_embedded(remote: RemoteStore, embedded: Store) -> None:
    _assert_same(remote, embedded)
    assert isomorphic(
        _default_graph(remote, include_vocabulary=False),
        _default_graph(embedded, include_vocabulary=False),
    )
    for source in embedded.sources():
        assert isomorphic(remote.source_graph(source), embedded.source_graph(source))


def test_dataset_export_keeps_graphs(remote: RemoteStore, embedded: Store) -> None:
    def quads(store: Store | RemoteStore) -> set[str]:
        buf = io.BytesIO()
        store.export(buf, "nquads", include_vocabulary=False)
        return set(buf.getvalue().decode("utf-8").splitlines())

    assert quads(remote) == quads(embedded)


def test_query_shapes_match(remote: RemoteStore, embedded: Store) -> None:
    select = (
        "SELECT ?doc ?rel ?target WHERE { ?c vbkg:citingDocument ?doc ; "
        "vbkg:relation ?rel ; vbkg:citedDocument ?target } ORDER BY ?doc ?rel ?target"
    )
    rows = remote.query(select)
    assert isinstance(rows, list) and rows
    assert rows == embedded.query(select)
    assert remote.select(select) == embedded.select(select)
    assert remote.query("ASK { ?s a vbkg:SourceFile }") is True
    assert remote.select("ASK { ?s a vbkg:Nothing }") == embedded.select(
        "ASK { ?s a vbkg:Nothing }"
    )
    construct = "CONSTRUCT { ?s a vbkg:SourceFile } WHERE { ?s a vbkg:SourceFile }"
    g = remote.query(construct)
    assert isinstance(g, Graph) and len(g) == 5
    assert isomorphic(g, embedded.query(construct))  # type: ignore[arg-type]


def test_bindings_are_values_not_text(remote: RemoteStore, embedded: Store) -> None:
    q = "SELECT ?id WHERE { GRAPH ?g { ?g dcterms:identifier ?id } }"
    source = embedded.sources()[0]
    assert remote.query(q, {"id": source}) == embedded.query(q, {"id": source}) != []
    hostile = 'x" } } ; DROP ALL ; SELECT * { "'
    assert remote.query(q, {"id": hostile}) == []
    assert len(remote) == len(embedded)
    with pytest.raises(ValueError):
        remote.query(q, {"id) {} } #": "x"})


def test_cli_query_same_rows(server: str, embedded: Store) -> None:
    q = "SELECT ?doc ?key WHERE { ?doc a vbkg:Document ; vbkg:key ?key } ORDER BY ?doc ?key"
    runner = CliRunner()
    on_disk = runner.invoke(cli, ["query", q, "--store", str(embedded.path), "--format", "json"])
    on_server = runner.invoke(cli, ["query", q, "--store", server, "--format", "json"])
    assert on_disk.exit_code == 0, on_disk.output
    assert on_server.exit_code == 0, on_server.output
    assert json.loads(on_server.stdout) == json.loads(on_disk.stdout) != []


# --------------------------------------------------------------------------- writes


def test_replace_twice_and_shared_facts(remote: RemoteStore, embedded: Store) -> None:
    source = embedded.sources()[1]
    g = embedded.source_graph(source)
    for _ in range(2):
        assert remote.replace_source(source, g) == len(g)
    _assert_same(remote, embedded)

    # a second file stating the same facts: the default graph holds each fact once
    extra = seed001_extraction("extra.txt")
    remote.replace_source(extra.source, build_document_graph(extra))
    remote.replace_source(extra.source, build_document_graph(extra))
    dup = remote.query(
        "SELECT ?s ?p ?o (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?s ?p ?o HAVING (?n > 1)"
    )
    assert dup == []
    assert "extra.txt" in remote.sources()
    remote.remove_source(extra.source)
    _assert_same(remote, embedded)  # facts also stated by the seeds stayed in the union


def test_read_only_refuses_updates(server: str, embedded: Store) -> None:
    with RemoteStore.open(server, read_only=True) as ro:
        before = len(ro)
        with pytest.raises(StoreError):
            ro.replace_source("x.txt", Graph())
        with pytest.raises(StoreError):
            ro.remove_source(embedded.sources()[0])
        with pytest.raises(StoreError):
            ro.refresh_vocabulary()
        assert len(ro) == before
        assert ro.sources() == embedded.sources()


def test_base_is_read_back_from_the_server(start_server: Callable[[], str]) -> None:
    url = start_server()
    RemoteStore.open(url, base="https://example.org/kg").close()
    with RemoteStore.open(url, read_only=True) as store:
        assert store.base == "https://example.org/kg"
        assert store.source_graph_name("a.txt").startswith("https://example.org/kg/")
        assert len(store) == 0


# --------------------------------------------------------------------------- errors


@pytest.fixture
def fake_server() -> Iterator[Callable[[int, str, bytes, float], str]]:
    """A loopback HTTP server answering every request with one canned response."""
    servers: list[ThreadingHTTPServer] = []

    def make(status: int, ctype: str, body: bytes, delay: float = 0.0) -> str:
        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                time.sleep(delay)
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                with contextlib.suppress(OSError):  # the client gave up (the timeout test)
                    self.wfile.write(body)

            do_GET = do_POST = _answer

            def log_message(self, *args: object) -> None:
                pass

        httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        httpd.daemon_threads = True
        servers.append(httpd)
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{httpd.server_address[1]}/"

    yield make
    for httpd in servers:
        httpd.shutdown()
        httpd.server_close()


def test_unreachable_server() -> None:
    url = f"http://127.0.0.1:{free_port()}/"
    with pytest.raises(RemoteStoreError) as info:
        RemoteStore.open(url, read_only=True, timeout=5)
    assert "cannot reach" in info.value.message("en")
    assert "Không kết nối được" in info.value.message("vi")


def test_not_a_sparql_endpoint(fake_server: Callable[..., str]) -> None:
    url = fake_server(200, "text/html", b"<html>hello</html>")
    with pytest.raises(RemoteStoreError) as info:
        RemoteStore.open(url, read_only=True, timeout=5)
    assert "not a SPARQL endpoint" in info.value.message("en")
    assert "text/html" in info.value.message("vi")


def test_http_error_carries_server_message(fake_server: Callable[..., str]) -> None:
    url = fake_server(503, "text/plain", b"maintenance until noon")
    with pytest.raises(RemoteStoreError) as info:
        RemoteStore.open(url, read_only=True, timeout=5)
    assert info.value.status == 503
    assert "maintenance until noon" in info.value.message("en")


def test_query_error_carries_server_message(remote: RemoteStore) -> None:
    with pytest.raises(RemoteStoreError) as info:
        remote.query("SELEC nothing")
    assert info.value.status == 400
    assert "HTTP 400" in info.value.message("en")


def test_timeout(fake_server: Callable[..., str]) -> None:
    url = fake_server(200, "application/sparql-results+json", b'{"boolean": true}', 3.0)
    started = time.monotonic()
    with pytest.raises(RemoteStoreError) as info:
        RemoteStore.open(url, read_only=True, timeout=0.5)
    assert time.monotonic() - started < 3.0
    assert "timed out" in info.value.message("en")


# --------------------------------------------------------------------------- trace


def test_same_trace_on_both_stores(remote: RemoteStore, embedded: Store) -> None:
    assert trace(remote, "04/KH-UBND") == trace(embedded, "04/KH-UBND")
