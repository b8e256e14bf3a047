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
import hashlib
import html
import logging
import shutil
import tempfile
import threading
from collections import OrderedDict
from collections.abc import AsyncIterator, Mapping
from pathlib import Path
from typing import Any

from graph.messages import Pair, t
from graph.web.guard import (
    HostGuard,
    ServiceRefused,
    check_services,
    guarded_protocol,
    install_log_filter,
)
from graph.web.pages import check_page, error_page, index_page, resource_page
from graph.web.protocol import read_operation, read_upload, scrub_paths, too_large
from graph.web.resources import (
    HTML,
    RESOURCE_PATHS,
    RESOURCE_TYPES,
    choose_resource_type,
    description_response,
)
from graph.web.results import (
    CSV,
    FORMAT_PARAM,
    GRAPH_TYPES,
    JSON_LD,
    N_TRIPLES,
    RESULT_TYPES,
    TSV,
    TURTLE,
    parse_accept,
)
from graph.web.workers import (
    JobError,
    ServeConfig,
    ServeError,
    TimeLimit,
    WorkerPool,
    busy_error,
)

log = logging.getLogger(__name__)

__all__ = [
    "ServeConfig",
    "ServeError",
    "WorkerPool",
    "create_app",
    "serve",
]


# --------------------------------------------------------------------------- application


class _State:
    def __init__(self, config: ServeConfig, pool: WorkerPool | None) -> None:
        self.config = config
        read_only = not config.allow_update
        size = config.workers if (read_only or config.remote) else 1
        self.pool = pool or WorkerPool(
            config.store, read_only=read_only, size=size, startup_timeout=config.startup_timeout
        )
        # a worker kept for short queries, so that long ones cannot starve them
        self.reserved: WorkerPool | None = None
        if pool is None and (read_only or config.remote) and config.reserved_workers > 0:
            self.reserved = WorkerPool(
                config.store,
                read_only=read_only,
                size=config.reserved_workers,
                startup_timeout=config.startup_timeout,
            )
        self.slow: OrderedDict[str, None] = OrderedDict()  # digests of queries known to be slow
        self.generation = 0  # bumped by every update: cached pages are stale
        self.pages: OrderedDict[tuple[int, str | None, str], str] = OrderedDict()
        self.lock = threading.Lock()

    def call(self, job: str, args: tuple[Any, ...], timeout: float) -> Any:
        return self.pool.call(job, args, timeout, wait=min(timeout, self.config.queue_wait))

    def query(self, text: str, args: tuple[Any, ...]) -> Any:
        """A query job: on a general worker when one is free; else, if the query is not known
        to be slow, on the reserved worker under ``short_timeout``; else it waits its turn (a
        503 with ``Retry-After`` past ``queue_wait``)."""
        config = self.config
        digest = hashlib.sha1(text.encode("utf-8")).hexdigest()
        reserved = self.reserved
        with self.lock:
            known_slow = digest in self.slow
        if (
            reserved is not None
            and not known_slow
            and not self.pool.has_idle()
            and reserved.has_idle()
        ):
            try:
                return reserved.call(
                    "query", args, min(config.timeout, config.short_timeout), wait=0.05
                )
            except TimeLimit:
                self._mark_slow(digest)
                raise busy_error(config.queue_wait) from None
            except ServeError as exc:
                if exc.status != 503:
                    raise
                # the reserved worker was taken meanwhile: wait for a general one
        try:
            return self.call("query", args, config.timeout)
        finally:
            if self.pool.last_run() >= min(config.timeout, config.short_timeout):
                self._mark_slow(digest)

    def _mark_slow(self, digest: str) -> None:
        with self.lock:
            self.slow[digest] = None
            while len(self.slow) > 1000:
                self.slow.popitem(last=False)

    def close(self) -> None:
        self.pool.close()
        if self.reserved is not None:
            self.reserved.close()


def _lang(request: Any, config: ServeConfig) -> str:
    lang = request.query_params.get("lang") or config.lang
    return lang if lang in ("vi", "en") else "vi"


def _text_response(status: int, text: str, headers: Mapping[str, str] | None = None) -> Any:
    from starlette.responses import PlainTextResponse

    return PlainTextResponse(text + "\n", status_code=status, headers=dict(headers or {}))


def _job_error(exc: JobError) -> ServeError:
    if exc.type == "ServiceRefused":
        return ServeError(403, exc.vi, exc.en)
    if exc.type in ("SyntaxError", "ValueError", "ParseException", "KeyError"):
        return ServeError.of(400, "serve.bad_query", reason=Pair(exc.vi, exc.en))
    if exc.type in ("RemoteStoreError", "HTTPError", "ConnectError", "TimeoutException"):
        return ServeError.of(502, "serve.remote_failed", reason=Pair(exc.vi, exc.en))
    return ServeError.of(500, "serve.query_failed", reason=Pair(exc.vi, exc.en))


