"""Typed, frozen records of the mandates of a plan (DESIGN.md §5).

A CCHC plan requires things of lower units: targets (*Chỉ tiêu* / *Mục tiêu*
items with a measurable quantity), tasks (*Nhiệm vụ, giải pháp* items) and, in
section III (*Tổ chức thực hiện*), duties per unit (issue your own plan by a
deadline, cover all six reform areas ...).

Every span (``start``/``end``) is a character offset into the *original* text,
like the records of :mod:`parsers.models`. Records compare by value.

Areas are ids of the SKOS concept scheme in ``data/vocab/reform_areas.yaml``
(``the-che``, ``tthc``, ``to-chuc-bo-may``, ``cong-vu``, ``tai-chinh-cong``,
``chinh-phu-so``, ``chi-dao-dieu-hanh``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

# "gt": "Trên 99%"; "ge": "tối thiểu 20%", "ít nhất 70%", "từ 90% trở lên";
# "eq": "100%", "đạt 95%", "01 đơn vị"; "le": "tối đa", "không quá"; "lt": "dưới";
# "rank_top": "nhóm 35 tỉnh, thành phố có chỉ số cao nhất";
# "reduce": "giảm 6,17% so với năm 2021"; "increase": "tăng 5%", "có thêm 01 đơn vị".
Comparator = Literal["gt", "ge", "eq", "le", "lt", "rank_top", "reduce", "increase"]

# How a child target relates to the parent target it carries down.
MatchStatus = Literal["carried", "weakened", "dropped", "strengthened"]


@dataclass(frozen=True)
class Quantity:
    """A measurable quantity as a target states it.

    ``value`` is the number (``6.17`` for "6,17%"); ``unit`` a short Vietnamese
    unit ("%", "đơn vị", "hồ sơ", "ngày", "tỉnh", "huyện" ...); ``base_year`` the
    year of comparison ("so với năm 2021"); ``text`` the words that state it.
    ``scope`` is the administrative level the figure applies to when the text
    says so ("95% hồ sơ công việc tại cấp tỉnh" → ``"tinh"``; ``"huyen"``, ``"xa"``).
    """

    comparator: Comparator | None
    value: float
    unit: str
    base_year: int | None
    text: str
    scope: str | None = None


@dataclass(frozen=True)
class Target:
    """One target (*chỉ tiêu*) of a plan.

    ``subject`` is a short normalised phrase naming what is measured ("hồ sơ
    TTHC giải quyết đúng hạn"), used to match a parent target to a child one.
    ``quantities`` holds every quantity of the text ("95% … cấp tỉnh, 85% … cấp
    huyện"); ``quantity`` is the main one (the first). ``in_task`` is true for a
    target stated inside a task item ("…; 100% các vấn đề phát hiện … được xử lý").
    """

    text: str
    quantity: Quantity | None
    area: str | None
    section: str
    start: int
    end: int
    subject: str | None = None
    quantities: tuple[Quantity, ...] = ()
    in_task: bool = False


@dataclass(frozen=True)
class Task:
    """One task (*nhiệm vụ, giải pháp*) item of a plan."""

    text: str
    area: str | None
    section: str
    start: int
    end: int


@dataclass(frozen=True)
class Duty:
    """What section III requires of a unit.

    ``unit_text`` is the unit as written ("Các sở, ban, ngành, UBND các huyện,
    thành phố"); ``units`` its normalised names ("Các sở, ban, ngành", "UBND các
    huyện, thành phố"). ``requires_plan``: the unit must issue its own plan;
    ``deadline``: "chậm nhất ngày 15/01/2024"; ``requires_all_areas``: the plan
    must cover "đầy đủ 06 lĩnh vực CCHC".
    """

    unit_text: str
    units: tuple[str, ...]
    action: str
    requires_plan: bool
    deadline: date | None
    requires_all_areas: bool
    section: str
    start: int
    end: int


@dataclass(frozen=True)
class Mandates:
    """Everything a plan requires: targets, tasks, duties and the areas it covers."""

    targets: tuple[Target, ...] = ()
    tasks: tuple[Task, ...] = ()
    duties: tuple[Duty, ...] = ()
    areas_covered: tuple[str, ...] = ()


@dataclass(frozen=True)
class TargetMatch:
    """How a parent target is carried into a child plan.

    ``child`` is ``None`` when the target is ``dropped``. ``score`` is the
    similarity of the two subjects (0..1). ``note`` explains a judgement that is
    not obvious ("units differ: tỉnh vs huyện").
    """

    parent: Target
    child: Target | None
    status: MatchStatus
    score: float = 0.0
    note: str | None = None
