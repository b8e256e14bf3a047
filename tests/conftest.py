"""Shared fixtures and assertions; the shared builders are in ``factories.py``.

- ``assert_isomorphic(expected, actual)``: RDF graphs equal up to blank nodes, with the
  missing and extra triples in the failure message
- ``seed_extractions``: the five seeds extracted as one batch
- ``seeds_and_synth`` (a folder), ``seeds_and_synth_extractions``: the seeds and a small
  synthetic corpus, extracted once
- ``seed_store_path``: the store of the five seeds, built once per session (open it read-only)
- ``browser``: one headless Chromium for the browser tests
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from factories import EXAMPLES, ROOT, seed, seed_store, store_from_texts
from rdflib import Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

SHARED = ROOT.parent / "shared"

__all__ = ["EXAMPLES", "ROOT", "SHARED", "assert_isomorphic", "seed"]


def _ntriples(g: Graph) -> list[str]:
    return sorted(line for line in g.serialize(format="nt").splitlines() if line.strip())


def assert_isomorphic(expected: Graph, actual: Graph, *, limit: int = 60) -> None:
    """Fail unless ``actual`` is isomorphic to ``expected`` (blank nodes matched up), naming
    the triples missing from ``actual`` and the extra ones (at most ``limit`` of each)."""
    if isomorphic(expected, actual):
        return
    _, missing, extra = graph_diff(to_isomorphic(expected), to_isomorphic(actual))

    def block(title: str, g: Graph) -> str:
        lines = _ntriples(g)
        shown = lines[:limit] + ([f"… and {len(lines) - limit} more"] if len(lines) > limit else [])
        return f"--- {title} ({len(lines)}):\n" + "\n".join(shown)

    pytest.fail(
        f"graphs differ: expected {len(expected)} triples, actual {len(actual)}\n"
        + block("missing from actual", missing)
        + "\n"
        + block("extra in actual", extra),
        pytrace=False,
    )


@pytest.fixture(scope="session")
def seeds_without_001(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store of the seeds but 001, the draft the check tests alter (open it read-only)."""
    return store_from_texts(tmp_path_factory.mktemp("seeds-but-001"), without=["001"])


# --------------------------------------------------------------------------- lanes
# `make test-fast` runs `-m "not slow and not browser and not corpus"` (under 90 s on the
# 2-core build machine); `make test` runs everything. A test is marked here, by its node id
# (relative to tests/, a prefix matches), when it takes seconds: measure with
# `pytest --durations=30`. Marks written in the modules count too.

SLOW = (
    "robustness/test_robust_batch.py",
    "robustness/test_robust_crash.py",
    "robustness/test_robust_patterns.py::test_large_adversarial_inputs_finish",
    "robustness/test_robust_injection.py::test_server_pages_escape_document_text",
    "test_notebooks.py",
    "test_ingest_parallel.py",
    "test_cli.py::test_demo_builds_valid_graph",
    "test_load.py::test_30mb_single_line_loads_in_bounded_time",
    "test_load.py::test_corrupted_containers_only_raise_load_error",
    "test_serve.py::test_time_limit_stops_a_heavy_query",
    "test_serve.py::test_served_store_as_a_remote_store",
    "test_serve.py::test_sparqlwrapper_against_a_real_server",
    "test_remote.py",
    "test_render.py::test_province_sized_graph",
    "test_find.py::test_linear_time_on_adversarial_input",
    "robustness/test_robust_patterns.py::test_every_pattern_is_linear",
    "robustness/test_robust_patterns.py::test_normalize_segment_find_are_linear",
    "test_normalize.py::test_linear_time_on_adversarial_input",
    # Over ~4 s each (end-to-end builds, LibreOffice conversions, SHACL over a whole store,
    # servers under load): kept out of the fast lane, run by `make test`.
    "test_load_formats.py::test_office_folder_builds",
    "test_load_formats.py::test_office_formats_build_like_the_text",
    "test_load_formats.py::test_tcvn3_copy_of_seed_001_matches_the_text",
    "test_eli.py::test_jsonld_export_reads_as_the_turtle_triples",
    "test_documents.py::test_trace_check_and_graph_page_show_the_same_facts",
    "robustness/test_robust_workers.py",
    "robustness/test_robust_sources.py::test_build_prune_drops_documents_whose_files_are_gone",
    "robustness/test_robust_endpoint.py::test_two_heavy_queries_do_not_starve_a_light_one",
    "robustness/test_robust_endpoint.py::test_an_allowed_endpoint_is_called",
    "robustness/test_robust_endpoint.py::test_the_check_has_its_own_time_budget",
    "test_serve_linked.py::test_a_document_iri_answers_turtle_json_ld_and_html",
    "test_serve.py::test_result_size_limit_truncates_with_a_header",
    "test_serve.py::test_check_upload_limit",
    "test_checks_knowledge.py::test_draft_already_in_the_store_is_not_its_own_evidence",
    "test_trace_reports.py::test_links_are_shacl_valid_with_the_report_and_the_plan",
    "test_trace.py::test_mandate_graph_conforms_to_shapes",
    "test_office.py::test_check_docx_and_xlsx",
)
# Timing-sensitive tests (wall-clock limits, best-of timings, servers under load): `make test`
# runs them alone, after the rest has run on both cores (pytest-xdist).
SERIAL = (
    "test_find.py",
    "test_find_growth.py",
    "test_growth.py",
    "test_load.py",
    "test_normalize.py",
    "test_notebooks.py",
    "test_remote.py",
    "test_render.py",
    "test_render_browser.py",
    "test_serve.py",
    "robustness/test_robust_batch.py",
    "robustness/test_robust_crash.py",
    "robustness/test_robust_endpoint.py",
    "robustness/test_robust_patterns.py",
    "robustness/test_robust_workers.py",
)
TESTS = Path(__file__).resolve().parent