def create_app(config: ServeConfig, *, pool: WorkerPool | None = None) -> Any:
    """The Starlette application serving ``config.store`` (see the module docstring)."""
    from starlette.applications import Starlette
    from starlette.concurrency import run_in_threadpool
    from starlette.middleware import Middleware
    from starlette.requests import Request
    from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
    from starlette.routing import Route

    state = _State(config, pool)

    async def sparql(request: Request) -> Response:
        lang = _lang(request, config)
        params = request.query_params
        if request.method == "GET" and "query" not in params and "update" not in params:
            return description_response(request, config.allow_update, config.allowed_services)
        try:
            operation, text = await read_operation(request, config)
            if len(text.encode("utf-8")) > config.max_query_bytes:
                raise too_large(config.max_query_bytes)
            try:
                check_services(text, config.allowed_services)
            except ServiceRefused as refused:
                raise ServeError(403, refused.vi, refused.en) from None
            if operation == "update":
                if not config.allow_update:
                    raise ServeError.of(403, "serve.read_only")
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
                if fmt.lower() not in FORMAT_PARAM:
                    raise ServeError.of(
                        400, "serve.bad_format", fmt=fmt, formats=sorted(FORMAT_PARAM)
                    )
                accept = [FORMAT_PARAM[fmt.lower()]]
            result = await run_in_threadpool(
                state.query, text, (text, accept, config.max_rows, config.allowed_services)
            )
        except ServeError as exc:
            return _text_response(exc.status, exc.message(lang), exc.headers)
        except JobError as exc:
            err = _job_error(exc)
            return _text_response(err.status, err.message(lang))
        if result["media_type"] is None:
            offered = GRAPH_TYPES if result["kind"] == "graph" else RESULT_TYPES
            return _text_response(
                406,
                t("serve.not_acceptable", lang, offered=", ".join(offered)),
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
        return HTMLResponse(index_page(config, lang))

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
                return HTMLResponse(
                    error_page(exc.message(lang), lang), status_code=exc.status, headers=exc.headers
                )
            except JobError as exc:
                status = 404 if exc.type == "KeyError" else 500
                return HTMLResponse(
                    error_page(exc.en if lang == "en" else exc.vi, lang), status_code=status
                )
            with state.lock:
                state.pages[key] = page
                while len(state.pages) > 8:
                    state.pages.popitem(last=False)
        return HTMLResponse(page)

    async def check(request: Request) -> Response:
        lang = _lang(request, config)
        if request.method == "GET":
            return HTMLResponse(check_page(lang))
        try:
            report = await _run_check(request, state, lang)
        except ServeError as exc:
            return HTMLResponse(
                check_page(lang, error=exc.message(lang)),
                status_code=exc.status,
                headers=exc.headers,
            )
        except JobError as exc:
            message = exc.en if lang == "en" else exc.vi
            status = 400 if exc.type == "LoadError" else 500
            return HTMLResponse(check_page(lang, error=message), status_code=status)
        return HTMLResponse(
            check_page(
                lang, report_html=report["html"], name=report["name"], findings=report["findings"]
            ),
        )

    async def resource(request: Request) -> Response:
        lang = _lang(request, config)
        media = choose_resource_type(request.headers.get("accept"))
        fmt = (request.query_params.get("format") or "").lower()
        if fmt:
            media = {"turtle": TURTLE, "ttl": TURTLE, "jsonld": JSON_LD, "json-ld": JSON_LD}.get(
                fmt, N_TRIPLES if fmt in ("nt", "ntriples") else None
            )
        if media is None:
            return _text_response(406, ", ".join(RESOURCE_TYPES))
        path = request.scope.get("raw_path", b"").decode("latin-1").split("?")[0]
        iri = config.base.rstrip("/") + path
        try:
            found = await run_in_threadpool(state.call, "resource", (iri, media), config.timeout)
        except (ServeError, JobError) as exc:
            err = exc if isinstance(exc, ServeError) else _job_error(exc)
            return _text_response(err.status, err.message(lang), err.headers)
        headers = {"Vary": "Accept"}
        if not found["found"]:
            message = t("serve.no_resource", lang).format(iri=iri)
            if media == HTML:
                return HTMLResponse(error_page(message, lang), status_code=404, headers=headers)
            return _text_response(404, message, headers)
        if media == HTML:
            page = resource_page(iri, found["rows"], lang, base=config.base)
            return HTMLResponse(page, headers=headers)
        if media in (TURTLE, N_TRIPLES):
            media += "; charset=utf-8"
        return Response(found["body"], media_type=media, headers=headers)

    async def resolve(request: Request) -> Response:
        lang = _lang(request, config)
        ref = (request.query_params.get("ref") or "").strip()
        if not ref:
            return JSONResponse({"error": t("serve.no_ref", lang)}, status_code=400)
        try:
            found = await run_in_threadpool(state.call, "resolve", (ref,), config.timeout)
        except ServeError as exc:
            return JSONResponse({"error": exc.message(lang)}, exc.status, exc.headers)
        except JobError as exc:
            status = {"UnknownReference": 404, "AmbiguousReference": 409}.get(exc.type, 400)
            message = t("serve.no_document", lang).format(ref=ref) if status == 404 else exc.en
            if status == 409:
                message = t("serve.ambiguous", lang).format(ref=ref)
            return JSONResponse({"error": message}, status_code=status)
        return JSONResponse(found)

    async def favicon(request: Request) -> Response:
        return Response(status_code=204)

    async def home(request: Request) -> Response:
        return RedirectResponse("/")

    @contextlib.asynccontextmanager
    async def lifespan(app: Any) -> AsyncIterator[None]:
        threading.Thread(target=_warm, args=(state.pool,), daemon=True).start()
        if state.reserved is not None:
            threading.Thread(target=_warm, args=(state.reserved,), daemon=True).start()
        try:
            yield
        finally:
            state.close()

    app = Starlette(
        routes=[
            Route("/", index),
            Route("/index.html", home),
            Route("/sparql", sparql, methods=["GET", "POST"]),
            Route("/graph", graph),
            Route("/check", check, methods=["GET", "POST"]),
            Route("/favicon.ico", favicon),
            Route("/resolve", resolve),
            *(Route(f"/{kind}/{{rest:path}}", resource) for kind in RESOURCE_PATHS),
        ],
        lifespan=lifespan,
        middleware=[Middleware(HostGuard, allowed=config.allowed_hosts)],
    )
    app.state.vbkg = state
    return app


def _warm(pool: WorkerPool) -> None:
    try:
        pool.warm_up()
    except Exception as exc:  # reported again, with its message, on the first request
        if not pool.closed:
            log.warning("query workers did not start: %s", exc)


async def _run_check(request: Any, state: _State, lang: str) -> dict[str, Any]:
    """The report of the uploaded draft, under ``check_timeout``; every message names the
    uploaded file, never the server's temporary path."""
    from starlette.concurrency import run_in_threadpool

    config = state.config
    tmp = Path(tempfile.mkdtemp(prefix="vbkg-check-"))
    name = ""
    paths: dict[str, str] = {}
    try:
        name, path = await read_upload(request, config, tmp)
        paths = {str(path): name, html.escape(str(path)): html.escape(name), str(tmp): "."}
        try:
            result = await run_in_threadpool(
                state.pool.call,
                "check",
                (str(path), lang),
                config.check_timeout,
                wait=min(config.check_timeout, config.queue_wait),
            )
        except TimeLimit as exc:
            seconds = f"{config.check_timeout:g}"
            raise ServeError.of(
                503, "serve.check_timeout", seconds=seconds, retry_after=exc.retry_after
            ) from None
        except JobError as exc:
            exc.vi, exc.en = scrub_paths(exc.vi, paths), scrub_paths(exc.en, paths)
            raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    result["name"] = name
    # the report names the file it read: show the uploaded name, not the server's temp path
    result["html"] = scrub_paths(str(result["html"]), paths)
    return dict(result)


def uvicorn_config(
    config: ServeConfig, *, host: str = "127.0.0.1", port: int = 8000, log_level: str = "info"
) -> Any:
    """The uvicorn configuration of ``vbkg serve``: h11 with a header timeout and a connection
    cap (:func:`graph.web.guard.guarded_protocol`), the keep-alive timeout, and repeated log
    lines collapsed (:class:`graph.web.guard.RepeatFilter`)."""
    import uvicorn

    install_log_filter()
    return uvicorn.Config(
        create_app(config),
        host=host,
        port=port,
        log_level=log_level,
        http=guarded_protocol(config.header_timeout, config.max_connections),
        timeout_keep_alive=config.keep_alive,
        h11_max_incomplete_event_size=32 * 1024,
        timeout_graceful_shutdown=5,
        lifespan="on",
    )


def serve(
    config: ServeConfig, *, host: str = "127.0.0.1", port: int = 8000, log_level: str = "info"
) -> None:
    """Run the server with uvicorn until interrupted."""
    import uvicorn

    uvicorn.Server(uvicorn_config(config, host=host, port=port, log_level=log_level)).run()
