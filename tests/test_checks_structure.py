"""Draft checks that need only the draft: each one fails on an altered copy of a real seed.

Seed 001 is a real draft of Cao Lộc's 2024 CCHC plan ("Số: /KH-UBND"). It is not
clean, and the real issues are asserted explicitly below:
- section III jumps from "4." to "6." (numbering-gap at line 212, III.6);
- "năm 2023" left in three places of the 2024 plan (stale-year at lines 94, 100, 184:
  "… một cửa liên thông năm 2023", "… thực hiện trong năm 2023", "(Có phụ lục … CCHC
  năm 2023 kèm theo)");
- no document number, as any draft (header-incomplete, info).
Seed 003 (a 2021 report) has "nhiệm kỳ 2021-2021" for "2021-2026" (date-invalid);
seed 004 copies "Hằng tháng, có ít nhất 01 tin, bài về công tác cải cách tài chính …"
under five units of section III (duplicate-text).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from graph.checks import CheckReport, Finding, registered
from graph.checks.base import Check, CheckContext, register
from graph.checks.report import exit_code
from graph.checks.run import check_plan, run_checks
from parsers.find import find_citations
from parsers.models import Citation, FoundCitations, LoadedDocument, Mention, Relation

EXAMPLES = Path(__file__).resolve().parent.parent / "data" / "examples"


def seed(prefix: str) -> str:
    (path,) = EXAMPLES.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def context(text: str, found: FoundCitations | None = None) -> CheckContext:
    from parsers.normalize import normalize
    from parsers.segment import segment

    loaded = LoadedDocument(source="du_thao.txt", text=text, format="text", encoding="utf-8")
    norm = normalize(text)
    seg = segment(norm)
    if found is None:
        found = find_citations(norm, seg)
    return CheckContext(loaded=loaded, norm=norm, seg=seg, found=found)


def check(text: str, found: FoundCitations | None = None) -> CheckReport:
    """check_plan on a text, or the checks on ``found`` citations when given."""
    if found is None:
        return check_plan(text)
    return run_checks(context(text, found))


def line_of(text: str, needle: str, nth: int = 0) -> int:
    pos = -1
    for _ in range(nth + 1):
        pos = text.index(needle, pos + 1)
    return text.count("\n", 0, pos) + 1


def replace_once(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
    return text.replace(old, new)


def at(report: CheckReport, code: str) -> dict[int, list[str | None]]:
    out: dict[int, list[str | None]] = {}
    for f in report.by_code(code):
        out.setdefault(f.line, []).append(f.section)
    return out


SEED001 = seed("001")
SEED001_BASELINE = {  # real issues of the unaltered seed, line -> code
    (212, "numbering-gap"),
    (94, "stale-year"),
    (100, "stale-year"),
    (184, "stale-year"),
    (3, "header-incomplete"),
}


# --------------------------------------------------------------------------- seeds as they are


def test_seed001_real_issues_exactly() -> None:
    r = check(SEED001)
    assert {(f.line, f.code) for f in r.findings} == SEED001_BASELINE
    gap = r.by_code("numbering-gap")[0]
    assert gap.section == "III.6" and gap.suggestion == "5." and gap.evidence == "6."
    assert "III.4" in gap.message and "III.5" in gap.message
    stale = r.by_code("stale-year")
    assert [f.evidence for f in stale] == ["năm 2023"] * 3
    assert all(f.suggestion == "năm 2024" for f in stale)
    assert stale[0].section and stale[0].section.startswith("II.3.b")
    hdr = r.by_code("header-incomplete")[0]
    assert hdr.severity == "info" and "số văn bản" in hdr.message
    assert hdr.evidence.startswith("Số: /KH-UBND")
    assert exit_code(r) == 0  # warnings and info only


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        # the province's issued 2023 plan: its one real error is "Nghị định số 42/2022/NĐ-CP …
        # của Thủ tướng Chính phủ" (a decree is the Government's)
        ("000", {"citation-issuer-mismatch"}),
        # 003 is a report: "nhiệm kỳ 2021-2021" is a real typo (2021-2026 elsewhere);
        # it has no number, place or date line
        ("003", {"date-invalid", "header-incomplete"}),
        # 004 copies one sentence about "cải cách tài chính" under five units of III
        ("004", {"duplicate-text", "header-incomplete"}),
    ],
)
def test_other_seeds(prefix: str, expected: set[str]) -> None:
    r = check(seed(prefix))
    assert {f.code for f in r.findings} == expected


def test_seed003_period_typo_is_reported() -> None:
    text = seed("003")
    r = check(text)
    (f,) = r.by_code("date-invalid")
    assert f.evidence == "nhiệm kỳ 2021-2021" and f.severity == "error"
    assert f.line == line_of(text, "nhiệm kỳ 2021-2021")
    assert exit_code(r) == 1


def test_seed003_footnotes_are_all_called() -> None:
    assert check(seed("003")).by_code("footnote-orphan") == []


def test_seed004_copied_sentence() -> None:
    text = seed("004")
    found = check(text).by_code("duplicate-text")
    sentence = "Hằng tháng, có ít nhất 01 tin, bài về công tác cải cách tài chính"
    assert len(found) == 4  # first under III.2 (Phòng Nội vụ), copied under four more units
    assert all(f.evidence.startswith(sentence) for f in found)
    assert [f.line for f in found] == [line_of(text, sentence, k) for k in (1, 2, 3, 4)]
    assert (found[0].section or "").startswith("III.3")


def test_seed002_ocr() -> None:
    """The OCR plan without diacritics: its "I11. TO CHUC THUC HIEN" is read as III, so no
    numbering gap; "kiem toan nha nudc nam\n2023" (the audit of 2023) is background. Like 000
    it attributes Nghị định 42/2022/NĐ-CP to the Prime Minister."""
    r = check(seed("002"))
    assert {f.code for f in r.findings} == {"header-incomplete", "citation-issuer-mismatch"}


# --------------------------------------------------------------------------- altered copies


@dataclass(frozen=True)
class Case:
    name: str
    alter: Callable[[str], str]
    code: str
    needle: str  # text at the finding's line in the altered copy
    section: str | None  # expected section path (prefix)
    suggestion: str | None = None
    severity: str | None = None


CASES = [
    Case(
        "arabic gap",
        lambda t: replace_once(
            t,
            "7. Xây dựng và phát triển Chính quyền điện tử",
            "8. Xây dựng và phát triển Chính quyền điện tử",
        ),
        "numbering-gap",
        "8. Xây dựng",
        "II.8",
        "7.",
        "warning",
    ),
    Case(
        "letter gap",
        lambda t: replace_once(t, "d) CCHC phải gắn", "e) CCHC phải gắn"),
        "numbering-gap",
        "e) CCHC",
        "I.2.e",
        "d)",
    ),
    Case(
        "letter repeat",
        lambda t: replace_once(t, "b) Tiếp tục cải thiện", "a) Tiếp tục cải thiện"),
        "numbering-gap",
        "a) Tiếp tục cải thiện",
        "I.1.a",
        "b)",
    ),
    Case(
        "roman gap",
        lambda t: replace_once(t, "III. TỔ CHỨC THỰC HIỆN", "IV. TỔ CHỨC THỰC HIỆN"),
        "numbering-gap",
        "IV. TỔ CHỨC",
        "IV",
        "III.",
    ),
    Case(
        "stale year in a task",
        lambda t: replace_once(
            t, "an toàn thông tin mạng năm 2024", "an toàn thông tin mạng năm 2023"
        ),
        "stale-year",
        "an toàn thông tin mạng năm 2023",
        "II.7.b",
        "năm 2024",
        "warning",
    ),
    Case(
        "stale year in a target",
        lambda t: replace_once(
            t,
            "bồi dưỡng cán bộ, công chức, viên chức năm 2024.",
            "bồi dưỡng cán bộ, công chức, viên chức năm 2022.",
        ),
        "stale-year",
        "viên chức năm 2022",
        "II.5.a",
        "năm 2024",
    ),
    Case(
        "impossible day",
        lambda t: replace_once(t, "tính đến hết ngày 31/5/2020", "tính đến hết ngày 31/02/2024"),
        "date-invalid",
        "31/02/2024",
        "II.3.a",
        None,
        "error",
    ),
    Case(
        "day 32",
        lambda t: replace_once(
            t, "(*hoàn thành hoặc vượt chỉ tiêu được giao*)", "(*hoàn thành trước ngày 32/1/2024*)"
        ),
        "date-invalid",
        "32/1/2024",
        "II.6.a",
    ),
    Case(
        "month 13",
        lambda t: replace_once(
            t,
            "Tiếp tục duy trì triển khai App Lạng Sơn Smart",
            "Trước ngày 15/13/2024, tiếp tục duy trì triển khai App Lạng Sơn Smart",
        ),
        "date-invalid",
        "15/13/2024",
        "II.7.b",
    ),
    Case(
        "verbal impossible date",
        lambda t: replace_once(
            t, "Cao Lộc, ngày 15 tháng 01 năm 2024", "Cao Lộc, ngày 30 tháng 02 năm 2024"
        ),
        "date-invalid",
        "ngày 30 tháng 02 năm 2024",
        None,
    ),
    Case(
        "reversed period",
        lambda t: replace_once(
            t, "huyện Cao Lộc giai đoạn 2022-2025", "huyện Cao Lộc giai đoạn 2025-2022"
        ),
        "date-invalid",
        "giai đoạn 2025-2022",
        "II.3.b",
        "2022-2025",
    ),
    Case(
        "empty term",
        lambda t: replace_once(
            t,
            "Tiếp tục sắp xếp, sáp nhập thôn",
            "Trong nhiệm kỳ 2021-2021, tiếp tục sắp xếp, sáp nhập thôn",
        ),
        "date-invalid",
        "nhiệm kỳ 2021-2021",
        "II.4.b",
    ),
    Case(
        "orphan marker",
        lambda t: replace_once(t, "theo Kế hoạch đề ra.", "theo Kế hoạch đề ra¹."),
        "footnote-orphan",
        "theo Kế hoạch đề ra¹",
        "II.1.b",
    ),
    Case(
        "orphan footnote text",
        lambda t: replace_once(
            t, "\nNơi nhận:", "\n¹ Kế hoạch số 30/KH-UBND ngày 25/01/2022.\n\nNơi nhận:"
        ),
        "footnote-orphan",
        "¹ Kế hoạch số 30/KH-UBND ngày 25/01/2022.",
        None,
    ),
    Case(
        "copied duty",
        lambda t: replace_once(
            t,
            "tham mưu cho UBND huyện cân đối, bố trí kinh phí thực hiện theo quy định.",
            "tham mưu cho UBND huyện cân đối, bố trí kinh phí thực hiện theo quy định.\n\n"
            "- Tham mưu tổ chức đánh giá, chấm điểm chỉ số CCHC năm 2024 của huyện theo hướng "
            "dẫn của Sở Nội vụ và đánh giá, xếp hạng kết quả công tác CCHC của các phòng, cơ "
            "quan chuyên môn, UBND các xã, thị trấn.",
        ),
        "duplicate-text",
        "- Tham mưu tổ chức đánh giá, chấm điểm",
        "III.3",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_altered_seed_fails(case: Case) -> None:
    text = case.alter(SEED001)
    report = check(text)
    line = line_of(text, case.needle, 1 if case.code == "duplicate-text" else 0)
    hits = [f for f in report.by_code(case.code) if f.line == line]
    assert hits, (
        f"no {case.code} at line {line}; got "
        f"{[(f.line, f.code, f.message) for f in report.findings]}"
    )
    f = hits[0]
    if case.section is None:
        assert f.section is None
    else:
        assert f.section is not None and f.section.startswith(case.section), f.section
    if case.suggestion is not None:
        assert f.suggestion == case.suggestion
    if case.severity is not None:
        assert f.severity == case.severity
    assert f.evidence == text[f.start : f.end]
    assert f.column == f.start - (text.rfind("\n", 0, f.start) + 1) + 1
    # the baseline findings are still there, nothing else appeared (but the alteration's)
    counts = Counter(g.code for g in report.findings)
    counts.subtract(Counter(code for _, code in SEED001_BASELINE))
    assert {c for c, n in counts.items() if n > 0} == {case.code}, counts


def test_fixing_the_real_gap_silences_it() -> None:
    fixed = replace_once(SEED001, "6. Phòng Văn hóa và Thông tin", "5. Phòng Văn hóa và Thông tin")
    assert check(fixed).by_code("numbering-gap") == []


@pytest.mark.parametrize(
    "phrase",
    [
        "so với năm 2023",
        "kết quả năm 2023",
        "giai đoạn 2021-2025",
        "từ năm 2022",
        "Chỉ số CCHC năm 2023",
        "Luật Ban hành VBQPPL năm 2020",
        "năm 2023 đã đạt",
    ],
)
def test_stale_year_background_is_silent(phrase: str) -> None:
    text = replace_once(
        SEED001,
        "Tiếp tục duy trì triển khai App Lạng Sơn Smart",
        f"Phát huy {phrase}, tiếp tục duy trì triển khai App Lạng Sơn Smart",
    )
    assert {f.line for f in check(text).by_code("stale-year")} == {94, 100, 184}


def test_stale_year_inside_a_citation_is_silent() -> None:
    text = replace_once(
        SEED001,
        "Tiếp tục duy trì triển khai App Lạng Sơn Smart",
        "Tiếp tục thực hiện Kế hoạch số 02/KH-UBND ngày 04/01/2023 của UBND tỉnh về cải cách "
        "hành chính tỉnh Lạng Sơn năm 2023; duy trì triển khai App Lạng Sơn Smart",
    )
    assert {f.line for f in check(text).by_code("stale-year")} == {94, 100, 184}


def test_header_incomplete_names_missing_elements() -> None:
    text = replace_once(SEED001, "Cao Lộc, ngày 15 tháng 01 năm 2024", "")
    (f,) = check(text).by_code("header-incomplete")
    assert "số văn bản" in f.message and "ngày ban hành" in f.message and "địa danh" in f.message
    assert "date of issue" in f.message_en


def _citation(
    text: str,
    needle: str,
    d: date | None,
    year_in_number: int | None = None,
) -> Citation:
    s = text.index(needle)
    return Citation(
        doc_type="KH",
        number="04",
        year_in_number=year_in_number,
        symbol="KH-UBND",
        date=d,
        issuer="UBND tỉnh",
        title=None,
        relation=Relation.IMPLEMENTS,
        cue="Thực hiện",
        confidence=0.9,
        mention=Mention(s, s + len(needle), needle),
    )


def test_citation_anachronism_with_given_citations() -> None:
    needle = "Kế hoạch số 04/KH-UBND ngày 09/01/2024"
    later = _citation(SEED001, needle, date(2024, 2, 9))
    earlier = _citation(SEED001, needle, date(2024, 1, 9))
    bad = run_checks(context(SEED001, FoundCitations((later,))), ["citation-anachronism"])
    (f,) = bad.findings
    assert f.line == 10 and f.severity == "error" and f.evidence == needle
    assert "09/02/2024" in f.message and "15/01/2024" in f.message
    assert exit_code(bad) == 1
    ok = run_checks(context(SEED001, FoundCitations((earlier,))), ["citation-anachronism"])
    assert ok.findings == ()
    by_number = _citation(SEED001, needle, None, year_in_number=2025)
    r = run_checks(context(SEED001, FoundCitations((by_number,))), ["citation-anachronism"])
    assert [f.code for f in r.findings] == ["citation-anachronism"]


def test_citation_anachronism_partial_draft_date() -> None:
    """A draft dated "ngày    tháng 01 năm 2024": anything after 31/01/2024 is anachronistic."""
    text = replace_once(SEED001, "ngày 15 tháng 01 năm 2024", "ngày    tháng 01 năm 2024")
    needle = "Kế hoạch số 04/KH-UBND ngày 09/01/2024"
    inside = _citation(text, needle, date(2024, 1, 20))
    after = _citation(text, needle, date(2024, 2, 1))
    assert (
        run_checks(context(text, FoundCitations((inside,))), ["citation-anachronism"]).findings
        == ()
    )
    (f,) = run_checks(context(text, FoundCitations((after,))), ["citation-anachronism"]).findings
    assert "tháng 01/2024" in f.message


def test_citation_anachronism_end_to_end() -> None:
    text = replace_once(
        SEED001, "Kế hoạch số 04/KH-UBND ngày 09/01/2024", "Kế hoạch số 04/KH-UBND ngày 09/02/2024"
    )
    r = check_plan(text)
    assert [f.line for f in r.by_code("citation-anachronism")] == [10]


# --------------------------------------------------------------------------- framework


def test_registry_has_the_draft_checks() -> None:
    codes = {c.code for c in registered()}
    assert {
        "numbering-gap",
        "footnote-orphan",
        "header-incomplete",
        "date-invalid",
        "stale-year",
        "citation-anachronism",
        "duplicate-text",
    } <= codes
    for c in registered():
        assert c.rule and c.rule_en and c.source and c.severity in ("error", "warning", "info")


def test_all_checks_lists_every_check_of_the_package() -> None:
    from graph.checks import ALL_CHECKS

    ours = {type(c) for c in registered() if type(c).__module__.startswith("graph.checks.")}
    assert ours == set(ALL_CHECKS)
    assert len({c.code for c in ALL_CHECKS}) == len(ALL_CHECKS) == 16


def test_every_check_names_its_sources_by_id() -> None:
    """The rule sources are data (data/vocab/check_sources.yaml); a check's source text cites
    each source it names by id."""
    from graph.checks import ALL_CHECKS
    from graph.checks.base import check_sources, source_name

    assert {"nd30", "luat-bhvbqppl"} <= set(check_sources())
    for c in ALL_CHECKS:
        assert c.source_ids, c.code
        for i in c.source_ids:
            assert source_name(i).casefold() in c.source.casefold(), (c.code, i)
    with pytest.raises(ValueError, match="unknown source ids"):

        @register
        class NoSuchSource(Check):
            code = "no-such-source"
            rule = "r"
            source = "s"
            source_ids = ("nd-999",)


def test_check_plan_is_the_package_s_verb() -> None:
    from graph.checks import check_plan
    from graph.checks.run import check_plan as run_check_plan

    assert check_plan is run_check_plan


def test_register_rejects_bad_checks() -> None:
    with pytest.raises(ValueError, match="kebab-case"):

        @register
        class Bad(Check):
            code = "Bad Code"
            rule = "r"
            source = "s"

    with pytest.raises(ValueError, match="registered twice"):

        @register
        class Twice(Check):
            code = "numbering-gap"
            rule = "r"
            source = "s"


class _Broken(Check):
    code = "broken"
    rule = "r"
    source = "s"

    def run(self, ctx: CheckContext) -> list[Finding]:
        raise RuntimeError("boom")


class _NeedsStore(Check):
    code = "needs-store"
    rule = "r"
    source = "s"
    needs_store = True

    def run(self, ctx: CheckContext) -> list[Finding]:
        raise AssertionError("must not run without a store")


def test_broken_check_is_reported_and_exit_2() -> None:
    r = run_checks(context(SEED001), [_Broken(), _NeedsStore(), "numbering-gap"])
    assert exit_code(r) == 2
    assert r.summary["checks_failed"] == [{"code": "broken", "error": "RuntimeError: boom"}]
    assert r.summary["checks_skipped"] == ["needs-store"]
    assert [f.code for f in r.findings] == ["numbering-gap"]


def test_exit_code_none_means_could_not_run() -> None:
    assert exit_code(None) == 2


def test_check_plan_on_a_file(tmp_path: Path) -> None:
    p = tmp_path / "du_thao.txt"
    p.write_text(SEED001, encoding="utf-8")
    r = check_plan(p, lang="en")
    assert r.document == str(p) and r.lang == "en"
    assert {(f.line, f.code) for f in r.findings} == SEED001_BASELINE


def test_summary_counts() -> None:
    r = check(SEED001)
    s = r.summary
    assert (s["total"], s["error"], s["warning"], s["info"]) == (5, 0, 4, 1)
    assert s["by_code"] == {"header-incomplete": 1, "numbering-gap": 1, "stale-year": 3}
    assert s["plan_year"] == 2024 and s["draft_date"] == "2024-01-15"
