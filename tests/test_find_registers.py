"""Register rows "NUMBER<TAB>summary": the row's own number is not a citation."""

from __future__ import annotations

import pytest

from parsers.find import find_citations
from parsers.normalize import normalize


@pytest.mark.parametrize(
    ("row", "cited"),
    [
        (
            "3055/KH-UBND\tkế hoạch triển khai thực hiện nghị định số 116/2021/nđ-cp ngày "
            "21/12/2021 của chính phủ trên địa bàn tỉnh bình dương",
            ["116/2021/NĐ-CP"],
        ),
        (
            "109/UBND - VX\tvề việc thực hiện chỉ thị số 01/ct-ttg ngày 05/01/2021 của thủ tướng "
            "chính phủ",
            ["01/CT-TTg"],
        ),
        (
            "23/QĐ-TT HĐND\tVề việc điều chỉnh Danh mục ban hành kèm theo Quyết định số "
            "120/QĐ-TTHĐND ngày 26/02/2026 của Thường trực HĐND tỉnh",
            ["120/QĐ-TTHĐND"],
        ),
        # a citation that merely starts a line of running text is kept
        ("Quyết định số 1807/QĐ-UBND ngày 11/11/2022 của UBND tỉnh", ["1807/QĐ-UBND"]),
    ],
)
def test_register_row_own_number_is_skipped(row, cited):
    found = find_citations(normalize(row))
    assert [c.key for c in found.citations] == cited
