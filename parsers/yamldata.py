"""Reading the project's YAML data files (vocabularies, messages): the one reader.

PyYAML's C loader (libyaml) when the wheel has it, else its pure-Python safe loader; both
build only plain data (no tags, no objects). The C loader reads the message catalogue about
ten times faster, which ``vbkg --help`` feels.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

__all__ = ["read_yaml"]

_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: Path) -> Any:
    """The data of the YAML file ``path`` (UTF-8)."""
    with path.open(encoding="utf-8") as fh:
        return yaml.load(fh, Loader=_LOADER)
