"""Execute the notebooks of this folder and write them, with their outputs, as HTML pages in
docs/notebooks/ (so a reader sees the tables and plots without running anything).

    PYTHONPATH=. python notebooks/render.py            # every notebook
    PYTHONPATH=. python notebooks/render.py 02_trace_and_coverage.ipynb

The notebooks themselves stay committed without outputs (tests/test_notebooks.py). Each is run
as the test runs it: copied with the helpers into a temporary folder (its working directory),
by a ``python3`` kernel of this interpreter, so nothing is written into the repository. Each
page carries the fingerprint of its notebook's cells (:func:`fingerprint`, in
``<meta name="vbkg-notebook">``): the test fails when a notebook changed after its page was
rendered.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

import regex

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = ROOT / "docs" / "notebooks"
META = "vbkg-notebook"


def fingerprint(path: Path) -> str:
    """SHA-256 of the notebook's cells (type and source), outputs and metadata left out."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    text = json.dumps([(c["cell_type"], "".join(c["source"])) for c in cells], ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def kernelspec(tmp: Path) -> dict[str, str]:
    """A ``python3`` kernelspec under ``tmp`` that runs this interpreter (the venv), ahead of
    any other: the environment variables that select it."""
    spec = tmp / "jupyter" / "kernels" / "python3"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(
        json.dumps(
            {
                "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                "display_name": "Python 3 (vbkg venv)",
                "language": "python",
            }
        ),
        encoding="utf-8",
    )
    return {"JUPYTER_PATH": str(tmp / "jupyter"), "JUPYTER_RUNTIME_DIR": str(tmp / "runtime")}


def render(path: Path, out_dir: Path = OUT, *, timeout: int = 120) -> Path:
    """Run ``path`` and write ``out_dir/<name>.html``; returns the page's path."""
    import os

    import nbclient
    import nbformat
    from nbconvert import HTMLExporter

    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        saved = {k: os.environ.get(k) for k in ("JUPYTER_PATH", "JUPYTER_RUNTIME_DIR")}
        os.environ.update(kernelspec(tmp))
        try:
            work = tmp / "work"
            work.mkdir()
            for helper in HERE.glob("*.py"):
                shutil.copy(helper, work / helper.name)
            nb = nbformat.read(path, as_version=4)
            nbclient.NotebookClient(
                nb,
                kernel_name="python3",
                resources={"metadata": {"path": str(work)}},
                timeout=timeout,
                allow_errors=False,
            ).execute()
        finally:
            for k, v in saved.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v
    body: Any
    body, _ = HTMLExporter(template_name="lab").from_notebook_node(nb)
    tag = f'<meta name="{META}" content="{path.name} {fingerprint(path)}">'
    page = str(body).replace("<head>", "<head>\n" + tag, 1)
    # no request leaves the page: the notebooks need neither MathJax nor require.js
    page = regex.sub(r'<script[^>]*src="https?://[^"]*"[^>]*>\s*</script>', "", page)
    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir / (path.stem + ".html")
    out.write_text(page, encoding="utf-8")
    return out


def main(names: list[str]) -> None:
    paths = [HERE / n for n in names] if names else sorted(HERE.glob("*.ipynb"))
    for p in paths:
        print(render(p))


if __name__ == "__main__":
    main(sys.argv[1:])
