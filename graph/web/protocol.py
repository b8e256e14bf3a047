"""Reading requests of ``vbkg serve``: SPARQL 1.1 Protocol operations (:func:`read_operation`)
and the draft uploaded to ``/check`` (:func:`read_upload`), each counted while it is read and
stopped at its limit (413 at once, never spooled whole first)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import regex

from graph.messages import Msg
from graph.web.workers import UPLOAD_SUFFIXES, ServeConfig, ServeError


async def read_operation(request: Any, config: ServeConfig) -> tuple[str, str]:
    """``("query" | "update", text)`` of a SPARQL Protocol request (ServeError otherwise)."""
    if request.method == "GET":
        params = request.query_params
        if "update" in params:
            raise ServeError.of(405, "serve.update_get")
        text = params.get("query")
        if text is None:
            raise ServeError.of(400, "serve.no_query")
        _refuse_datasets(params)
        return "query", text
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    length = request.headers.get("content-length")
    if length and length.isdigit() and int(length) > config.max_query_bytes:
        raise too_large(config.max_query_bytes)
    if media == "application/x-www-form-urlencoded":
        body = await _limited_body(request, config.max_query_bytes)
        from urllib.parse import parse_qs

        try:
            form = parse_qs(body.decode("utf-8"), keep_blank_values=True, strict_parsing=False)
        except UnicodeDecodeError:
            raise _not_utf8() from None
        _refuse_datasets({k: v[0] for k, v in form.items()})
        if "query" in form and "update" in form:
            raise ServeError.of(400, "serve.query_and_update")
        if "update" in form:
            return "update", form["update"][0]
        if "query" in form:
            return "query", form["query"][0]
        raise ServeError.of(400, "serve.no_operation")
    if media in ("application/sparql-query", "application/sparql-update"):
        body = await _limited_body(request, config.max_query_bytes)
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            raise _not_utf8() from None
        _refuse_datasets(request.query_params)
        return ("update" if media.endswith("update") else "query"), text
    raise ServeError.of(415, "serve.content_type", media=media or Msg("trace.none"))


def _refuse_datasets(params: Mapping[str, Any]) -> None:
    for name in (
        "default-graph-uri",
        "named-graph-uri",
        "using-graph-uri",
        "using-named-graph-uri",
    ):
        if name in params:
            raise ServeError.of(400, "serve.dataset_param", name=name)


def too_large(limit: int) -> ServeError:
    return ServeError.of(413, "serve.too_large", limit=limit)


def _not_utf8() -> ServeError:
    return ServeError.of(400, "serve.not_utf8")


async def _limited_body(request: Any, limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise too_large(limit)
        chunks.append(chunk)
    return b"".join(chunks)


def _counted(receive: Any, limit: int) -> Any:
    """``receive`` of an ASGI request that raises 413 once more than ``limit`` body bytes came:
    the multipart parser spools what it reads, so it must never read more."""
    seen = 0

    async def inner() -> Any:
        nonlocal seen
        message = await receive()
        if message.get("type") == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                raise too_large(limit)
        return message

    return inner


async def read_upload(request: Any, config: ServeConfig, folder: Path) -> tuple[str, Path]:
    """The draft of a ``/check`` form written into ``folder``: ``(the name the user gave, the
    path written)``. 413 as soon as the body passes ``config.max_upload_bytes`` (plus the
    form's own bytes), chunked or not."""
    from starlette.datastructures import UploadFile
    from starlette.requests import Request

    limit = config.max_upload_bytes + 65536  # the multipart envelope around the file
    length = request.headers.get("content-length")
    if length and length.isdigit() and int(length) > limit:
        raise too_large(config.max_upload_bytes)
    counted = Request(request.scope, _counted(request.receive, limit))
    try:
        form = await counted.form(max_files=1, max_fields=10)
    except ServeError:
        raise
    except Exception as exc:
        raise ServeError.of(400, "serve.bad_form", exc=exc) from exc
    upload = form.get("draft")
    try:
        if not isinstance(upload, UploadFile) or not upload.filename:
            raise ServeError.of(400, "serve.no_draft")
        name = Path(upload.filename.replace("\\", "/")).name
        suffix = Path(name).suffix.lower()
        if suffix not in UPLOAD_SUFFIXES:
            raise ServeError.of(
                400, "serve.bad_upload", name=name, suffixes=", ".join(UPLOAD_SUFFIXES)
            )
        safe = regex.sub(r"[^\w.\-]+", "_", Path(name).stem)[:80] or "draft"
        path = folder / f"{safe}{suffix}"
        size = 0
        with path.open("wb") as fh:
            while chunk := await upload.read(1 << 16):
                size += len(chunk)
                if size > config.max_upload_bytes:
                    raise too_large(config.max_upload_bytes)
                fh.write(chunk)
    finally:
        await form.close()
    return name, path


def scrub_paths(text: str, paths: Mapping[str, str]) -> str:
    """``text`` with each server path of ``paths`` replaced by the name shown to the user
    (longest first: a folder's path is a prefix of its files')."""
    for server, shown in sorted(paths.items(), key=lambda kv: -len(kv[0])):
        text = text.replace(server, shown)
    return text
