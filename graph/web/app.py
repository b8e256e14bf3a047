"""A SPARQL 1.1 Protocol endpoint and a small web interface over a vbkg store.

Public verbs: :func:`create_app` (a Starlette application) and :func:`serve` (run it with
uvicorn). ``vbkg serve`` (``graph/cli/serve.py``) is the command line.

Routes
------
``/sparql``
    SPARQL 1.1 Protocol: ``GET ?query=``, ``POST`` ``application/x-www-form-urlencoded``
    (``query=`` or ``update=``) and direct bodies (``application/sparql-query``,
    ``application/sparql-update``). Results by ``Accept``: SELECT and ASK as
    ``application/sparql-results+json`` (default), ``application/sparql-results+xml``,
    ``text/csv``, ``text/tab-separated-values``; CONSTRUCT and DESCRIBE as ``text/turtle``
    (default), ``application/ld+json``, ``application/n-triples``, ``application/rdf+xml``.
    ``?format=json|xml|csv|tsv|turtle|jsonld|nt`` (or a media type, as SPARQLWrapper
    sends) overrides ``Accept`` (for links). The
    project's prefixes (``vbkg:``, ``eli:``, ``dcterms:`` …) are predeclared.
    Updates are refused with 403 unless the server runs with ``allow_update``.
``/``
    a query editor prefilled with the named queries of ``graph/queries`` (their questions).
``/graph``
    the interactive graph page of the store (:func:`graph.analysis.netx.store_to_networkx` +
    :func:`graph.web.graph_page.render_html`); ``?focus=REF`` highlights a plan's chain.
``/check``
    a form to upload a draft plan (``.txt``, ``.md``, ``.docx``, ``.pdf``) and the report of
    :func:`graph.checks.run.check_plan` run against the store.

Limits
------
Every store access runs in a worker *process* (a ``python`` subprocess), each with its
own read-only handle on the store (one read-write worker with ``allow_update`` on an
embedded store: RocksDB allows one writer). A query that does not answer within
``timeout`` seconds gets **503** and its worker is killed and replaced, so a runaway query
costs neither CPU nor memory afterwards. A SELECT with more than ``max_rows`` rows (or a
CONSTRUCT with more triples) is **truncated** to ``max_rows`` and the response carries
``X-VBKG-Truncated: true`` and ``X-VBKG-Max-Rows``. Query texts over ``max_query_bytes``
get 413, uploads over ``max_upload_bytes`` too.

The server binds 127.0.0.1 by default. Pages are self-contained (no CDN, no web font);
every text from a document or a query result reaches the page as escaped HTML or through
``textContent``.

The same server works over a remote SPARQL store (``store`` an ``http(s)://`` URL,
:func:`graph.store.open_store`): the workers then forward queries to it.
"""

from __future__ import annotations

import contextlib
import csv
import html
import io
import json
import logging
import os
import queue
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import xml.etree.ElementTree as ET
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import regex

from graph.paths import PROJECT_ROOT
from graph.store import XSD_STRING, StoreLike

log = logging.getLogger(__name__)

__all__ = [
    "ServeConfig",
    "ServeError",
    "WorkerPool",
    "create_app",
    "serve",
]

RESULTS_JSON = "application/sparql-results+json"
RESULTS_XML = "application/sparql-results+xml"
CSV = "text/csv"
TSV = "text/tab-separated-values"
TURTLE = "text/turtle"
JSON_LD = "application/ld+json"
N_TRIPLES = "application/n-triples"
RDF_XML = "application/rdf+xml"

#: Media types offered for SELECT and ASK results (first: the default).
RESULT_TYPES = (RESULTS_JSON, RESULTS_XML, CSV, TSV)
#: Media types offered for CONSTRUCT and DESCRIBE results (first: the default).
GRAPH_TYPES = (TURTLE, JSON_LD, N_TRIPLES, RDF_XML)
_ALIASES = {
    "application/json": (RESULTS_JSON, JSON_LD),
    "application/xml": (RESULTS_XML, RDF_XML),
    "text/xml": (RESULTS_XML, RDF_XML),
    "application/x-turtle": (None, TURTLE),
    "text/plain": (None, N_TRIPLES),
}
_FORMAT_PARAM = {
    "json": "application/json",
    "xml": "application/xml",
    "csv": CSV,
    "tsv": TSV,
    "turtle": TURTLE,
    "ttl": TURTLE,
    "jsonld": JSON_LD,
    "json-ld": JSON_LD,
    "nt": N_TRIPLES,
    "ntriples": N_TRIPLES,
    "rdfxml": RDF_XML,
}
_RDFLIB_FORMAT = {TURTLE: "turtle", JSON_LD: "json-ld", N_TRIPLES: "nt", RDF_XML: "xml"}
_SPARQL_NS = "http://www.w3.org/2005/sparql-results#"
_XML_INVALID = regex.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
UPLOAD_SUFFIXES = (".txt", ".md", ".docx", ".pdf")


# --------------------------------------------------------------------------- configuration


@dataclass(frozen=True)
class ServeConfig:
    """What ``vbkg serve`` was asked for."""

    store: str
    allow_update: bool = False
    timeout: float = 30.0
    max_rows: int = 10_000
    lang: str = "vi"
    workers: int = 2
    page_timeout: float = 180.0
    max_query_bytes: int = 1 << 20
    max_upload_bytes: int = 20 << 20
    startup_timeout: float = 120.0

    @property
    def remote(self) -> bool:
        return bool(regex.match(r"(?:sparql\+)?https?://", self.store))


