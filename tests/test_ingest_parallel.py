"""Parallel, streaming ingest: same store whatever --jobs, bad files reported, N-Quads equal."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.build import build_document_graph
from graph.ingest import ingest
from graph.pipeline import extract_paths
from graph.store import Store

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "data" / "examples"


def _quads(store_dir: Path) -> set[ox.Quad]:
    """Every quad of the named graphs (the store's content; the default graph is their union)."""
    with Store.open(store_dir, read_only=True) as st:
        return {q for q in st._inner if not isinstance(q.graph_name, ox.DefaultGraph)}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("corpus")
    for f in EXAMPLES.iterdir():
        shutil.copy(f, d / f.name)
    return d


def test_jobs_2_equals_jobs_1(corpus: Path, tmp_path: Path) -> None:
    r1 = ingest([corpus], tmp_path / "s1", jobs=1)
    r2 = ingest([corpus], tmp_path / "s2", jobs=2)
    assert r1.summary() == r2.summary()
    assert _quads(tmp_path / "s1") == _quads(tmp_path / "s2")


def test_same_graphs_as_whole_batch_merge(corpus: Path, tmp_path: Path) -> None:
    """Streaming keeps merge_numberless: seed 002 gets the identity seed 001 cites it by."""
    ingest([corpus], tmp_path / "s", jobs=2)
    good, _ = extract_paths([corpus])
    with Store.open(tmp_path / "s", read_only=True) as st:
        for e in good:
            expected = build_document_graph(e)
            got = st.source_graph(e.source)
            assert len(got) == len(expected), e.source
    assert any(e.document.key == "04/KH-UBND" and "002_" in e.source for e in good)


def test_bad_file_is_reported_and_the_rest_lands(corpus: Path, tmp_path: Path) -> None:
    bad = tmp_path / "in" / "bad.txt"
    bad.parent.mkdir()
    bad.write_bytes(b"\x00\x01\x02binary\x00")
    report = ingest([corpus, bad], tmp_path / "s", jobs=2)
    assert [f.source for f in report.failures] == [str(bad)]
    assert report.documents == 5
    with Store.open(tmp_path / "s", read_only=True) as st:
        assert len(st.sources()) == 5


def test_nquads_equal_the_store(corpus: Path, tmp_path: Path) -> None:
    nq = tmp_path / "all.nq"
    ingest([corpus], tmp_path / "s", jobs=2, nquads=nq)
    fresh = ox.Store()
    fresh.load(path=str(nq), format=ox.RdfFormat.N_QUADS)
    assert set(fresh) == _quads(tmp_path / "s")


def test_nquads_folder_without_store(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "nq"
    report = ingest([corpus], None, jobs=1, nquads_dir=out)
    assert report.documents == 5
    fresh = ox.Store()
    for f in sorted(out.glob("*.nq")):
        fresh.load(path=str(f), format=ox.RdfFormat.N_QUADS)
    ingest([corpus], tmp_path / "s", jobs=1)
    assert set(fresh) == _quads(tmp_path / "s")


def test_ingest_into_an_open_store(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An open store is written to and left open; no folder named after the object appears
    (issue 11, point 7: ``open_store(str(store))`` used to create one in the working folder)."""
    work = tmp_path / "cwd"
    work.mkdir()
    monkeypatch.chdir(work)
    ingest([corpus], tmp_path / "by-path", jobs=1)
    with Store.open(tmp_path / "by-object") as st:
        report = ingest([corpus], st, jobs=1)
        assert report.documents == len(st.sources()) > 0  # still open: the caller's store
    assert list(work.iterdir()) == []
    assert _quads(tmp_path / "by-object") == _quads(tmp_path / "by-path")


def test_ingest_refuses_what_is_neither_location_nor_store(corpus: Path, tmp_path: Path) -> None:
    with pytest.raises(TypeError, match="store_path"):
        ingest([corpus], object(), jobs=1)  # type: ignore[arg-type]
    with Store.open(tmp_path / "s") as st, pytest.raises(ValueError, match="base"):
        ingest([corpus], st, base="https://example.org/other")


def test_progress_reports_files_bytes_and_failures(corpus: Path, tmp_path: Path) -> None:
    from graph.ingest import Progress

    d = tmp_path / "in"
    shutil.copytree(corpus, d)
    (d / "empty.txt").write_bytes(b"")
    seen: list[Progress] = []
    report = ingest([d], tmp_path / "s", jobs=2, progress=seen.append)
    total = len(list(d.iterdir()))
    assert [p.done for p in seen] == list(range(1, total + 1))
    assert {p.total for p in seen} == {total}
    assert seen[-1].failures == 1 == len(report.failures)
    assert seen[-1].bytes == sum(f.stat().st_size for f in d.iterdir())


def test_build_quiet_off_a_terminal_json_unchanged(corpus: Path, tmp_path: Path) -> None:
    import json

    from click.testing import CliRunner

    from graph.cli import cli

    outs = []
    for extra in ([], ["--quiet"]):
        r = CliRunner().invoke(
            cli,
            ["build", str(corpus), "--store", str(tmp_path / f"s{len(outs)}"), "--json", *extra],
        )
        assert r.exit_code == 0, r.output
        outs.append(json.loads(r.output))
    assert outs[0] == outs[1] and "Reading files" not in str(outs[0])
