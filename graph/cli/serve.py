"""``vbkg serve``: a SPARQL endpoint and a small web interface over the store."""

from __future__ import annotations

import ipaddress
import sys

import click

from graph.cli.group import EXIT_ERROR, base_option, cli, lang_option, store_option
from graph.messages import t


def _w(key: str, lang: str, **kw: str) -> str:
    return t(f"serve.{key}", lang, **kw)


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _is_self(url: str, host: str, port: int) -> bool:
    """Whether ``url`` names this server (a SERVICE to itself would tie up its workers)."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url)
        other_port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        return False
    name = (parts.hostname or "").lower()
    same_host = name == host.lower() or _loopback(name) or host in ("0.0.0.0", "::")
    return same_host and other_port == port


@cli.command("serve")
@store_option
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on (loopback only by default).",
)
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option(
    "--allow-update", is_flag=True, help="Accept SPARQL updates (refused with 403 otherwise)."
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.1),
    default=30.0,
    show_default=True,
    help="Time limit of one query, in seconds (503 past it).",
)
@click.option(
    "--max-rows",
    type=click.IntRange(min=1),
    default=10_000,
    show_default=True,
    help="Results are truncated to this many rows (header X-VBKG-Truncated).",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=2,
    show_default=True,
    help="Worker processes running queries (1 with --allow-update on a folder).",
)
@click.option(
    "--allow-service",
    "allow_service",
    multiple=True,
    metavar="URL",
    help="A SPARQL endpoint that SERVICE clauses may call (repeatable); SERVICE is refused "
    "with 403 otherwise.",
)
@click.option(
    "--allowed-host",
    "allowed_host",
    multiple=True,
    metavar="NAME",
    help="A host name the server answers to besides --host and the loopback names "
    "(repeatable; '*' for any); other Host headers get 400.",
)
@click.option(
    "--check-timeout",
    type=click.FloatRange(min=0.1),
    default=60.0,
    show_default=True,
    help="Time budget of one draft check on /check, in seconds.",
)
@click.option(
    "--header-timeout",
    type=click.FloatRange(min=0.1),
    default=10.0,
    show_default=True,
    help="A connection must send its request headers within this many seconds.",
)
@click.option(
    "--max-connections",
    type=click.IntRange(min=1),
    default=500,
    show_default=True,
    help="Open connections over this number are closed at once.",
)
@base_option
@lang_option
def serve_command(
    store_path: str,
    host: str,
    port: int,
    allow_update: bool,
    timeout: float,
    max_rows: int,
    workers: int,
    allow_service: tuple[str, ...],
    allowed_host: tuple[str, ...],
    check_timeout: float,
    header_timeout: float,
    max_connections: int,
    base: str,
    lang: str,
) -> None:
    """Serve the store: SPARQL 1.1 endpoint at /sparql, query page at /, graph at /graph,
    draft check at /check."""
    try:
        import python_multipart  # noqa: F401  (Starlette's form parser, for /check)
        import starlette  # noqa: F401
        import uvicorn  # noqa: F401

        from graph.messages import t
        from graph.web.app import ServeConfig, serve
        from graph.web.guard import LOOPBACK_NAMES, host_name
    except ImportError as exc:
        click.echo(_w("missing", lang, name=str(exc.name or exc)), err=True)
        sys.exit(EXIT_ERROR)
    if allow_update and not _loopback(host):
        click.echo(_w("public", lang, host=host), err=True)
    for url in allow_service:
        if _is_self(url, host, port):
            click.echo(t("serve.service_self", lang).format(endpoint=url), err=True)
            sys.exit(EXIT_ERROR)
    names = [*LOOPBACK_NAMES, *allowed_host]
    if host not in ("0.0.0.0", "::", ""):
        names.append(host_name(host))
    config = ServeConfig(
        store=store_path,
        allow_update=allow_update,
        timeout=timeout,
        max_rows=max_rows,
        lang=lang,
        workers=workers,
        allowed_services=tuple(allow_service),
        allowed_hosts=tuple(dict.fromkeys(names)),
        check_timeout=check_timeout,
        header_timeout=header_timeout,
        max_connections=max_connections,
        base=base,
    )
    shown = f"[{host}]" if ":" in host else host
    click.echo(_w("listening", lang, store=store_path, url=f"http://{shown}:{port}/"))
    serve(config, host=host, port=port)