class ServeError(Exception):
    """An error answered with an HTTP ``status`` and a message in Vietnamese and English."""

    def __init__(self, status: int, vi: str, en: str) -> None:
        super().__init__(en)
        self.status = status
        self.vi = vi
        self.en = en

    def message(self, lang: str = "vi") -> str:
        return self.en if lang == "en" else f"{self.vi} ({self.en})"


def _timeout_error(seconds: float) -> ServeError:
    return ServeError(
        503,
        f"Truy vấn vượt quá giới hạn thời gian {seconds:g} giây và đã bị dừng",
        f"the query exceeded the time limit of {seconds:g} s and was stopped",
    )


# --------------------------------------------------------------------------- worker side


def _describe(exc: BaseException) -> dict[str, str]:
    vi = getattr(exc, "vi", None)
    en = getattr(exc, "en", None)
    text = str(exc) or type(exc).__name__
    return {"type": type(exc).__name__, "vi": str(vi or text), "en": str(en or text)}


def _worker_stdio() -> None:
    """Entry point of a worker process: ``argv`` is ``[location, "ro" | "rw"]``; jobs come
    on stdin and answers go to stdout (what the job prints goes to stderr)."""
    out_fd = os.dup(1)
    os.dup2(2, 1)  # a stray print must not corrupt the answers
    conn = _Duplex(Connection(0, writable=False), Connection(out_fd, readable=False))
    _worker_main(conn, sys.argv[1], sys.argv[2] == "ro")


class _Duplex:
    def __init__(self, reader: Connection, writer: Connection) -> None:
        self.reader, self.writer = reader, writer

    def recv(self) -> Any:
        return self.reader.recv()

    def send(self, obj: Any) -> None:
        self.writer.send(obj)


def _worker_main(conn: Any, location: str, read_only: bool) -> None:
    """Body of a worker process: open the store, then answer jobs until the pipe closes."""
    try:
        from graph.store import open_store

        store = open_store(location, read_only=read_only)
    except BaseException as exc:
        with contextlib.suppress(Exception):
            conn.send(("fatal", _describe(exc)))
        return
    conn.send(("ready", None))
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            break
        if message is None:
            break
        job, args = message
        try:
            # a reader of an embedded store moves to the newest snapshot a build published
            refresh = getattr(store, "refresh", None)
            if refresh is not None:
                refresh()
            result = _JOBS[job](store, *args)
        except Exception as exc:
            conn.send(("error", _describe(exc)))
        else:
            conn.send(("ok", result))
    with contextlib.suppress(Exception):
        store.flush()


def _select_vars(text: str) -> list[str]:
    """Projected variables of a SELECT (for an empty result, whose rows do not name them)."""
    try:
        from rdflib.plugins.sparql import prepareQuery

        from graph.build import PREFIXES

        q = prepareQuery(text, initNs=dict(PREFIXES))
        return [str(v) for v in q.algebra.get("PV") or []]
    except Exception:
        return []


def _job_query(store: Any, text: str, accept: list[str], max_rows: int) -> dict[str, Any]:
    result = store.query(text)
    if isinstance(result, bool):
        kind = "ask"
    elif isinstance(result, list):
        kind = "select"
    else:
        kind = "graph"
    media = choose_media_type(kind, accept)
    if media is None:
        return {"kind": kind, "media_type": None}
    truncated = False
    count = 0
    if kind == "ask":
        body = serialize_ask(bool(result), media)
    elif kind == "select":
        rows = result
        assert isinstance(rows, list)
        count = len(rows)
        if count > max_rows:
            rows, truncated = rows[:max_rows], True
        names = list(rows[0]) if rows else (list(result[0]) if result else _select_vars(text))
        body = serialize_select(names, rows, media)
    else:
        body, count, truncated = serialize_graph(result, media, max_rows)
    return {"kind": kind, "media_type": media, "body": body, "truncated": truncated, "count": count}


def _job_update(store: Any, text: str) -> bool:
    apply_update(store, text)
    return True


def apply_update(store: StoreLike, text: str) -> None:
    """Run a SPARQL update on ``store`` (:meth:`graph.store.StoreLike.update`).

    An update sent here bypasses ``replace_source``'s bookkeeping (the default graph as the set
    union of the source graphs): it is the caller's responsibility.
    """
    store.update(text)


def _job_graph_page(store: Any, focus: str | None, lang: str) -> str:
    from graph.analysis.netx import store_to_networkx
    from graph.web.graph_page import render_html

    g = store_to_networkx(store, focus=focus)
    with tempfile.TemporaryDirectory(prefix="vbkg-graph-") as tmp:
        out = render_html(g, Path(tmp) / "graph.html", focus=g.graph.get("focus"), lang=lang)
        return out.read_text(encoding="utf-8")


def _job_check(store: Any, path: str, lang: str) -> dict[str, Any]:
    from graph.checks.report import render
    from graph.checks.run import check_plan

    report = check_plan(path, store=store, lang=lang)
    summary = report.summary if isinstance(report.summary, Mapping) else {}
    return {
        "html": render(report, "html", lang),
        "findings": len(report.findings),
        "summary": {k: v for k, v in summary.items() if isinstance(v, int | str)},
    }


def _job_ping(store: Any) -> bool:
    return True


def _job_sleep(store: Any, seconds: float) -> bool:  # for tests of the time limit
    time.sleep(seconds)
    return True


