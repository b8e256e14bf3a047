"""The `vbkg` command through click's CliRunner: exit codes, output, languages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from factories import EXAMPLES, seed

from graph.cli import cli


@pytest.fixture(scope="module")
def built_store(tmp_path_factory) -> Path:
    store = tmp_path_factory.mktemp("cli") / "store"
    result = CliRunner().invoke(cli, ["build", str(EXAMPLES), "--store", str(store), "--json"])
    assert result.exit_code == 0, result.output
    return store


def test_extract_json_contract():
    result = CliRunner().invoke(cli, ["extract", str(seed("001")), "--format", "json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    (doc,) = payload["documents"]
    assert set(doc) >= {
        "source",
        "document",
        "citations",
        "relations_between_cited",
        "named_references",
        "warnings",
    }
    assert set(doc["document"]) >= {
        "id",
        "doc_type",
        "number",
        "symbol",
        "key",
        "date",
        "issuer",
        "title",
        "place",
        "signer",
    }
    cited = {c["key"]: c for c in doc["citations"]}
    c = cited["04/KH-UBND"]
    assert (c["date"], c["issuer"], c["relation"]) == (
        "2024-01-09",
        "UBND tỉnh Lạng Sơn",
        "implements",
    )
    m = c["mentions"][0]
    text = seed("001").read_text(encoding="utf-8")
    assert text[m["start"] : m["end"]] == m["text"]


def test_extract_table():
    result = CliRunner().invoke(cli, ["extract", str(seed("000")), "--format", "table"])
    assert result.exit_code == 0
    assert "76/NQ-CP" in result.output


@pytest.mark.parametrize(("lang", "needle"), [("vi", "định dạng"), ("en", "format")])
def test_bad_file_gets_one_line_and_the_batch_goes_on(tmp_path, lang, needle):
    bad = tmp_path / "notes.xyz"
    bad.write_text("x", encoding="utf-8")
    result = CliRunner().invoke(cli, ["extract", str(bad), str(seed("000")), "--lang", lang])
    assert result.exit_code == 0
    assert "Traceback" not in result.output
    assert str(bad) in result.output
    assert json.loads(result.stdout)["documents"][0]["document"]["key"] == "02/KH-UBND"


def test_only_bad_files_is_an_error(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = CliRunner().invoke(cli, ["build", str(empty), "--store", str(tmp_path / "s")])
    assert result.exit_code == 2
    assert str(empty) in result.output


def test_build_summary(built_store):
    result = CliRunner().invoke(
        cli, ["build", str(seed("000")), "--store", str(built_store), "--lang", "en"]
    )
    assert result.exit_code == 0, result.output
    assert "Documents read" in result.output


def test_query_formats(built_store):
    q = "SELECT ?key WHERE { ?d vbkg:inCorpus true ; vbkg:key ?key } ORDER BY ?key"
    as_json = CliRunner().invoke(cli, ["query", q, "--store", str(built_store), "--format", "json"])
    assert as_json.exit_code == 0, as_json.output
    assert [r["key"] for r in json.loads(as_json.output)] == ["02/KH-UBND", "04/KH-UBND"]
    as_csv = CliRunner().invoke(cli, ["query", q, "--store", str(built_store), "--format", "csv"])
    assert as_csv.output.splitlines()[:2] == ["key", "02/KH-UBND"]


def test_query_from_file_and_errors(built_store, tmp_path):
    rq = tmp_path / "q.rq"
    rq.write_text("ASK { ?d vbkg:key '76/NQ-CP' }", encoding="utf-8")
    ok = CliRunner().invoke(cli, ["query", f"@{rq}", "--store", str(built_store)])
    assert ok.exit_code == 0 and "true" in ok.output
    bad = CliRunner().invoke(cli, ["query", "SELEC nothing", "--store", str(built_store)])
    assert bad.exit_code == 2 and "Traceback" not in bad.output
    missing = CliRunner().invoke(cli, ["query", "ASK {}", "--store", str(tmp_path / "none")])
    assert missing.exit_code == 2


def test_demo_builds_valid_graph(tmp_path):
    result = CliRunner().invoke(cli, ["demo", "--out", str(tmp_path / "out"), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "satisfies the SHACL shapes" in result.output
    assert (tmp_path / "out" / "graph.ttl").stat().st_size > 10_000
    page = tmp_path / "out" / "graph.html"
    assert str(page) in result.output
    assert "<script src" not in page.read_text(encoding="utf-8")  # self-contained


def test_regression_same_file_by_relative_and_absolute_path_is_stored_once(tmp_path, monkeypatch):
    """`make demo` stored the seeds by absolute path; `vbkg build data/examples` then stored
    them a second time by relative path, doubling every count."""
    store = tmp_path / "store"
    monkeypatch.chdir(EXAMPLES.parent.parent)
    rel = str(seed("001").relative_to(EXAMPLES.parent.parent))
    for path in (rel, str(seed("001")), f"./{rel}"):
        result = CliRunner().invoke(cli, ["build", path, "--store", str(store)])
        assert result.exit_code == 0, result.output
    q = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?g a vbkg:SourceFile } }"
    result = CliRunner().invoke(cli, ["query", q, "--store", str(store), "--format", "csv"])
    assert result.output.splitlines()[1] == "1"


# Help follows the language: Vietnamese by default, English with --lang en (before --help) or
# VBKG_LANG=en; one row per way of asking (args, environment) and the texts it must show.
HELP_CASES = [
    ([], {}, "đồ thị tri thức về trích dẫn văn bản pháp luật", "Hiện phần trợ giúp này"),
    (["--lang", "en"], {}, "knowledge graph of Vietnamese legal", "Show this message"),
    ([], {"VBKG_LANG": "en"}, "knowledge graph of Vietnamese legal", "Show this message"),
    (["build"], {}, "Dựng hoặc cập nhật kho dữ liệu từ PATHS", "Số tiến trình trích xuất"),
    (["build", "--lang", "en"], {}, "Build or update the store from PATHS", "Processes that"),
    (["--lang", "en", "trace"], {}, "Who implemented REF", "Numbering year, when the key"),
    (["trace"], {"VBKG_LANG": "en"}, "Who implemented REF", "Numbering year, when the key"),
    (["check"], {}, "Kiểm tra dự thảo kế hoạch DRAFT", "Cơ sở tri thức"),
    (["serve"], {"VBKG_LANG": "vi"}, "Phục vụ kho dữ liệu", "Giới hạn thời gian của một"),
    (["coverage", "--lang", "vi"], {"VBKG_LANG": "en"}, "kế hoạch cấp trên", "Năm đánh số"),
]


@pytest.mark.parametrize(("args", "env", "text", "option_text"), HELP_CASES)
def test_help_follows_the_language(
    args: list[str], env: dict[str, str], text: str, option_text: str
) -> None:
    result = CliRunner().invoke(cli, [*args, "--help"], env=env, terminal_width=200)
    assert result.exit_code == 0, result.output
    flat = " ".join(result.output.split())
    assert text in flat
    assert option_text in flat


def test_every_command_has_vietnamese_help() -> None:
    """No command or documented option is left with English text only."""
    from graph.messages import help_text

    ctx = cli.make_context("vbkg", ["--help"], resilient_parsing=True)
    for name in cli.list_commands(ctx):
        cmd = cli.get_command(ctx, name)
        assert cmd is not None
        assert help_text(name, None, "vi"), name
        for p in cmd.params:
            if getattr(p, "help", None):
                assert help_text(name, p.name, "vi"), f"{name} --{p.name}"


def test_lang_option_of_the_group_reaches_the_command(built_store: Path) -> None:
    """`vbkg --lang en query …` prints English messages like `vbkg query --lang en …`."""
    bad = ["query", "SELEC nonsense", "--store", str(built_store)]
    en = CliRunner().invoke(cli, ["--lang", "en", *bad])
    vi = CliRunner().invoke(cli, bad)
    assert en.exit_code == vi.exit_code == 2
    assert "SPARQL query error" in en.output
    assert "Truy vấn SPARQL lỗi" in vi.output
