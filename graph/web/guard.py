"""What keeps ``vbkg serve`` well-behaved under attack.

- :func:`service_endpoints` / :func:`check_services`: the endpoints a query's ``SERVICE``
  clauses name, found by a SPARQL *lexer* (comments, string literals and IRIs are tokens of their
  own, so ``# SERVICE <…>`` or ``"SERVICE <…>"`` cannot fool it), and the refusal of any that the
  user did not allow (Oxigraph runs ``SERVICE`` by POSTing to the endpoint, with no option to turn
  it off: the refusal happens before the store sees the query). rdflib's SPARQL parser is not
  used for this: it fails with ``RecursionError`` on a nested ``SERVICE``.
- :class:`HostGuard`: an ASGI middleware answering 400 to a ``Host`` header that names none of
  the configured host names (DNS rebinding), and adding the security headers (CSP with
  ``frame-ancestors 'none'``, ``X-Frame-Options``, ``nosniff``) to every response, error pages
  included.
- :func:`guarded_protocol`: uvicorn's h11 protocol with a header timeout and a connection cap.
- :class:`RepeatFilter`: a logging filter that collapses repeated log lines.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Iterable, Mapping, MutableMapping
from typing import Any

import regex

from graph.messages import t
from graph.store import PREFIX_MAP

# --------------------------------------------------------------------------- SERVICE

_ESCAPE = regex.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_TOKEN = regex.compile(
    r"""
      (?P<ws>\s+)
    | (?P<comment>\#[^\n\r]*)
    | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
               | '''(?:[^'\\]|\\.|'(?!''))*'''
               | "(?:[^"\\\n\r]|\\.)*"
               | '(?:[^'\\\n\r]|\\.)*')
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<var>[?$][\w\u00b7\u0300-\u036f\u203f\u2040]+)
    | (?P<pname>[\w\-.]*:[\w\-.:%\\]*)
    | (?P<word>[^\W\d][\w\-]*)
    | (?P<other>.)
    """,
    regex.X | regex.S,
)
_SCHEME = regex.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")


class ServiceRefused(ValueError):
    """A query names a ``SERVICE`` endpoint the server was not allowed to call."""

    def __init__(self, endpoint: str | None, lang_vi: str, lang_en: str) -> None:
        super().__init__(lang_en)
        self.endpoint = endpoint
        self.vi = lang_vi
        self.en = lang_en


def _unescape(text: str) -> str:
    # SPARQL 1.1 §19.2: codepoint escapes are replaced before the query is parsed
    def one(m: Any) -> str:
        try:
            return chr(int(m.group(1) or m.group(2), 16))
        except (ValueError, OverflowError):
            return m.group(0)

    return _ESCAPE.sub(one, text)


def _tokens(text: str) -> list[tuple[str, str]]:
    return [
        (m.lastgroup or "other", m.group(0))
        for m in _TOKEN.finditer(_unescape(text))
        if m.lastgroup not in ("ws", "comment")
    ]


def service_endpoints(text: str) -> list[str | None]:
    """The endpoint of each ``SERVICE`` clause of a SPARQL text, in order: an absolute IRI, or
    ``None`` when it is not a constant the server could check (a variable, a relative IRI, an
    unknown prefix, a token that is no IRI). Empty for a query without ``SERVICE``."""
    if "service" not in _unescape(text).lower():
        return []  # fast path: no token can spell the keyword
    toks = _tokens(text)
    prefixes = dict(PREFIX_MAP)
    out: list[str | None] = []
    for i, (kind, value) in enumerate(toks):
        if kind == "word" and value.lower() == "prefix" and i + 2 < len(toks):
            (k1, v1), (k2, v2) = toks[i + 1], toks[i + 2]
            if k1 == "pname" and v1.endswith(":") and k2 == "iri":
                prefixes[v1[:-1]] = v2[1:-1]
        elif kind == "word" and value.lower() == "service":
            j = i + 1
            if j < len(toks) and toks[j][0] == "word" and toks[j][1].lower() == "silent":
                j += 1
            target = toks[j] if j < len(toks) else ("other", "")
            out.append(_endpoint(target, prefixes))
        elif kind == "iri" and not _SCHEME.match(value[1:]) and "service" in value.lower():
            out.append(None)  # ``?a<?b||SERVICE>``-like: not an IRI, refuse to guess
    return out


def _endpoint(token: tuple[str, str], prefixes: Mapping[str, str]) -> str | None:
    kind, value = token
    if kind == "iri" and _SCHEME.match(value[1:]):
        return value[1:-1]
    if kind == "pname":
        prefix, _, local = value.partition(":")
        if prefix in prefixes and "\\" not in local:
            return prefixes[prefix] + local
    return None


def check_services(text: str, allowed: Iterable[str] = ()) -> None:
    """Raise :class:`ServiceRefused` if ``text`` has a ``SERVICE`` whose endpoint is not one of
    ``allowed`` (exact IRIs)."""
    allow = set(allowed)
    for endpoint in service_endpoints(text):
        if endpoint is not None and endpoint in allow:
            continue
        shown = endpoint or "?"
        if allow:
            vi = t("serve.service_not_allowed", "vi").format(endpoint=shown)
            en = t("serve.service_not_allowed", "en").format(endpoint=shown)
        else:
            vi = t("serve.service_refused", "vi").format(endpoint=shown)
            en = t("serve.service_refused", "en").format(endpoint=shown)
        raise ServiceRefused(endpoint, vi, en)


# --------------------------------------------------------------------------- HTTP headers

LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")

#: The pages load nothing from elsewhere and may not be framed by another site.
CSP = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
    "img-src data:; connect-src 'self'; form-action 'self'; frame-src 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
}

ASGIApp = Callable[[MutableMapping[str, Any], Any, Any], Awaitable[None]]


def host_name(header: str) -> str:
    """The name of a ``Host`` header, without the port, lower case (``[::1]:80`` → ``::1``)."""
    value = header.strip().lower()
    if value.startswith("["):
        return value[1 : value.find("]")] if "]" in value else value
    if value.count(":") == 1:
        value = value.split(":", 1)[0]
    return value.rstrip(".")


class HostGuard:
    """ASGI middleware: 400 for a ``Host`` not in ``allowed`` (``"*"``: any); the security
    headers on every HTTP response."""

    def __init__(self, app: ASGIApp, allowed: Iterable[str]) -> None:
        self.app = app
        self.allowed = {host_name(h) for h in allowed}
        self.any = "*" in allowed

    async def __call__(self, scope: MutableMapping[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        host = host_name(headers.get(b"host", b"").decode("latin-1"))
        if not self.any and host not in self.allowed:
            body = (t("serve.bad_host", _lang(scope)).format(host=host or "?") + "\n").encode()
            await send(
                {
                    "type": "http.response.start",
                    "status": 400,
                    "headers": [
                        (b"content-type", b"text/plain; charset=utf-8"),
                        (b"content-length", str(len(body)).encode()),
                        *_header_list({}),
                    ],
                }
            )
            await send({"type": "http.response.body", "body": body})
            return

        async def send_with_headers(message: MutableMapping[str, Any]) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers") or []}
                message["headers"] = [*(message.get("headers") or []), *_header_list(present)]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _header_list(present: Iterable[bytes]) -> list[tuple[bytes, bytes]]:
    have = set(present)
    return [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items() if k.encode() not in have]


def _lang(scope: Mapping[str, Any]) -> str:
    return "en" if b"lang=en" in (scope.get("query_string") or b"") else "vi"


# --------------------------------------------------------------------------- slow clients


def guarded_protocol(header_timeout: float, max_connections: int) -> type[asyncio.Protocol]:
    """uvicorn's h11 protocol, plus: a connection whose request headers are not complete
    ``header_timeout`` seconds after it opened (or after its previous response) is closed, and a
    connection over ``max_connections`` open ones is closed at once (uvicorn's own
    ``limit_concurrency`` answers 503 but only once the headers arrived)."""
    from uvicorn.protocols.http.h11_impl import H11Protocol

    class GuardedH11Protocol(H11Protocol):
        _header_timer: asyncio.TimerHandle | None = None

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            if len(self.connections) > max_connections:
                transport.abort()
                return
            self._arm()

        def _arm(self) -> None:
            self._disarm()
            self._header_timer = self.loop.call_later(header_timeout, self._expire)

        def _disarm(self) -> None:
            if self._header_timer is not None:
                self._header_timer.cancel()
                self._header_timer = None

        def _expire(self) -> None:
            self._header_timer = None
            idle = self.cycle is None or self.cycle.response_complete
            if idle and not self.transport.is_closing():
                self.transport.abort()

        def handle_events(self) -> None:
            super().handle_events()
            if self.cycle is not None and not self.cycle.response_complete:
                self._disarm()  # the headers of a request are in

        def on_response_complete(self) -> None:
            super().on_response_complete()
            if not self.transport.is_closing():
                self._arm()

        def connection_lost(self, exc: Exception | None) -> None:
            self._disarm()
            super().connection_lost(exc)

    return GuardedH11Protocol


class RepeatFilter(logging.Filter):
    """Let at most ``burst`` records with the same logger and message template through per
    ``window`` seconds; the next record after a window says how many were dropped."""

    def __init__(self, burst: int = 5, window: float = 10.0) -> None:
        super().__init__()
        self.burst = burst
        self.window = window
        self._seen: dict[tuple[str, str], list[float]] = {}  # key -> [start, count, dropped]

    def filter(self, record: logging.LogRecord) -> bool:
        key = (record.name, str(record.msg))
        now = time.monotonic()
        entry = self._seen.get(key)
        if entry is None or now - entry[0] > self.window:
            dropped = int(entry[2]) if entry else 0
            if len(self._seen) > 1000:
                self._seen.clear()
            self._seen[key] = [now, 1, 0]
            if dropped:
                record.msg = f"{record.msg} [{dropped} similar lines dropped]"
            return True
        entry[1] += 1
        if entry[1] <= self.burst:
            return True
        entry[2] += 1
        return False


def install_log_filter(names: Iterable[str] = ("uvicorn", "uvicorn.error", "asyncio")) -> None:
    """Attach one :class:`RepeatFilter` to the loggers a flood of clients makes talk."""
    flt = RepeatFilter()
    for name in names:
        logger = logging.getLogger(name)
        if not any(isinstance(f, RepeatFilter) for f in logger.filters):
            logger.addFilter(flt)