_JOBS: dict[str, Callable[..., Any]] = {
    "query": _job_query,
    "update": _job_update,
    "graph_page": _job_graph_page,
    "check": _job_check,
    "ping": _job_ping,
    "sleep": _job_sleep,
}


# --------------------------------------------------------------------------- serialisation


def _json_term(term: Any) -> dict[str, str]:
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    if isinstance(term, Literal):
        out = {"type": "literal", "value": str(term)}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype is not None and str(term.datatype) != XSD_STRING:
            out["datatype"] = str(term.datatype)
        return out
    return {"type": "literal", "value": str(term)}


def _nt_term(term: Any) -> str:
    """A term in N-Triples syntax (TSV results), written by Oxigraph."""
    from graph.store import to_ox

    return str(to_ox(term))


def _xml_text(text: str) -> str:
    return _XML_INVALID.sub("\ufffd", text)


def serialize_select(names: Sequence[str], rows: Sequence[Mapping[str, Any]], media: str) -> bytes:
    """SELECT results in one of :data:`RESULT_TYPES`."""
    if media == RESULTS_JSON:
        payload = {
            "head": {"vars": list(names)},
            "results": {
                "bindings": [
                    {n: _json_term(row[n]) for n in names if row.get(n) is not None} for row in rows
                ]
            },
        }
        return json.dumps(payload, ensure_ascii=False).encode("utf-8")
    if media == RESULTS_XML:
        from rdflib import BNode, Literal, URIRef

        ET.register_namespace("", _SPARQL_NS)
        root = ET.Element(f"{{{_SPARQL_NS}}}sparql")
        head = ET.SubElement(root, f"{{{_SPARQL_NS}}}head")
        for n in names:
            ET.SubElement(head, f"{{{_SPARQL_NS}}}variable", name=n)
        results = ET.SubElement(root, f"{{{_SPARQL_NS}}}results")
        for row in rows:
            result = ET.SubElement(results, f"{{{_SPARQL_NS}}}result")
            for n in names:
                term = row.get(n)
                if term is None:
                    continue
                binding = ET.SubElement(result, f"{{{_SPARQL_NS}}}binding", name=n)
                if isinstance(term, URIRef):
                    ET.SubElement(binding, f"{{{_SPARQL_NS}}}uri").text = _xml_text(str(term))
                elif isinstance(term, BNode):
                    ET.SubElement(binding, f"{{{_SPARQL_NS}}}bnode").text = _xml_text(str(term))
                else:
                    lit = ET.SubElement(binding, f"{{{_SPARQL_NS}}}literal")
                    lit.text = _xml_text(str(term))
                    if isinstance(term, Literal) and term.language:
                        lit.set("xml:lang", term.language)
                    elif (
                        isinstance(term, Literal)
                        and term.datatype is not None
                        and str(term.datatype) != XSD_STRING
                    ):
                        lit.set("datatype", str(term.datatype))
        return ET.tostring(root, encoding="utf-8", xml_declaration=True)
    if media == CSV:
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\r\n")
        w.writerow(names)
        for row in rows:
            w.writerow([_csv_value(row.get(n)) for n in names])
        return buf.getvalue().encode("utf-8")
    if media == TSV:
        lines = ["\t".join(f"?{n}" for n in names)]
        for row in rows:
            lines.append("\t".join("" if row.get(n) is None else _nt_term(row[n]) for n in names))
        return ("\n".join(lines) + "\n").encode("utf-8")
    raise ValueError(f"not a result media type: {media}")


def _csv_value(term: Any) -> str:
    from rdflib import BNode

    if term is None:
        return ""
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def serialize_ask(value: bool, media: str) -> bytes:
    """ASK result in one of :data:`RESULT_TYPES` (CSV/TSV: a ``_askResult`` column)."""
    if media == RESULTS_JSON:
        return json.dumps({"head": {}, "boolean": value}).encode("utf-8")
    if media == RESULTS_XML:
        ET.register_namespace("", _SPARQL_NS)
        root = ET.Element(f"{{{_SPARQL_NS}}}sparql")
        ET.SubElement(root, f"{{{_SPARQL_NS}}}head")
        ET.SubElement(root, f"{{{_SPARQL_NS}}}boolean").text = "true" if value else "false"
        return ET.tostring(root, encoding="utf-8", xml_declaration=True)
    word = "true" if value else "false"
    if media == CSV:
        return f"_askResult\r\n{word}\r\n".encode()
    return f"?_askResult\n{word}\n".encode()


def serialize_graph(graph: Any, media: str, max_rows: int) -> tuple[bytes, int, bool]:
    """A CONSTRUCT/DESCRIBE graph in one of :data:`GRAPH_TYPES`; at most ``max_rows``
    triples (returns the body, the number of triples and whether it was truncated)."""
    from rdflib import Graph

    from graph.build import PREFIXES

    count = len(graph)
    truncated = count > max_rows
    out = Graph()
    for prefix, ns in PREFIXES.items():
        out.bind(prefix, ns, override=True)
    for i, triple in enumerate(sorted(graph) if truncated else graph):
        if i >= max_rows:
            break
        out.add(triple)
    data = out.serialize(format=_RDFLIB_FORMAT[media], encoding="utf-8")
    return data, count, truncated


# --------------------------------------------------------------------------- negotiation


