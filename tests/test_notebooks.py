"""The notebooks in notebooks/: committed without outputs, each runs without a cell error, and
each is rendered with its outputs to docs/notebooks/NAME.html, up to date.

The rendered pages (``PYTHONPATH=. python notebooks/render.py``) let a reader see the tables and
plots without running anything; the notebooks stay stripped so their diffs stay readable. A page
carries the fingerprint of its notebook's cells: a notebook edited after its page was rendered
fails here (render it again). The narrative is bilingual: each markdown cell in Vietnamese, its
English under "**English.**".

Each notebook is copied with ``nbtools.py`` into a temporary folder (the kernel's working
directory, as Jupyter sets it to the notebook's folder) and executed with nbclient by a
``python3`` kernel of this interpreter (the venv), under a time limit per notebook. The
executed copy stays in the test's temporary folder for inspection.
"""

from __future__ import annotations

import json
import shutil
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import regex

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
PATHS = sorted(NOTEBOOKS.glob("*.ipynb"))
HELPERS = sorted(NOTEBOOKS.glob("*.py"))
NOTEBOOK_TIMEOUT = 60.0  # seconds per notebook; the four take about 8 s each here

# what each notebook must show once executed (a notebook that runs but shows nothing fails)
EXPECTED: dict[str, tuple[str, ...]] = {
    "01_build_and_explore.ipynb": (
        "76/NQ-CP",
        "cited documents are not in the corpus",
        "<iframe srcdoc=",
        "implements",
    ),
    "02_trace_and_coverage.ipynb": (
        "Huyện Cao Lộc",
        "Huyện Văn Lãng",
        "late",
        "missing",
        "unknown",
        "<svg",
        "dropped",
        "carried",
    ),
    "03_check_a_draft.ipynb": (
        "target-weakened",
        "deadline-missed",
        "target-dropped",
        "stale-year",
        "<iframe srcdoc=",
    ),
    "04_sparql_cookbook.ipynb": (),  # every query name, added below
}


DOCS = ROOT / "docs" / "notebooks"
_VIETNAMESE = regex.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", regex.I)


def _render_module() -> Any:
    sys.path.insert(0, str(NOTEBOOKS))
    try:
        import render
    finally:
        sys.path.remove(str(NOTEBOOKS))
    return render


def _cells(path: Path) -> list[dict[str, Any]]:
    return list(json.loads(path.read_text(encoding="utf-8"))["cells"])


def test_the_four_notebooks_exist() -> None:
    assert [p.name for p in PATHS] == sorted(EXPECTED)


@pytest.mark.parametrize("path", PATHS, ids=[p.name for p in PATHS])
def test_committed_notebook_has_no_outputs(path: Path) -> None:
    dirty = [
        i
        for i, c in enumerate(_cells(path))
        if c["cell_type"] == "code" and (c.get("outputs") or c.get("execution_count") is not None)
    ]
    assert not dirty, (
        f"{path.name}: cells {dirty} have outputs or execution counts; clear them "
        "before committing (jupyter nbconvert --clear-output --inplace)"
    )
    meta = json.loads(path.read_text(encoding="utf-8"))["metadata"]
    assert "widgets" not in meta, f"{path.name}: widget state in the metadata"


@pytest.mark.parametrize("path", PATHS, ids=[p.name for p in PATHS])
def test_narrative_in_vietnamese_with_english(path: Path) -> None:
    for i, c in enumerate(_cells(path)):
        if c["cell_type"] != "markdown":
            continue
        text = "".join(c["source"])
        vi, _, en = text.partition("> **English.**")
        assert _VIETNAMESE.search(vi), f"{path.name} cell {i}: no Vietnamese narrative"
        if text.startswith("#"):
            head = text.splitlines()[0]
            assert " · *" in head, f"{path.name} cell {i}: heading not bilingual: {head}"
        elif not en.strip():
            pytest.fail(f"{path.name} cell {i}: no English text")


