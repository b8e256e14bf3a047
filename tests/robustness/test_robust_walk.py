"""Issue 17.1-17.2: the folder walk under attack, through `vbkg build` (CliRunner).

A symbolic link loop is named on one line and the batch goes on; a link leaving the given
folders is refused (named, nothing of its target in the store) unless ``--follow-links``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.cli import cli
from graph.store import Store

EXAMPLES = Path(__file__).resolve().parents[2] / "data" / "examples"
SECRET = "VBKG-PRIVATE-91b2"

pytestmark = pytest.mark.skipif(not hasattr(Path, "symlink_to"), reason="no symlinks")


def _folder(tmp_path: Path) -> Path:
    d = tmp_path / "docs"
    d.mkdir()
    for f in sorted(EXAMPLES.glob("00[01]_*.txt")):
        shutil.copy(f, d / f.name)
    return d


def _build(*args: str) -> tuple[int, str]:
    r = CliRunner().invoke(cli, ["build", *args, "--lang", "en", "-j", "1"])
    assert r.exception is None or isinstance(r.exception, SystemExit), r.output
    return r.exit_code, r.output


def test_symlink_loop_named_and_batch_goes_on(tmp_path: Path) -> None:
    d = _folder(tmp_path)
    (d / "loopA.txt").symlink_to("loopB.txt")
    (d / "loopB.txt").symlink_to("loopA.txt")
    code, out = _build(str(d), "--store", str(tmp_path / "s"))
    assert code == 0, out
    assert "Traceback" not in out and "RuntimeError" not in out
    for name in ("loopA.txt", "loopB.txt"):
        lines = [ln for ln in out.splitlines() if name in ln]
        assert len(lines) == 1 and "symbolic link loop" in lines[0], lines
    with Store.open(tmp_path / "s", read_only=True) as st:
        assert len(st.sources()) == 2


def test_link_outside_refused_unless_follow_links(tmp_path: Path) -> None:
    d = _folder(tmp_path)
    private = tmp_path / "private" / "secret.txt"
    private.parent.mkdir()
    private.write_text(f"KẾ HOẠCH {SECRET}\nThực hiện Nghị quyết số 76/NQ-CP ngày 15/7/2021")
    (d / "leak.txt").symlink_to(private)
    (d / "inner.txt").symlink_to(d / sorted(EXAMPLES.glob("000_*.txt"))[0].name)
    code, out = _build(str(d), "--store", str(tmp_path / "s"))
    assert code == 0, out
    lines = [ln for ln in out.splitlines() if "leak.txt" in ln]
    assert len(lines) == 1 and "outside the given folders" in lines[0], lines
    assert str(private) not in out
    with Store.open(tmp_path / "s", read_only=True) as st:
        sources = st.sources()
        assert len(sources) == 2  # the inner link is the same file as its target: once
        assert not any("private" in s or "leak" in s for s in sources)
        assert st.query(f"ASK {{ ?s ?p ?o FILTER(CONTAINS(STR(?o), '{SECRET}')) }}") is False
    code, out = _build(str(d), "--store", str(tmp_path / "s2"), "--follow-links")
    assert code == 0, out
    with Store.open(tmp_path / "s2", read_only=True) as st:
        assert len(st.sources()) == 3