def parse_accept(header: str | None) -> list[str]:
    """Media ranges of an ``Accept`` header, best first (q-values, then order)."""
    if not header:
        return ["*/*"]
    ranges: list[tuple[float, int, str]] = []
    for i, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q = 1.0
        for f in fields[1:]:
            if f.lower().startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        if q > 0:
            ranges.append((-q, i, media))
    return [m for _, _, m in sorted(ranges)] or ["*/*"]


def choose_media_type(kind: str, accept: Sequence[str]) -> str | None:
    """The media type to answer a ``kind`` (select, ask, graph) result with, or ``None``."""
    offered = GRAPH_TYPES if kind == "graph" else RESULT_TYPES
    for media in accept:
        if media in offered:
            return media
        if media in _ALIASES:
            alias = _ALIASES[media][1 if kind == "graph" else 0]
            if alias is not None:
                return alias
        if media == "*/*":
            return offered[0]
        if media.endswith("/*"):
            major = media[:-1]
            hit = next((o for o in offered if o.startswith(major)), None)
            if hit is not None:
                return hit
    return None


# --------------------------------------------------------------------------- worker pool


class _Worker:
    """One worker process (``python -c`` running :func:`_worker_stdio`), spoken to through
    ``multiprocessing.connection`` over its stdin and stdout. A plain subprocess rather
    than ``multiprocessing.Process``: spawn would re-import the ``__main__`` of whoever
    started the server (a script, pytest, uvicorn)."""

    def __init__(self, location: str, read_only: bool, startup_timeout: float) -> None:
        env = dict(os.environ)
        root = str(PROJECT_ROOT)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-c",
                "from graph.web.app import _worker_stdio; _worker_stdio()",
                location,
                "ro" if read_only else "rw",
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
            close_fds=True,
        )
        assert self.process.stdin is not None and self.process.stdout is not None
        self._send = Connection(os.dup(self.process.stdin.fileno()), readable=False)
        self._recv = Connection(os.dup(self.process.stdout.fileno()), writable=False)
        self.process.stdin.close()
        self.process.stdout.close()
        if not self._recv.poll(startup_timeout):
            self.kill()
            raise ServeError(
                503,
                "Tiến trình truy vấn không khởi động kịp",
                "the query worker did not start in time",
            )
        try:
            status, payload = self._recv.recv()
        except (EOFError, OSError) as exc:
            self.kill()
            raise ServeError(
                503, "Tiến trình truy vấn không khởi động được", "the query worker could not start"
            ) from exc
        if status != "ready":
            self.kill()
            raise ServeError(
                503,
                f"Không mở được kho dữ liệu {_display_location(location)}: {payload['vi']}",
                f"cannot open the store {_display_location(location)}: {payload['en']}",
            )

    def send(self, message: Any) -> None:
        self._send.send(message)

    def poll(self, timeout: float) -> bool:
        return self._recv.poll(timeout)

    def recv(self) -> Any:
        return self._recv.recv()

    def kill(self) -> None:
        with contextlib.suppress(Exception):
            if self.process.poll() is None:
                self.process.kill()
            self.process.wait(10)
        for conn in (self._send, self._recv):
            with contextlib.suppress(Exception):
                conn.close()

    def stop(self) -> None:
        with contextlib.suppress(Exception):
            self._send.send(None)
            self.process.wait(5)
        self.kill()


class WorkerPool:
    """Worker processes that each hold the store open and run one job at a time.

    :meth:`call` sends a job to an idle worker and waits at most ``timeout`` seconds; past
    that the worker is killed (its job with it) and a fresh one is started on demand.
    """

    def __init__(
        self,
        location: str,
        *,
        read_only: bool = True,
        size: int = 2,
        startup_timeout: float = 120.0,
    ) -> None:
        self.location = location
        self.read_only = read_only
        self.size = max(1, size)
        self.startup_timeout = startup_timeout
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._lock = threading.Lock()
        self._live: set[_Worker] = set()
        self._count = 0  # live workers and workers being started
        self._closed = False
        self.killed = 0  # workers killed on a time limit (for tests and logs)

    def _start(self) -> _Worker:
        """A new worker; the caller has reserved its place in ``_count``."""
        try:
            w = _Worker(self.location, self.read_only, self.startup_timeout)
        except BaseException:
            with self._lock:
                self._count -= 1
            raise
        with self._lock:
            closed = self._closed
            if not closed:
                self._live.add(w)
        if closed:
            w.stop()
            raise ServeError(503, "Máy chủ đang dừng", "the server is stopping")
        return w

    def _reserve(self) -> bool:
        with self._lock:
            grow = self._count < self.size and not self._closed
            if grow:
                self._count += 1
        return grow

    def _acquire(self, timeout: float) -> _Worker:
        with contextlib.suppress(queue.Empty):
            return self._idle.get_nowait()
        if self._reserve():
            return self._start()
        try:
            return self._idle.get(timeout=timeout)
        except queue.Empty:
            raise ServeError(
                503,
                "Máy chủ đang bận với các truy vấn khác, hãy thử lại sau",
                "the server is busy with other queries, try again later",
            ) from None

    def _discard(self, w: _Worker) -> None:
        w.kill()
        with self._lock:
            if w in self._live:
                self._live.discard(w)
                self._count -= 1

    def warm_up(self) -> None:
        """Start the workers now rather than on the first request."""
        while self._reserve():
            self._idle.put(self._start())

    def call(self, job: str, args: tuple[Any, ...], timeout: float) -> Any:
        """Run ``job`` in a worker; :class:`ServeError` on a time limit or a crash; a job's
        own exception comes back as :class:`JobError`."""
        w = self._acquire(timeout)
        try:
            w.send((job, args))
            if not w.poll(timeout):
                self.killed += 1
                self._discard(w)
                raise _timeout_error(timeout)
            status, payload = w.recv()
        except (EOFError, OSError) as exc:
            self._discard(w)
            raise ServeError(
                500,
                "Tiến trình truy vấn bị dừng bất thường",
                "the query worker stopped unexpectedly",
            ) from exc
        self._idle.put(w)
        if status == "error":
            raise JobError(payload)
        return payload

    @property
    def closed(self) -> bool:
        return self._closed

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers = list(self._live)
            self._live.clear()
            self._count = 0
        for w in workers:
            w.stop()


