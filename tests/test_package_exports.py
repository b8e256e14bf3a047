"""The stage verbs are re-exported from their package, lazily (parsers/__init__.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import parsers

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("name", sorted(parsers.EXPORTS))
def test_every_export_is_the_object_its_module_defines(name: str) -> None:
    import importlib

    module = importlib.import_module(parsers.EXPORTS[name])
    assert getattr(parsers, name) is getattr(module, name)
    assert name in parsers.__all__ and name in dir(parsers)


def test_verbs_named_like_their_modules_stay_verbs_after_the_modules_are_imported() -> None:
    import parsers.normalize
    import parsers.segment
    from parsers import normalize, segment

    assert callable(normalize) and normalize.__module__ == "parsers.normalize"
    assert callable(segment) and segment.__module__ == "parsers.segment"
    assert sys.modules["parsers.normalize"].fold is parsers.fold


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no_such_verb"):
        parsers.no_such_verb  # noqa: B018


def test_importing_one_module_of_the_package_imports_no_stage() -> None:
    code = (
        "import sys, parsers.messages; "
        "print(sorted(m for m in sys.modules if m.startswith('parsers.')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    for stage in ("parsers.find", "parsers.segment", "parsers.normalize", "parsers.mandates"):
        assert f"'{stage}'" not in out, out
    assert "'parsers.messages'" in out
