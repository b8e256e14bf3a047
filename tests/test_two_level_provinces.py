"""The trace after the 1 July 2025 reform in other provinces (issue 12, points 4-6):
a merged province (Tuyên Quang = Tuyên Quang + Hà Giang), a province with special zones
(Quảng Ninh: Vân Đồn, Cô Tô), a centrally-run city with a special zone (TP Hồ Chí Minh:
Côn Đảo). Fixtures: tests/data/two_level/<province>/ (see its README)."""

from __future__ import annotations

import shutil
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from graph.analysis.trace import TraceResult, trace
from graph.ingest import ingest
from graph.models import Issuer
from graph.pipeline import extract_file
from graph.store import open_store
from graph.units import children, expected_implementers

DATA = Path(__file__).resolve().parent / "data" / "two_level"


@dataclass(frozen=True)
class Case:
    folder: str
    plan: str
    province: str  # code after the reform
    units: int  # communes, wards and special zones expected
    statuses: dict[str, str]  # expected entry name → status
    deadlines: dict[str, date]
    summary: dict[str, int]
    below: dict[str, tuple[bool, date]]  # plan issuer below → (on time, deadline)
    names: tuple[str, ...]  # some expected units by name


CASES = [
    Case(
        "quang_ninh",
        "20/KH-UBND",
        "22",
        54,
        {
            "Đặc khu Vân Đồn": "implemented",  # 22/01/2026, "chậm nhất ngày 31/01/2026"
            "Xã Tiên Yên": "implemented",  # 28/01/2026
            "Phường Hạ Long": "late",  # 05/02/2026
            "Đặc khu Cô Tô": "missing",
            "Sở Tư pháp": "implemented",  # 20/01/2026, "hoàn thành trước ngày 25/01/2026"
        },
        {"Đặc khu Vân Đồn": date(2026, 1, 31), "Sở Tư pháp": date(2026, 1, 25)},
        {"implemented": 3, "late": 1, "cited": 0, "missing": 51, "unknown": 0},
        {
            "UBND đặc khu Vân Đồn": (True, date(2026, 1, 31)),
            "UBND xã Tiên Yên": (True, date(2026, 1, 31)),
            "UBND phường Hạ Long": (False, date(2026, 1, 31)),
            "Sở Tư pháp tỉnh Quảng Ninh": (True, date(2026, 1, 25)),
        },
        ("Đặc khu Vân Đồn", "Đặc khu Cô Tô", "Phường Hạ Long", "Phường Móng Cái 1"),
    ),
    Case(
        "tuyen_quang",
        "32/KH-UBND",
        "08",
        124,  # old Tuyên Quang and old Hà Giang
        {
            "Phường Hà Giang 1": "implemented",  # 02/02/2026, "trước ngày 15/02/2026 gửi Sở Nội vụ"
            "Xã Minh Tân": "implemented",  # 09/02/2026 (a name shared with other provinces)
            "Xã Đồng Văn": "late",  # 20/02/2026
            "UBND cấp xã": "missing",  # never: the group is replaced by its members
            "Các sở, ban, ngành": "unknown",  # no member list, no department plan
        },
        {"Xã Đồng Văn": date(2026, 2, 15), "Các sở, ban, ngành": date(2026, 2, 10)},
        {"implemented": 2, "late": 1, "cited": 0, "missing": 121, "unknown": 1},
        {
            "UBND phường Hà Giang 1": (True, date(2026, 2, 15)),
            "UBND xã Minh Tân": (True, date(2026, 2, 15)),
            "UBND xã Đồng Văn": (False, date(2026, 2, 15)),
        },
        ("Phường Hà Giang 1", "Xã Đồng Văn", "Phường Minh Xuân", "Xã Mèo Vạc"),
    ),
    Case(
        "ho_chi_minh",
        "45/KH-UBND",
        "79",
        168,
        {
            "Đặc khu Côn Đảo": "implemented",  # 26/01/2026, "… chậm nhất ngày 31/01/2026"
            "Phường Bến Thành": "late",  # 06/02/2026
            "Phường Sài Gòn": "cited",  # its plan 03/KH-UBND is only cited by the Sở Nội vụ
            "Các sở, ban, ngành Thành phố": "late",  # the Sở Nội vụ's plan of 03/02/2026
        },
        {"Đặc khu Côn Đảo": date(2026, 1, 31), "Phường Sài Gòn": date(2026, 1, 31)},
        {"implemented": 1, "late": 2, "cited": 1, "missing": 165, "unknown": 0},
        {
            "UBND đặc khu Côn Đảo": (True, date(2026, 1, 31)),
            "UBND phường Bến Thành": (False, date(2026, 1, 31)),
            "Sở Nội vụ thành phố Hồ Chí Minh": (False, date(2026, 1, 31)),
        },
        ("Đặc khu Côn Đảo", "Phường Sài Gòn", "Xã Cần Giờ", "Phường Thủ Dầu Một"),
    ),
]


