"""`vbkg trace` says the same as before its queries were made faster (issue 16, s6-trace).

tests/data/trace_identity.json holds what `vbkg trace` printed, before the change, for plans
at every level and of both eras on :func:`factories.mixed_store` (a synthetic country, the
seeds, a report and the two-level plans of 2026): the central resolution (the widest tree),
province, five-year, district and commune plans, a department's plan, references by key, by
key and year, by file name, and an ambiguous key; in the tree, JSON and Markdown formats, in
Vietnamese and English. Each output must stay byte-identical.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from factories import mixed_store

from graph.cli import cli

GOLDEN = Path(__file__).resolve().parent / "data" / "trace_identity.json"
ELI = "https://w3id.org/vbkg/eli"
REFS = (
    f"{ELI}/vn/cp/nq/2021/76",  # central: every plan below it
    f"{ELI}/vn-20/ubnd/kh/2024/04",  # seed province plan: reports, targets, a "cited" unit
    "02/KH-UBND@2023",
    f"{ELI}/vn-02/ubnd/kh/2022/4",  # synthetic province plans
    f"{ELI}/vn-04/ubnd/kh/2023/23",
    f"{ELI}/vn-02/ubnd/kh/2020/279",  # a five-year plan
    f"{ELI}/vn-02-027/ubnd/kh/2022/27",  # district plans
    f"{ELI}/vn-04-042/ubnd/kh/2022/72",
    f"{ELI}/vn-02-026-00715/ubnd/kh/2022/149",  # a commune plan
    f"{ELI}/vn-20/ubnd/kh/2026/15",  # two-level era: province plan to communes
    f"{ELI}/vn-20-06211/ubnd/kh/2026/05",  # a commune plan of 2026
    f"{ELI}/vn-20/snv/kh/2026/12",  # a department's plan
    "15/KH-UBND",
    "004_3940132143a2bbd2.txt",  # by file name
    "149/KH-UBND",  # ambiguous: the candidates
)
FORMATS = (("tree", "vi"), ("tree", "en"), ("json", "vi"), ("md", "en"))


def trace_outputs(store: Path) -> dict[str, str]:
    """What `vbkg trace REF --store STORE --format F --lang L` prints, for each case (its exit
    code, standard output and error)."""
    out = {}
    for ref in REFS:
        for fmt, lang in FORMATS:
            args = ["trace", ref, "--store", str(store), "--format", fmt, "--lang", lang]
            r = CliRunner().invoke(cli, args)
            out[f"{ref} {fmt} {lang}"] = f"exit {r.exit_code}\n{r.stdout}\n--- stderr\n{r.stderr}"
    return out


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return trace_outputs(mixed_store(tmp_path_factory.mktemp("mixed")))


def test_every_case_is_in_the_golden_file(outputs: dict[str, str]) -> None:
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert sorted(golden) == sorted(outputs)


@pytest.mark.parametrize("ref", REFS)
def test_trace_output_unchanged(outputs: dict[str, str], ref: str) -> None:
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    for fmt, lang in FORMATS:
        key = f"{ref} {fmt} {lang}"
        assert outputs[key] == golden[key], key


def test_the_cases_trace_trees_of_several_levels(outputs: dict[str, str]) -> None:
    """The golden cases are not trivial: a wide tree, levels below, errors named."""
    central = json.loads(outputs[f"{ELI}/vn/cp/nq/2021/76 json vi"].split("\n", 1)[1].split(
        "\n--- stderr")[0])  # fmt: skip
    assert len(central["implemented_by"]) >= 4
    assert any(n["implemented_by"] for n in central["implemented_by"])
    assert outputs["149/KH-UBND tree en"].startswith("exit 2")
