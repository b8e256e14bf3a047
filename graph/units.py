"""Administrative units of Viet Nam, valid at a date.

Data comes from the maintained ``vietnamadminunits`` package, which ships both
the 63-province, three-level hierarchy in force until 30 June 2025 (table
``admin_units_legacy``, with official province and district codes) and the
34-province, two-level hierarchy in force from 1 July 2025 (``admin_units``).
Districts were abolished on 1 July 2025 (Nghị quyết 202/2025/QH15 and the
2025 arrangement of units).
"""

from __future__ import annotations

import importlib.util
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path

import regex

from graph.models import Issuer
from parsers.normalize import fold
from parsers.vocab import former_units, unit_kinds, unit_renames

REFORM_DATE = date(2025, 7, 1)


@dataclass(frozen=True)
class Unit:
    """One administrative unit. ``code`` is the official code ("20", "183")."""

    code: str
    name: str  # "Tỉnh Lạng Sơn", "Huyện Cao Lộc", "Thành phố Lạng Sơn"
    short_name: str  # "Lạng Sơn", "Cao Lộc"
    level: str  # "province" | "district" | "commune"
    kind: str  # "tỉnh", "thành phố trung ương", "huyện", "thành phố", "thị xã", "quận", "xã"…
    parent_code: str | None
    era: str  # "legacy" (until 2025-06-30) | "2025"
    province_code: str | None = None  # for a commune: its province (its parent may be a district)
    valid_until: date | None = None  # a unit abolished earlier (Tỉnh Hà Tây, until 2008-08-01)

    def valid_on(self, on: date | None) -> bool:
        return self.valid_until is None or on is None or on < self.valid_until

    @property
    def jurisdiction(self) -> str:
        """ELI jurisdiction segment: ``vn-20`` for a province, ``vn-20-183`` for a district,
        ``vn-20-183-06190`` for a commune of a district, ``vn-20-06187`` for a commune after the
        2025 reform (communes directly under the province)."""
        in_district = self.province_code and self.parent_code != self.province_code
        if self.level == "commune" and in_district:
            return f"vn-{self.province_code}-{self.parent_code}-{self.code}"
        if self.parent_code:
            return f"vn-{self.parent_code}-{self.code}"
        return f"vn-{self.code}"


def _db_path() -> str:
    # Locate the package's data without importing it: its ``__init__`` imports the
    # package's address parsers, which compile large regular expressions (about 1 s).
    spec = importlib.util.find_spec("vietnamadminunits")
    if spec is not None and spec.submodule_search_locations:
        for folder in spec.submodule_search_locations:
            path = Path(folder) / "data" / "dataset.db"
            if path.is_file():
                return str(path)
    return str(resources.files("vietnamadminunits") / "data" / "dataset.db")


_KINDS = unit_kinds()


_KIND_WORDS = sorted(_KINDS, key=len, reverse=True)


# The kind word that opens a folded unit name, longest first ("thanh pho " before "thanh "):
# one match instead of one ``startswith`` per kind word.
_KIND_PREFIX = regex.compile("(?:" + "|".join(regex.escape(w) for w in _KIND_WORDS) + ") ")


# The spaces a match of _KIND_PREFIX holds at most (its kind word's, and the one after it):
# a name's kind depends on its words up to that many spaces only (fold keeps the length,
# character by character), so a few hundred distinct starts are folded, not 14,000 names.
_KIND_SPACES = max((w.count(" ") for w in _KIND_WORDS), default=0) + 1


def _kind(full_name: str) -> str:
    at = -1
    for _ in range(_KIND_SPACES):
        at = full_name.find(" ", at + 1)
        if at < 0:
            return _kind_of_start(full_name)
    return _kind_of_start(full_name[: at + 1])


@lru_cache(maxsize=4096)
def _kind_of_start(start: str) -> str:
    m = _KIND_PREFIX.match(fold(start)) if _KIND_WORDS else None
    return _KINDS[m.group()[:-1]] if m else ""


