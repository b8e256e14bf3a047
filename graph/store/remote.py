"""Stage 7 at scale: a vbkg store on an existing SPARQL server.

:class:`RemoteStore` offers the methods of the embedded :class:`graph.store.local.Store`
(``open``, ``replace_source``, ``remove_source``, ``refresh_vocabulary``, ``sources``,
``len()``, ``query``, ``select``, ``source_graph``, ``export``, ``rdflib_graph``) over the
SPARQL 1.1 Protocol (query and update endpoints) and, for reads, the SPARQL 1.1 Graph
Store Protocol. :func:`graph.store.open_store` hands every ``http(s)://`` and
``sparql+http(s)://`` location to it.

Endpoint discovery is by URL form only, never by probing (see :func:`endpoints`):

===========================================  ==========================================
``http://host:7878/``                        Oxigraph server: ``/query``, ``/update``,
(path empty or ending in ``/``)              ``/store``
``http://host:3030/ds/sparql``               Fuseki: the URL itself (``/ds/query`` also
(``/<dataset>/sparql`` or ``…/query``)       accepted) for queries, ``/ds/update``,
                                             ``/ds/data``
``sparql+http://host/path``                  this exact URL is the query endpoint;
                                             updates at ``?update=`` or the same URL;
                                             Graph Store at ``?store=`` or none
===========================================  ==========================================

In every form ``?update=URL`` and ``?store=URL`` (absolute, or relative to the query
endpoint; ``?store=`` empty: no Graph Store) override the derived endpoints and are
removed from the query endpoint's URL; keyword arguments of :meth:`RemoteStore.open`
(``query_endpoint``, ``update_endpoint``, ``store_endpoint``) override both. Other URL
forms are refused with a message listing these, e.g. Virtuoso is
``sparql+http://host:8890/sparql?store=/sparql-graph-crud`` and QLever
``sparql+http://host:7001/``.

Semantics are the embedded store's: one named graph per source file, the vocabulary in
``{base}/graph/vocabulary``, and the server's default graph kept the *set* union of those
graphs by vbkg's own updates. Every write is the one SPARQL update text that
:func:`graph.store.sparql.replace_graph_update` builds, sent in one request, which the server
applies atomically (Oxigraph and Fuseki/TDB2 run one update request as one
transaction). Whole-graph ``PUT``/``DELETE`` of the Graph Store Protocol cannot maintain
the union in the same transaction, so writes never use it; reads (``source_graph``,
``export``) use Graph Store ``GET`` when a store endpoint is known.

The store's ``base`` is not recorded in a marker file as on disk: when ``base`` is not
given it is read from the name of the vocabulary graph already on the server (the graph
holding the ``owl:Ontology``), else :data:`graph.ids.DEFAULT_BASE`.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pyoxigraph as ox
import regex
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.query import Result
from rdflib.term import Node, Variable

from graph import ids
from graph.build import vocabulary_graph
from graph.messages import Msg
from graph.store.base import StoreError, StoreReading
from graph.store.endpoints import Endpoints, RemoteStoreError, endpoints
from graph.store.sparql import (
    DATASET_FORMATS,
    EXPORT_FORMATS,
    PREFIX_MAP,
    PROLOGUE,
    bind_values,
    replace_graph_update,
    serialize_jsonld,
    write_output,
)
from graph.store.terms import XSD_STRING, Term, to_ox

if TYPE_CHECKING:  # httpx is imported when a remote store is opened (0.1 s of start-up)
    import httpx

DEFAULT_TIMEOUT = 60.0
"""Seconds to wait for any one HTTP exchange (connecting: at most 10)."""

ONTOLOGY_IRI = "https://w3id.org/vbkg/ontology"
_VOCAB_SUFFIX = "/graph/vocabulary"

_RESULTS_JSON = "application/sparql-results+json"
_RESULTS_XML = "application/sparql-results+xml"
_NTRIPLES = "application/n-triples"
_ACCEPT_QUERY = f"{_RESULTS_JSON}, {_NTRIPLES};q=0.9, {_RESULTS_XML};q=0.8, text/turtle;q=0.7"
_RDF_PARSERS = {  # response media type -> rdflib parser, for CONSTRUCT / DESCRIBE / GSP GET
    _NTRIPLES: "nt",
    "text/plain": "nt",  # N-Triples as served by older servers
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/rdf+xml": "xml",
}
_RESULT_PARSERS = {_RESULTS_JSON: "json", "application/json": "json", _RESULTS_XML: "xml"}
_LOOPBACK = {"127.0.0.1", "::1", "localhost"}
_VARNAME = regex.compile(r"\w+")


# --------------------------------------------------------------------------- helpers


def _bind(sparql: str, bindings: Mapping[str, object] | None) -> str:
    """``sparql`` with the project prefixes declared and ``bindings`` pre-bound, exactly as
    :func:`graph.store.sparql.bind_values` does for the embedded store."""
    return PROLOGUE + bind_values(sparql, bindings)


def _norm(term: Node | None) -> Term | None:
    """A parsed result term in the shapes :func:`graph.store.terms.from_ox` gives."""
    if isinstance(term, Literal) and term.language is None and str(term.datatype) == XSD_STRING:
        return Literal(str(term))
    if term is None or isinstance(term, URIRef | BNode | Literal):
        return term
    raise TypeError(f"unsupported RDF term: {term!r}")


def _media_type(response: httpx.Response) -> str:
    return response.headers.get("content-type", "").split(";")[0].strip().lower()


def _server_message(response: httpx.Response) -> str:
    text = " ".join(response.text.split())
    return text[:1000] + ("…" if len(text) > 1000 else "")


# --------------------------------------------------------------------------- store


class RemoteStore(StoreReading):
    """A vbkg store on a SPARQL 1.1 server. Use :meth:`open`; close with :meth:`close`."""

    def __init__(
        self, endpoints: Endpoints, client: httpx.Client, *, read_only: bool, base: str
    ) -> None:
        self.endpoints = endpoints
        self.read_only = read_only
        self.base = base
        self._client = client

    @property
    def location(self) -> str:
        return self.endpoints.query

    # -- opening

    @classmethod
    def open(
        cls,
        url: str,
        *,
        read_only: bool = False,
        base: str | None = None,
        query_endpoint: str | None = None,
        update_endpoint: str | None = None,
        store_endpoint: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        headers: Mapping[str, str] | None = None,
        auth: httpx.Auth | tuple[str, str] | None = None,
    ) -> RemoteStore:
        """Connect to the server at ``url`` (see :func:`endpoints`) and check it answers SPARQL.

        Read-write, the vocabulary graph is refreshed as on the embedded store; read-only,
        every update is refused before any request is sent. ``headers`` and ``auth`` are
        passed to every request (e.g. ``{"Authorization": "Bearer …"}`` for QLever).
        """
        import httpx

        eps = endpoints(
            url,
            query_endpoint=query_endpoint,
            update_endpoint=update_endpoint,
            store_endpoint=store_endpoint,
        )
        client = httpx.Client(
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            headers=dict(headers or {}),
            auth=auth,
            follow_redirects=True,
            # proxies, .netrc and CA settings from the environment, except on loopback
            trust_env=urlsplit(eps.query).hostname not in _LOOPBACK,
        )
        store = cls(eps, client, read_only=read_only, base=base or ids.DEFAULT_BASE)
        try:
            store._check_endpoint()
            if base is None:
                store.base = store._recorded_base() or ids.DEFAULT_BASE
            if not read_only:
                store.refresh_vocabulary()
        except BaseException:
            client.close()
            raise
        return store

    def _check_endpoint(self) -> None:
        response = self._post(self.endpoints.query, {"query": "ASK {}"}, accept=_ACCEPT_QUERY)
        kind = _media_type(response)
        try:
            ok = (
                kind in _RESULT_PARSERS
                and Result.parse(io.BytesIO(response.content), format=_RESULT_PARSERS[kind]).type
                == "ASK"
            )
        except Exception:
            ok = False
        if not ok:
            url = self.endpoints.query
            raise RemoteStoreError(
                "store.not_sparql",
                kind=kind or Msg("store.no_content_type"),
                url=url,
                status=response.status_code,
            )

    def _recorded_base(self) -> str | None:
        rows = self.query(
            f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ <{ONTOLOGY_IRI}> a owl:Ontology }} }}"
        )
        assert isinstance(rows, list)
        found = sorted(
            str(r["g"])[: -len(_VOCAB_SUFFIX)] for r in rows if str(r["g"]).endswith(_VOCAB_SUFFIX)
        )
        if len(found) > 1:
            raise RemoteStoreError(
                "store.vocabularies",
                store=self.location,
                found=", ".join(found),
                url=self.location,
            )
        return found[0] if found else None

    def __enter__(self) -> RemoteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def flush(self) -> None:
        """Nothing to do: every update is committed by the server when its request returns."""

    def close(self) -> None:
        self._client.close()

    def refresh(self) -> bool:
        """Nothing to do: every query sees the server's current state (same API as Store)."""
        return False

    # -- HTTP

    def _post(
        self,
        url: str,
        form: Mapping[str, str],
        *,
        accept: str | None = None,
    ) -> httpx.Response:
        headers = {"Accept": accept} if accept else {}
        return self._send("POST", url, data=dict(form), headers=headers)

    def _send(
        self,
        method: str,
        url: str,
        *,
        ok404: bool = False,
        **kwargs: Any,
    ) -> httpx.Response:
        import httpx

        try:
            response = self._client.request(method, url, **kwargs)
        except httpx.TimeoutException as exc:
            raise RemoteStoreError(
                "store.timeout",
                kind=type(exc).__name__,
                url=url,
            ) from exc
        except (httpx.TransportError, httpx.InvalidURL) as exc:
            raise RemoteStoreError(
                "store.unreachable",
                exc=exc,
                url=url,
            ) from exc
        if response.status_code >= 400 and not (ok404 and response.status_code == 404):
            msg = _server_message(response)
            raise RemoteStoreError(
                "store.http",
                msg=msg,
                url=url,
                status=response.status_code,
            )
        return response

    def _update(self, update: str) -> None:
        self._writable()
        self._post(self.endpoints.update, {"update": update})

    def update(self, sparql: str) -> None:
        """Send a SPARQL update (one request, applied atomically by the server) with the
        project's prefixes predeclared, as :meth:`graph.store.local.Store.update`.

        It bypasses :meth:`replace_source`'s bookkeeping (the default graph as the set union
        of the source graphs): keeping that is the caller's responsibility.
        """
        self._update(PROLOGUE + sparql)

    def _rdf(self, response: httpx.Response) -> Graph:
        kind = _media_type(response)
        fmt = _RDF_PARSERS.get(kind)
        if fmt is None:
            raise RemoteStoreError(
                "store.unreadable",
                kind=repr(kind),
                url=str(response.url),
                status=response.status_code,
            )
        g = Graph()
        g.parse(data=response.content, format=fmt)
        return g

    # -- writing

    def _writable(self) -> None:
        if self.read_only:
            raise StoreError("store.read_only")

    def source_graph_name(self, source: str) -> URIRef:
        """Name of the named graph holding ``source``'s triples (its SourceFile IRI)."""
        return URIRef(ids.source_iri(source, self.base))

    def replace_source(self, source: str, graph: Graph) -> int:
        """Atomically replace the named graph of ``source`` with ``graph``; returns its size."""
        self._writable()
        name = ox.NamedNode(str(self.source_graph_name(source)))
        self._update(replace_graph_update(name, iter(graph)))
        return len(graph)

    def remove_source(self, source: str) -> None:
        self._writable()
        name = ox.NamedNode(str(self.source_graph_name(source)))
        self._update(replace_graph_update(name, iter(())).rsplit(" ;\n", 2)[0])

    @property
    def vocabulary_graph_name(self) -> ox.NamedNode:
        return ox.NamedNode(f"{self.base}{_VOCAB_SUFFIX}")

    def refresh_vocabulary(self) -> None:
        """Replace the ontology and vocabulary graph with the current one (one update)."""
        self._writable()
        self._update(replace_graph_update(self.vocabulary_graph_name, iter(vocabulary_graph())))

    # -- reading

    def _run(self, sparql: str, bindings: Mapping[str, object] | None) -> httpx.Response:
        return self._post(
            self.endpoints.query, {"query": _bind(sparql, bindings)}, accept=_ACCEPT_QUERY
        )

    def query(
        self, sparql: str, bindings: Mapping[str, object] | None = None
    ) -> list[dict[str, Term | None]] | bool | Graph:
        """Run a SPARQL query with the project's prefixes predeclared (as :meth:`Store.query`).

        Returns a list of rows (variable → term or ``None``) for SELECT, a bool for ASK and
        an rdflib ``Graph`` for CONSTRUCT and DESCRIBE.
        """
        response = self._run(sparql, bindings)
        kind = _media_type(response)
        if kind in _RESULT_PARSERS:
            result = Result.parse(io.BytesIO(response.content), format=_RESULT_PARSERS[kind])
            if result.type == "ASK":
                return bool(result.askAnswer)
            names = [str(v) for v in result.vars or []]
            return [{n: _norm(row.get(Variable(n))) for n in names} for row in result.bindings]
        return self._rdf(response)

    def select(
        self,
        sparql: str,
        bindings: Mapping[str, object] | None = None,
    ) -> tuple[list[str], list[list[str | None]]]:
        """A query as a header and rows of strings (display, CSV), as :meth:`Store.select`."""
        response = self._run(sparql, bindings)
        kind = _media_type(response)
        if kind not in _RESULT_PARSERS:
            return ["subject", "predicate", "object"], [
                [str(s), str(p), str(o)] for s, p, o in self._rdf(response)
            ]
        result = Result.parse(io.BytesIO(response.content), format=_RESULT_PARSERS[kind])
        if result.type == "ASK":
            return ["result"], [[str(bool(result.askAnswer)).lower()]]
        names = [str(v) for v in result.vars or []]
        rows = [
            [None if (v := row.get(Variable(n))) is None else str(v) for n in names]
            for row in result.bindings
        ]
        return names, rows

    def source_graph(self, source: str) -> Graph:
        """The triples of one source file (Graph Store ``GET`` when available)."""
        name = self.source_graph_name(source)
        if self.endpoints.store:
            response = self._send(
                "GET",
                self.endpoints.store,
                params={"graph": str(name)},
                headers={"Accept": _NTRIPLES},
                ok404=True,
            )
            if response.status_code != 404:
                return self._rdf(response)
        # no Graph Store, or it does not know the graph: ask the query endpoint
        g = self.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {to_ox(name)} {{ ?s ?p ?o }} }}")
        assert isinstance(g, Graph)
        return g

    def _triples(self, include_vocabulary: bool) -> bytes:
        """The default graph (the set union) as N-Triples."""
        if include_vocabulary and self.endpoints.store:
            return self._send(
                "GET", self.endpoints.store, params={"default": ""}, headers={"Accept": _NTRIPLES}
            ).content
        where = (
            "?s ?p ?o"
            if include_vocabulary
            else f"GRAPH ?g {{ ?s ?p ?o }} FILTER (?g != {self.vocabulary_graph_name})"
        )
        response = self._run(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {where} }}", None)
        if _media_type(response) == _NTRIPLES:
            return response.content
        return self._rdf(response).serialize(format="nt", encoding="utf-8")

    def _quads(self, include_vocabulary: bool) -> Iterable[ox.Quad]:
        skip = "" if include_vocabulary else f"FILTER (?g != {self.vocabulary_graph_name})"
        rows = self.query(f"SELECT ?s ?p ?o ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {skip} }}")
        assert isinstance(rows, list)
        for r in rows:
            s, p, o, g = (to_ox(r[k]) for k in ("s", "p", "o", "g"))  # type: ignore[arg-type]
            yield ox.Quad(s, p, o, g)  # type: ignore[arg-type]

    def export(
        self,
        target: str | Path | IO[bytes] | IO[str],
        format: str = "turtle",
        *,
        include_vocabulary: bool = True,
    ) -> None:
        """Write the store to a path or stream, as :meth:`Store.export`.

        Triple formats get the default graph (the set union); dataset formats one named
        graph per source file. The whole export is held in memory: for a country-sized
        store, dump it with the server's own tools.
        """
        fmt = EXPORT_FORMATS.get(format.lower())
        if fmt is None:
            raise ValueError(f"unknown export format {format!r}; one of {sorted(EXPORT_FORMATS)}")
        data: bytes | None
        if fmt in DATASET_FORMATS:
            data = ox.serialize(self._quads(include_vocabulary), None, fmt, prefixes=PREFIX_MAP)
        else:
            # grouped by subject, as the embedded store's index order, for compact Turtle
            triples = sorted(
                (
                    q.triple
                    for q in ox.parse(self._triples(include_vocabulary), ox.RdfFormat.N_TRIPLES)
                ),
                key=lambda t: (str(t.subject), str(t.predicate), str(t.object)),
            )
            if fmt == ox.RdfFormat.JSON_LD:
                data = serialize_jsonld(triples, self._quads(include_vocabulary))
            else:
                data = ox.serialize(triples, None, fmt, prefixes=PREFIX_MAP)
        write_output(target, data or b"")

    # -- rdflib view

    def rdflib_graph(self) -> Dataset:
        """A read-only rdflib ``Dataset`` over the query endpoint (rdflib's ``SPARQLStore``)."""
        from rdflib.plugins.stores.sparqlstore import SPARQLStore

        ds = Dataset(store=SPARQLStore(self.endpoints.query, returnFormat="json"))
        for prefix, ns in PREFIX_MAP.items():
            ds.bind(prefix, ns, override=True)
        return ds

    def __repr__(self) -> str:
        mode = "read-only" if self.read_only else "read-write"
        return f"RemoteStore({self.endpoints.query!r}, {mode}, base={self.base!r})"


__all__ = ["DEFAULT_TIMEOUT", "Endpoints", "RemoteStore", "RemoteStoreError", "endpoints"]
