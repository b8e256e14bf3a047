"""Patterns that cannot blow up: every compiled pattern of parsers.regexes and the whole
normalise → segment → find chain grow linearly on adversarial inputs; the whole pipeline
(graph.pipeline.extract_file) raises nothing but LoadError on generated files.

Linearity is checked as a ratio: the time at 4n over the time at n stays under
:data:`MAX_RATIO` (a linear scan gives about 4, a quadratic one 16). Timings below
:data:`MIN_SECONDS` at 4n are too small to tell anything and pass. This is a complexity
check, not a speed target.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

import pytest
import regex
from factories import best_of, confirmed_growth
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.pipeline import extract_file
from parsers.find import find_citations
from parsers.load import LoadError, load_document
from parsers.normalize import fold, normalize
from parsers.regexes import compiled
from parsers.segment import segment

MAX_RATIO = 8.0
MIN_SECONDS = 0.05
REGEX_TIMEOUT = 20.0  # seconds: a runaway pattern fails instead of hanging the suite

UNITS: dict[str, str | None] = {
    "so-1": "số 1/",
    "nghi-quyet-so": "Nghị quyết số ",
    "year-slash": "12/2020/",
    "ngay-thang": "ngày 1 tháng ",
    "dash": "-",
    "slash": "/",
    "list-item": "a) ",
    "citation-start": "Nghị quyết số 76/NQ-CP ngày ",
    "cua": "của ",
    "symbol-open": "số 1/NQ-",
    "dotted": "1.1.",
    "dieu": "Điều 1 ",
    "spaces": " \t",
    "newlines": "\n",
    "upper": "KẾ HOẠCH ",
    "citation-then-blank": "Nghị quyết số 1/NQ-CP" + " " * 300 + "\n",
    "nested-parens": None,  # "((((…))))"
}

# Pattern × input pairs that are known to be super-linear, with the reason.


def adversarial(unit: str | None, n: int) -> str:
    if unit is None:
        return "(" * (n // 2) + ")" * (n // 2)
    return unit * max(1, n // len(unit))


def _assert_linear(name: str, f: Callable[[str], object], small: str, large: str) -> None:
    """Four times the input costs less than ``MAX_RATIO`` times the CPU (min of interleaved
    runs, measured again when over: tests/factories.py ``confirmed_growth``)."""
    ratio, (t1, t4) = confirmed_growth(
        [lambda: f(small), lambda: f(large)],
        lambda t: t[1] / max(t[0], 1e-4),
        MAX_RATIO,
        repeat=3,
    )
    if t4 < MIN_SECONDS:
        return
    assert ratio < MAX_RATIO, f"{name}: {t1:.3f}s at n, {t4:.3f}s at 4n (×{ratio:.1f})"


def _patterns() -> list[tuple[str, regex.Pattern[str]]]:
    """Every compiled pattern: module-level ones and the fields of ``compiled()``."""
    import parsers.regexes as mod

    found = [(k, v) for k, v in vars(mod).items() if isinstance(v, regex.Pattern)]
    patterns = compiled()
    for f in dataclasses.fields(patterns):
        value = getattr(patterns, f.name)
        if isinstance(value, regex.Pattern):
            found.append((f.name, value))
    assert len(found) >= 20, "parsers.regexes changed shape: update this walk"
    return found


PATTERNS = _patterns()


@pytest.mark.parametrize("unit_name", list(UNITS))
def test_every_pattern_is_linear(unit_name: str) -> None:
    n = 10_000
    unit = UNITS[unit_name]
    small, large = fold(adversarial(unit, n)), fold(adversarial(unit, 4 * n))
    failures = []
    for name, pattern in PATTERNS:

        def scan(text: str, p: regex.Pattern[str] = pattern) -> int:
            return sum(1 for _ in p.finditer(text, timeout=REGEX_TIMEOUT))

        try:
            _assert_linear(f"{name} on {unit_name!r}", scan, small, large)
        except (AssertionError, TimeoutError) as exc:
            failures.append(str(exc) or f"{name}: timed out")
    assert not failures, failures


def _chain(text: str) -> None:
    norm = normalize(text)
    find_citations(norm, segment(norm))


@pytest.mark.parametrize("unit_name", list(UNITS))
def test_normalize_segment_find_are_linear(unit_name: str) -> None:
    n = 10_000
    small, large = adversarial(UNITS[unit_name], n), adversarial(UNITS[unit_name], 4 * n)
    _assert_linear(f"normalize on {unit_name!r}", normalize, small, large)
    ns, nl = normalize(small), normalize(large)
    _assert_linear(f"segment on {unit_name!r}", segment, ns, nl)  # type: ignore[arg-type]
    ss, sl = segment(ns), segment(nl)
    _assert_linear(
        f"find_citations on {unit_name!r}",
        lambda norm: find_citations(norm, ss if norm is ns else sl),  # type: ignore[arg-type]
        ns,  # type: ignore[arg-type]
        nl,  # type: ignore[arg-type]
    )


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("-" * 100_000, id="dashes-100k"),
        pytest.param("/" * 100_000, id="slashes-100k"),
        pytest.param("a) " * (1024 * 1024 // 3), id="list-items-1MB"),
        pytest.param("(" * 50_000 + ")" * 50_000, id="nested-parens-100k"),
        pytest.param("số 1/" * 40_000, id="so-1-200k"),
    ],
)
def test_large_adversarial_inputs_finish(text: str) -> None:
    elapsed, _ = best_of(lambda: _chain(text))
    assert elapsed < 60


# --------------------------------------------------------------------------- whole pipeline

FRAGMENTS = st.sampled_from(
    [
        "Nghị quyết số ",
        "76/NQ-CP",
        " ngày ",
        "15/7/2021",
        " của Chính phủ",
        "Kế hoạch số ",
        "02/KH-UBND",
        "Luật ",
        "Quyết định ",
        "số 1/",
        "12/2020/",
        "ngày 1 tháng ",
        " năm 2023",
        "\n",
        "\n\n",
        "I. MỤC ĐÍCH",
        "a) ",
        "- ",
        "(",
        ")",
        "**",
        "_",
        "#",
        "Nơi nhận:",
        "KT. CHỦ TỊCH",
        "UBND tỉnh Lạng Sơn",
        "Điều 1.",
        " ",
        "\t",
        "\f",
        ";",
        ",",
        "\ufeff",
        "\u0301",
        "Ð",
        "đ",
    ]
)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    parts=st.lists(st.one_of(FRAGMENTS, st.text(max_size=12)), max_size=60),
    noise=st.binary(max_size=8),
    ext=st.sampled_from([".txt", ".md"]),
)
def test_extract_file_only_raises_load_error(
    tmp_path: Path, parts: list[str], noise: bytes, ext: str
) -> None:
    path = tmp_path / f"generated{ext}"
    data = "".join(parts).encode("utf-8", "surrogatepass")
    path.write_bytes(data[: len(data) // 2] + noise + data[len(data) // 2 :])
    try:
        extraction = extract_file(path)
    except LoadError:
        return
    size = len(load_document(path).text)
    for citation in extraction.citations:
        for m in citation.mentions:
            assert 0 <= m.start <= m.end <= size, (m, size)
    for ref in extraction.named_references:
        assert 0 <= ref.start <= ref.end <= size, (ref, size)
