"""Where the graph lives: the embedded Oxigraph store (``local``) or any SPARQL 1.1 server
(``remote``), opened by location with :func:`open_store`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import regex

from graph.store.local import (
    MARKER,
    SNAPSHOTS,
    XSD_STRING,
    Store,
    StoreError,
    StoreFormatError,
    bind_rows,
    from_ox,
    in_graph,
    ntriples,
    to_ox,
)
from graph.store.remote import RemoteStore

__all__ = [
    "MARKER",
    "SNAPSHOTS",
    "XSD_STRING",
    "RemoteStore",
    "Store",
    "StoreError",
    "StoreFormatError",
    "bind_rows",
    "from_ox",
    "in_graph",
    "ntriples",
    "open_store",
    "to_ox",
]


def open_store(location: str | Path, *, read_only: bool = False, base: str | None = None) -> Any:
    """Open the store at ``location``: a directory (embedded Oxigraph) or a SPARQL endpoint URL.

    ``http(s)://…`` and ``sparql+http(s)://…`` locations are served by
    :class:`graph.store.remote.RemoteStore` (SPARQL 1.1 Protocol and Graph Store Protocol), which
    offers the same methods as :class:`Store`.
    """
    loc = str(location)
    if regex.match(r"(?:sparql\+)?https?://", loc):
        return RemoteStore.open(loc, read_only=read_only, base=base)
    return Store.open(Path(loc), read_only=read_only, base=base)
