"""Per-character passes over long texts as array operations (numpy).

``str.translate`` with a table costs about 17 ns a character (an int object per code point
looked up) and a ``regex`` character class such as ``[\\p{M}…]`` scans at about 60 MB/s; on
a text of the Basic Multilingual Plane both are a lookup in an array indexed by code point,
about six times faster once the text is an array of UTF-32 code units. Below
:data:`LONG` characters, or with a character beyond the BMP, callers keep their ``str`` /
``regex`` path: these helpers return ``None`` and give the same answers either way
(tests/test_normalize.py compares both paths).

numpy is imported on first use only: the CLI's start-up does not pay for it.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

LONG = 4096  # a shorter text: the array set-up costs more than it saves

# Every character ``\s`` matches in a ``regex`` str pattern (tests/test_find_prefilter.py
# checks this against ``regex`` over all of Unicode): ``str.strip(WHITESPACE)`` strips what
# ``\s*`` matches.
WHITESPACE = (
    "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
    "\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)

_BMP = 0x10000


@cache
def numpy() -> Any:
    """The numpy module, imported on first use."""
    import numpy

    return numpy


_numpy = numpy


# The last long text asked for and its answer: the passes of normalize and segment ask for
# the same text object several times in a row (over the gazette corpus, 80 M of the 147 M
# characters converted). One entry, replaced by the next text: at most one array is kept.
_LAST: list[Any] = []


def code_units(text: str) -> np.ndarray[Any, Any] | None:
    """The code points of ``text`` as a ``uint32`` array (read-only); ``None`` when ``text``
    is shorter than :data:`LONG` or holds a character beyond the BMP."""
    if len(text) < LONG:
        return None
    if _LAST and _LAST[0] is text:  # the same object: the same characters
        return _LAST[1]
    _LAST.clear()  # (the array of the text before is freed first)
    units = _units(text)
    _LAST.extend((text, units))
    return units


def _units(text: str) -> np.ndarray[Any, Any] | None:
    np = _numpy()
    units = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    if int(units.max()) >= _BMP:
        return None
    return units


def table(chars: list[str]) -> np.ndarray[Any, Any]:
    """A ``uint32`` array of the code points of ``chars`` (one string of one character
    for each code point of the BMP, in order)."""
    np = _numpy()
    return np.fromiter(map(ord, chars), dtype=np.uint32, count=len(chars))


def mask(members: str) -> np.ndarray[Any, Any]:
    """A boolean array over the BMP: True at the code points of ``members``."""
    np = _numpy()
    out = np.zeros(_BMP, dtype=bool)
    if members:
        out[np.fromiter(map(ord, members), dtype=np.int64, count=len(members))] = True
    return out


def translate(units: np.ndarray[Any, Any], mapping: np.ndarray[Any, Any]) -> str:
    """The text of ``units`` with each code point replaced by ``mapping[code point]``."""
    return str(mapping[units].tobytes().decode("utf-32-le", "surrogatepass"))


def positions(units: np.ndarray[Any, Any], where: np.ndarray[Any, Any]) -> list[int]:
    """The indices, in order, of the code points ``where`` marks True."""
    return list(_numpy().flatnonzero(where[units]).tolist())


@cache
def _mask_of(members: str) -> np.ndarray[Any, Any]:
    return mask(members)


def find_any(text: str, members: str) -> list[int] | None:
    """The indices, in order, of the characters of ``members`` (all in the BMP) in
    ``text``; ``None`` as :func:`code_units`."""
    units = code_units(text)
    if units is None:
        return None
    return positions(units, _mask_of(members))


def after_each(text: str, char: str) -> list[int] | None:
    """The index after each ``char`` in ``text``, in order; ``None`` as :func:`code_units`."""
    units = code_units(text)
    if units is None:
        return None
    np = _numpy()
    return list((np.flatnonzero(units == ord(char)) + 1).tolist())