class JobError(Exception):
    """A job raised in the worker: ``type`` is the exception's class name."""

    def __init__(self, info: Mapping[str, str]) -> None:
        super().__init__(info.get("en", ""))
        self.type = info.get("type", "Exception")
        self.vi = info.get("vi", "")
        self.en = info.get("en", "")


# --------------------------------------------------------------------------- pages

_WORDS: dict[str, dict[str, str]] = {
    "title": {"vi": "vbkg — truy vấn SPARQL", "en": "vbkg — SPARQL query"},
    "nav_query": {"vi": "Truy vấn", "en": "Query"},
    "nav_graph": {"vi": "Đồ thị", "en": "Graph"},
    "nav_check": {"vi": "Kiểm tra dự thảo", "en": "Check a draft"},
    "queries": {"vi": "Truy vấn mẫu", "en": "Cookbook queries"},
    "run": {"vi": "Chạy (Ctrl+Enter)", "en": "Run (Ctrl+Enter)"},
    "download": {"vi": "Tải kết quả", "en": "Download"},
    "prefixes": {"vi": "Tiền tố có sẵn", "en": "Predeclared prefixes"},
    "binds": {"vi": "Giá trị gán cho biến", "en": "Values bound to variables"},
    "rows": {"vi": "dòng", "en": "rows"},
    "truncated": {
        "vi": "Kết quả bị cắt bớt còn {n} dòng đầu",
        "en": "The result was truncated to its first {n} rows",
    },
    "running": {"vi": "Đang chạy…", "en": "Running…"},
    "error": {"vi": "Lỗi", "en": "Error"},
    "store": {"vi": "Kho dữ liệu", "en": "Store"},
    "limits": {
        "vi": "Giới hạn: {t} giây, {n} dòng mỗi truy vấn",
        "en": "Limits: {t} s and {n} rows per query",
    },
    "updates_on": {"vi": "Cho phép cập nhật (SPARQL Update)", "en": "SPARQL Update allowed"},
    "updates_off": {"vi": "Chỉ đọc", "en": "Read-only"},
    "check_title": {"vi": "Kiểm tra dự thảo kế hoạch", "en": "Check a draft plan"},
    "check_help": {
        "vi": "Chọn tệp dự thảo (.txt, .md, .docx, .pdf); dự thảo được kiểm tra với kho dữ liệu.",
        "en": "Choose a draft (.txt, .md, .docx, .pdf); it is checked against the store.",
    },
    "check_submit": {"vi": "Kiểm tra", "en": "Check"},
    "check_result": {
        "vi": "Kết quả kiểm tra {name}: {n} phát hiện",
        "en": "Report on {name}: {n} findings",
    },
    "no_query": {"vi": "Chưa có truy vấn mẫu nào", "en": "No cookbook query yet"},
}


def _w(key: str, lang: str, **kw: Any) -> str:
    entry = _WORDS[key]
    return (entry.get(lang) or entry["vi"]).format(**kw)


def _template(name: str) -> str:
    return (resources.files("graph.web") / "templates" / name).read_text(encoding="utf-8")


def _fill(template: str, values: Mapping[str, str]) -> str:
    return regex.sub(r"\{\{([A-Z_]+)\}\}", lambda m: values.get(m.group(1), m.group(0)), template)


def _json_for_script(data: Any) -> str:
    from graph.web.graph_page import json_for_script

    return json_for_script(data)


_ACTIVE = ' class="active"'


def _page(title: str, body: str, lang: str, *, active: str, script: str = "") -> str:
    links = (("nav_query", "/"), ("nav_graph", "/graph"), ("nav_check", "/check"))
    nav = "".join(
        f'<a href="{href}?lang={lang}"{_ACTIVE if key == active else ""}>'
        f"{html.escape(_w(key, lang))}</a>"
        for key, href in links
    )
    other = "en" if lang == "vi" else "vi"
    nav += f'<a class="lang" href="?lang={other}">{other.upper()}</a>'
    return _fill(
        _template("page.html"),
        {
            "LANG": lang,
            "TITLE": html.escape(title),
            "CSS": _template("style.css"),
            "NAV": nav,
            "BODY": body,
            "SCRIPT": script,
        },
    )


def cookbook() -> list[dict[str, Any]]:
    """The named queries (``graph/queries/*.rq``) for the query page: the cookbook first,
    then the queries behind the graph page."""
    from graph import queries

    out: list[dict[str, Any]] = []
    for name in queries.names():
        q = queries.get(name)
        out.append({"name": name, "question": q.question, "text": q.text, "binds": list(q.binds)})
    out.sort(key=lambda q: (q["name"].startswith("graph_"), q["name"]))
    return out


