"""Reports in the graph and in the trace (issue 15): the seeds plus the 2024 report of UBND tỉnh
Lạng Sơn on 04/KH-UBND (tests/data/reports), built through ``vbkg build`` (CliRunner)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import RDF, Graph, URIRef

from graph import queries
from graph.analysis.report_links import link_graph, store_status
from graph.analysis.status import reported_in_store
from graph.build import build_document_graph
from graph.cli import cli
from graph.namespace import VBKG
from graph.pipeline import extract_file
from graph.store import open_store
from graph.validate import validate
from parsers.models import Relation
from parsers.normalize import fold

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "data" / "examples"
REPORT = ROOT / "tests" / "data" / "reports" / "bc_2024_lang_son_cchc.txt"
PLAN = "https://w3id.org/vbkg/eli/vn-20/ubnd/kh/2024/04"
REPORT_IRI = "https://w3id.org/vbkg/eli/vn-20/ubnd/bc/2024/412"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict]:
    store = str(tmp_path_factory.mktemp("reports") / "store")
    code, out, err = run("build", str(EXAMPLES), str(REPORT), "--store", store, "--jobs", "1",
                         "--json")  # fmt: skip
    assert code == 0, err
    return store, json.loads(out)


@pytest.fixture(scope="module")
def store(built: tuple[str, dict]) -> str:
    return built[0]


@pytest.fixture(scope="module")
def trace_json(store: str) -> dict:
    code, out, err = run("trace", "04/KH-UBND", "--store", store, "--format", "json")
    assert code == 0, err
    return json.loads(out)


# ---------------------------------------------------------------------- the report's own graph


def test_report_results_are_built_with_their_evidence() -> None:
    ex = extract_file(REPORT)
    g = build_document_graph(ex)
    ok, text = validate(g)
    assert ok, text
    results = list(g.subjects(RDF.type, VBKG.ReportedResult))
    assert len(results) == len(ex.results) == 19
    original = REPORT.read_text(encoding="utf-8")
    for r in results:
        start = int(g.value(r, VBKG.startOffset))
        end = int(g.value(r, VBKG.endOffset))
        q = g.value(r, VBKG.reportedQuantity)
        number = str(g.value(q, VBKG.text)).split()[-1].rstrip("%")
        assert number.split("/")[0] in original[start:end], (number, original[start:end])
        assert (URIRef(REPORT_IRI), VBKG.hasResult, r) in g
    # the province's figure: "đạt 98,6%", of 2024, about the province
    below = [r for r in results if "98,6%" in str(g.value(r, VBKG.text))]
    assert below
    r = below[0]
    assert (
        str(g.value(r, VBKG.periodText)) == "năm 2024" and int(g.value(r, VBKG.periodYear)) == 2024
    )
    assert str(g.value(r, VBKG.aboutUnit)) == "https://w3id.org/vbkg/unit/vn-20"
    assert str(g.value(r, VBKG.area)).endswith("/tthc")


@pytest.mark.parametrize(
    ("doc_line", "cite_line", "relation"),
    [
        # the province's report carries out the province's plan: it reports on it
        ("BÁO CÁO\n\nKết quả thực hiện công tác cải cách hành chính năm 2024",
         "Thực hiện Kế hoạch số 04/KH-UBND ngày 09/01/2024 của UBND tỉnh về cải cách hành "
         "chính tỉnh Lạng Sơn năm 2024, Ủy ban nhân dân tỉnh báo cáo như sau:",
         Relation.REPORTS_ON),
        # a plan that carries out the province's plan implements it (unchanged)
        ("KẾ HOẠCH\n\nCải cách hành chính năm 2024",
         "Thực hiện Kế hoạch số 04/KH-UBND ngày 09/01/2024 của UBND tỉnh về cải cách hành "
         "chính tỉnh Lạng Sơn năm 2024, Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:",
         Relation.IMPLEMENTS),
        # a report on a plan of another unit (a ministry) does not report on it
        ("BÁO CÁO\n\nKết quả thực hiện công tác cải cách hành chính năm 2024",
         "Thực hiện Kế hoạch số 120/KH-BNV ngày 05/01/2024 của Bộ Nội vụ về cải cách hành "
         "chính năm 2024, Ủy ban nhân dân tỉnh báo cáo như sau:",
         Relation.IMPLEMENTS),
    ],
)  # fmt: skip
def test_a_report_on_a_plan_of_its_unit_reports_on_it(
    tmp_path: Path, doc_line: str, cite_line: str, relation: Relation
) -> None:
    kind = "BC" if doc_line.startswith("BÁO") else "KH"
    text = (
        f"ỦY BAN NHÂN DÂN\nTỈNH LẠNG SƠN\n\nSố: 500/{kind}-UBND\n\n"
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\n"
        f"Lạng Sơn, ngày 16 tháng 12 năm 2024\n\n{doc_line}\n\n{cite_line}\n\n"
        "I. KẾT QUẢ THỰC HIỆN\n\nHoàn thành 25/25 nhiệm vụ được giao.\n"
    )
    path = tmp_path / "doc.txt"
    path.write_text(text, encoding="utf-8")
    ex = extract_file(path)
    assert ex.document.doc_type == kind
    (c,) = [c for c in ex.citations if c.document.doc_type == "KH"]
    assert c.relation is relation


# ---------------------------------------------------------------------- the built store


def test_build_links_the_results_to_the_targets(built: tuple[str, dict]) -> None:
    assert built[1]["report_links"] == 8  # 7 achieved, 1 not achieved


def test_trace_shows_each_target_reported_status(trace_json: dict) -> None:
    d = trace_json
    assert d["targets_summary"] == {"achieved": 7, "not_achieved": 1, "in_progress": 0,
                                    "not_reported": 22}  # fmt: skip
    assert len(d["targets"]) == 30 and all("reported" in t for t in d["targets"])
    (below,) = [t for t in d["targets"] if fold("Trên 99%") in fold(t["text"])]
    assert below["status"] == "not_achieved"
    (entry,) = below["reported"]
    assert entry["status"] == "not_achieved" and entry["value"] == "đạt 98,6%"
    assert entry["report"]["key"] == "412/BC-UBND" and entry["report"]["date"] == "2024-12-16"
    assert entry["report"]["issuer"] == "UBND tỉnh Lạng Sơn"
    ev = entry["evidence"]
    assert ev["source"] == REPORT.name
    original = REPORT.read_text(encoding="utf-8")
    assert "98,6%" in original[ev["start"] : ev["end"]]
    assert " ".join(original[ev["start"] : ev["end"]].split()) == ev["text"]
    sipas = [t for t in d["targets"] if "(SIPAS)" in t["text"]]
    assert [e["value"] for e in sipas[0]["reported"]] == ["xếp thứ 22/63 tỉnh"]
    assert sipas[0]["status"] == "achieved"
    silent = [t for t in d["targets"] if t["status"] == "not_reported"]
    assert silent and all(t["reported"] == [] for t in silent)


def test_trace_has_the_report_as_a_bao_cao_child(trace_json: dict) -> None:
    d = trace_json
    assert [r["key"] for r in d["reports"]] == ["412/BC-UBND"]
    # a report is no lower plan: the plan's implementers are plans only
    below = [n["id"] for n in d["implemented_by"]]
    assert REPORT_IRI not in below and below
    assert all("reports" in n for n in d["implemented_by"])


@pytest.mark.parametrize(
    ("fmt", "lang", "words"),
    [
        ("tree", "vi", ["Báo cáo", "412/BC-UBND", "Chỉ tiêu: 30", "không đạt 1", "đạt 7"]),
        ("tree", "en", ["Reports", "412/BC-UBND", "Targets: 30", "not achieved 1"]),
        ("md", "vi", ["## Báo cáo", "412/BC-UBND", "chưa báo cáo 22"]),
    ],
)
def test_trace_text_lists_the_reports(store: str, fmt: str, lang: str, words: list[str]) -> None:
    code, out, err = run("trace", "04/KH-UBND", "--store", store, "--format", fmt, "--lang", lang)
    assert code == 0, err
    flat = " ".join(out.split())
    for w in words:
        assert w in flat, w


def test_named_queries_on_the_built_store(store: str) -> None:
    s = open_store(store, read_only=True)
    rows = queries.run(s, "targets-not-reached", doc=URIRef(PLAN))
    assert [(str(r["status"]), str(r["value"]), str(r["reportKey"])) for r in rows] == [
        ("not_achieved", "đạt 98,6%", "412/BC-UBND")
    ]
    assert int(rows[0]["start"]) == 1396
    never = queries.run(s, "targets-never-reported", doc=URIRef(PLAN))
    assert len(never) == 22
    assert not [r for r in never if "(SIPAS)" in str(r["text"])]


def test_the_written_links_are_the_query_time_status(store: str) -> None:
    """One truth: what vbkg build wrote (read by SPARQL) equals what the trace computes."""
    s = open_store(store, read_only=True)
    stored = reported_in_store(s, PLAN)
    live = store_status(s, PLAN)
    got = {}
    for i, info in enumerate(live.targets):
        entries = live.entries(i)
        if entries:
            got[info.id] = [(e["status"], e["value"], e["evidence"]["start"]) for e in entries]
    assert got == {
        k: [(e["status"], e["value"], e["evidence"]["start"]) for e in v] for k, v in stored.items()
    }
    assert len(got) == 8


def test_links_are_shacl_valid_with_the_report_and_the_plan(store: str) -> None:
    s = open_store(store, read_only=True)
    g = Graph()
    for t in link_graph(s):
        g.add(t)
    for source in s.sources():
        if source.endswith(("002_667d8307f84b3ad3.txt", REPORT.name)):
            for t in s.source_graph(source):
                g.add(t)
    assert len(set(g.subjects(VBKG.targetStatus, None))) == 8
    ok, text = validate(g)
    assert ok, text


# ---------------------------------------------------------------------- vbkg status --store


def test_status_from_the_store_json(store: str) -> None:
    code, out, err = run("status", "04/KH-UBND", "--store", store, "--format", "json")
    assert code == 0, err
    d = json.loads(out)
    assert d["plan"]["key"] == "04/KH-UBND" and d["plan"]["id"] == PLAN
    assert d["counts"] == {"achieved": 7, "not_achieved": 1, "in_progress": 0, "not_reported": 22}
    assert [r["key"] for r in d["reports"]] == ["412/BC-UBND"]
    (below,) = [t for t in d["targets"] if t["status"] == "not_achieved"]
    assert below["value"] == "đạt 98,6%" and below["report"]["key"] == "412/BC-UBND"
    assert below["id"].startswith(PLAN + "/target/")
    assert [e["value"] for e in below["reported"]] == ["đạt 98,6%"]


def test_status_from_the_store_equals_status_from_the_files(store: str) -> None:
    code, out, _ = run("status", "04/KH-UBND", "--store", store, "--format", "json")
    from_store = json.loads(out)
    code2, out2, _ = run("status", str(EXAMPLES / "002_667d8307f84b3ad3.txt"), "--report",
                         str(REPORT), "--format", "json")  # fmt: skip
    assert code == code2 == 0
    from_files = json.loads(out2)
    assert from_store["counts"] == from_files["counts"]
    pick = ("status", "value", "target")
    assert [{k: t[k] for k in pick} for t in from_store["targets"]] == [
        {k: t[k] for k in pick} for t in from_files["targets"]
    ]


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("vi", ["Kết quả thực hiện chỉ tiêu: 04/KH-UBND", "không đạt", "đạt 98,6%", "412/BC-UBND",
                "chưa báo cáo"]),
        ("en", ["Status of the targets: 04/KH-UBND", "not achieved", "đạt 98,6%", "not reported"]),
    ],
)  # fmt: skip
def test_status_from_the_store_table(store: str, lang: str, words: list[str]) -> None:
    code, out, err = run("status", "04/KH-UBND", "--store", store, "--lang", lang)
    assert code == 0, err
    flat = " ".join(out.split())
    for w in words:
        assert w in flat, w


def test_status_errors_name_the_problem(store: str) -> None:
    code, _out, err = run("status", "99/KH-XYZ", "--store", store)
    assert code != 0 and "99/KH-XYZ" in err
    code, _out, err = run("status", "no-such-plan.txt", "--report", str(REPORT))
    assert code != 0 and "no-such-plan.txt" in err and "--store" in err
