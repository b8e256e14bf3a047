"""Documents cited by name only: kept when the name, a date or a year identifies one document."""

from __future__ import annotations

import pytest

from graph.resolve import resolve
from parsers.find import find_citations
from parsers.models import LoadedDocument
from parsers.normalize import normalize
from parsers.segment import segment


def _cited(text: str):
    norm = normalize(text)
    seg = segment(norm)
    loaded = LoadedDocument(source="t.txt", text=text, format="txt", encoding="utf-8")
    return resolve(loaded, norm, seg, find_citations(norm, seg)).citations


@pytest.mark.parametrize(
    ("text", "title", "year"),
    [
        # gazette preamble: the Constitution in force
        (
            "Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;",
            "Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam",
            2013,
        ),
        # OCR lost the month of the date; the year still dates the law the vocabulary lacks
        ("Căn cứ Luật Thủy sản ngày 21 tháng năm 2017;", "Luật Thủy sản năm 2017", 2017),
        ("Căn cứ Hiến pháp năm 1992;", "Hiến pháp năm 1992", 1992),
    ],
)
def test_name_with_date_or_year_is_a_cited_document(text, title, year):
    (c,) = _cited(text)
    assert c.document.key is None
    assert c.document.title == title
    assert c.document.year == year
    assert c.document.issuer is not None and c.document.issuer.name == "Quốc hội"


def test_a_lost_month_keeps_the_year_that_identifies_a_known_law():
    """OCR lost the month of the date; the year still identifies the law (its number, too)."""
    (c,) = _cited("Căn cứ Luật Xây dựng ngày 18 tháng năm 2014;")
    assert c.document.key == "50/2014/QH13"
    assert c.document.year == 2014
    assert c.document.issuer is not None and c.document.issuer.name == "Quốc hội"


def test_bare_law_name_is_only_a_named_reference():
    """ "Luật Chất lượng sản phẩm, hàng hóa" without a year names no single version."""
    text = "Căn cứ Luật Chất lượng sản phẩm, hàng hóa;"
    assert _cited(text) == ()
