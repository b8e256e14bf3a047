"""Reading and finding: text in, typed records out.

The stage verbs, in pipeline order, each in its own module (import it from there; this
package imports nothing, so that importing any one module of it — the message catalogue for
``vbkg --help``, say — does not import them all): :func:`parsers.load.load_document` (a file →
text), :func:`parsers.normalize.normalize` (NFC, folded shadow, offset map),
:func:`parsers.segment.segment` (header, sections, footnotes, signature),
:func:`parsers.find.find_citations` (citations of other documents) and
:func:`parsers.mandates.extract_mandates` (targets, tasks, duties of a plan;
:func:`parsers.mandates.compare_targets` compares a child plan's targets with its parent's).
"""
