"""Parse the measurable quantity of a target: comparator, value, unit, base year.

Public verbs: :func:`parse_quantity` (the main quantity of a text) and
:func:`find_quantities` (every quantity with its span).

Patterns run on the diacritic-folded copy of the text (:func:`parsers.normalize.fold`,
same length, lower case, ``đ`` → ``d``), so OCR text without diacritics matches
too ("Trén 99%" → "tren 99%", "tdi thiéu 20%" → "tdi thieu 20%"). Every pattern
is linear-time: no nested unbounded repetition, bounded gaps.

Conventions:
- a bare figure ("100%", "01 đơn vị") has comparator ``None``; "đạt 95%" is ``eq``;
- a figure in a list after one with a comparator inherits it
  ("tối thiểu tương ứng 90%, 80%, 75%" → three ``ge``);
- "6,17" is 6.17 (decimal comma); "1.000" is 1000 (thousands dot).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from functools import lru_cache
from itertools import islice

import regex

from parsers.models import Comparator, Quantity
from parsers.normalize import fold

# ----------------------------------------------------------------------------- pieces

# A number: "99", "6,17", "6.17", "01", "1.000" (thousands dot).
# Not part of a date, symbol or range: "15/01/2024", "61/2018", "2021-2030".
_NUM = r"(?<![\d/.,\-])(?P<num>\d{1,3}(?:\.\d{3})+(?![\d,])|\d{1,6}(?:[,.]\d{1,3})?)(?![\d/])"

# Comparator words, folded, nearest to the number. OCR variants of "tối thiểu":
# "tdi thieu", "t61 thieu", "tbi 'thieu", "toi thieu".
_GT = r"(?:tren|hon|cao\s+hon|lon\s+hon|vuot)"  # "Trên 99%"
_GE = (  # "tối thiểu 20%", "ít nhất 70%", "không thấp hơn 80%", "không dưới 50%"
    r"(?:t\w{0,2}\s{0,2}['’]?\s{0,2}thieu|it\s+nhat|khong\s+thap\s+hon|khong\s+duoi"
    r"|khong\s+it\s+hon)"
)
_LE = r"(?:toi\s+da|khong\s+qua|khong\s+vuot\s+qua|khong\s+cao\s+hon)"  # "tối đa 5%"
_LT = r"(?:duoi|it\s+hon|thap\s+hon)"  # "dưới 2%"
_EQ = r"(?:dat|bang|het)"  # "đạt 95%", "giải ngân hết 100%"
_REDUCE = r"(?:giam|cat\s+giam)"  # "giảm 6,17% so với năm 2021"
_INCREASE = r"(?:tang|tang\s+them|co\s+them|them)"  # "tăng 10%", "Có thêm 01 đơn vị"
# Words allowed between the comparator and the number: "tối thiểu tương ứng 90%",
# "đạt tỷ lệ 90%", "đạt chỉ tiêu từ 90% trở lên" ("từ" handled by the suffix).
_FILL = r"(?:\s{1,3}(?:ty\s+le|tuong\s+ung|muc|chi\s+tieu|tu|khoang)){0,3}"

_COMPARATOR = (
    rf"(?:(?P<gt>{_GT})|(?P<ge>{_GE})|(?P<le>{_LE})|(?P<lt>{_LT})|(?P<eq>{_EQ})"
    rf"|(?P<reduce>{_REDUCE})|(?P<increase>{_INCREASE})){_FILL}\s{{1,3}}"
)

# Units, folded → how we write them. Longest first so "ho so" wins over "ho".
UNITS: dict[str, str] = {
    "phan tram": "%",
    "don vi": "đơn vị",
    "ho so": "hồ sơ",
    "van ban": "văn bản",
    "thu tuc": "thủ tục",
    "tthc": "TTHC",
    "co quan": "cơ quan",
    "nhiem vu": "nhiệm vụ",
    "tin, bai": "tin bài",
    "tin bai": "tin bài",
    "tin": "tin bài",
    "ngay": "ngày",
    "thang": "tháng",
    "tinh": "tỉnh",
    "huyen": "huyện",
    "xa": "xã",
    "lop": "lớp",
    "cuoc": "cuộc",
    "lan": "lần",
    "nguoi": "người",
    "diem": "điểm",
    "ty dong": "tỷ đồng",
    "trieu dong": "triệu đồng",
}
_UNIT_WORDS = "|".join(
    regex.escape(u).replace(r"\ ", r"\s+") for u in sorted(UNITS, key=len, reverse=True)
)

# "%" or a unit word after the number: "99%", "99 %", "01 đơn vị", "03 ngày".
_UNIT = rf"(?:\s{{0,2}}(?P<pct>%)|\s{{1,2}}(?P<unit>{_UNIT_WORDS})(?!\w))"

# "từ 90% trở lên" → ge; "trở xuống" → le; OCR "trd lén".
_SUFFIX = r"(?:\s{1,2}(?:(?P<up>tr\w{1,2}\s+len)|(?P<down>tr\w{1,2}\s+xuong)))?"

# Base year: "so với năm 2021", OCR "so vi nam 2021", "so với cùng kỳ năm 2022".
_BASE_YEAR = regex.compile(
    r"\s{0,3}so\s+v\w{0,3}\s+(?:cung\s+ky\s+)?(?:nam\s+)?(?P<year>(?:19|20)\d\d)(?!\d)"
)

# A quantity: optional comparator, number, unit, optional "trở lên".
# "Trên 99%", "tối thiểu 20%", "giảm 6,17%", "01 đơn vị", "ít nhất 01 tin, bài"
QUANTITY = regex.compile(rf"(?<!\w)(?:{_COMPARATOR})?{_NUM}{_UNIT}{_SUFFIX}")

# :data:`QUANTITY` without its comparator: where a quantity's number stands. Scanning for it is
# several times faster than for :data:`QUANTITY`, whose comparator alternation is tried at
# every position (see :func:`_quantity_matches`).
_NUMBER_TAIL = regex.compile(rf"(?<!\w){_NUM}{_UNIT}{_SUFFIX}")

# The word runs before a number, right to left; a comparator with its filler words spans at
# most 9 of them ("không vượt quá" 3, "tỷ lệ", "tương ứng", "chỉ tiêu" 2 each): 12 is a margin.
_RUNS_BACK = regex.compile(r"(?r)\w+")
_MAX_RUNS = 12

# A comparator (with its filler words and spaces) that ends where a number starts: matched
# backwards from the number (``match`` of a reversed pattern is anchored at ``endpos``).
_COMPARATOR_BEFORE = regex.compile(rf"(?r)(?:{_COMPARATOR})")

# A rank: "nhóm 35 tỉnh, thành phố có chỉ số cao nhất", "nhóm 06 huyện, thành phố
# có chỉ số cao nhất", "nhóm 15 tỉnh có điểm số cao nhất" (OCR "cao nhdt").
RANK = regex.compile(
    rf"(?<!\w)nh[oe0]m\s+(?:dau\s+)?{_NUM}\s+(?P<unit>tinh|huyen|xa|don\s+vi|co\s+quan|dia\s+phuong)"
    r"(?=[^.;\n]{0,80}?(?:cao\s+nh\w{0,2}t|dan\s+dau|tot\s+nhat))"
)

# The administrative level a figure applies to: "95% hồ sơ công việc tại cấp tỉnh".
_SCOPE = regex.compile(r"(?<!\w)cap\s+(?P<level>tinh|huyen|xa)(?!\w)")
# "tương ứng" introduces figures given in the order of levels named before it.
_RESPECTIVELY = regex.compile(r"tuong\s+\S{1,2}ng")  # OCR "tuong tmg"
# Only a comma or "và" between two figures of one list: "90%, 80%, 75%".
_LIST_GAP = regex.compile(r"\s{0,3}(?:,|va)?\s{0,3}")
# Clause boundary for scopes: a figure's level is stated before the next ";" or ".".
_CLAUSE_END = regex.compile(r"[;.\n]")

_RANK_UNITS = {"tinh": "tỉnh", "huyen": "huyện", "xa": "xã", "don vi": "đơn vị",
               "co quan": "cơ quan", "dia phuong": "địa phương"}  # fmt: skip

# A number with thousands dots: "1.000", "79.918".
_THOUSANDS = regex.compile(r"\d{1,3}(?:\.\d{3})+")
# A run of whitespace in a unit word: "don  vi" → "don vi".
_SPACES = regex.compile(r"\s+")
# Every quantity and rank holds a digit: a text without one has none (no fold, no scan).
_DIGIT = regex.compile(r"\d")

_COMPARATORS: tuple[Comparator, ...] = ("gt", "ge", "le", "lt", "eq", "reduce", "increase")


def _number(raw: str) -> float:
    """ "6,17" → 6.17; "1.000" → 1000; "6.17" → 6.17."""
    if _THOUSANDS.fullmatch(raw):
        return float(raw.replace(".", ""))
    return float(raw.replace(",", "."))


# Texts remembered by the stages of plans (:func:`find_quantities`, ``classify_area``,
# ``subject_of``) are at most this long, 4096 of each: their memory stays a few MB.
MEMO_CHARS = 1000


def find_quantities(text: str) -> list[tuple[int, int, Quantity]]:
    """Every quantity of ``text`` as ``(start, end, quantity)``, in order of position."""
    if len(text) > MEMO_CHARS:
        return list(_find_quantities.__wrapped__(text))
    return list(_find_quantities(text))


@lru_cache(maxsize=4096)
def _find_quantities(text: str) -> tuple[tuple[int, int, Quantity], ...]:
    """:func:`find_quantities`, remembered for short texts (quantities are frozen): a plan
    states a clause several times (an item, its clauses, its cleaned text) and plans repeat
    one another."""
    if not text:
        return ()
    folded = fold(text)
    if _DIGIT.search(folded) is None:
        return ()
    found: list[tuple[int, int, Quantity]] = []
    taken: list[tuple[int, int]] = []
    for m in RANK.finditer(folded):
        q = Quantity(
            comparator="rank_top",
            value=_number(m.group("num")),
            unit=_RANK_UNITS[_SPACES.sub(" ", m.group("unit"))],
            base_year=None,
            text=text[m.start() : m.end()],
        )
        found.append((m.start(), m.end(), q))
        taken.append((m.start(), m.end()))
    for m in _quantity_matches(folded):
        if any(s <= m.start("num") < e for s, e in taken):
            continue
        comparator: Comparator | None = next(
            (c for c in _COMPARATORS if m.group(c) is not None), None
        )
        if m.group("up"):
            comparator = "ge"
        elif m.group("down"):
            comparator = "le"
        unit = "%" if m.group("pct") else UNITS[_SPACES.sub(" ", m.group("unit"))]
        end = m.end()
        base_year: int | None = None
        y = _BASE_YEAR.match(folded, end)
        if y:
            base_year = int(y.group("year"))
            end = y.end()
        start = m.start()
        q = Quantity(
            comparator=comparator,
            value=_number(m.group("num")),
            unit=unit,
            base_year=base_year,
            text=text[start:end].strip(),
        )
        found.append((start, end, q))
    found.sort(key=lambda t: t[0])
    found = _inherit_comparators(folded, found)
    return tuple(_assign_scopes(folded, found))


def _quantity_matches(folded: str) -> Iterator[regex.Match[str]]:
    """``QUANTITY.finditer(folded)``, with :data:`QUANTITY` tried only at the starts of the
    few word runs before each number (its comparator alternation is slow to scan for).

    The next match from ``pos`` holds the first number at or after ``pos`` that
    :data:`_NUMBER_TAIL` matches, ``a`` (QUANTITY matches at ``a`` at the latest): a match that
    starts earlier starts a word run (a comparator begins with a letter after a non-word
    character), has its number at ``a`` (its comparator and filler words hold no digit after
    a non-word character) and so starts one of the ``_MAX_RUNS`` runs before ``a``. Those
    starts are tried left to right, then ``a``: the first match is the leftmost; when no
    comparator ends at ``a``, only ``a``."""
    pos = 0
    while True:
        tail = _NUMBER_TAIL.search(folded, pos)
        if tail is None:
            return
        a = tail.start()
        m = None
        if _COMPARATOR_BEFORE.match(folded, pos, a) is not None:  # else it starts at ``a``
            for run in reversed(list(islice(_RUNS_BACK.finditer(folded, pos, a), _MAX_RUNS))):
                m = QUANTITY.match(folded, run.start())
                if m is not None:
                    break
        if m is None:
            m = QUANTITY.match(folded, a)
        if m is None:  # not reached: QUANTITY matches at ``a``
            return
        yield m
        pos = m.end()


def _inherit_comparators(
    folded: str, found: list[tuple[int, int, Quantity]]
) -> list[tuple[int, int, Quantity]]:
    """A bare figure right after another in a list takes its comparator."""
    out: list[tuple[int, int, Quantity]] = []
    for start, end, q in found:
        if out and q.comparator is None and q.unit == out[-1][2].unit:
            _p_start, p_end, prev = out[-1]
            if prev.comparator not in (None, "rank_top") and _LIST_GAP.fullmatch(
                folded, p_end, start
            ):
                q = replace(q, comparator=prev.comparator)
        out.append((start, end, q))
    return out


def _assign_scopes(
    folded: str, found: list[tuple[int, int, Quantity]]
) -> list[tuple[int, int, Quantity]]:
    """Attach the administrative level ("cấp tỉnh/huyện/xã") each figure applies to.

    "95% hồ sơ công việc tại cấp tỉnh, 85% … tại cấp huyện": the level named after
    a figure and before the next figure. "của cấp tỉnh, cấp huyện, cấp xã đạt tỷ
    lệ tối thiểu tương ứng 90%, 80%, 75%": levels before "tương ứng", in order.
    """
    if not found:
        return found
    out = list(found)
    # "tương ứng": the run of figures after it takes the levels named before it.
    for r in _RESPECTIVELY.finditer(folded):
        run = [i for i, (_s, e, _q) in enumerate(out) if e > r.end()]
        if not run:
            continue
        clause_start = max((m.end() for m in _CLAUSE_END.finditer(folded, 0, r.start())), default=0)
        levels = [m.group("level") for m in _SCOPE.finditer(folded, clause_start, r.start())]
        if len(levels) < 2:
            continue
        chain = [run[0]]
        for i in run[1:]:
            if _LIST_GAP.fullmatch(folded, out[chain[-1]][1], out[i][0]):
                chain.append(i)
            else:
                break
        for i, level in zip(chain, levels, strict=False):
            s, e, q = out[i]
            out[i] = (s, e, replace(q, scope=level))
    # otherwise: the first level named after the figure, before the next figure or clause end
    for i, (s, e, q) in enumerate(out):
        if q.scope is not None:
            continue
        limit = out[i + 1][0] if i + 1 < len(out) else len(folded)
        stop = _CLAUSE_END.search(folded, e, limit)
        if stop:
            limit = stop.start()
        m = _SCOPE.search(folded, e, limit)
        if m:
            out[i] = (s, e, replace(q, scope=m.group("level")))
    return out


def parse_quantity(text: str) -> Quantity | None:
    """The main quantity of ``text`` (the first one stated), or ``None``.

    >>> parse_quantity("giảm 6,17% so với năm 2021")
    Quantity(comparator='reduce', value=6.17, unit='%', base_year=2021, text='giảm 6,17% so với năm 2021', scope=None)
    """  # noqa: E501
    found = find_quantities(text)
    return found[0][2] if found else None
