"""Reading and finding: text in, typed records out.

The stage verbs, in pipeline order: :func:`load_document` (a file → text),
:func:`normalize` (NFC, folded shadow, offset map), :func:`segment` (header, sections,
footnotes, signature), :func:`find_citations` (citations of other documents) and
:func:`extract_mandates` (targets, tasks, duties of a plan; :func:`compare_targets`
compares a child plan's targets with its parent's).
"""

from parsers.find import find_citations
from parsers.load import LoadError, iter_sources, load_document
from parsers.mandates import compare_targets, extract_mandates
from parsers.models import format_key, split_key
from parsers.normalize import fold, normalize, title_key
from parsers.segment import segment
from parsers.vocab import Vocabulary, load_vocabulary

__all__ = [
    "LoadError",
    "Vocabulary",
    "compare_targets",
    "extract_mandates",
    "find_citations",
    "fold",
    "format_key",
    "iter_sources",
    "load_document",
    "load_vocabulary",
    "normalize",
    "segment",
    "split_key",
    "title_key",
]
