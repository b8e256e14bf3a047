"""The records of the synthetic corpus (:mod:`graph.synth`): its parameters, the truth of each
document and plan, the real units it uses (:mod:`graph.units`: provinces, their districts,
the districts' communes) and how many documents a set of parameters gives."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from graph import units
from graph.synth_text import TOPICS
from parsers.normalize import fold

FIRST_YEAR = 2022  # districts exist until 30 June 2025: plans of 2022 … 2025


@dataclass
class Params:
    provinces: int = 1
    districts_per_province: int = 3
    communes_per_district: int = 0
    years: int = 1
    seed: int = 0
    late_rate: float = 0.2
    missing_rate: float = 0.1
    ocr_rate: float = 0.1
    #: province plans per year, each on one of :data:`graph.synth_text.TOPICS` (the first:
    #: CCHC), each implemented by every district and, below it, by every commune
    topics: int = 1

    def __post_init__(self) -> None:
        if not 1 <= self.topics <= len(TOPICS):
            raise ValueError(f"topics must be between 1 and {len(TOPICS)}, not {self.topics}")


@dataclass
class DocTruth:
    file: str
    kind: str  # central | province_5y | province_plan | district_plan | commune_plan
    level: str
    unit: str | None  # unit code (province "20", district "183", commune "06052")
    key: str | None
    iri: str | None
    date: str | None
    ocr: bool = False
    late: bool = False
    citations: list[dict[str, str]] = field(default_factory=list)


@dataclass
class PlanTruth:
    iri: str
    key: str
    level: str
    unit: str
    year: int
    deadline: str
    expected: list[str]  # unit codes that must issue an implementing plan
    implementers: list[str]  # IRIs of the documents that implement it
    missed: list[str]  # unit codes that issued none
    late: list[str]  # unit codes that issued theirs after the deadline


@lru_cache(maxsize=4096)
def _communes(district_code: str) -> list[tuple[str, str, str]]:
    """(code, full name, short name) of the communes of a district (legacy hierarchy)."""
    with sqlite3.connect(f"file:{units._db_path()}?mode=ro", uri=True) as conn:
        rows = conn.execute(
            "SELECT DISTINCT wardCode, ward, wardShort FROM admin_units_legacy "
            "WHERE districtCode = ? AND wardCode IS NOT NULL ORDER BY wardCode",
            (district_code,),
        ).fetchall()
    return [(str(c), str(n), str(s)) for c, n, s in rows]


def _provinces(n: int) -> list[units.Unit]:
    # provinces only (not the five centrally-run cities): "UBND thành phố" in a district
    # plan would be read as the district-level city
    provs = sorted(
        (
            u
            for u in units._load()
            if u.era == "legacy" and u.level == "province" and u.kind == "tỉnh"
        ),
        key=lambda u: u.code,
    )
    return provs[:n]


def _districts(province: units.Unit, m: int) -> list[units.Unit]:
    kids = sorted(units.children(province.code, date(2024, 1, 1)), key=lambda u: u.code)
    # a district name shared by two districts of the province cannot be resolved: skip it
    names = [fold(u.short_name) for u in kids]
    kids = [u for u in kids if names.count(fold(u.short_name)) == 1]
    return kids[:m]


def count_for(provinces: int, districts: int, communes: int, years: int, topics: int = 1) -> int:
    """How many documents :func:`generate` writes before missed plans, when every district
    has at least ``communes`` communes (:func:`expected_documents` counts the real ones)."""
    per_plan = 1 + districts * (1 + communes)
    return 3 + provinces * (1 + years * topics * per_plan)


def expected_documents(p: Params) -> float:
    """The documents :func:`generate` writes for ``p`` on average over seeds: the real
    districts and communes of each province, less the missed plans (``missing_rate``)."""
    kept = 1 - p.missing_rate
    total = 3.0
    for prov in _provinces(p.provinces):
        per_plan = 1.0
        for dist in _districts(prov, p.districts_per_province):
            communes = len(_communes(dist.code)[: p.communes_per_district])
            per_plan += kept * (1 + kept * communes)
        total += 1 + p.years * p.topics * per_plan
    return total


__all__ = [
    "FIRST_YEAR",
    "DocTruth",
    "Params",
    "PlanTruth",
    "count_for",
    "expected_documents",
]
