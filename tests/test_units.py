"""Administrative units from the vietnamadminunits package, valid at a date."""

from datetime import date

import pytest

from graph import units
from parsers.normalize import fold


@pytest.mark.parametrize(
    ("text", "within", "expected"),
    [
        ("Cải cách hành chính huyện Cao Lộc năm 2024", None, ("183", "district", "vn-20-183")),
        ("Cai cach hanh chinh tinh Lang Son nam 2024", None, ("20", "province", "vn-20")),
        ("trên địa bàn thành phố Lạng Sơn", "20", ("178", "district", "vn-20-178")),
    ],
)
def test_units_named_in_text(text, within, expected):
    found = units.units_in(text, within=within, on=date(2024, 1, 1))
    assert found, text
    u = found[0]
    assert (u.code, u.level, u.jurisdiction) == expected


def test_lang_son_has_eleven_districts_before_the_2025_reform():
    names = {u.short_name for u in units.children("20", date(2024, 1, 1))}
    assert len(names) == 11
    assert {"Cao Lộc", "Lạng Sơn", "Đình Lập"} <= names


def test_no_districts_after_1_july_2025():
    assert units.children("20", date(2025, 7, 1)) == ()
    assert units.province("20", date(2025, 7, 1)) is not None


def test_thirty_four_provinces_after_the_reform():
    assert len({u.code for u in units._load() if u.era == "2025" and u.level == "province"}) == 34
    assert len({u.code for u in units._load() if u.era == "legacy" and u.level == "province"}) == 63


def test_ambiguous_district_name_is_not_guessed():
    # "Châu Thành" is a district name in several provinces
    assert units.find_unit("Châu Thành", "district", on=date(2024, 1, 1)) is None


def test_communes_of_a_district_and_their_jurisdiction():
    on = date(2024, 1, 1)
    communes = {u.short_name: u for u in units.children("183", on, level="commune")}
    assert {"Đồng Đăng", "Bảo Lâm"} <= set(communes)
    assert communes["Bảo Lâm"].jurisdiction == "vn-20-183-06190"
    assert units.parent(communes["Bảo Lâm"], on).code == "183"


def test_a_commune_is_found_only_within_its_district():
    on = date(2024, 1, 1)
    (cao_loc, bao_lam) = units.units_in("huyện Cao Lộc, xã Bảo Lâm", on=on, within="20")
    assert (cao_loc.code, bao_lam.code) == ("183", "06190")
    assert units.find_unit("Bảo Lâm", "commune", on=on) is None  # no scope: not guessed


def test_the_kind_of_a_unit_is_read_from_the_start_of_its_name() -> None:
    """``_kind`` folds only the start of a name (a few hundred distinct starts): the same kind
    as the whole folded name gives, for every unit of the tables."""

    def whole(name: str) -> str:
        m = units._KIND_PREFIX.match(fold(name))
        return units._KINDS[m.group()[:-1]] if m else ""

    names = {u.name for u in units._load()} | {"Xã", "Thành phố", "Thị trấn ", "Hà Nội"}
    assert all(units._kind(n) == whole(n) for n in names)
    assert units._kind("Thành phố Lạng Sơn") == "thành phố" and units._kind("Xã") == ""