@lru_cache(maxsize=1)
def _load() -> tuple[Unit, ...]:
    units: dict[tuple[str, str], Unit] = {}
    with sqlite3.connect(f"file:{_db_path()}?mode=ro", uri=True) as conn:
        rows = conn.execute(
            "SELECT DISTINCT province, provinceShort, provinceCode, district, districtShort, "
            "districtCode FROM admin_units_legacy"
        ).fetchall()
        for ward, ward_short, wcode, dcode, pcode in conn.execute(
            # no DISTINCT (twice as slow): a repeated row gives the same unit again
            "SELECT ward, wardShort, wardCode, districtCode, provinceCode "
            "FROM admin_units_legacy WHERE wardCode IS NOT NULL"
        ).fetchall():
            units[("legacy-commune", str(wcode))] = Unit(
                str(wcode),
                ward,
                ward_short,
                "commune",
                _kind(ward),
                str(dcode),
                "legacy",
                str(pcode),
            )
        for ward, ward_short, wcode, pcode in conn.execute(
            "SELECT DISTINCT ward, wardShort, wardCode, provinceCode FROM admin_units "
            "WHERE wardCode IS NOT NULL"
        ).fetchall():
            units[("2025-commune", str(wcode))] = Unit(
                str(wcode), ward, ward_short, "commune", _kind(ward), str(pcode), "2025", str(pcode)
            )
        for prov, prov_short, pcode, dist, dist_short, dcode in rows:
            pk = ("legacy", str(pcode))
            if pk not in units:
                kind = "thành phố trung ương" if fold(prov).startswith("thanh pho") else "tỉnh"
                units[pk] = Unit(str(pcode), prov, prov_short, "province", kind, None, "legacy")
            if dist and dcode:
                dk = ("legacy", str(dcode))
                if dk not in units:
                    units[dk] = Unit(
                        str(dcode), dist, dist_short, "district", _kind(dist), str(pcode), "legacy"
                    )
        for prov, prov_short, pcode in conn.execute(
            "SELECT DISTINCT province, provinceShort, provinceCode FROM admin_units"
        ).fetchall():
            kind = "thành phố trung ương" if fold(prov).startswith("thanh pho") else "tỉnh"
            units[("2025", str(pcode))] = Unit(
                str(pcode), prov, prov_short, "province", kind, None, "2025"
            )
    return tuple(units.values())


@lru_cache(maxsize=1)
def _former() -> tuple[Unit, ...]:
    """Units abolished before the tables' snapshot (``unit_changes.yaml`` ``former``): Tỉnh
    Hà Tây until 1 August 2008. Found by name and code at dates before their end only."""
    out = []
    for f in former_units():
        until = f["until"] if isinstance(f["until"], date) else date.fromisoformat(str(f["until"]))
        out.append(
            Unit(
                str(f["code"]),
                str(f["name"]),
                str(f["short_name"]),
                str(f["level"]),
                str(f["kind"]),
                None,
                "legacy",
                valid_until=until,
            )
        )
    return tuple(out)


@dataclass(frozen=True)
class _Rename:
    code: str
    level: str
    until: date
    name: str
    short_name: str
    kind: str


@lru_cache(maxsize=1)
def _renames() -> tuple[_Rename, ...]:
    """Earlier identities of units of the legacy table (``data/vocab/unit_changes.yaml``)."""
    return tuple(
        _Rename(
            str(r["code"]),
            str(r["level"]),
            r["until"] if isinstance(r["until"], date) else date.fromisoformat(str(r["until"])),
            str(r["name"]),
            str(r["short_name"]),
            str(r["kind"]),
        )
        for r in unit_renames()
    )


def as_of(unit: Unit, on: date | None) -> Unit:
    """``unit`` as it was called on ``on``: Thành phố Huế is Tỉnh Thừa Thiên Huế before
    1 January 2025. An unknown date keeps the table's (latest) identity."""
    if on is None or unit.era != "legacy":
        return unit
    for r in _renames():
        if r.code == unit.code and r.level == unit.level and on < r.until:
            return replace(unit, name=r.name, short_name=r.short_name, kind=r.kind)
    return unit