@pytest.mark.parametrize("path", PATHS, ids=[p.name for p in PATHS])
def test_rendered_page_is_up_to_date_and_shows_the_outputs(path: Path) -> None:
    page_path = DOCS / (path.stem + ".html")
    assert page_path.is_file(), f"render it: PYTHONPATH=. python notebooks/render.py {path.name}"
    page = page_path.read_text(encoding="utf-8")
    render = _render_module()
    tag = f'<meta name="{render.META}" content="{path.name} {render.fingerprint(path)}">'
    assert tag in page, (
        f"{page_path.name} is older than {path.name}: "
        f"PYTHONPATH=. python notebooks/render.py {path.name}"
    )
    expected = tuple("srcdoc=" if s == "<iframe srcdoc=" else s for s in EXPECTED[path.name])
    if path.name.startswith("04_"):
        from graph import queries

        expected = tuple(f"<h3>{n}</h3>" for n in queries.names())
    missing = [s for s in expected if s not in page]
    assert not missing, f"{page_path.name} does not show {missing}"
    assert not regex.search(r'<script[^>]*src="https?://', page), "the page loads a remote script"


def _kernel_env(tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The kernelspec of notebooks/render.py (this interpreter, the venv), ahead of any other."""
    for name, value in _render_module().kernelspec(tmp).items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("IPYTHONDIR", str(tmp / "ipython"))
    (tmp / "tmp").mkdir()
    monkeypatch.setenv("TMPDIR", str(tmp / "tmp"))  # the notebooks' temporary stores
    monkeypatch.delenv("VBKG_EXAMPLES", raising=False)


def _repo_files() -> set[Path]:
    return {p for d in (NOTEBOOKS, ROOT / "data" / "examples") for p in d.iterdir()}


def _text(outputs: list[Any]) -> str:
    parts = []
    for o in outputs:
        if o.get("output_type") == "stream":
            parts.append(o.get("text", ""))
        for v in (o.get("data") or {}).values():
            parts.append(v if isinstance(v, str) else json.dumps(v, ensure_ascii=False))
    return "\n".join(parts)


@pytest.mark.slow
@pytest.mark.parametrize("path", PATHS, ids=[p.name for p in PATHS])
def test_notebook_runs(path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    nbformat = pytest.importorskip("nbformat", reason="nbformat is not installed (dev extra)")
    nbclient = pytest.importorskip("nbclient", reason="nbclient is not installed (dev extra)")
    pytest.importorskip("ipykernel", reason="ipykernel is not installed: no python3 kernel")
    from nbclient.exceptions import CellExecutionError, CellTimeoutError

    _kernel_env(tmp_path, monkeypatch)
    work = tmp_path / "work"
    work.mkdir()
    for helper in HELPERS:
        shutil.copy(helper, work / helper.name)
    nb = nbformat.read(path, as_version=4)
    deadline = time.monotonic() + NOTEBOOK_TIMEOUT
    client = nbclient.NotebookClient(
        nb,
        kernel_name="python3",
        resources={"metadata": {"path": str(work)}},
        # the time left to the notebook, for each cell: one limit for the whole notebook
        timeout_func=lambda _cell: max(1, int(deadline - time.monotonic())),
        startup_timeout=60,
        allow_errors=False,
    )
    before = _repo_files()
    started = time.monotonic()
    try:
        client.execute()
    except CellTimeoutError:
        pytest.fail(f"{path.name} took more than {NOTEBOOK_TIMEOUT:.0f} s")
    except CellExecutionError as exc:
        pytest.fail(f"{path.name}: a cell failed:\n{exc}")
    finally:
        nbformat.write(nb, tmp_path / path.name)  # the executed copy, for inspection
    elapsed = time.monotonic() - started

    code = [c for c in nb.cells if c.cell_type == "code"]
    errors = [o for c in code for o in c.outputs if o.get("output_type") == "error"]
    assert not errors, errors
    assert all(c.execution_count for c in code), "a code cell did not run"
    assert _repo_files() == before, "the notebook wrote into the repository"
    text = "\n".join(_text(c.outputs) for c in code)
    assert "Traceback" not in text
    expected = EXPECTED[path.name]
    if path.name.startswith("04_"):
        from graph import queries

        expected = tuple(f"<h3>{n}</h3>" for n in queries.names())
    missing = [s for s in expected if s not in text]
    assert not missing, f"{path.name} does not show {missing}"
    assert elapsed < NOTEBOOK_TIMEOUT
