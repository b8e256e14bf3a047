"""The trace after the 1 July 2025 reform: a 2026 Lạng Sơn province plan addressed to "UBND
các xã, phường" and the plans of its communes (issue 12, point 5; tests/data/two_level)."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.analysis.trace import trace
from graph.cli import cli
from graph.ingest import ingest
from graph.models import Issuer
from graph.pipeline import extract_file
from graph.store import open_store
from graph.units import expected_implementers

DOCS = Path(__file__).resolve().parent / "data" / "two_level" / "docs"
TINH = Issuer("ubnd", "UBND tỉnh Lạng Sơn", "vn-20", "province", "Tỉnh Lạng Sơn")


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("two-level")
    shutil.copytree(DOCS, root / "docs")
    ingest([root / "docs"], root / "store")
    return root / "store"


@pytest.mark.parametrize(
    ("addressee", "on", "count"),
    [
        ("UBND các xã, phường", date(2026, 1, 8), 65),  # 61 xã + 4 phường of Lạng Sơn in 2026
        ("Ủy ban nhân dân các xã, phường, đặc khu", date(2026, 1, 8), 65),
        ("UBND các xã, phường", date(2024, 1, 9), 0),  # before the reform: districts between
    ],
)
def test_communes_of_the_province_after_the_reform(addressee: str, on: date, count: int) -> None:
    got = expected_implementers([addressee], TINH, on)
    assert len(got.units) == count
    assert all(u.level == "commune" and u.province_code == "20" for u in got.units)
    assert got.groups == (() if count else (addressee,))


def test_communes_of_a_district_before_the_reform() -> None:
    huyen = Issuer("ubnd", "UBND huyện Cao Lộc", "vn-20-183", "district", "Huyện Cao Lộc")
    got = expected_implementers(["UBND các xã, thị trấn"], huyen, date(2024, 1, 15))
    assert got.units and all(u.parent_code == "183" for u in got.units)


@pytest.mark.parametrize(
    ("name", "issuer", "level"),
    [
        ("ls_2026_commune_cao_loc.txt", "UBND xã Cao Lộc", "commune"),  # not the old district
        ("ls_2026_ward_dong_kinh.txt", "UBND phường Đông Kinh", "commune"),
        ("ls_2026_snv_plan.txt", "Sở Nội vụ tỉnh Lạng Sơn", "province"),
    ],
)
def test_a_commune_header_after_the_reform_is_the_commune(
    name: str, issuer: str, level: str
) -> None:
    doc = extract_file(DOCS / name).document
    assert doc.issuer is not None
    assert (doc.issuer.name, doc.issuer.level) == (issuer, level)


def test_trace_expects_every_commune_and_the_departments(store: Path) -> None:
    r = trace(open_store(store, read_only=True), "15/KH-UBND")
    units = [e for e in r.expected if not e.is_group]
    assert len(units) == 65
    status = {e.name: e.status for e in r.expected}
    assert status["Xã Cao Lộc"] == "implemented"  # 20/01/2026, deadline 31/01/2026
    assert status["Phường Đông Kinh"] == "late"  # 10/02/2026
    assert status["Sở Nội vụ"] == "implemented"  # 16/01/2026, its own deadline 20/01/2026
    assert status["Các sở, ban, ngành"] == "implemented"
    assert list(status.values()).count("missing") == 63
    deadlines = {e.name: e.deadline for e in r.expected}
    assert deadlines["Xã Cao Lộc"] == date(2026, 1, 31)
    assert deadlines["Sở Nội vụ"] == date(2026, 1, 20)
    below = {n.document.issuer: (n.on_time, n.deadline) for n in r.implemented_by}
    assert below == {
        "UBND xã Cao Lộc": (True, date(2026, 1, 31)),
        "UBND phường Đông Kinh": (False, date(2026, 1, 31)),
        "Sở Nội vụ tỉnh Lạng Sơn": (True, date(2026, 1, 20)),
    }


def test_trace_cli_json(store: Path) -> None:
    result = CliRunner().invoke(
        cli, ["trace", "15/KH-UBND", "--store", str(store), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    d = json.loads(result.stdout)
    assert d["expected_summary"] == {
        "implemented": 3,
        "late": 1,
        "cited": 0,
        "missing": 63,
        "unknown": 0,
    }


def test_lang_son_city_is_shown_at_district_level() -> None:
    """In a province, "thành phố" is the city under it: its level reads "cấp huyện"."""
    from graph.messages import t
    from graph.web.graph_data import graph_data
    from tests.factories import lang_son_graph

    assert t("level.district", "vi") == "cấp huyện"
    assert t("level.commune", "vi") == "cấp xã"
    # the graph page's legend names the levels the same way, never a bare "Huyện"
    levels = {b["code"]: b["name"] for b in graph_data(lang_son_graph())["levels"]}
    assert levels["district"] == "Cấp huyện"
    assert levels["province"] == "Cấp tỉnh"
    en = {b["code"]: b["name"] for b in graph_data(lang_son_graph(), lang="en")["levels"]}
    assert en["district"] == "District"
