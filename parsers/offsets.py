"""A sparse map from the offsets of a normalised text back to its original.

:class:`OffsetMap` is the ``offsets`` of :class:`parsers.models.NormalizedText`: a
read-only sequence of ``len(text) + 1`` non-decreasing ints (``offsets[i]`` is the index
in the original of ``text[i]``, the last one ``len(original)``) stored as runs, not one
int per character: a run is either copied text (the offset grows by one a character)
or a replacement (every character maps to the offset of what it replaced). A text with
no edits is one run, whatever its length; ``bisect`` works on it as on a tuple.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence
from itertools import repeat
from typing import Any, overload

from parsers import codepoints


class OffsetMap(Sequence[int]):
    """Runs ``(pos, orig, step)``: for ``pos[j] <= i < pos[j + 1]``,
    ``offsets[i] = orig[j] + (i - pos[j]) * step[j]`` with ``step`` 1 (copied) or 0."""

    __slots__ = ("_len", "_orig", "_pos", "_step")

    def __init__(self) -> None:
        self._pos = array("q")
        self._orig = array("q")
        self._step = array("b")
        self._len = 0

    # ------------------------------------------------------------------ building

    def append(self, orig: int, n: int, step: int) -> None:
        """Add ``n`` offsets from ``orig`` (``step`` 1: ``orig, orig+1, …``; 0: ``orig`` each)."""
        if n <= 0:
            return
        if n == 1:
            step = 1  # one value: the same either way; keeps runs merged
        pos = self._pos
        if pos:
            j = len(pos) - 1
            s_j = self._step[j]
            if s_j == step and self._orig[j] + (self._len - pos[j]) * step == orig:
                self._len += n  # continues the last run
                return
            if step == 0 and s_j == 1 and self._len - pos[j] == 1 and self._orig[j] == orig:
                self._step[j] = 0  # a one-value run becomes the head of a constant run
                self._len += n
                return
        pos.append(self._len)
        self._orig.append(orig)
        self._step.append(step)
        self._len += n

    def extend_from(self, other: OffsetMap, start: int, end: int) -> None:
        """Add ``other[start:end]``."""
        if start >= end:
            return
        pos, orig, step = other._pos, other._orig, other._step
        j = bisect_right(pos, start) - 1
        last = len(pos) - 1
        while start < end:
            stop = pos[j + 1] if j < last else other._len
            piece_end = min(stop, end)
            self.append(orig[j] + (start - pos[j]) * step[j], piece_end - start, step[j])
            start = piece_end
            j += 1

    # ------------------------------------------------------------------ sequence

    def __len__(self) -> int:
        return self._len

    @overload
    def __getitem__(self, i: int) -> int: ...

    @overload
    def __getitem__(self, i: slice) -> tuple[int, ...]: ...

    def __getitem__(self, i: int | slice) -> int | tuple[int, ...]:
        if isinstance(i, slice):
            return tuple(self)[i]
        if i < 0:
            i += self._len
        if not 0 <= i < self._len:
            raise IndexError("offset index out of range")
        j = bisect_right(self._pos, i) - 1
        return self._orig[j] + (i - self._pos[j]) * self._step[j]

    def __iter__(self) -> Iterator[int]:
        pos, orig, step = self._pos, self._orig, self._step
        last = len(pos) - 1
        for j in range(len(pos)):
            n = (pos[j + 1] if j < last else self._len) - pos[j]
            if step[j]:
                yield from range(orig[j], orig[j] + n)
            else:
                yield from repeat(orig[j], n)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, OffsetMap):
            if (self._pos, self._orig, self._step, self._len) == (
                other._pos,
                other._orig,
                other._step,
                other._len,
            ):
                return True
        elif not isinstance(other, Sequence):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    def __hash__(self) -> int:
        # equal sequences have the same length and ends
        return hash((self._len, self[0] if self._len else None, self[-1] if self._len else None))

    def __repr__(self) -> str:
        return f"OffsetMap(runs={len(self._pos)}, len={self._len})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (self._pos, self._orig, self._step, self._len))

    def bisect_left(self, x: int, hi: int | None = None) -> int:
        """``bisect.bisect_left(self, x, 0, hi)`` (the first index whose offset is ``>= x``)
        in O(log runs): one bisection of the runs' first offsets, no ``__getitem__`` per step."""
        return self.bisect_many((x,), hi)[0]

    def bisect_many(self, xs: Iterable[int], hi: int | None = None) -> list[int]:
        """``[self.bisect_left(x, hi) for x in xs]``, the runs read once for all."""
        n = self._len if hi is None else max(0, min(hi, self._len))
        pos, orig, step = self._pos, self._orig, self._step
        runs, length = len(pos), self._len
        out = []
        for x in xs:
            k = bisect_left(orig, x)  # the first run whose first offset is >= x
            if k == 0:
                out.append(0)
                continue
            j = k - 1  # every offset before run k is < x except, maybe, the tail of run j
            run_end = pos[k] if k < runs else length
            if step[j]:
                i = pos[j] + (x - orig[j])
                if i < run_end:
                    out.append(min(i, n))
                    continue
            out.append(min(run_end, n))
        return out

    def take(self, indices: list[int]) -> list[int]:
        """``[self[i] for i in indices]`` (each ``0 <= i < len(self)``): for many indices,
        one vectorised binary search (parsers.codepoints' numpy)."""
        pos, orig, step = self._pos, self._orig, self._step
        if len(indices) < 64 or not pos:
            out = []
            for i in indices:
                j = bisect_right(pos, i) - 1
                out.append(orig[j] + (i - pos[j]) * step[j])
            return out
        np = codepoints.numpy()
        at = np.asarray(indices, dtype=np.int64)
        p = np.frombuffer(pos, dtype=np.int64)
        j = np.searchsorted(p, at, side="right") - 1
        o = np.frombuffer(orig, dtype=np.int64)[j]
        st = np.frombuffer(step, dtype=np.int8)[j].astype(np.int64)
        return list((o + (at - p[j]) * st).tolist())

    @property
    def runs(self) -> int:
        """How many runs the map holds (its memory is proportional to this)."""
        return len(self._pos)


def _rebuild(pos: array[int], orig: array[int], step: array[int], length: int) -> OffsetMap:
    m = OffsetMap()
    m._pos, m._orig, m._step, m._len = pos, orig, step, length
    return m


def identity(n: int) -> OffsetMap:
    """The map of an unedited text of ``n`` characters: ``0, 1, …, n``."""
    m = OffsetMap()
    m.append(0, n + 1, 1)
    return m


def bisect_offsets(offsets: Sequence[int], x: int, hi: int | None = None) -> int:
    """``bisect.bisect_left(offsets, x, 0, hi)``: an original offset to a normalised one,
    in O(log runs) for an :class:`OffsetMap`, by plain bisection for another sequence."""
    return bisect_offsets_many(offsets, (x,), hi)[0]


def bisect_offsets_many(
    offsets: Sequence[int], xs: Iterable[int], hi: int | None = None
) -> list[int]:
    """:func:`bisect_offsets` of each of ``xs``."""
    if isinstance(offsets, OffsetMap):
        return offsets.bisect_many(xs, hi)
    top = len(offsets) if hi is None else hi
    return [bisect_left(offsets, x, 0, top) for x in xs]
