"""Nothing lost: a build killed with SIGKILL, readers during a build, format versions.

The reference is a clean `vbkg build` of a batch (the seeds copied under several names),
run while a reader process queries the store in a loop. A second build of the same batch
is killed mid-way (after it has published a few snapshots, i.e. while it writes), then the
store must open, every source in it must be complete, the default graph must be the set
union of the source graphs, and re-running the build must give exactly the clean result.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from storecheck import state

from graph.cli import cli
from graph.store import MARKER, SNAPSHOTS, Store

HERE = Path(__file__).resolve().parent
SEEDS = sorted((HERE.parents[1] / "data" / "examples").glob("*.txt"))
VBKG = Path(sys.executable).with_name("vbkg")
COPIES = 2

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _batch(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(COPIES):
        for seed in SEEDS:
            shutil.copy(seed, folder / f"copy{i}_{seed.name}")
    return folder


def _env(**extra: str) -> dict[str, str]:
    return {**os.environ, "PYTHONUNBUFFERED": "1", **extra}


def _build(inputs: Path, store: Path, **env: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [str(VBKG), "build", str(inputs), "--store", str(store), "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(**env),
    )


def _snapshot_number(store: Path) -> int:
    try:
        return int((store / SNAPSHOTS / "current").read_text().strip())
    except (OSError, ValueError):
        return 0


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A clean build of the batch, with a reader process querying throughout."""
    root = tmp_path_factory.mktemp("crash")
    inputs = _batch(root / "in")
    store = root / "clean-store"
    reader = subprocess.Popen(
        [sys.executable, str(HERE / "reader_loop.py"), str(store), "600"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(),
    )
    time.sleep(0.5)
    start = time.perf_counter()
    writer = _build(inputs, store, VBKG_SNAPSHOT_INTERVAL="0.3")
    _, err = writer.communicate(timeout=300)
    elapsed = time.perf_counter() - start
    time.sleep(1.0)  # a few reads of the final snapshot
    reader.send_signal(signal.SIGTERM)
    log, reader_err = reader.communicate(timeout=60)
    assert writer.returncode == 0, err[-3000:]
    with Store.open(store, read_only=True) as s:
        final = state(s)
    assert final["union_ok"] and final["sources"] == COPIES * len(SEEDS)
    return {
        "root": root,
        "inputs": inputs,
        "final": final,
        "build_seconds": elapsed,
        "reads": [json.loads(line) for line in log.splitlines() if line.strip()],
        "reader_stderr": reader_err,
    }


def test_readers_during_a_build_see_consistent_states(clean: dict[str, Any]) -> None:
    reads = clean["reads"]
    errors = [r for r in reads if "error" in r]
    assert not errors, errors[0]
    first_ok = next(i for i, r in enumerate(reads) if "not_yet" not in r)
    assert not [r for r in reads[first_ok:] if "not_yet" in r], "the store vanished"
    store_reads = [r for r in reads if r["kind"] == "store" and "graphs" in r]
    cli_reads = [r for r in reads if r["kind"] == "cli" and "total" in r]
    assert len(store_reads) >= 5 and len(cli_reads) >= 5, (len(store_reads), len(cli_reads))
    final = clean["final"]["graphs"]
    totals = []
    for r in store_reads:
        assert r["union_ok"], r
        for graph, n in r["graphs"].items():  # every source seen is complete
            assert final.get(graph) == n, (graph, n, final.get(graph))
        totals.append(sum(r["graphs"].values()))
    assert totals == sorted(totals), "a reader saw the store shrink"
    cli_totals = [r["total"] for r in cli_reads]
    assert cli_totals == sorted(cli_totals)
    assert totals[-1] == sum(final.values()) == cli_totals[-1]
    # a reader saw at least one intermediate state or the final one; never an error
    print(
        f"\nclean build {clean['build_seconds']:.1f}s; {len(store_reads)} store reads, "
        f"{len(cli_reads)} `vbkg query` reads, {len(set(totals))} distinct states"
    )


def test_kill_9_mid_build_loses_nothing(clean: dict[str, Any]) -> None:
    store = clean["root"] / "killed-store"
    # a snapshot after every write: the writer's progress is visible from outside
    writer = _build(clean["inputs"], store, VBKG_SNAPSHOT_INTERVAL="0")
    deadline = time.monotonic() + 240
    while _snapshot_number(store) < 5 and writer.poll() is None:  # vocabulary, open, 2+ files
        assert time.monotonic() < deadline, "the build never started writing"
        time.sleep(0.01)
    writer.send_signal(signal.SIGKILL)
    writer.communicate(timeout=60)
    assert writer.returncode == -signal.SIGKILL, "the build finished before it could be killed"

    final = clean["final"]["graphs"]
    # readers: the last published snapshot is complete and consistent
    with Store.open(store, read_only=True) as reader:
        seen = state(reader)
    assert seen["union_ok"]
    assert all(final[g] == n for g, n in seen["graphs"].items())
    # the live database recovers (read-write open), and is complete and consistent
    with Store.open(store) as s:
        after = state(s)
    assert after["union_ok"]
    assert all(final[g] == n for g, n in after["graphs"].items()), after["graphs"]
    assert 1 <= after["sources"] < COPIES * len(SEEDS)
    print(f"\nkilled after {after['sources']} of {COPIES * len(SEEDS)} files were stored")
    # re-running the build completes the work, with no duplicated triples
    proc = _build(clean["inputs"], store)
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err[-3000:]
    with Store.open(store, read_only=True) as s:
        rebuilt = state(s)
    assert rebuilt == clean["final"]


@pytest.mark.parametrize("command", ["query", "build-json", "build"])
@pytest.mark.parametrize(("lang", "fragment"), [("vi", "định dạng 99"), ("en", "format 99")])
def test_incompatible_store_format_is_a_clear_error(
    tmp_path: Path, command: str, lang: str, fragment: str
) -> None:
    store = tmp_path / "store"
    Store.open(store).close()
    info = json.loads((store / MARKER).read_text(encoding="utf-8"))
    (store / MARKER).write_text(json.dumps({**info, "format": 99}), encoding="utf-8")
    args = {
        "query": ["query", "ASK { ?s ?p ?o }"],
        "build": ["build", str(SEEDS[4])],
        "build-json": ["build", str(SEEDS[4]), "--json"],
    }[command]
    result = CliRunner().invoke(cli, [*args, "--store", str(store), "--lang", lang])
    assert result.exit_code == 2, result.output
    assert fragment in result.output and "vbkg build" in result.output
    assert isinstance(result.exception, SystemExit | None), result.exception
    # also as a real process: the message on stderr, no traceback
    proc = subprocess.run(
        [str(VBKG), *args, "--store", str(store), "--lang", lang],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 2 and fragment in proc.stderr and "Traceback" not in proc.stderr
    assert json.loads((store / MARKER).read_text(encoding="utf-8"))["format"] == 99  # untouched