def era_for(on: date | None) -> str:
    return "2025" if on is not None and on >= REFORM_DATE else "legacy"


@lru_cache(maxsize=4)
def _index(era: str) -> dict[tuple[str, str], list[Unit]]:
    """(level, folded short name) → units of that era."""
    idx: dict[tuple[str, str], list[Unit]] = {}
    renamed: dict[tuple[str, str], list[_Rename]] = {}  # (code, level) → its renames, in order
    for r in _renames():
        renamed.setdefault((r.code, r.level), []).append(r)
    for u in _load() + (_former() if era == "legacy" else ()):
        if u.era == era:
            idx.setdefault((u.level, fold(u.short_name)), []).append(u)
            if era == "legacy":  # "tỉnh Thừa Thiên Huế" in a text of 2022
                for r in renamed.get((u.code, u.level), ()):
                    idx.setdefault((u.level, fold(r.short_name)), []).append(u)
    return idx


@lru_cache(maxsize=4)
def _provinces(era: str) -> dict[str, tuple[Unit, ...]]:
    """Province code → the provinces of that code in ``era``, former units last (built once)."""
    out: dict[str, list[Unit]] = {}
    for u in _load() + _former():
        if u.era == era and u.level == "province":
            out.setdefault(u.code, []).append(u)
    return {k: tuple(v) for k, v in out.items()}


def province(code: str, on: date | None = None) -> Unit | None:
    for u in _provinces(era_for(on)).get(code, ()):
        if u.valid_on(on):
            return as_of(u, on)
    return None


def children(
    parent_code: str, on: date | None = None, *, level: str = "district"
) -> tuple[Unit, ...]:
    """The units of ``level`` directly under ``parent_code`` at a date.

    Districts, towns and cities of a province (none after the 2025 reform); with
    ``level="commune"`` the communes of a district (before the reform) or of a province
    (after it).
    """
    return tuple(u for u in _children(era_for(on), level).get(parent_code, ()) if u.valid_on(on))


@lru_cache(maxsize=8)
def _children(era: str, level: str) -> dict[str | None, tuple[Unit, ...]]:
    """Parent code → the units of ``level`` under it in ``era``, in table order (built once)."""
    out: dict[str | None, list[Unit]] = {}
    for u in _load():
        if u.era == era and u.level == level:
            out.setdefault(u.parent_code, []).append(u)
    return {k: tuple(v) for k, v in out.items()}


def parent(unit: Unit, on: date | None = None) -> Unit | None:
    """The unit directly above ``unit`` (a commune's district, a district's province)."""
    if unit.parent_code is None:
        return None
    if unit.level == "commune" and unit.parent_code != unit.province_code:
        return next(
            (
                u
                for u in _load()
                if u.era == unit.era and u.level == "district" and u.code == unit.parent_code
            ),
            None,
        )
    return province(unit.parent_code, on if unit.era == era_for(on) else None)


def find_unit(
    name: str, level: str, *, on: date | None = None, within: str | None = None
) -> Unit | None:
    """The unit called ``name`` ("Lạng Sơn", "Cao Lộc") at ``level``.

    ``within`` restricts a district to a province code; an ambiguous district
    name without it resolves to nothing rather than to a guess.
    """
    era = era_for(on)
    if level == "district" and era == "2025":
        era = "legacy"  # the unit no longer exists; keep its last identity
    if level == "commune" and within is None:
        return None  # thousands of communes share names: only within a district or province
    found = [u for u in _index(era).get((level, fold(name).strip()), []) if u.valid_on(on)]
    if within is not None:
        found = [
            u
            for u in found
            if within in (u.parent_code, u.code)
            or (u.level == "commune" and u.province_code == within)
        ]
    return as_of(found[0], on) if len(found) == 1 else None


