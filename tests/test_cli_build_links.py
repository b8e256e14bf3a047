"""``vbkg build`` links reported results to targets after every build (graph.cli.build
``_link_reports``): a store without reported results and without links skips the pass (nothing
to write, graph.analysis.report_links not imported); links go when their report goes, at the
next build, even of an unrelated file."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from graph.cli import cli
from graph.store import open_store

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "data" / "examples"
SEED = "001_e31f9ee25f552465.txt"
REPORT = ROOT / "tests" / "data" / "reports" / "bc_2024_lang_son_cchc.txt"
LINKS = "ASK { GRAPH ?g { ?result vbkg:reportsOnTarget ?target } }"


def build(*args: str) -> dict:
    result = CliRunner().invoke(cli, ["build", *args, "--jobs", "1", "--json"])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def has_links(store: Path) -> bool:
    with open_store(store, read_only=True) as s:
        return s.query(LINKS) is True


def test_a_report_s_links_go_with_it_at_the_next_build(tmp_path: Path) -> None:
    files = tmp_path / "files"
    shutil.copytree(EXAMPLES, files)
    shutil.copy(REPORT, files / REPORT.name)
    store = tmp_path / "store"
    assert build(str(files), "--store", str(store))["report_links"] == 8
    assert has_links(store)
    result = CliRunner().invoke(cli, ["remove", str(files / REPORT.name), "--store", str(store)])
    assert result.exit_code == 0, result.stderr
    assert has_links(store)  # stale until the next build
    other = tmp_path / "other.txt"
    other.write_text((EXAMPLES / SEED).read_text(encoding="utf-8"), encoding="utf-8")
    assert build(str(other), "--store", str(store))["report_links"] == 0
    assert not has_links(store)


def test_a_store_without_reports_is_not_linked_through_the_report_reader(
    tmp_path: Path,
) -> None:
    store = tmp_path / "store"
    assert build(str(EXAMPLES / SEED), "--store", str(store))["report_links"] == 0
    probe = (
        "import sys; sys.argv[0] = 'vbkg'\n"
        "from graph.cli import main\n"
        "try:\n    main()\n"
        "except SystemExit:\n"
        "    print('report_links' in ' '.join(sys.modules), file=sys.stderr)\n"
    )
    one = EXAMPLES / "000_32ae2a5d26357acd.txt"
    cmd = [sys.executable, "-c", probe, "build", str(one), "--store", str(store), "--json"]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False, cwd=ROOT)
    assert json.loads(proc.stdout)["report_links"] == 0, proc.stderr
    assert proc.stderr.strip().splitlines()[-1] == "False"


def test_a_store_with_a_report_is_linked_at_every_build(tmp_path: Path) -> None:
    store = tmp_path / "store"
    assert build(str(EXAMPLES), str(REPORT), "--store", str(store))["report_links"] == 8
    assert build(str(EXAMPLES / SEED), "--store", str(store))["report_links"] == 8