@pytest.fixture(scope="module")
def traces(tmp_path_factory: pytest.TempPathFactory) -> dict[str, TraceResult]:
    out = {}
    for case in CASES:
        root = tmp_path_factory.mktemp(case.folder)
        shutil.copytree(DATA / case.folder / "docs", root / "docs")
        ingest([root / "docs"], root / "store")
        out[case.folder] = trace(open_store(root / "store", read_only=True), case.plan)
    return out


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.folder)
def test_expected_units(case: Case, traces: dict[str, TraceResult]) -> None:
    units = [e for e in traces[case.folder].expected if not e.is_group]
    assert (
        len(units) == case.units == len(children(case.province, date(2026, 1, 8), level="commune"))
    )
    names = {e.name for e in units}
    assert set(case.names) <= names


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.folder)
def test_statuses_and_deadlines(case: Case, traces: dict[str, TraceResult]) -> None:
    r = traces[case.folder]
    status = {e.name: e.status for e in r.expected}
    for name, want in case.statuses.items():
        if name == "UBND cấp xã":
            assert name not in status
        else:
            assert status[name] == want, name
    deadlines = {e.name: e.deadline for e in r.expected}
    assert {n: deadlines[n] for n in case.deadlines} == case.deadlines
    got = Counter(e.status for e in r.expected)
    assert {s: got.get(s, 0) for s in case.summary} == case.summary
    below = {n.document.issuer: (n.on_time, n.deadline) for n in r.implemented_by}
    assert below == case.below


def test_a_cited_unit_carries_the_citing_plan(traces: dict[str, TraceResult]) -> None:
    e = next(e for e in traces["ho_chi_minh"].expected if e.name == "Phường Sài Gòn")
    assert [d.key for d in e.documents] == ["03/KH-UBND"]
    assert e.documents[0].date == date(2026, 1, 15) and e.on_time is True
    assert e.cited_by[e.documents[0].id][1].endswith("hcm_2026_snv_report.txt")


@pytest.mark.parametrize(
    ("path", "issuer", "jurisdiction"),
    [
        ("quang_ninh/docs/qn_2026_van_don.txt", "UBND đặc khu Vân Đồn", "vn-22-06994"),
        ("quang_ninh/docs/qn_2026_ha_long.txt", "UBND phường Hạ Long", "vn-22-06688"),
        ("quang_ninh/docs/qn_2026_tien_yen.txt", "UBND xã Tiên Yên", "vn-22-06862"),
        ("tuyen_quang/docs/tq_2026_ha_giang_1.txt", "UBND phường Hà Giang 1", "vn-08-00694"),
        ("tuyen_quang/docs/tq_2026_dong_van.txt", "UBND xã Đồng Văn", "vn-08-00721"),
        ("tuyen_quang/docs/tq_2026_minh_tan.txt", "UBND xã Minh Tân", "vn-08-00919"),
        ("ho_chi_minh/docs/hcm_2026_con_dao.txt", "UBND đặc khu Côn Đảo", "vn-79-26732"),
        ("ho_chi_minh/docs/hcm_2026_ben_thanh.txt", "UBND phường Bến Thành", "vn-79-26743"),
        ("ho_chi_minh/docs/hcm_2026_city_plan.txt", "UBND thành phố Hồ Chí Minh", "vn-79"),
    ],
)
def test_commune_issuers(path: str, issuer: str, jurisdiction: str) -> None:
    doc = extract_file(DATA / path).document
    assert doc.issuer is not None
    assert (doc.issuer.name, doc.issuer.jurisdiction) == (issuer, jurisdiction)
    want = "province" if jurisdiction.count("-") == 1 else "commune"
    assert doc.issuer.level == want


