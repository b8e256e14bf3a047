"""Typed, frozen records of the results a report states (:mod:`parsers.results`).

Every span (``start``/``end``) is a character offset into the *original* text, like the
records of :mod:`parsers.models`. Records compare by value.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from parsers.mandate_models import Comparator

FigureKind = Literal["percent", "ratio", "count", "amount", "rank", "change"]


@dataclass(frozen=True)
class Period:
    """The period a result covers: "9 tháng đầu năm 2021" → ``months=9, year=2021``.

    ``months`` is 12 for a whole year ("năm 2024"), 3 for a quarter, ``None`` when unknown.
    """

    text: str
    year: int | None
    months: int | None
    start: int
    end: int

    @property
    def partial(self) -> bool:
        """True for a period shorter than a year (a 9-month report): results still running."""
        return self.months is not None and self.months < 12


@dataclass(frozen=True)
class Figure:
    """One reported figure: "18/18 nhiệm vụ", "đạt 99,2%", "xếp thứ 25/63".

    ``value`` is the number (``18``, ``99.2``, ``25``); ``total`` the denominator of a ratio or
    rank (``18``, ``63``); ``unit`` the word after the number ("nhiệm vụ", "%", "hồ sơ");
    ``comparator`` "reduce"/"increase" for a change, "eq" for "đạt …", "gt" for "trên …".
    """

    text: str
    kind: FigureKind
    value: float
    unit: str | None
    start: int
    end: int
    total: float | None = None
    comparator: Comparator | None = None
    base_year: int | None = None

    @property
    def percent(self) -> float | None:
        """The figure as a percentage when it is one (99.2) or a ratio (18/18 → 100.0)."""
        if self.unit == "%":
            return self.value
        if self.kind == "ratio" and self.total:
            return round(100.0 * self.value / self.total, 2)
        return None


@dataclass(frozen=True)
class ReportedResult:
    """A result a report states, with the clause that states it (``start``/``end``)."""

    figure: Figure
    subject: str | None
    text: str
    period: Period | None
    level: str | None  # "tinh", "huyen", "xa" ("Cấp tỉnh: tiếp nhận …")
    unit: str | None  # a named unit ("huyện Cao Lộc") when the clause names one
    area: str | None
    section: str | None
    start: int
    end: int
    in_footnote: bool = False
