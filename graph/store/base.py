"""What both stores share: the bilingual :class:`StoreError` and :class:`StoreReading`, the
readers built on ``query`` alone (the embedded :class:`graph.store.local.Store` and
:class:`graph.store.remote.RemoteStore` both extend it)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graph.messages import both


class StoreError(Exception):
    """A store that cannot be opened or used: the catalogue's message ``key`` (``store.*`` in
    data/messages/errors.yaml) with its ``params``, in Vietnamese (``vi``) and English (``en``)."""

    def __init__(self, key: str, **params: Any) -> None:
        self.key = key
        self.params = params
        self.vi, self.en = both(key, **params)
        super().__init__(self.vi)

    def __reduce__(self) -> tuple[Any, ...]:  # picklable across the web workers' processes
        return (_rebuild, (type(self), self.key, self.params))

    def message(self, lang: str = "vi") -> str:
        return self.en if lang == "en" else self.vi

    def __str__(self) -> str:
        return f"{self.vi} ({self.en})"


def _rebuild(cls: type[StoreError], key: str, params: dict[str, Any]) -> StoreError:
    return cls(key, **params)


class StoreFormatError(StoreError):
    """The directory holds a store of another format version, or is not a vbkg store."""


class StoreReading:
    """What every store offers on top of ``query`` (embedded and remote alike)."""

    vocabulary_graph_name: Any

    def query(self, sparql: str, bindings: Mapping[str, object] | None = None) -> Any:
        raise NotImplementedError

    def sources(self) -> list[str]:
        """The source files in the store (their ``dcterms:identifier``), sorted."""
        rows = self.query(
            "SELECT DISTINCT ?id WHERE { GRAPH ?g { ?g a vbkg:SourceFile ; "
            "dcterms:identifier ?id } }",
        )
        assert isinstance(rows, list)
        return sorted(str(r["id"]) for r in rows)

    def __len__(self) -> int:
        """Number of triples in the source graphs (the vocabulary is not counted)."""
        vocab = self.vocabulary_graph_name  # a validated NamedNode, serialised by Oxigraph
        rows = self.query(
            f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER (?g != {vocab}) }}"
        )
        assert isinstance(rows, list)
        return int(rows[0]["n"]) if rows else 0


__all__ = ["StoreError", "StoreFormatError", "StoreReading"]