def _listed(node: str, names: tuple[str, ...]) -> bool:
    """``node`` (``path::name``) is one of ``names``: a module, a test, or a parametrised test."""
    return any(
        node == s
        or node.startswith(s if s.endswith(".py") else s + "[")
        or node.startswith(s + "::")
        for s in names
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        node = str(item.path.relative_to(TESTS)) + "::" + item.name
        if _listed(node, SLOW):
            item.add_marker(pytest.mark.slow)
        if _listed(node, SERIAL):
            item.add_marker(pytest.mark.serial)
        fixtures = getattr(item, "fixturenames", ())
        if "browser" in fixtures:
            item.add_marker(pytest.mark.browser)
        if "shared_corpus" in fixtures:
            item.add_marker(pytest.mark.corpus)


@pytest.fixture(scope="session")
def seed_store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The store of the five seeds, built once for the whole session (open it read-only)."""
    return seed_store(tmp_path_factory.mktemp("seeds"))


@pytest.fixture(scope="session")
def seed_extractions():
    """The five seeds extracted as one batch (number-less identities merged)."""
    from graph.pipeline import extract_paths

    good, bad = extract_paths([EXAMPLES])
    assert not bad
    return {Path(e.source).name[:3]: e for e in good}


@pytest.fixture(scope="session")
def seeds_and_synth(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds and a small synthetic corpus (plans with duties, units, reports) in one folder."""
    from graph.synth import Params, generate

    root = tmp_path_factory.mktemp("seeds-and-synth") / "corpus"
    shutil.copytree(EXAMPLES, root / "seeds")
    generate(
        root / "synth",
        Params(provinces=1, districts_per_province=4, communes_per_district=3, years=2, seed=3),
    )
    (root / "synth" / "truth.json").unlink()
    return root


@pytest.fixture(scope="session")
def seeds_and_synth_extractions(seeds_and_synth: Path) -> list[Any]:
    """``seeds_and_synth`` extracted as one batch (every file extracts)."""
    from graph.pipeline import extract_paths

    good, bad = extract_paths([seeds_and_synth])
    assert not bad and len(good) > 20
    return good


@pytest.fixture(scope="session")
def shared_corpus() -> Path:
    corpus = SHARED / "corpus"
    if not corpus.is_dir():
        pytest.skip(f"the shared corpus is not beside the project ({corpus} is absent)")
    return corpus


# --------------------------------------------------------------------------- browser tests

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_executable() -> str | None:
    """Debian's Chromium (or $VBKG_CHROMIUM); Playwright never downloads a browser here."""
    candidates = [os.environ.get("VBKG_CHROMIUM", "")]
    candidates += [shutil.which(n) or "" for n in ("chromium", "chromium-browser")]
    candidates += ["/usr/bin/chromium"]
    return next((c for c in candidates if c and os.access(c, os.X_OK)), None)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium for every browser test (skipped, saying why, when absent)."""
    sync_api = pytest.importorskip(
        "playwright.sync_api",
        reason="playwright is not installed (pip install playwright; no browser download needed)",
    )
    executable = chromium_executable()
    if executable is None:
        pytest.skip("no Chromium executable (apt-get install chromium, or set VBKG_CHROMIUM)")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield b
        b.close()