def only_commune(kind: str, name: str, on: date | None) -> Unit | None:
    """The one commune, ward or special zone of the country called ``kind name`` at ``on``
    after the 1 July 2025 reform ("đặc khu", "Vân Đồn"): a commune header whose text names no
    province. A name several provinces share ("xã Minh Tân") gives None, never a guess."""
    if era_for(on) != "2025":
        return None
    want = fold(f"{kind} {name}")
    found = [
        u for u in _index("2025").get(("commune", fold(name).strip()), []) if fold(u.name) == want
    ]
    return found[0] if len(found) == 1 else None


# What separates the words of a folded name or file name ("an_giang", "ba ria - vung tau").
_NOT_SLUG = regex.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=4)
def _province_slugs(era: str) -> dict[str, Unit]:
    """Folded province names without spaces ("angiang", "thuathienhue") → province."""
    out: dict[str, Unit] = {}
    for (level, name), found in _index(era).items():
        if level == "province" and len(found) == 1:
            out[_NOT_SLUG.sub("", name)] = found[0]
    return out


_PATH_WORDS = 4  # the longest province name in words ("Bà Rịa - Vũng Tàu", "Thừa Thiên Huế")
_PATH_PARTS = 3  # the file's name and the two folders above it


def province_in_path(path: str, on: date | None = None) -> Unit | None:
    """The province a file's own name or folder names: a register's context.

    "an_giang_vbqppl_tracking_2026.xlsx", "summaries/binhduong_ubnd_tinh.tsv",
    "sonla_congbao/…", "provinces/045_lang-son_2018.txt": the rows of such a register name no
    province, their file does. Words of the name are joined ("hai-phong" → Hải Phòng), the
    longest run wins, the file's own name before its folders; none or two provinces → None.
    """
    slugs = _province_slugs(era_for(on))
    for part in reversed(Path(path).with_suffix("").parts[-_PATH_PARTS:]):
        words = [w for w in _NOT_SLUG.split(fold(part)) if w]
        found: set[Unit] = set()
        i = 0
        while i < len(words):
            for k in range(min(_PATH_WORDS, len(words) - i), 0, -1):
                unit = slugs.get("".join(words[i : i + k]))
                if unit is not None and unit.valid_on(on):
                    found.add(unit)
                    i += k - 1
                    break
            i += 1
        if len(found) == 1:
            return as_of(found.pop(), on)
        if found:
            return None
    return None


_KIND = r"(?:tinh|thanh\s+pho|huyen|quan|thi\s+xa|thi\s+tran|xa|phuong|dac\s+khu)"
# a name does not run into the next unit: "cấp huyện, cấp xã tỉnh Hà Giang"
_NAME_WORD = rf"(?!{_KIND}\b)[a-z]+"
# a numbered ward after the reform: "phường Hà Giang 1" (Tuyên Quang, 2025)
_UNIT_PHRASE = regex.compile(
    rf"\b(?P<kind>{_KIND})\s+(?P<name>{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,3}}(?:\s+\d{{1,2}}\b)?)"
)


def units_in(text: str, *, on: date | None = None, within: str | None = None) -> list[Unit]:
    """Units named in ``text`` ("huyện Cao Lộc", "tỉnh Lạng Sơn"), in order of appearance."""
    out: list[Unit] = []
    folded = fold(text)
    # the names :func:`find_unit` can find (``cand`` below is folded already): a name no unit
    # has is not looked up
    names = _index(era_for(on))
    for m in _UNIT_PHRASE.finditer(folded):
        kind = " ".join(m["kind"].split())  # "thanh  pho" → "thanh pho"
        level = (
            "province"
            if kind == "tinh"
            else "commune"
            if kind in ("xa", "phuong", "thi tran", "dac khu")
            else "district"
        )
        scope = within
        if level == "commune":
            # a commune is named within the district (or province) found before it
            scope = next((u.code for u in reversed(out) if u.level != "commune"), within)
            if scope is None:
                continue
        words = m["name"].split()
        # districts keep their last identity after 2025 (as in :func:`find_unit`)
        table = _index("legacy") if level == "district" else names
        # try the longest name first: "lang son nam 2024" → "lang son"
        for k in range(len(words), 0, -1):
            cand = " ".join(words[:k])
            known = (level, cand) in table
            unit = find_unit(cand, level, on=on, within=scope) if known else None
            if unit is None and kind == "thanh pho" and ("province", cand) in names:
                unit = find_unit(cand, "province", on=on)
                if unit is not None and unit.kind != "thành phố trung ương":
                    unit = None
            if unit is not None:
                out.append(unit)
                break
    return out