def index_page(config: ServeConfig, lang: str) -> str:
    from graph.build import PREFIXES

    e = html.escape
    data = {
        "queries": cookbook(),
        "prefixes": dict(PREFIXES),
        "maxRows": config.max_rows,
        "words": {k: _w(k, lang, n="{n}") for k in ("rows", "truncated", "running", "error")},
        "default": (
            "# The documents of the corpus\n"
            "SELECT ?doc (SAMPLE(?k) AS ?key) (MAX(?d) AS ?date) (SAMPLE(?t) AS ?title)\n"
            "WHERE {\n"
            "  ?doc vbkg:inCorpus true .\n"
            "  OPTIONAL { ?doc vbkg:key ?k }\n"
            "  OPTIONAL { ?doc eli:date_document ?d }\n"
            "  OPTIONAL { ?doc eli:title ?t }\n"
            "}\nGROUP BY ?doc\nORDER BY ?date"
        ),
    }
    mode = _w("updates_on" if config.allow_update else "updates_off", lang)
    body = _fill(
        _template("index.html"),
        {
            "QUERIES": e(_w("queries", lang)),
            "RUN": e(_w("run", lang)),
            "DOWNLOAD": e(_w("download", lang)),
            "PREFIXES": e(_w("prefixes", lang)),
            "BINDS": e(_w("binds", lang)),
            "NO_QUERY": e(_w("no_query", lang)),
            "STORE": e(
                f"{_w('store', lang)}: {_display_location(config.store)} · {mode} · "
                + _w("limits", lang, t=f"{config.timeout:g}", n=config.max_rows)
            ),
            "DATA": _json_for_script(data),
        },
    )
    return _page(
        _w("title", lang),
        body,
        lang,
        active="nav_query",
        script=_template("index.js").replace("</", "<\\/"),
    )


def _display_location(location: str) -> str:
    # never show credentials embedded in a URL
    return regex.sub(r"//[^/@]*@", "//", location)


def check_page(
    lang: str,
    *,
    report_html: str | None = None,
    name: str = "",
    findings: int = 0,
    error: str | None = None,
) -> str:
    e = html.escape
    parts = [
        f"<h1>{e(_w('check_title', lang))}</h1>",
        f"<p>{e(_w('check_help', lang))}</p>",
        '<form id="check-form" method="post" action="/check?lang=' + lang + '" '
        'enctype="multipart/form-data">'
        f'<input type="file" name="draft" id="draft" accept="{",".join(UPLOAD_SUFFIXES)}" '
        "required> "
        f'<button type="submit" id="check-submit">{e(_w("check_submit", lang))}</button>'
        "</form>",
    ]
    if error:
        parts.append(f'<pre class="error" id="check-error">{e(error)}</pre>')
    if report_html is not None:
        parts.append(
            f'<h2 id="check-result">{e(_w("check_result", lang, name=name, n=findings))}</h2>'
            # the report is its own self-contained page; sandboxed: no script runs in it
            f'<iframe id="report" sandbox="allow-same-origin" title="report" '
            f'srcdoc="{html.escape(report_html, quote=True)}"></iframe>'
        )
    return _page(_w("check_title", lang), "\n".join(parts), lang, active="nav_check")


def error_page(message: str, lang: str) -> str:
    return _page(
        _w("error", lang), f'<pre class="error">{html.escape(message)}</pre>', lang, active=""
    )


# --------------------------------------------------------------------------- application


class _State:
    def __init__(self, config: ServeConfig, pool: WorkerPool | None) -> None:
        self.config = config
        read_only = not config.allow_update
        size = config.workers if (read_only or config.remote) else 1
        self.pool = pool or WorkerPool(
            config.store, read_only=read_only, size=size, startup_timeout=config.startup_timeout
        )
        self.generation = 0  # bumped by every update: cached pages are stale
        self.pages: OrderedDict[tuple[int, str | None, str], str] = OrderedDict()
        self.lock = threading.Lock()

    def call(self, job: str, args: tuple[Any, ...], timeout: float) -> Any:
        return self.pool.call(job, args, timeout)


def _lang(request: Any, config: ServeConfig) -> str:
    lang = request.query_params.get("lang") or config.lang
    return lang if lang in ("vi", "en") else "vi"


def _text_response(status: int, text: str, headers: Mapping[str, str] | None = None) -> Any:
    from starlette.responses import PlainTextResponse

    return PlainTextResponse(text + "\n", status_code=status, headers=dict(headers or {}))


def _job_error(exc: JobError) -> ServeError:
    if exc.type in ("SyntaxError", "ValueError", "ParseException", "KeyError"):
        return ServeError(400, f"Truy vấn không hợp lệ: {exc.vi}", f"invalid query: {exc.en}")
    if exc.type in ("RemoteStoreError", "HTTPError", "ConnectError", "TimeoutException"):
        return ServeError(
            502, f"Kho dữ liệu từ xa báo lỗi: {exc.vi}", f"the remote store failed: {exc.en}"
        )
    return ServeError(500, f"Lỗi khi chạy truy vấn: {exc.vi}", f"query failed: {exc.en}")


