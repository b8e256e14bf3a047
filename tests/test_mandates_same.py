"""The mandates of every plan stay what they were before the fast paths of issue 16.

``tests/data/mandates_expected.json`` holds what :func:`parsers.mandates.extract_mandates` gave
on main (1891e52, before the fast paths) for the seeds (data/examples), the documents of
tests/data (two_level, reports, gazette_samples) and a small synthetic corpus
(:data:`SYNTHETIC`, with OCR copies): every target, task, duty and area, with its spans (a text
longer than :data:`LONG` characters as its start and a digest of the whole). Each
document is extracted twice in a row (the second run meets the texts the plan stages remember)
after the stages forgot what they had seen, and both must give the expectation.

When a change of extraction is meant, regenerate the file (and read its diff) with
``PYTHONPATH=. .venv/bin/python tests/test_mandates_same.py``.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))

from graph.synth import Params, generate  # noqa: E402
from parsers.load import LoadError, iter_sources, load_document  # noqa: E402
from parsers.mandates import extract_mandates, forget  # noqa: E402
from parsers.normalize import normalize  # noqa: E402
from parsers.segment import segment  # noqa: E402

FIXTURE = ROOT / "tests" / "data" / "mandates_expected.json"

#: folders of the repository whose documents are compared (relative to ROOT)
FOLDERS = (
    "data/examples",
    "tests/data/two_level",
    "tests/data/reports",
    "tests/data/gazette_samples",
)

#: the synthetic corpus compared: plans of a province, its districts and communes, two topics,
#: a third of them OCR copies (no diacritics, broken headings)
SYNTHETIC = Params(
    provinces=1, districts_per_province=3, communes_per_district=1, years=1, seed=5,
    ocr_rate=0.3, topics=2,
)  # fmt: skip


#: a longer string is kept as its first characters and a digest (the fixture stays small)
LONG = 60


def _plain(value: Any) -> Any:
    """``Mandates`` as JSON values (dates as ISO strings, tuples as lists, long texts as
    their start and a digest)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str) and len(value) > LONG:
        return f"{value[:LONG]}… #{_sha(value)}"
    return value


def _texts(root: Path) -> dict[str, str]:
    """The loaded text of each document under ``root``, by path relative to ``root``."""
    out = {}
    for p in sorted(iter_sources([root])):
        if p.suffix == ".json":
            continue
        try:
            out[p.relative_to(root).as_posix()] = load_document(p).text
        except LoadError:
            continue
    return out


def _mandates(text: str) -> Any:
    norm = normalize(text)
    return _plain(extract_mandates(norm, segment(norm)))


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _corpora(synthetic_dir: Path) -> dict[str, dict[str, str]]:
    generate(synthetic_dir, SYNTHETIC)
    corpora = {folder: _texts(ROOT / folder) for folder in FOLDERS}
    corpora["synthetic"] = _texts(synthetic_dir)
    return corpora


@pytest.fixture(scope="module")
def corpora(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, str]]:
    return _corpora(tmp_path_factory.mktemp("synthetic"))


@pytest.fixture(scope="module")
def expected() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(FIXTURE.read_text(encoding="utf-8"))
    return data


@pytest.mark.parametrize("corpus", [*FOLDERS, "synthetic"])
def test_mandates_are_main_s(
    corpus: str, corpora: dict[str, dict[str, str]], expected: dict[str, Any]
) -> None:
    texts, want = corpora[corpus], expected[corpus]
    assert sorted(texts) == sorted(want), "documents differ: regenerate the fixture if meant"
    forget()
    for name, text in texts.items():
        assert _sha(text) == want[name]["sha"], f"{name}: its text changed (synth or loader)"
        for run in ("first", "again"):
            got = _mandates(text)
            for key in ("targets", "tasks", "duties", "areas_covered"):
                assert got[key] == want[name]["mandates"][key], f"{corpus}/{name} {key} ({run})"


def test_the_expectation_is_not_empty(expected: dict[str, Any]) -> None:
    """The fixture holds many targets, tasks and duties, duties with a deadline; the fast
    paths' other branch, plans with footnotes cut out of items, is seeds 000, 002 and 003."""
    docs = [d["mandates"] for corpus in expected.values() for d in corpus.values()]
    assert sum(len(d["targets"]) for d in docs) > 100
    assert sum(len(d["tasks"]) for d in docs) > 250
    assert sum(len(d["duties"]) for d in docs) > 90
    assert any(duty["deadline"] for d in docs for duty in d["duties"])


def main() -> None:
    """Write the fixture from the code as it is."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        corpora = _corpora(Path(tmp))
    forget()
    out = {
        corpus: {name: {"sha": _sha(t), "mandates": _mandates(t)} for name, t in texts.items()}
        for corpus, texts in corpora.items()
    }
    FIXTURE.write_text(
        json.dumps(out, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n",
        encoding="utf-8",
    )
    print(FIXTURE, FIXTURE.stat().st_size, "bytes")


if __name__ == "__main__":
    main()
