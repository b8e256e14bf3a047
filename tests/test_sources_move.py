"""Sources that move (issue 16, point 6; docs/decisions/0010-source-root.md).

A folder built with ``--root`` is moved and built again with the new ``--root``: the store
keeps one copy of every document (before, each file got a second graph under its new path and
every citation was counted twice). Without ``--root`` the names stay absolute, as before.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from factories import EXAMPLES

from graph.cli import cli
from graph.ingest import source_name, source_path
from graph.store import Store

CITATIONS = "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a vbkg:Citation }"


def _state(store: Path) -> tuple[list[str], int, int]:
    with Store.open(store, read_only=True) as st:
        rows = st.query(CITATIONS)
        assert isinstance(rows, list)
        return st.sources(), int(rows[0]["n"]), len(st)


def _build(*args: str) -> None:
    res = CliRunner().invoke(cli, ["build", *args, "--jobs", "1", "--quiet", "--json"])
    assert res.exit_code == 0, res.output


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    src = tmp_path / "a" / "corpus"
    shutil.copytree(EXAMPLES, src / "seeds")
    return src


def test_moving_the_folder_and_rebuilding_keeps_one_copy(folder: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    _build(str(folder), "--store", str(store), "--root", str(folder))
    sources, citations, triples = _state(store)
    assert citations > 20 and all(not Path(s).is_absolute() for s in sources), sources
    assert sources == sorted(f"seeds/{p.name}" for p in EXAMPLES.glob("*.txt"))

    moved = tmp_path / "b" / "elsewhere"
    moved.parent.mkdir()
    shutil.move(folder, moved)
    _build(str(moved), "--store", str(store), "--root", str(moved), "--prune")
    assert _state(store) == (sources, citations, triples)  # not doubled, nothing lost

    # a file removed after the move is pruned by its name relative to the root
    gone = moved / sources[0]
    gone.unlink()
    _build(str(moved), "--store", str(store), "--root", str(moved), "--prune")
    assert _state(store)[0] == sources[1:]
    # and `vbkg remove` finds a document by its file under the root
    res = CliRunner().invoke(
        cli, ["remove", str(moved / sources[1]), "--store", str(store), "--root", str(moved)]
    )
    assert res.exit_code == 0, res.output
    assert _state(store)[0] == sources[2:]


def test_without_root_the_names_stay_absolute(folder: Path, tmp_path: Path) -> None:
    """What users saw before stays: absolute paths, and a moved folder is a new folder."""
    store = tmp_path / "store"
    _build(str(folder), "--store", str(store))
    sources, citations, _ = _state(store)
    assert all(Path(s).is_absolute() and Path(s).is_relative_to(folder) for s in sources)
    moved = tmp_path / "moved"
    shutil.move(folder, moved)
    _build(str(moved), "--store", str(store))
    assert len(_state(store)[0]) == 2 * len(sources)  # a new folder: the new names
    # the old names are dropped by `vbkg remove` of the old (gone) folder
    res = CliRunner().invoke(cli, ["remove", str(folder), "--store", str(store)])
    assert res.exit_code == 0, res.output
    after, again, _ = _state(store)
    assert again == citations and all(Path(s).is_relative_to(moved) for s in after)


@pytest.mark.parametrize(
    ("path", "root", "name"),
    [
        ("/data/corpus/a/x.txt", "/data/corpus", "a/x.txt"),
        ("/data/corpus/x.txt", "/data/corpus", "x.txt"),
        ("/data/other/x.txt", "/data/corpus", "/data/other/x.txt"),  # outside: absolute
        ("/data/corpus/x.txt", None, "/data/corpus/x.txt"),
    ],
)
def test_source_names(path: str, root: str | None, name: str) -> None:
    r = Path(root) if root else None
    assert source_name(path, r) == name
    assert source_path(name, r) == Path(path)
