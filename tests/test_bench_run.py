"""bench/run.py reads the build child's figures from its marked line, wherever it is."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

import pytest

_SPEC = importlib.util.spec_from_file_location(
    "bench_run", Path(__file__).resolve().parents[1] / "bench" / "run.py"
)
assert _SPEC is not None and _SPEC.loader is not None
bench_run: Any = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(bench_run)

FIGURES = {"exit": 0, "triples": 12, "wall_s": 1.5, "stages_cpu_s": {"loading": 0.5}}
LINE = bench_run.CHILD_MARK + json.dumps(FIGURES)


@pytest.mark.parametrize(
    "stdout",
    [
        LINE + "\n",
        "progress 10/20\n" + LINE + "\n",
        LINE + "\nwarning: something printed after the figures\n\n",
        '{"not": "the figures"}\n' + LINE + '\n{"exit": 0}\n',
    ],
)
def test_figures_found_among_other_output(stdout: str) -> None:
    assert bench_run.child_figures(stdout, 0, "") == FIGURES


@pytest.mark.parametrize(
    ("stdout", "code", "exit_"),
    [("", 0, "no figures"), ('{"exit": 0}\n', 0, "no figures"), ("", -9, -9)],
)
def test_no_figures_is_an_error_not_an_empty_success(stdout: str, code: int, exit_: Any) -> None:
    got = bench_run.child_figures(stdout, code, "Killed")
    assert got["exit"] == exit_
    assert "Killed" in got["error"]