# --------------------------------------------------------------------------- expected units

#: Folded addressee groups whose members are the district-level units of the issuing province.
DISTRICT_GROUP = regex.compile(r"\bcac\s+huyen(?:\s*,\s*(?:thi\s+xa|thanh\s+pho))*\b")

#: Folded addressee groups whose members are the communes, wards (and special zones) of the
#: issuer's unit: "UBND các xã, phường", "UBND các xã, phường, đặc khu", "UBND các xã, thị trấn",
#: "UBND cấp xã", "Chủ tịch UBND các xã, phường".
COMMUNE_GROUP = regex.compile(r"\b(?:cac\s+(?:xa|phuong|dac\s+khu|thi\s+tran)|cap\s+xa)\b")

#: Folded addressee naming one district-level unit: "UBND huyện Cao Lộc", "UBND thành phố X".
ONE_DISTRICT = regex.compile(
    r"^(?:ubnd|uy\s+ban\s+nhan\s+dan)\s+(?:huyen|thanh\s+pho|thi\s+xa)\s+\w"
)


@dataclass(frozen=True)
class ExpectedImplementers:
    """Who must carry out a duty: units with a list (from the hierarchy) and groups without.

    ``units`` are :class:`Unit` values; ``groups`` addressee names ("Các sở, ban, ngành",
    "UBND các huyện, thành phố" after 1 July 2025) whose members the graph cannot list.
    """

    units: tuple[Unit, ...]
    groups: tuple[str, ...]


def _issuer_units(issuer: Issuer | None) -> tuple[str | None, str | None]:
    """(province code, district code) of an issuer's jurisdiction ``vn-20`` / ``vn-20-183``."""
    parts = issuer.jurisdiction.split("-") if issuer else []
    if len(parts) < 2 or parts[0] != "vn" or not parts[1].isdigit():
        return None, None
    district = parts[2] if len(parts) == 3 and issuer and issuer.level == "district" else None
    return parts[1], district


def expected_implementers(
    addressees: Iterable[str], issuer: Issuer | None, on: date | None
) -> ExpectedImplementers:
    """The units expected to act on a duty addressed to ``addressees`` by ``issuer`` at ``on``.

    - "UBND các huyện, thành phố" of a province issuer → every district-level unit of that
      province valid at ``on`` (none after 1 July 2025, when the group is kept as a group);
    - "UBND các xã, phường" ("đặc khu") of a province issuer after 1 July 2025 → every
      commune, ward and special zone of the province at ``on`` (Lạng Sơn: 65); of a district
      issuer before it → the communes of that district;
    - "UBND huyện Cao Lộc" → that unit;
    - anything else (departments, named bodies, communes of a province before the reform,
      when districts stand between) → a group.
    """
    found: list[Unit] = []
    groups: list[str] = []
    province, district = _issuer_units(issuer)
    level = issuer.level if issuer else None
    for name in addressees:
        folded = fold(name)
        members: tuple[Unit, ...] = ()
        if province and level == "province" and DISTRICT_GROUP.search(folded):
            members = children(province, on)
        elif province and COMMUNE_GROUP.search(folded):
            if level == "province" and era_for(on) == "2025":
                members = children(province, on, level="commune")
            elif level == "district" and district and era_for(on) == "legacy":
                members = children(district, on, level="commune")
        elif province and ONE_DISTRICT.match(folded):
            members = tuple(units_in(name, on=on, within=province)[:1])
        if members:
            found.extend(u for u in members if u not in found)
        elif name not in groups:
            groups.append(name)
    return ExpectedImplementers(tuple(found), tuple(groups))
