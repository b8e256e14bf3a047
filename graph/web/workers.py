"""The query worker processes: every store access of the server runs in a ``python``
subprocess with its own store handle, under a time limit (a worker that overruns is killed and
replaced), and the server's configuration and HTTP errors (:class:`ServeConfig`,
:class:`ServeError`)."""

from __future__ import annotations

import contextlib
import logging
import os
import queue
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import regex

from graph.analysis.netx import store_to_networkx
from graph.checks.report import render
from graph.checks.run import check_plan
from graph.ids import DEFAULT_BASE
from graph.messages import Pair, both
from graph.paths import PROJECT_ROOT
from graph.store import StoreLike, open_store
from graph.web.graph_page import render_html
from graph.web.guard import LOOPBACK_NAMES
from graph.web.resources import job_resolve, job_resource
from graph.web.results import answer_query

log = logging.getLogger(__name__)


# --------------------------------------------------------------------------- configuration

UPLOAD_SUFFIXES = (".txt", ".md", ".docx", ".pdf")


def display_location(location: str) -> str:
    # never show credentials embedded in a URL
    return regex.sub(r"//[^/@]*@", "//", location)


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
    #: SERVICE endpoints a query may call (exact IRIs); none by default: SERVICE is refused
    allowed_services: tuple[str, ...] = ()
    #: host names the server answers to (the ``Host`` header); ``"*"``: any
    allowed_hosts: tuple[str, ...] = LOOPBACK_NAMES
    #: time budget of one draft check on /check, in seconds
    check_timeout: float = 60.0
    #: a connection must send its request headers within this many seconds
    header_timeout: float = 10.0
    #: an idle keep-alive connection is closed after this many seconds
    keep_alive: int = 5
    #: connections over this many open ones are closed at once
    max_connections: int = 500
    #: a worker kept for queries known to be short (read-only stores): 1, or 0 for none
    reserved_workers: int = 1
    #: a query on the reserved worker that runs longer is stopped and marked slow
    short_timeout: float = 5.0
    #: how long a request waits for a free worker before a 503 with Retry-After
    queue_wait: float = 10.0
    #: the base of the store's IRIs: GET on their paths answers their triples
    base: str = DEFAULT_BASE

    @property
    def remote(self) -> bool:
        return bool(regex.match(r"(?:sparql\+)?https?://", self.store))


class ServeError(Exception):
    """An error answered with an HTTP ``status`` and a message in Vietnamese and English."""

    def __init__(self, status: int, vi: str, en: str, *, retry_after: int | None = None) -> None:
        super().__init__(en)
        self.status = status
        self.vi = vi
        self.en = en
        self.retry_after = retry_after

    @property
    def headers(self) -> dict[str, str]:
        return {} if self.retry_after is None else {"Retry-After": str(self.retry_after)}

    def message(self, lang: str = "vi") -> str:
        return self.en if lang == "en" else f"{self.vi} ({self.en})"

    @classmethod
    def of(
        cls, status: int, key: str, *, retry_after: int | None = None, **params: Any
    ) -> ServeError:
        """The error saying the catalogue's message ``key`` (data/messages/web.yaml)."""
        return cls(status, *both(key, **params), retry_after=retry_after)


class TimeLimit(ServeError):
    """A job overran its time limit: its worker was killed."""


def _timeout_error(seconds: float) -> ServeError:
    return TimeLimit.of(
        503, "serve.query_timeout", seconds=f"{seconds:g}", retry_after=max(1, round(seconds))
    )


def busy_error(seconds: float) -> ServeError:
    wait = max(1, round(seconds))
    return ServeError.of(503, "serve.busy", seconds=wait, retry_after=wait)


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


def _job_update(store: StoreLike, text: str) -> bool:
    apply_update(store, text)
    return True


def apply_update(store: StoreLike, text: str) -> None:
    """Run a SPARQL update on ``store`` (:meth:`graph.store.StoreLike.update`).

    An update sent here bypasses ``replace_source``'s bookkeeping (the default graph as the set
    union of the source graphs): it is the caller's responsibility.
    """
    store.update(text)


def _job_graph_page(store: StoreLike, focus: str | None, lang: str) -> str:

    g = store_to_networkx(store, focus=focus)
    with tempfile.TemporaryDirectory(prefix="vbkg-graph-") as tmp:
        out = render_html(g, Path(tmp) / "graph.html", focus=g.graph.get("focus"), lang=lang)
        return out.read_text(encoding="utf-8")


def _job_check(store: StoreLike, path: str, lang: str) -> dict[str, Any]:

    report = check_plan(path, store=store, lang=lang)
    summary = report.summary if isinstance(report.summary, Mapping) else {}
    return {
        "html": render(report, "html", lang),
        "findings": len(report.findings),
        "summary": {k: v for k, v in summary.items() if isinstance(v, int | str)},
    }


def _job_ping(store: StoreLike) -> bool:
    return True


def _job_sleep(store: StoreLike, seconds: float) -> bool:  # for tests of the time limit
    time.sleep(seconds)
    return True


_JOBS: dict[str, Callable[..., Any]] = {
    "query": answer_query,
    "update": _job_update,
    "graph_page": _job_graph_page,
    "check": _job_check,
    "resource": job_resource,
    "resolve": job_resolve,
    "ping": _job_ping,
    "sleep": _job_sleep,
}


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
                "from graph.web.workers import _worker_stdio; _worker_stdio()",
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
            raise ServeError.of(503, "serve.worker_late")
        try:
            status, payload = self._recv.recv()
        except (EOFError, OSError) as exc:
            self.kill()
            raise ServeError.of(503, "serve.worker_failed") from exc
        if status != "ready":
            self.kill()
            raise ServeError.of(
                503,
                "store.cannot_open",
                path=display_location(location),
                exc=Pair(payload["vi"], payload["en"]),
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
        self._local = threading.local()

    def last_run(self) -> float:
        """Seconds the calling thread's last job ran in its worker (its wait not counted)."""
        return float(getattr(self._local, "ran", 0.0))

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
            raise ServeError.of(503, "serve.stopping")
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
        with self._lock:
            starting = self._count > len(self._live)
        # a worker on its way (server start, a killed one replaced): wait for it to be ready
        wait = max(timeout, self.startup_timeout) if starting else timeout
        try:
            return self._idle.get(timeout=wait)
        except queue.Empty:
            raise busy_error(timeout) from None

    def has_idle(self) -> bool:
        """Whether a job sent now would start at once (an idle worker, or room for one)."""
        with self._lock:
            room = self._count < self.size and not self._closed
        return room or not self._idle.empty()

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

    def call(
        self, job: str, args: tuple[Any, ...], timeout: float, *, wait: float | None = None
    ) -> Any:
        """Run ``job`` in a worker; :class:`ServeError` on a time limit or a crash; a job's
        own exception comes back as :class:`JobError`. ``wait``: how long to wait for a free
        worker (default ``timeout``) before a 503 with ``Retry-After``."""
        w = self._acquire(timeout if wait is None else wait)
        self._local.ran = 0.0
        started = time.monotonic()
        try:
            w.send((job, args))
            ready = w.poll(timeout)
            self._local.ran = time.monotonic() - started
            if not ready:
                self.killed += 1
                self._discard(w)
                raise _timeout_error(timeout)
            status, payload = w.recv()
        except (EOFError, OSError) as exc:
            self._discard(w)
            raise ServeError.of(500, "serve.worker_died") from exc
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
