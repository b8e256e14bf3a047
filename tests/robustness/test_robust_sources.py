"""Issue 16.6: documents whose files are gone are dropped, by `vbkg remove PATH…` (also a
folder) and by `vbkg build --prune` (CliRunner)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from graph.cli import cli
from graph.store import Store

EXAMPLES = Path(__file__).resolve().parents[2] / "data" / "examples"


def _invoke(*args: str) -> tuple[int, str]:
    r = CliRunner().invoke(cli, [*args, "--lang", "en"])
    assert r.exception is None or isinstance(r.exception, SystemExit), r.output
    return r.exit_code, r.output


def _sources(store: Path) -> list[str]:
    with Store.open(store, read_only=True) as st:
        return st.sources()


def test_build_prune_drops_documents_whose_files_are_gone(tmp_path: Path) -> None:
    d = tmp_path / "in"
    shutil.copytree(EXAMPLES, d)
    store = tmp_path / "s"
    assert _invoke("build", str(d), "--store", str(store), "-j", "1")[0] == 0
    before = _sources(store)
    gone = sorted(d.iterdir())[0]
    gone.unlink()
    code, out = _invoke("build", str(d), "--store", str(store), "-j", "1")
    assert code == 0 and str(gone.resolve()) in _sources(store)  # without --prune: kept
    code, out = _invoke("build", str(d), "--store", str(store), "-j", "1", "--prune", "--json")
    assert code == 0, out
    assert json.loads(out)["pruned"] == [str(gone.resolve())]
    assert _sources(store) == [s for s in before if s != str(gone.resolve())]


def test_remove_files_and_folders(tmp_path: Path) -> None:
    d = tmp_path / "in"
    shutil.copytree(EXAMPLES, d)
    (d / "sub").mkdir()
    moved = sorted(d.glob("*.txt"))[:2]
    for f in moved:
        f.rename(d / "sub" / f.name)
    store = tmp_path / "s"
    assert _invoke("build", str(d), "--store", str(store), "-j", "1")[0] == 0
    n = len(_sources(store))
    one = next(d.glob("*.txt"))
    one.unlink()  # gone from disk: still removable by its path
    code, out = _invoke("remove", str(one), str(d / "sub"), "--store", str(store))
    assert code == 0, out
    left = _sources(store)
    assert len(left) == n - 3 and str(one.resolve()) not in left
    assert not any("/sub/" in s for s in left)
    code, out = _invoke("remove", str(tmp_path / "nothing.txt"), "--store", str(store))
    assert code == 2 and "nothing.txt: no document of this path in the store" in out
    assert len(_sources(store)) == n - 3