async def _read_operation(request: Any, config: ServeConfig) -> tuple[str, str]:
    """``("query" | "update", text)`` of a SPARQL Protocol request (ServeError otherwise)."""
    if request.method == "GET":
        params = request.query_params
        if "update" in params:
            raise ServeError(
                405, "Cập nhật chỉ được gửi bằng POST", "updates must be sent with POST"
            )
        text = params.get("query")
        if text is None:
            raise ServeError(
                400,
                "Thiếu tham số query (xem trang / để soạn truy vấn)",
                "missing the query parameter (see / for a query editor)",
            )
        _refuse_datasets(params)
        return "query", text
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    length = request.headers.get("content-length")
    if length and length.isdigit() and int(length) > config.max_query_bytes:
        raise _too_large(config.max_query_bytes)
    if media == "application/x-www-form-urlencoded":
        body = await _limited_body(request, config.max_query_bytes)
        from urllib.parse import parse_qs

        try:
            form = parse_qs(body.decode("utf-8"), keep_blank_values=True, strict_parsing=False)
        except UnicodeDecodeError:
            raise _not_utf8() from None
        _refuse_datasets({k: v[0] for k, v in form.items()})
        if "query" in form and "update" in form:
            raise ServeError(
                400,
                "Chỉ gửi một trong hai: query hoặc update",
                "send either query or update, not both",
            )
        if "update" in form:
            return "update", form["update"][0]
        if "query" in form:
            return "query", form["query"][0]
        raise ServeError(400, "Thiếu tham số query hoặc update", "missing query or update")
    if media in ("application/sparql-query", "application/sparql-update"):
        body = await _limited_body(request, config.max_query_bytes)
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            raise _not_utf8() from None
        _refuse_datasets(request.query_params)
        return ("update" if media.endswith("update") else "query"), text
    raise ServeError(
        415,
        f"Kiểu nội dung không được hỗ trợ: {media or '(không có)'}",
        f"unsupported content type: {media or '(none)'}; use application/sparql-query, "
        "application/sparql-update or application/x-www-form-urlencoded",
    )


def _refuse_datasets(params: Mapping[str, Any]) -> None:
    for name in (
        "default-graph-uri",
        "named-graph-uri",
        "using-graph-uri",
        "using-named-graph-uri",
    ):
        if name in params:
            raise ServeError(
                400,
                f"Tham số {name} chưa được hỗ trợ; dùng FROM/GRAPH trong truy vấn",
                f"{name} is not supported; use FROM or GRAPH in the query",
            )


def _too_large(limit: int) -> ServeError:
    return ServeError(413, f"Nội dung vượt quá {limit} byte", f"the body exceeds {limit} bytes")


def _not_utf8() -> ServeError:
    return ServeError(400, "Nội dung không phải UTF-8", "the body is not UTF-8")


