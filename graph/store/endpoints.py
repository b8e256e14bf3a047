"""Where a SPARQL server's endpoints are, from the URL form only (never by probing): the table
in :mod:`graph.store.remote`'s docstring; and :class:`RemoteStoreError`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import regex

from graph.store.base import StoreError


class RemoteStoreError(StoreError):
    """A SPARQL server that cannot be reached or used; ``status`` is the HTTP status, if any."""

    def __init__(
        self, key: str, *, url: str = "", status: int | None = None, **params: Any
    ) -> None:
        super().__init__(key, url=url, status=status, **params)
        self.url = url
        self.status = status


# --------------------------------------------------------------------------- endpoints


@dataclass(frozen=True)
class Endpoints:
    """Where a remote store is queried, updated and (optionally) read graph by graph."""

    query: str
    update: str
    store: str | None  # Graph Store Protocol endpoint; None: use SPARQL queries instead
    layout: str  # "oxigraph" | "fuseki" | "sparql" (the URL form that was recognised)


def _strip(url: str, drop: set[str]) -> tuple[str, dict[str, str]]:
    """``url`` without the query parameters named in ``drop``, and those parameters."""
    parts = urlsplit(url)
    kept, taken = [], {}
    for k, v in parse_qsl(parts.query, keep_blank_values=True):
        if k in drop:
            taken[k] = v
        else:
            kept.append((k, v))
    return urlunsplit(parts._replace(query=urlencode(kept))), taken


def endpoints(
    url: str,
    *,
    query_endpoint: str | None = None,
    update_endpoint: str | None = None,
    store_endpoint: str | None = None,
) -> Endpoints:
    """The endpoints a store URL designates (the table in the module docstring).

    Pure string work: no request is made. ``store_endpoint=""`` means "no Graph Store".
    """
    sparql_form = url.startswith(("sparql+http://", "sparql+https://"))
    raw = url.removeprefix("sparql+")
    if not regex.match(r"https?://[^/?#]+", raw):
        raise RemoteStoreError("store.bad_url", url=url)
    base_url, overrides = _strip(raw, {"update", "store"})
    parts = urlsplit(base_url)
    path = parts.path
    if sparql_form:
        layout, query = "sparql", base_url
        update, store = query, None
    elif path == "" or path.endswith("/"):
        root = urlunsplit(parts._replace(path=path or "/", query="", fragment=""))
        layout, query = "oxigraph", urljoin(root, "query")
        update, store = urljoin(root, "update"), urljoin(root, "store")
    elif m := regex.fullmatch(r"(/(?:[^/]+/)*[^/]+)/(?:sparql|query)", path):
        ds = urlunsplit(parts._replace(path=m.group(1) + "/", query="", fragment=""))
        layout, query = "fuseki", base_url
        update, store = urljoin(ds, "update"), urljoin(ds, "data")
    else:
        raise RemoteStoreError(
            "store.endpoints",
            url=url,
        )
    if "update" in overrides:
        update = urljoin(query, overrides["update"]) if overrides["update"] else query
    if "store" in overrides:
        store = urljoin(query, overrides["store"]) if overrides["store"] else None
    if query_endpoint is not None:
        query = query_endpoint
    if update_endpoint is not None:
        update = update_endpoint
    if store_endpoint is not None:
        store = store_endpoint or None
    return Endpoints(query=query, update=update, store=store, layout=layout)


__all__ = ["Endpoints", "RemoteStoreError", "endpoints"]
