"""The pipeline's graph of each seed, compared with a reviewed golden graph by isomorphism.

The build path is that of ``vbkg build``: ``graph.pipeline.extract_paths`` over the seed folder
(one batch, so number-less documents are merged with the citations that identify them), then
``graph.build.build_document_graph`` per document. Sources are relative to the repository.

A change of the graph is a change of behaviour: when it is intended, regenerate the goldens,
read the diff, and commit it with the change::

    make golden        # = VBKG_REGENERATE_GOLDEN=1 python -m pytest tests/test_golden.py
    git diff tests/data/golden

While regenerating, every test writes its golden and then fails, so a run with the variable set
can never pass (a golden that regenerates itself silently tests nothing).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import assert_isomorphic
from factories import EXAMPLES, ROOT
from rdflib import Graph, Literal

from graph.build import build_document_graph
from graph.pipeline import extract_paths

GOLDEN = ROOT / "tests" / "data" / "golden"
REGENERATE = os.environ.get("VBKG_REGENERATE_GOLDEN") == "1"
SEEDS = sorted(p.name[:3] for p in EXAMPLES.glob("*.txt"))


def golden_path(prefix: str) -> Path:
    return GOLDEN / f"seed{prefix}.ttl"


@pytest.fixture(scope="module")
def pipeline_graphs() -> dict[str, Graph]:
    """Seed prefix → the pipeline's graph of that seed (sources relative to the repository)."""
    here = Path.cwd()
    os.chdir(ROOT)
    try:
        good, bad = extract_paths([EXAMPLES.relative_to(ROOT)])
    finally:
        os.chdir(here)
    assert not bad, bad
    return {Path(e.source).name[:3]: build_document_graph(e) for e in good}


def test_every_seed_has_a_golden() -> None:
    assert SEEDS == ["000", "001", "002", "003", "004"]
    expected = {f"seed{p}.ttl" for p in SEEDS}
    present = {p.name for p in GOLDEN.glob("seed[0-9][0-9][0-9].ttl")}
    assert present == expected or REGENERATE, (
        f"goldens missing: {sorted(expected - present)}, extra: {sorted(present - expected)}; "
        "run `make golden`"
    )


@pytest.mark.parametrize("prefix", SEEDS)
def test_pipeline_graph_matches_its_golden(prefix: str, pipeline_graphs: dict[str, Graph]) -> None:
    actual = pipeline_graphs[prefix]
    path = golden_path(prefix)
    if REGENERATE:
        actual.serialize(destination=path, format="turtle", encoding="utf-8")
        pytest.fail(
            f"regenerated {path.relative_to(ROOT)} ({len(actual)} triples): review "
            "`git diff tests/data/golden`, commit it, and run again without "
            "VBKG_REGENERATE_GOLDEN",
            pytrace=False,
        )
    assert path.is_file(), f"{path.relative_to(ROOT)} is missing: run `make golden`"
    expected = Graph().parse(path, format="turtle")
    assert len(expected) > 100, f"{path.name} holds {len(expected)} triples: not a seed's graph"
    assert_isomorphic(expected, actual)


def test_goldens_name_only_repository_relative_sources() -> None:
    """A golden with an absolute path would hold only on the machine that wrote it."""
    for path in sorted(GOLDEN.glob("seed[0-9][0-9][0-9].ttl")):
        text = path.read_text(encoding="utf-8")
        assert str(ROOT) not in text, path.name
        assert "data/examples/" in text or "data%2Fexamples" in text, path.name


def test_assert_isomorphic_names_the_missing_and_extra_triples(
    pipeline_graphs: dict[str, Graph],
) -> None:
    expected = pipeline_graphs["004"]
    actual = Graph()
    for triple in expected:
        actual.add(triple)
    dropped = sorted(expected)[0]
    actual.remove(dropped)
    actual.add((dropped[0], dropped[1], Literal("một giá trị khác")))
    assert_isomorphic(expected, expected)
    with pytest.raises(pytest.fail.Exception) as failure:
        assert_isomorphic(expected, actual)
    message = str(failure.value)
    missing, extra = message.split("--- extra in actual")
    assert "missing from actual (1)" in missing and dropped[2].n3() in missing
    assert "(1)" in extra and '"một giá trị khác"' in extra
