"""Where the graph lives: the embedded Oxigraph store (``local``) or any SPARQL 1.1 server
(``remote``), opened by location with :func:`open_store`.

Modules, arrows pointing down only: ``base`` (StoreError, StoreReading) and ``terms`` (rdflib ↔
Oxigraph terms, N-Triples) → ``sparql`` (prefixes, bound values, the graph-replacing update,
export formats) → ``snapshots`` (locks, snapshots, the marker file) → ``local`` (:class:`Store`);
``remote`` (:class:`RemoteStore`) imports only base, terms and sparql.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import IO, Any, Protocol, runtime_checkable

import regex
from rdflib import Graph, URIRef

from graph.store.base import StoreError, StoreFormatError, StoreReading
from graph.store.local import Store
from graph.store.remote import RemoteStore
from graph.store.snapshots import MARKER, SNAPSHOT_INTERVAL, SNAPSHOTS
from graph.store.sparql import PREFIX_MAP, bind_rows, bind_values
from graph.store.terms import XSD_STRING, from_ox, in_graph, ntriples, to_ox

__all__ = [
    "MARKER",
    "PREFIX_MAP",
    "SNAPSHOTS",
    "SNAPSHOT_INTERVAL",
    "XSD_STRING",
    "RemoteStore",
    "Store",
    "StoreError",
    "StoreFormatError",
    "StoreLike",
    "StoreReading",
    "bind_rows",
    "bind_values",
    "from_ox",
    "in_graph",
    "ntriples",
    "open_store",
    "to_ox",
]


@runtime_checkable
class StoreLike(Protocol):
    """What every store offers (embedded :class:`Store` and :class:`RemoteStore` alike): the
    type that analysis, checks, web and cli code ask for instead of ``Any``."""

    base: str
    read_only: bool

    def query(self, sparql: str, bindings: Mapping[str, object] | None = None) -> Any: ...

    def select(
        self, sparql: str, bindings: Mapping[str, object] | None = None
    ) -> tuple[list[str], list[list[str | None]]]: ...

    def sources(self) -> list[str]: ...

    def source_graph_name(self, source: str) -> URIRef: ...

    def source_graph(self, source: str) -> Graph: ...

    def replace_source(self, source: str, graph: Graph) -> int: ...

    def remove_source(self, source: str) -> None: ...

    def update(self, sparql: str) -> None: ...

    def refresh(self) -> bool: ...

    def refresh_vocabulary(self) -> None: ...

    def export(
        self,
        target: str | Path | IO[bytes] | IO[str],
        format: str = "turtle",
        *,
        include_vocabulary: bool = True,
    ) -> None: ...

    def flush(self) -> None: ...

    def close(self) -> None: ...

    def __len__(self) -> int: ...


def open_store(
    location: str | Path, *, read_only: bool = False, base: str | None = None
) -> StoreLike:
    """Open the store at ``location``: a directory (embedded Oxigraph) or a SPARQL endpoint URL.

    ``http(s)://…`` and ``sparql+http(s)://…`` locations are served by
    :class:`graph.store.remote.RemoteStore` (SPARQL 1.1 Protocol and Graph Store Protocol), which
    offers the same methods as :class:`Store`.
    """
    loc = str(location)
    if regex.match(r"(?:sparql\+)?https?://", loc):
        return RemoteStore.open(loc, read_only=read_only, base=base)
    return Store.open(Path(loc), read_only=read_only, base=base)
