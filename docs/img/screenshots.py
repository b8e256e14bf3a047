"""Screenshots of the graph page's first view for the README (headless Chromium).

    PYTHONPATH=. python docs/img/screenshots.py [CHROMIUM]

Builds the store of the five seeds in a temporary folder, writes the graph page focused on
04/KH-UBND and the page without focus, and saves what a reader sees first, without touching the
page: ``docs/img/graph-first-view.png`` and ``docs/img/graph-top-levels.png`` (1500×900).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from graph.analysis.netx import resolve_focus, store_to_networkx
from graph.ingest import ingest
from graph.store import open_store
from graph.web.graph_page import render_html

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "docs" / "img"


def main(chromium: str = "/usr/bin/chromium") -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store_dir = Path(tmp) / "store"
        ingest([ROOT / "data" / "examples"], store_dir)
        store = open_store(store_dir, read_only=True)
        try:
            g = store_to_networkx(store)
            focus = resolve_focus(g, "04/KH-UBND")
        finally:
            store.close()
        pages = {
            "graph-first-view.png": render_html(g, Path(tmp) / "focus.html", focus=focus),
            "graph-top-levels.png": render_html(g, Path(tmp) / "top.html"),
        }
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium)
            for name, page_path in pages.items():
                page = browser.new_page(viewport={"width": 1500, "height": 900})
                page.goto(page_path.as_uri())
                page.wait_for_function("document.body.dataset.ready === '1'")
                page.screenshot(path=str(OUT / name))
                print(OUT / name)
            browser.close()


if __name__ == "__main__":
    main(*sys.argv[1:])
