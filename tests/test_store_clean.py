"""A writer publishes a snapshot as it opens only when the live database may hold something the
current snapshot lacks (graph.store.snapshots.mark_clean / take_clean): a store closed with
everything published is opened for writing without a new snapshot; a writer that died, wrote
through the rdflib view, or was killed part-way leaves no record, and the next one publishes."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
from factories import seed001_extraction
from rdflib import Literal, URIRef

from graph.build import build_document_graph
from graph.store import Store
from graph.store.snapshots import CLEAN, SNAPSHOTS, read_current

EX = URIRef("https://example.org/s")


def _graph():  # type: ignore[no-untyped-def]
    return build_document_graph(seed001_extraction())


def _facts(path: Path) -> int:
    with Store.open(path, read_only=True) as reader:
        return len(reader)


def _says(path: Path, text: str) -> bool:
    with Store.open(path, read_only=True) as reader:
        return reader.query("ASK { ?s ?p ?text }", {"text": Literal(text)}) is True


def _died(s: Store) -> None:
    """The writer ``s`` stops as a killed process would: no flush, no publication."""
    from graph.store.snapshots import Closed

    s._inner = Closed()  # type: ignore[assignment]
    if s._lock is not None:
        s._lock.close()


@pytest.fixture
def built(tmp_path: Path) -> Path:
    path = tmp_path / "store"
    with Store.open(path) as s:
        s.replace_source("a.txt", _graph())
    assert (path / SNAPSHOTS / CLEAN).read_text(encoding="ascii").strip() == read_current(path)
    return path


def test_a_writer_after_a_clean_close_publishes_nothing_new(built: Path) -> None:
    before = read_current(built)
    for _ in range(3):  # opened and closed without writing: no new snapshot each time
        with Store.open(built) as s:
            assert not (built / SNAPSHOTS / CLEAN).exists()  # taken while the writer is open
        assert read_current(built) == before
    with Store.open(built) as s:  # a write publishes, as always
        s.replace_source("b.txt", _graph())
    after = read_current(built)
    assert after is not None and after != before
    assert _facts(built) > 0


def test_a_writer_that_died_after_writing_is_published_by_the_next(
    built: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import graph.store.local as local

    monkeypatch.setattr(local, "SNAPSHOT_INTERVAL", 3600.0)  # no publication while it writes
    s = Store.open(built)
    s.update(f'INSERT DATA {{ <{EX}> <{EX}> "died" }}')
    _died(s)
    assert not _says(built, "died")  # readers do not see what was never published
    assert not (built / SNAPSHOTS / CLEAN).exists()
    with Store.open(built):  # the next writer publishes the live state as it opens
        pass
    assert _says(built, "died")


def test_a_failed_write_is_not_taken_for_a_clean_close(built: Path) -> None:
    with Store.open(built) as s, pytest.raises(SyntaxError):
        s.update("INSERT DATA { this is no SPARQL }")
    name = read_current(built)
    assert (built / SNAPSHOTS / CLEAN).read_text(encoding="ascii").strip() == name


def test_writes_through_the_rdflib_view_leave_no_clean_record(built: Path) -> None:
    before = read_current(built)
    with Store.open(built) as s:
        view = s.rdflib_graph()
        view.add((EX, EX, Literal("through rdflib")))
        del view  # it holds the database open
        gc.collect()
    assert not (built / SNAPSHOTS / CLEAN).exists()
    with Store.open(built):
        pass
    assert read_current(built) != before
    assert _says(built, "through rdflib")


def test_a_stale_record_is_not_trusted(built: Path) -> None:
    (built / SNAPSHOTS / CLEAN).write_text("00000001\n", encoding="ascii")  # not the current
    before = read_current(built)
    with Store.open(built):
        pass
    assert read_current(built) != before
