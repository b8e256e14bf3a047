"""Issue 17.6: control characters in file names and texts are printed escaped, never raw
(build's skipped list, query CSV); an IRI-shaped reference with a space is a clear error."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.cli import cli
from parsers.load import printable

EXAMPLES = Path(__file__).resolve().parents[2] / "data" / "examples"


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("evil\x1b[31mred.txt", "evil\\x1b[31mred.txt"),
        ("a\x9bb\x07.txt", "a\\x9bb\\x07.txt"),
        ("rtl\u202etxt.exe", "rtl\\u202etxt.exe"),
        ("dòng\nmới.txt", "dòng\\x0amới.txt"),
        ("Quyết định số 12/QĐ-UBND.txt", "Quyết định số 12/QĐ-UBND.txt"),
    ],
)
def test_printable(raw: str, shown: str) -> None:
    assert printable(raw) == shown


def test_build_skipped_list_escapes_file_names(tmp_path: Path) -> None:
    d = tmp_path / "in"
    d.mkdir()
    shutil.copy(next(EXAMPLES.glob("000_*.txt")), d / "good.txt")
    (d / "evil\x1b[2J\x1b[31m[bold]x.txt").write_bytes(b"")
    for extra in ([], ["--json"]):
        r = CliRunner().invoke(
            cli, ["build", str(d), "--store", str(tmp_path / "s"), "-j", "1", "--lang", "en",
                  *extra],
        )  # fmt: skip
        assert r.exit_code == 0, r.output
        assert "\x1b" not in r.output
        assert "evil\\x1b[2J\\x1b[31m[bold]x.txt" in r.output.replace("\\\\", "\\")


def test_query_csv_escapes_control_characters(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLES, tmp_path / "in")
    assert CliRunner().invoke(cli, ["build", str(tmp_path / "in"), "--store",
                                    str(tmp_path / "s"), "-j", "1"]).exit_code == 0  # fmt: skip
    q = 'SELECT ?x WHERE { VALUES ?x { "a\\u001b[31mb" } }'
    for fmt in ("csv", "table"):
        r = CliRunner().invoke(cli, ["query", q, "--store", str(tmp_path / "s"), "--format", fmt])
        assert r.exit_code == 0, r.output
        assert "\x1b" not in r.output and "a\\x1b[31mb" in r.output


def test_trace_iri_with_a_space_is_a_clear_error(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLES, tmp_path / "in")
    CliRunner().invoke(
        cli, ["build", str(tmp_path / "in"), "--store", str(tmp_path / "s"), "-j", "1"]
    )
    r = CliRunner().invoke(
        cli, ["trace", "https://vbkg.example/a b>", "--store", str(tmp_path / "s"), "--lang", "en"]
    )
    assert r.exit_code == 2
    assert r.exception is None or isinstance(r.exception, SystemExit)
    assert "Invalid IRI" in r.output and "Traceback" not in r.output
