"""``vbkg html`` (and the ``serve`` command's options) through click's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import regex
from click.testing import CliRunner
from factories import KH04, seed_store

from graph.cli import cli


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seed_store(tmp_path_factory.mktemp("cli-html"))


def page_data(path: Path) -> dict[str, Any]:
    page = path.read_text(encoding="utf-8")
    m = regex.search(
        r'<script type="application/json" id="vbkg-data">(.*?)</script>', page, flags=regex.S
    )
    assert m, "no data block"
    data = json.loads(m.group(1))
    assert isinstance(data, dict)
    return data


def test_html_writes_the_page_and_prints_its_path(store_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "sub" / "graph.html"
    result = CliRunner().invoke(cli, ["html", "--store", str(store_path), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == str(out)
    data = page_data(out)
    ids = {n["id"] for n in data["nodes"]}
    assert KH04 in ids
    assert data["lang"] == "vi"


def test_html_focus_and_english(store_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "focus.html"
    result = CliRunner().invoke(
        cli,
        [
            "html",
            "--store",
            str(store_path),
            "--out",
            str(out),
            "--focus",
            "04/KH-UBND",
            "--lang",
            "en",
            "--title",
            "<b>Plan</b>",
        ],
    )
    assert result.exit_code == 0, result.output
    data = page_data(out)
    assert data["lang"] == "en"
    assert data["focus"]["id"] == KH04
    page = out.read_text(encoding="utf-8")
    assert "<title>&lt;b&gt;Plan&lt;/b&gt;</title>" in page


def test_html_unknown_focus(store_path: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli,
        [
            "html",
            "--store",
            str(store_path),
            "--out",
            str(tmp_path / "x.html"),
            "--focus",
            "999/KH-NONE",
            "--lang",
            "en",
        ],
    )
    assert result.exit_code == 2
    assert "No document 999/KH-NONE in the store" in result.output
    assert not (tmp_path / "x.html").exists()


def test_html_missing_store(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["html", "--store", str(tmp_path / "nothing"), "--out", str(tmp_path / "x.html")]
    )
    assert result.exit_code == 2
    assert "Không mở được kho dữ liệu" in result.output


def test_serve_help_lists_the_limits() -> None:
    result = CliRunner().invoke(cli, ["serve", "--help"])
    assert result.exit_code == 0
    for option in ("--store", "--host", "--port", "--allow-update", "--timeout", "--max-rows"):
        assert option in result.output
    assert "127.0.0.1" in result.output
