"""Where the project's own files are: one place for every path computed from the package."""

from __future__ import annotations

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY_DIR = PROJECT_ROOT / "ontology"
VOCAB_DIR = PROJECT_ROOT / "data" / "vocab"
EXAMPLES_DIR = PROJECT_ROOT / "data" / "examples"
README = PROJECT_ROOT / "README.md"