async def _limited_body(request: Any, limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise _too_large(limit)
        chunks.append(chunk)
    return b"".join(chunks)


def create_app(config: ServeConfig, *, pool: WorkerPool | None = None) -> Any:
    """The Starlette application serving ``config.store`` (see the module docstring)."""
    from starlette.applications import Starlette
    from starlette.concurrency import run_in_threadpool
    from starlette.requests import Request
    from starlette.responses import HTMLResponse, RedirectResponse, Response
    from starlette.routing import Route

    state = _State(config, pool)

    async def sparql(request: Request) -> Response:
        lang = _lang(request, config)
        try:
            operation, text = await _read_operation(request, config)
            if len(text.encode("utf-8")) > config.max_query_bytes:
                raise _too_large(config.max_query_bytes)
            if operation == "update":
                if not config.allow_update:
                    raise ServeError(
                        403,
                        "Máy chủ này chỉ đọc: cập nhật SPARQL bị từ chối "
                        "(chạy `vbkg serve --allow-update` để cho phép)",
                        "this server is read-only: SPARQL updates are refused "
                        "(run `vbkg serve --allow-update` to allow them)",
                    )
                try:
                    await run_in_threadpool(state.call, "update", (text,), config.timeout)
                finally:
                    with state.lock:
                        state.generation += 1
                        state.pages.clear()
                return _text_response(200, "OK")
            fmt = request.query_params.get("format")
            accept = parse_accept(request.headers.get("accept"))
            if fmt and "/" in fmt:  # SPARQLWrapper and others send a media type here
                accept = [fmt.split(";")[0].strip().lower(), *accept]
            elif fmt:
                if fmt.lower() not in _FORMAT_PARAM:
                    raise ServeError(
                        400,
                        f"Định dạng không hỗ trợ: {fmt}",
                        f"unknown format {fmt}; one of {sorted(_FORMAT_PARAM)}",
                    )
                accept = [_FORMAT_PARAM[fmt.lower()]]
            result = await run_in_threadpool(
                state.call, "query", (text, accept, config.max_rows), config.timeout
            )
        except ServeError as exc:
            return _text_response(exc.status, exc.message(lang))
        except JobError as exc:
            err = _job_error(exc)
            return _text_response(err.status, err.message(lang))
        if result["media_type"] is None:
            offered = GRAPH_TYPES if result["kind"] == "graph" else RESULT_TYPES
            return _text_response(
                406,
                f"Không có định dạng phù hợp với Accept; có: {', '.join(offered)}"
                if lang == "vi"
                else f"no acceptable format; offered: {', '.join(offered)}",
            )
        headers = {
            "X-VBKG-Count": str(result["count"]),
            "Cache-Control": "no-store",
            "Vary": "Accept",
        }
        if result["truncated"]:
            headers["X-VBKG-Truncated"] = "true"
            headers["X-VBKG-Max-Rows"] = str(config.max_rows)
        media = result["media_type"]
        if media in (CSV, TSV, TURTLE, N_TRIPLES):
            media += "; charset=utf-8"
        return Response(result["body"], media_type=media, headers=headers)

    async def index(request: Request) -> Response:
        lang = _lang(request, config)
        return HTMLResponse(index_page(config, lang), headers=_PAGE_HEADERS)

    async def graph(request: Request) -> Response:
        lang = _lang(request, config)
        focus = request.query_params.get("focus") or None
        key = (state.generation, focus, lang)
        with state.lock:
            cached = state.pages.get(key)
        if cached is not None:
            page = cached
        else:
            try:
                page = str(
                    await run_in_threadpool(
                        state.call, "graph_page", (focus, lang), config.page_timeout
                    )
                )
            except ServeError as exc:
                return HTMLResponse(error_page(exc.message(lang), lang), status_code=exc.status)
            except JobError as exc:
                status = 404 if exc.type == "KeyError" else 500
                return HTMLResponse(
                    error_page(exc.en if lang == "en" else exc.vi, lang), status_code=status
                )
            with state.lock:
                state.pages[key] = page
                while len(state.pages) > 8:
                    state.pages.popitem(last=False)
        return HTMLResponse(page, headers=_PAGE_HEADERS)

    async def check(request: Request) -> Response:
        lang = _lang(request, config)
        if request.method == "GET":
            return HTMLResponse(check_page(lang), headers=_PAGE_HEADERS)
        try:
            report = await _run_check(request, state, lang)
        except ServeError as exc:
            return HTMLResponse(
                check_page(lang, error=exc.message(lang)),
                status_code=exc.status,
                headers=_PAGE_HEADERS,
            )
        except JobError as exc:
            message = exc.en if lang == "en" else exc.vi
            status = 400 if exc.type == "LoadError" else 500
            return HTMLResponse(
                check_page(lang, error=message), status_code=status, headers=_PAGE_HEADERS
            )
        return HTMLResponse(
            check_page(
                lang, report_html=report["html"], name=report["name"], findings=report["findings"]
            ),
            headers=_PAGE_HEADERS,
        )

    async def favicon(request: Request) -> Response:
        return Response(status_code=204)

    async def home(request: Request) -> Response:
        return RedirectResponse("/")

    @contextlib.asynccontextmanager
    async def lifespan(app: Any) -> AsyncIterator[None]:
        threading.Thread(target=_warm, args=(state.pool,), daemon=True).start()
        try:
            yield
        finally:
            state.pool.close()

    app = Starlette(
        routes=[
            Route("/", index),
            Route("/index.html", home),
            Route("/sparql", sparql, methods=["GET", "POST"]),
            Route("/graph", graph),
            Route("/check", check, methods=["GET", "POST"]),
            Route("/favicon.ico", favicon),
        ],
        lifespan=lifespan,
    )
    app.state.vbkg = state
    return app


# the pages load nothing from elsewhere; say so to the browser too
_PAGE_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
        "img-src data:; connect-src 'self'; form-action 'self'; frame-src 'self'; "
        "base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def _warm(pool: WorkerPool) -> None:
    try:
        pool.warm_up()
    except Exception as exc:  # reported again, with its message, on the first request
        if not pool.closed:
            log.warning("query workers did not start: %s", exc)


async def _run_check(request: Any, state: _State, lang: str) -> dict[str, Any]:
    from starlette.concurrency import run_in_threadpool
    from starlette.datastructures import UploadFile

    config = state.config
    length = request.headers.get("content-length")
    if length and length.isdigit() and int(length) > config.max_upload_bytes + 65536:
        raise _too_large(config.max_upload_bytes)
    try:
        form = await request.form(max_files=1, max_fields=10)
    except Exception as exc:
        raise ServeError(400, f"Biểu mẫu không hợp lệ: {exc}", f"invalid form: {exc}") from exc
    upload = form.get("draft")
    if not isinstance(upload, UploadFile) or not upload.filename:
        raise ServeError(400, "Chưa chọn tệp dự thảo", "no draft file was chosen")
    name = Path(upload.filename.replace("\\", "/")).name
    suffix = Path(name).suffix.lower()
    if suffix not in UPLOAD_SUFFIXES:
        raise ServeError(
            400,
            f"Tệp {name} không được hỗ trợ; chọn tệp {', '.join(UPLOAD_SUFFIXES)}",
            f"{name} is not supported; choose a {', '.join(UPLOAD_SUFFIXES)} file",
        )
    safe = regex.sub(r"[^\w.\-]+", "_", Path(name).stem)[:80] or "draft"
    tmp = Path(tempfile.mkdtemp(prefix="vbkg-check-"))
    try:
        path = tmp / f"{safe}{suffix}"
        size = 0
        with path.open("wb") as fh:
            while chunk := await upload.read(1 << 16):
                size += len(chunk)
                if size > config.max_upload_bytes:
                    raise _too_large(config.max_upload_bytes)
                fh.write(chunk)
        result = await run_in_threadpool(
            state.call, "check", (str(path), lang), config.page_timeout
        )
    finally:
        await upload.close()
        shutil.rmtree(tmp, ignore_errors=True)
    result["name"] = name
    # the report names the file it read: show the uploaded name, not the server's temp path
    result["html"] = str(result["html"]).replace(html.escape(str(path)), html.escape(name))
    return dict(result)


def serve(
    config: ServeConfig, *, host: str = "127.0.0.1", port: int = 8000, log_level: str = "info"
) -> None:
    """Run the server with uvicorn until interrupted."""
    import uvicorn

    uvicorn.run(
        create_app(config), host=host, port=port, log_level=log_level, timeout_graceful_shutdown=5
    )
