"""``vbkg serve`` under attack (issue 17, points 7-11; issue 14, point 3): request forgery through
SERVICE, DNS rebinding and framing, slow clients, oversized chunked uploads, heavy queries
starving light ones. Most tests run the real command (``vbkg serve`` in a subprocess on a free
loopback port) and speak raw HTTP to it; every loop and wait is bounded."""

from __future__ import annotations

import contextlib
import os
import select
import socket
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from factories import EXAMPLES, free_port, running_server, seed_store

httpx = pytest.importorskip("httpx", reason="httpx is not installed")
pytest.importorskip("starlette", reason="starlette is not installed")
pytest.importorskip("python_multipart", reason="python-multipart is not installed")

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from graph.web.app import ServeConfig, create_app  # noqa: E402
from graph.web.guard import check_services, service_endpoints  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
LIGHT = "ASK { ?s ?p ?o }"
HEADER_TIMEOUT = 2.0


class Served:
    def __init__(self, url: str, port: int, log: Path) -> None:
        self.url, self.port, self.log = url, port, log


@contextlib.contextmanager
def vbkg_serve(store: Path, log: Path, *args: str) -> Iterator[Served]:
    """``vbkg serve`` in a subprocess; yields once it answers."""
    port = free_port()
    env = dict(
        os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])
    )
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-c",
                "from graph.cli import main; main()",
                "serve",
                "--store",
                str(store),
                "--port",
                str(port),
                *args,
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            if proc.poll() is not None:
                raise RuntimeError(log.read_text(errors="replace"))
            with contextlib.suppress(httpx.HTTPError):
                if (
                    httpx.get(f"{url}/sparql", params={"query": LIGHT}, timeout=10).status_code
                    == 200
                ):
                    break
            if time.monotonic() > deadline:
                raise RuntimeError("vbkg serve did not answer")
            time.sleep(0.2)
        yield Served(url, port, log)
    finally:
        proc.terminate()
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seed_store(tmp_path_factory.mktemp("endpoint"))


