"""N-Quads output of a build (``vbkg build --format nquads``): one file, or part files of
:data:`PART_SIZE` documents in a folder, each source in its named graph (the store's IRIs),
the vocabulary first — what any SPARQL server bulk-loads."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from graph.build import vocabulary_graph
from graph.store.terms import in_graph, ntriples

__all__ = ["PART_SIZE", "NQuadsSink"]

PART_SIZE = 10_000  # documents per N-Quads part file (``--format nquads --out DIR``)


def _nquads(graph_name: str, triples: Iterable[tuple[Any, Any, Any]]) -> bytes:
    """N-Quads of ``triples`` in the named graph ``graph_name``, serialised by Oxigraph
    (blank nodes skolemised as the store names them)."""
    return in_graph(ntriples(graph_name, triples), graph_name)


class NQuadsSink:
    """N-Quads output: one file, or part files of PART_SIZE documents in a folder."""

    def __init__(self, target: Path, *, folder: bool, base: str) -> None:
        self.target = target
        self.folder = folder
        self.files: list[str] = []
        self.count = 0
        self.fh: IO[bytes] | None = None
        if folder:
            target.mkdir(parents=True, exist_ok=True)
            vocab = target / "vocabulary.nq"
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            vocab = target
        data = _nquads(f"{base}/graph/vocabulary", iter(vocabulary_graph()))
        vocab.write_bytes(data)
        self.files.append(str(vocab))
        if not folder:
            self.fh = target.open("ab")

    def write(self, data: bytes) -> None:
        if self.folder and (self.fh is None or self.count % PART_SIZE == 0):
            if self.fh is not None:
                self.fh.close()
            part = self.target / f"part-{self.count // PART_SIZE:05d}.nq"
            self.fh = part.open("wb")
            self.files.append(str(part))
        assert self.fh is not None
        self.fh.write(data)
        self.count += 1

    def close(self) -> None:
        if self.fh is not None:
            self.fh.close()
            self.fh = None
