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
import html
import logging
import shutil
import tempfile
import threading
from collections import OrderedDict
from collections.abc import AsyncIterator, Mapping
from pathlib import Path
from typing import Any

import regex

from graph.web.pages import check_page, error_page, index_page
from graph.web.results import (
    CSV,
    FORMAT_PARAM,
    GRAPH_TYPES,
    N_TRIPLES,
    RESULT_TYPES,
    TSV,
    TURTLE,
    parse_accept,
)
from graph.web.workers import UPLOAD_SUFFIXES, JobError, ServeConfig, ServeError, WorkerPool

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
                if fmt.lower() not in FORMAT_PARAM:
                    raise ServeError(
                        400,
                        f"Định dạng không hỗ trợ: {fmt}",
                        f"unknown format {fmt}; one of {sorted(FORMAT_PARAM)}",
                    )
                accept = [FORMAT_PARAM[fmt.lower()]]
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