@pytest.fixture(scope="module")
def server(store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    log = tmp_path_factory.mktemp("serve-log") / "serve.log"
    with vbkg_serve(
        store, log, "--header-timeout", str(HEADER_TIMEOUT), "--timeout", "20", "--lang", "en"
    ) as served:
        yield served


@contextlib.contextmanager
def canary() -> Iterator[tuple[int, list[bytes]]]:
    """A listener on a free loopback port that records whoever connects."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    sock.settimeout(0.2)
    seen: list[bytes] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = sock.accept()
            except OSError:
                continue
            with conn:
                conn.settimeout(1)
                with contextlib.suppress(OSError):
                    seen.append(conn.recv(4096))

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield sock.getsockname()[1], seen
    finally:
        stop.set()
        thread.join(5)
        sock.close()


# --------------------------------------------------------------------------- 17.7: SERVICE

SERVICE_CASES = [
    (
        "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }",
        ["http://127.0.0.1:1/sparql"],
    ),
    ("select * where { service silent <http://a.example/> { ?s ?p ?o } }", ["http://a.example/"]),
    (
        "PREFIX x: <http://b.example/> SELECT * { SERVICE x:sparql { ?s ?p ?o } }",
        ["http://b.example/sparql"],
    ),
    ("SELECT * { SERVICE ?e { ?s ?p ?o } }", [None]),
    ("SELECT * { \\u0053ERVICE <http://c.example/> { ?s ?p ?o } }", ["http://c.example/"]),
    (
        "SELECT * { SERVICE <http://d.example/> { SERVICE <http://e.example/> { ?s ?p ?o } } }",
        ["http://d.example/", "http://e.example/"],
    ),
    ('SELECT * { ?s ?p "SERVICE <http://f.example/> {}" } # SERVICE <http://g.example/>', []),
    ("SELECT * { ?s ?p '''\nSERVICE <http://h.example/>''' }", []),
    ("SELECT ?service { ?service ex:service ?o }", []),
]


@pytest.mark.parametrize(("text", "expected"), SERVICE_CASES)
def test_service_endpoints_are_found_by_tokens_not_text(
    text: str, expected: list[str | None]
) -> None:
    assert service_endpoints(text) == expected


def test_allowed_service_passes_and_others_do_not() -> None:
    check_services("SELECT * { SERVICE <http://a.example/s> { ?s ?p ?o } }", ["http://a.example/s"])
    with pytest.raises(ValueError, match="not one of the --allow-service"):
        check_services(
            "SELECT * { SERVICE <http://b.example/s> { ?s ?p ?o } }", ["http://a.example/s"]
        )
    with pytest.raises(ValueError, match="--allow-service"):
        check_services("SELECT * { SERVICE ?x { ?s ?p ?o } }", ["http://a.example/s"])


def test_service_is_refused_and_never_called(server: Served) -> None:
    with canary() as (port, seen):
        for query in (
            f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
            f"SELECT * WHERE {{ SERVICE SILENT <http://127.0.0.1:{port}/x> {{ ?s ?p ?o }} }}",
            f"PREFIX c: <http://127.0.0.1:{port}/> SELECT * {{ SERVICE c:x {{ ?s ?p ?o }} }}",
        ):
            r = httpx.post(f"{server.url}/sparql", data={"query": query}, timeout=20)
            assert r.status_code == 403, r.text
            assert "--allow-service" in r.text
        r = httpx.post(
            f"{server.url}/sparql",
            data={
                "update": "INSERT { ?s ?p ?o } WHERE { SERVICE "
                f"<http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }}"
            },
            timeout=20,
        )
        assert r.status_code == 403
        time.sleep(0.5)
        assert seen == []  # nobody connected to the canary


def test_nested_self_service_does_not_tie_up_workers(server: Served) -> None:
    inner = f"SELECT * WHERE {{ SERVICE <{server.url}/sparql> {{ ?s ?p ?o }} }}"
    nested = (
        f"SELECT * WHERE {{ SERVICE <{server.url}/sparql> {{ SERVICE <{server.url}/sparql> "
        "{ ?s ?p ?o } } }"
    )
    with ThreadsOf(
        4, lambda: httpx.post(f"{server.url}/sparql", data={"query": nested}, timeout=30)
    ) as results:
        pass
    assert [r.status_code for r in results] == [403] * 4
    assert httpx.post(f"{server.url}/sparql", data={"query": inner}, timeout=10).status_code == 403
    started = time.monotonic()
    assert httpx.get(f"{server.url}/sparql", params={"query": LIGHT}, timeout=10).status_code == 200
    assert time.monotonic() - started < 5


def test_comments_and_strings_naming_service_run(server: Served) -> None:
    query = 'SELECT * WHERE { ?s ?p "SERVICE <http://x.example/>" } LIMIT 1 # SERVICE <http://y/>'
    assert httpx.post(f"{server.url}/sparql", data={"query": query}, timeout=20).status_code == 200


def test_an_allowed_endpoint_is_called(store: Path) -> None:
    with running_server(ServeConfig(store=str(store))) as upstream:
        endpoint = f"{upstream}/sparql"
        config = ServeConfig(store=str(store), allowed_services=(endpoint,), timeout=60)
        with TestClient(create_app(config), base_url="http://127.0.0.1") as c:
            q = f"SELECT ?k WHERE {{ SERVICE <{endpoint}> {{ ?d vbkg:key ?k }} }} LIMIT 3"
            q = "PREFIX vbkg: <https://w3id.org/vbkg/ontology#> " + q
            r = c.post("/sparql", data={"query": q})
            assert r.status_code == 200, r.text
            assert len(r.json()["results"]["bindings"]) == 3
            other = "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }"
            assert c.post("/sparql", data={"query": other}).status_code == 403


class ThreadsOf:
    """Run ``fn`` in ``n`` threads at once; ``results`` once the block ends (bounded join)."""

    def __init__(self, n: int, fn: object) -> None:
        self.results: list[object] = []
        self.threads = [
            threading.Thread(target=self._run, args=(fn,), daemon=True) for _ in range(n)
        ]

    def _run(self, fn: object) -> None:
        try:
            self.results.append(fn())  # type: ignore[operator]
        except Exception as exc:
            self.results.append(exc)

    def __enter__(self) -> list[object]:
        for t in self.threads:
            t.start()
        return self.results

    def __exit__(self, *exc: object) -> None:
        for t in self.threads:
            t.join(60)


# --------------------------------------------------------------------------- 17.8: Host, framing


def test_only_configured_host_names_answer(server: Served) -> None:
    url = f"{server.url}/sparql"
    r = httpx.get(url, params={"query": LIGHT}, headers={"Host": "evil.example"}, timeout=10)
    assert r.status_code == 400 and "evil.example" in r.text
    assert r.headers["x-content-type-options"] == "nosniff"
    r = httpx.get(url, params={"query": LIGHT}, headers={"Host": "evil.example:80"}, timeout=10)
    assert r.status_code == 400
    for host in (f"127.0.0.1:{server.port}", f"localhost:{server.port}", "localhost"):
        r = httpx.get(url, params={"query": LIGHT}, headers={"Host": host}, timeout=10)
        assert r.status_code == 200, host


def test_an_allowed_host_name_answers(store: Path) -> None:
    config = ServeConfig(store=str(store), allowed_hosts=("kb.example",))
    with TestClient(create_app(config), base_url="http://kb.example") as c:
        assert c.get("/sparql", params={"query": LIGHT}).status_code == 200
        assert (
            c.get("/sparql", params={"query": LIGHT}, headers={"Host": "127.0.0.1"}).status_code
            == 400
        )


def test_every_page_and_error_refuses_framing(server: Served) -> None:
    pages = ["/", "/check", "/graph", "/graph?focus=999/NONE", "/no-such-page", "/sparql"]
    for path in pages:
        r = httpx.get(server.url + path, timeout=60)
        assert r.headers["x-content-type-options"] == "nosniff", path
        assert "frame-ancestors 'none'" in r.headers["content-security-policy"], path
        assert r.headers["x-frame-options"] == "DENY", path
    assert httpx.get(server.url + "/no-such-page", timeout=10).status_code == 404


# --------------------------------------------------------------------------- 17.9: slow clients


def test_half_open_connections_are_closed_and_do_not_block(server: Served) -> None:
    size_before = server.log.stat().st_size
    sockets = []
    try:
        for _ in range(200):
            s = socket.create_connection(("127.0.0.1", server.port), timeout=5)
            s.sendall(b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
            sockets.append(s)
        started = time.monotonic()
        r = httpx.get(f"{server.url}/sparql", params={"query": LIGHT}, timeout=10)
        assert r.status_code == 200
        assert time.monotonic() - started < 3
        deadline = time.monotonic() + HEADER_TIMEOUT + 8
        open_ = list(sockets)
        while open_ and time.monotonic() < deadline:
            readable, _, _ = select.select(open_, [], [], 0.5)
            for s in readable:
                try:
                    data = s.recv(1024)
                except OSError:
                    data = b""
                if not data:
                    open_.remove(s)
        assert open_ == [], f"{len(open_)} half-open connections still held"
    finally:
        for s in sockets:
            s.close()
    assert server.log.stat().st_size - size_before < 20_000


def test_idle_keep_alive_connection_is_closed(server: Served) -> None:
    with socket.create_connection(("127.0.0.1", server.port), timeout=15) as s:
        s.sendall(b"GET /favicon.ico HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        assert b" 204 " in s.recv(4096)
        started = time.monotonic()
        s.settimeout(15)
        try:
            rest = s.recv(4096)
        except OSError:
            rest = b""
        assert rest == b""
        assert time.monotonic() - started < 10


def test_repeated_log_lines_are_collapsed() -> None:
    import logging

    from graph.web.guard import RepeatFilter

    flt = RepeatFilter(burst=3, window=60)
    passed = sum(
        flt.filter(
            logging.LogRecord(
                "uvicorn.error", 30, "", 0, "Invalid HTTP request received.", None, None
            )
        )
        for _ in range(1000)
    )
    assert passed == 3
    other = logging.LogRecord("uvicorn.error", 30, "", 0, "another message", None, None)
    assert flt.filter(other)


# --------------------------------------------------------------------------- 17.10: uploads


def test_chunked_upload_stops_at_the_limit(server: Served) -> None:
    chunk = b"a" * (1 << 20)
    sent = 0
    status = b""
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as s:
        s.sendall(
            b"POST /check HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: multipart/form-data; boundary=XX\r\nTransfer-Encoding: chunked\r\n\r\n"
        )
        head = b'--XX\r\nContent-Disposition: form-data; name="draft"; filename="big.txt"\r\n\r\n'
        try:
            s.sendall(b"%x\r\n%s\r\n" % (len(head), head))
            while sent < 60 * len(chunk):
                if select.select([s], [], [], 0)[0]:
                    break
                s.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                sent += len(chunk)
            else:
                tail = b"\r\n--XX--\r\n"
                s.sendall(b"%x\r\n%s\r\n0\r\n\r\n" % (len(tail), tail))
            status = s.recv(4096)
        except OSError:
            pass  # the server closed the connection on the rest of the body: fine
    assert sent < 30 * len(chunk), f"{sent >> 20} MB were read before the answer"
    assert not status or b" 413 " in status.split(b"\r\n")[0]


def test_upload_errors_name_the_uploaded_file_only(server: Served) -> None:
    r = httpx.post(
        f"{server.url}/check?lang=en",
        files={"draft": ("báo cáo.docx", os.urandom(4000), "application/octet-stream")},
        timeout=60,
    )
    assert r.status_code == 400, r.text
    assert "báo cáo.docx" in r.text or "b&#225;o c&#225;o.docx" in r.text
    assert "vbkg-check-" not in r.text and tempfile.gettempdir() not in r.text


def test_the_check_has_its_own_time_budget(store: Path) -> None:
    draft = (EXAMPLES / "001_e31f9ee25f552465.txt").read_text(encoding="utf-8") * 40
    config = ServeConfig(store=str(store), check_timeout=0.2, timeout=60)
    with TestClient(create_app(config), base_url="http://127.0.0.1") as c:
        assert c.get("/sparql", params={"query": LIGHT}).status_code == 200  # warm
        r = c.post(
            "/check",
            params={"lang": "en"},
            files={"draft": ("d.txt", draft.encode(), "text/plain")},
        )
        assert r.status_code == 503
        assert "time budget of 0.2 s" in r.text
        assert "Retry-After" in r.headers


# --------------------------------------------------------------------------- 17.11: starvation


def test_two_heavy_queries_do_not_starve_a_light_one(server: Served) -> None:
    heavy = lambda: httpx.post(f"{server.url}/sparql", data={"query": HEAVY}, timeout=40)  # noqa: E731
    with ThreadsOf(2, heavy) as results:
        time.sleep(1.5)  # both general workers are busy now
        started = time.monotonic()
        r = httpx.post(f"{server.url}/sparql", data={"query": LIGHT}, timeout=30)
        elapsed = time.monotonic() - started
        assert r.status_code == 200, r.text
        assert elapsed < 5, f"the light query waited {elapsed:.1f} s"
        # a third heavy query is told when to come back rather than left hanging
        third = httpx.post(f"{server.url}/sparql", data={"query": HEAVY}, timeout=40)
        assert third.status_code == 503 and "Retry-After" in third.headers
    assert len(results) == 2


def test_allow_service_may_not_name_the_server_itself(store: Path) -> None:
    from click.testing import CliRunner

    from graph.cli import cli

    args = ["serve", "--store", str(store), "--port", "8123", "--lang", "en"]
    for url in ("http://127.0.0.1:8123/sparql", "http://localhost:8123/sparql"):
        result = CliRunner().invoke(cli, [*args, "--allow-service", url])
        assert result.exit_code != 0
        assert "may not name this server itself" in result.output