@pytest.mark.parametrize(
    ("addressee", "jurisdiction", "count"),
    [
        ("UBND các xã, phường", "vn-08", 124),
        ("UBND cấp xã", "vn-08", 124),
        ("Chủ tịch UBND các xã, phường", "vn-37", 129),  # Ninh Bình + Hà Nam + Nam Định
        ("Ủy ban nhân dân các xã, phường, đặc khu", "vn-22", 54),
        ("Ủy ban nhân dân các xã, phường, đặc khu", "vn-31", 114),  # Hải Phòng + Hải Dương
        ("UBND các xã, phường, đặc khu", "vn-91", 102),  # An Giang + Kiên Giang
        ("UBND các xã, phường, đặc khu", "vn-56", 65),  # Khánh Hòa + Ninh Thuận, Trường Sa
        ("UBND các xã, phường", "vn-01", 126),  # Hà Nội: "UBND thành phố" is province level
        ("UBND các xã, phường, đặc khu", "vn-48", 94),  # Đà Nẵng + Quảng Nam, Hoàng Sa
        ("UBND các xã, phường", "vn-46", 40),  # Huế, centrally run from 2025
        ("UBND các xã, phường", "vn-92", 103),  # Cần Thơ + Sóc Trăng + Hậu Giang
        ("Các sở, ban, ngành", "vn-22", 0),
    ],
)
def test_address_phrasings(addressee: str, jurisdiction: str, count: int) -> None:
    issuer = Issuer("ubnd", "UBND", jurisdiction, "province", "")
    got = expected_implementers([addressee], issuer, date(2026, 1, 10))
    assert len(got.units) == count
    assert got.groups == (() if count else (addressee,))


def test_special_zones_are_expected() -> None:
    zones = {
        "22": {"Đặc khu Vân Đồn", "Đặc khu Cô Tô"},
        "31": {"Đặc khu Cát Hải", "Đặc khu Bạch Long Vĩ"},
        "56": {"Đặc khu Trường Sa"},
        "79": {"Đặc khu Côn Đảo"},
        "91": {"Đặc khu Phú Quốc", "Đặc khu Thổ Châu", "Đặc khu Kiên Hải"},
    }
    for code, want in zones.items():
        issuer = Issuer("ubnd", "UBND", f"vn-{code}", "province", "")
        got = expected_implementers(["UBND các xã, phường, đặc khu"], issuer, date(2026, 1, 10))
        assert {u.name for u in got.units if u.kind == "đặc khu"} == want


def test_units_after_the_reform_match_the_official_count() -> None:
    """34 provinces and 3,321 communes, wards and special zones from 1 July 2025."""
    from graph.units import _load

    units = [u for u in _load() if u.era == "2025"]
    assert sum(u.level == "province" for u in units) == 34
    kinds = Counter(u.kind for u in units if u.level == "commune")
    assert kinds == {"xã": 2621, "phường": 687, "đặc khu": 13}


@pytest.mark.parametrize(
    ("name", "issuer", "jurisdiction"),
    [
        # the one unit of that name in the country: Quảng Ninh
        ("van_don_no_province.txt", "UBND đặc khu Vân Đồn", "vn-22-06994"),
        # a name of several provinces, no province printed: not guessed
        ("minh_tan_no_province.txt", "UBND", "vn-unknown"),
    ],
)
def test_a_commune_header_naming_no_province(name: str, issuer: str, jurisdiction: str) -> None:
    doc = extract_file(DATA / "no_province" / name).document
    assert doc.issuer is not None
    assert (doc.issuer.name, doc.issuer.jurisdiction) == (issuer, jurisdiction)
