"""The cyclic collector pauses while segment and resolve pile up objects (parsers.heap).

Its walks over the live objects were what grew super-linearly with the number of citations
(bench/growth.py: resolve 1.2-1.4 on many footnotes and deep sections); these tests pin the
pause itself, not a timing, and that the collector's state comes back after.
"""

from __future__ import annotations

import gc
import importlib
from collections.abc import Iterator

import pytest
from factories import seed

from graph.resolve import default_relation_rule, resolve
from parsers.find import find_citations
from parsers.heap import collector_paused
from parsers.load import load_document
from parsers.models import Citation, NormalizedText, Relation, SegmentedDocument
from parsers.normalize import normalize
from parsers.segment import segment

# the module (``parsers.segment`` as an attribute of the package is the verb)
segment_module = importlib.import_module("parsers.segment")


@pytest.fixture
def collector_on() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


@pytest.mark.parametrize("enabled", [True, False])
def test_the_collector_comes_back_as_it_was(enabled: bool, collector_on: None) -> None:
    if not enabled:
        gc.disable()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled() is enabled
    with pytest.raises(ValueError), collector_paused():
        raise ValueError("a stage that fails")
    assert gc.isenabled() is enabled


def test_resolve_runs_with_the_collector_paused(collector_on: None) -> None:
    loaded = load_document(seed("001"))
    norm = normalize(loaded.text)
    seg = segment(norm)
    found = find_citations(norm, seg)
    seen: list[bool] = []

    def rule(cit: Citation, s: SegmentedDocument) -> Relation:
        seen.append(gc.isenabled())
        return default_relation_rule(cit, s)

    ex = resolve(loaded, norm, seg, found, relation_rule=rule)
    assert ex.citations and seen and not any(seen)
    assert gc.isenabled()


def test_segment_runs_with_the_collector_paused(
    collector_on: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[bool] = []
    inner = segment_module._segment

    def spy(norm: NormalizedText) -> SegmentedDocument:
        seen.append(gc.isenabled())
        return inner(norm)

    monkeypatch.setattr(segment_module, "_segment", spy)
    segment(normalize(load_document(seed("001")).text))
    assert seen == [False] and gc.isenabled()
