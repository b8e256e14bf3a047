"""Score a citation extractor against the hand-annotated gold sets in ``tests/data/gold``.

Usage::

    python bench/eval_citations.py tests/data/gold/seeds.json [tests/data/gold/corpus_sample.json]
        [--json report.json] [--quiet]

Library use::

    from bench.eval_citations import evaluate
    report = evaluate("tests/data/gold/seeds.json", extract)

``extract(path) -> list[dict]`` returns the DISTINCT documents cited by one file, each a dict
(or an object with attributes) with ``key``, ``doc_type``, ``date``, ``issuer``, ``relation`` and
optionally ``name`` (for documents cited by name only) and ``year``.

Matching (per file):
1. by key, normalised (NFC, case-insensitive, Đ/D, whitespace and look-alike slash tolerant), then
   separator-insensitive (``20/CTr-TU`` = ``20-CTr/TU``, ``66.16/2026`` = ``6616/2026``); gold
   ``key_alt`` spellings count too; when several candidates share a key the year decides;
2. gold entries still unmatched that carry a ``name`` are matched to unmatched predictions that have
   no key, by name similarity (diacritic-folded, ``difflib`` ratio >= ``NAME_THRESHOLD``).

Gold entries marked ``optional`` (name-only references, garbled OCR) count when found and are not
misses when absent. Precision = matched / predicted; recall = matched required / required.
Date, issuer, doc_type and relation accuracy are computed over matched pairs where the gold gives
the attribute (``issuer_alt`` and ``relation_alt`` list accepted alternatives).

Gold entries may carry ``province``, ``era`` and ``level`` (``provinces.json``): the report's ``by``
holds the same scores per value of each (text tables ``BY PROVINCE`` / ``BY ERA`` / ``BY LEVEL``,
and in the ``--json`` output).
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import regex

REPO = Path(__file__).resolve().parents[1]
NAME_THRESHOLD = 0.6
ATTRS = ("date", "issuer", "doc_type", "relation")
GROUPS = ("province", "era", "level")  # optional fields of a gold entry, scored apart

Pred = Mapping[str, Any]
Extract = Callable[[Path], Iterable[Any]]

_LOOKALIKE = str.maketrans(
    {"Ð": "Đ", "ð": "đ", "Ɖ": "Đ", "⁄": "/", "∕": "/", "–": "-", "—": "-", "‐": "-"}
)


def _fold(text: str) -> str:
    """Lower-case, NFC, look-alikes fixed, diacritics removed, đ -> d."""
    text = unicodedata.normalize("NFC", text).translate(_LOOKALIKE)
    text = unicodedata.normalize("NFD", text)
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return text.replace("Đ", "D").replace("đ", "d").casefold()


def norm_key(key: str | None) -> str:
    """Canonical comparison form of a document key (``45/2020/NĐ-CP`` -> ``45/2020/nd-cp``)."""
    if not key:
        return ""
    return regex.sub(r"\s+", "", _fold(key))


def loose_key(key: str | None) -> str:
    """Separator-insensitive key (``20/CTr-TU`` == ``20-CTr/TU``)."""
    return regex.sub(r"[-/.]", "", norm_key(key))


_ISSUER_ABBR = (
    ("uy ban nhan dan", "ubnd"),
    ("hoi dong nhan dan", "hdnd"),
    ("thu tuong chinh phu", "ttg"),
    ("ban chap hanh trung uong dang", "ban chap hanh trung uong"),
    ("tinh uy", "tinh uy"),
)


def norm_issuer(issuer: str | None) -> str:
    if not issuer:
        return ""
    text = regex.sub(r"[^\w\s]", " ", _fold(issuer))
    text = regex.sub(r"\s+", " ", text).strip()
    for long, short in _ISSUER_ABBR:
        text = text.replace(long, short)
    return text


def norm_date(value: Any) -> str:
    """``YYYY-MM-DD`` from an ISO string, a date object or ``d/m/yyyy``; '' when absent."""
    if value is None or value == "":
        return ""
    if hasattr(value, "isoformat"):
        return str(value.isoformat())[:10]
    text = str(value).strip()
    m = regex.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text)
    if m:
        return f"{int(m[3]):04d}-{int(m[2]):02d}-{int(m[1]):02d}"
    m = regex.match(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    if m:
        return f"{int(m[1]):04d}-{int(m[2]):02d}-{int(m[3]):02d}"
    return text


def _year(entry: Mapping[str, Any]) -> int | None:
    if entry.get("year"):
        try:
            return int(entry["year"])
        except (TypeError, ValueError):
            return None
    date = norm_date(entry.get("date"))
    if len(date) >= 4 and date[:4].isdigit():
        return int(date[:4])
    m = regex.search(r"/((?:19|20)\d\d)/", entry.get("key") or "")
    return int(m[1]) if m else None


def _as_dict(obj: Any) -> dict[str, Any]:
    """Accept dicts, dataclasses / objects with attributes; flatten issuer objects to a name."""
    if isinstance(obj, Mapping):
        d = dict(obj)
    else:
        d = {
            f: getattr(obj, f)
            for f in ("key", "doc_type", "date", "issuer", "relation", "name", "year", "title")
            if hasattr(obj, f)
        }
    for field in ("issuer", "relation", "doc_type"):
        value = d.get(field)
        if value is not None and not isinstance(value, str):
            d[field] = getattr(value, "name", None) or getattr(value, "value", None) or str(value)
    return d


def _name_of(entry: Mapping[str, Any]) -> str:
    for field in ("name", "title", "text", "evidence"):
        if entry.get(field):
            return str(entry[field])
    return ""


def _name_sim(a: str, b: str) -> float:
    fa, fb = regex.sub(r"\W+", " ", _fold(a)).strip(), regex.sub(r"\W+", " ", _fold(b)).strip()
    if not fa or not fb:
        return 0.0
    short, long_ = sorted((fa, fb), key=len)
    if short in long_ and len(short) >= 0.5 * len(long_):
        return 1.0
    return difflib.SequenceMatcher(None, fa, fb).ratio()


def _gold_keys(g: Mapping[str, Any]) -> list[str]:
    return [k for k in [g.get("key"), *g.get("key_alt", [])] if k]


def _dedupe(preds: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], int]:
    """Collapse predictions with the same normalised key and year, filling missing fields."""
    out: list[dict[str, Any]] = []
    index: dict[tuple[str, int | None], dict[str, Any]] = {}
    dropped = 0
    for p in preds:
        k = norm_key(p.get("key"))
        if not k:
            out.append(p)
            continue
        ident = (k, _year(p))
        if ident in index:
            dropped += 1
            kept = index[ident]
            for field, value in p.items():
                if kept.get(field) in (None, "") and value not in (None, ""):
                    kept[field] = value
            continue
        index[ident] = p
        out.append(p)
    return out, dropped


def match(gold: list[Mapping[str, Any]], preds: list[dict[str, Any]]) -> list[tuple[int, int]]:
    """Pairs (gold index, prediction index); greedy by key, then by name."""
    pairs: list[tuple[int, int]] = []
    used_p: set[int] = set()
    used_g: set[int] = set()
    for keyfn in (norm_key, loose_key):
        for gi, g in enumerate(gold):
            if gi in used_g:
                continue
            gkeys = {keyfn(k) for k in _gold_keys(g)}
            if not gkeys:
                continue
            cands = [
                pi
                for pi, p in enumerate(preds)
                if pi not in used_p and keyfn(p.get("key")) in gkeys
            ]
            if not cands:
                continue
            gy = _year(g)
            cands.sort(key=lambda pi: (_year(preds[pi]) != gy) if gy else 0)
            # a key shared by distinct gold documents of different years must agree on the year
            same_key_other_years = any(
                oi != gi and keyfn(o.get("key")) in gkeys and _year(o) != gy
                for oi, o in enumerate(gold)
            )
            best = cands[0]
            if same_key_other_years and _year(preds[best]) not in (None, gy):
                continue
            pairs.append((gi, best))
            used_g.add(gi)
            used_p.add(best)
    for gi, g in enumerate(gold):
        if gi in used_g or not g.get("name"):
            continue
        scored = [
            (_name_sim(g["name"], _name_of(p)), pi)
            for pi, p in enumerate(preds)
            if pi not in used_p and not p.get("key") and _name_of(p)
        ]
        scored = [(s, pi) for s, pi in scored if s >= NAME_THRESHOLD]
        if scored:
            _, best = max(scored)
            pairs.append((gi, best))
            used_g.add(gi)
            used_p.add(best)
    return pairs


def _attr_ok(attr: str, g: Mapping[str, Any], p: Mapping[str, Any]) -> bool | None:
    """True/False when the gold gives the attribute, None when it does not."""
    if attr == "date":
        if not g.get("date"):
            return None
        return norm_date(g["date"]) == norm_date(p.get("date"))
    if attr == "issuer":
        if not g.get("issuer"):
            return None
        accepted = {norm_issuer(x) for x in [g["issuer"], *g.get("issuer_alt", [])]}
        return norm_issuer(p.get("issuer")) in accepted
    if attr == "doc_type":
        if not g.get("doc_type"):
            return None
        return norm_key(g["doc_type"]) == norm_key(p.get("doc_type"))
    if attr == "relation":
        if not g.get("relation"):
            return None
        accepted = {g["relation"], *g.get("relation_alt", [])}
        return str(p.get("relation") or "").lower() in accepted
    raise ValueError(attr)


def _ratio(num: int, den: int) -> float | None:
    return num / den if den else None


def _f1(p: float | None, r: float | None) -> float | None:
    if p is None or r is None:
        return None
    return 2 * p * r / (p + r) if p + r else 0.0


def score_file(
    gold: list[Mapping[str, Any]], preds_in: Iterable[Any], dedupe: bool = True
) -> dict[str, Any]:
    """Score one file: counts, P/R/F1, attribute tallies, misses and false positives."""
    preds = [_as_dict(p) for p in preds_in]
    dropped = 0
    if dedupe:
        preds, dropped = _dedupe(preds)
    pairs = match(gold, preds)
    matched_g = {gi for gi, _ in pairs}
    matched_p = {pi for _, pi in pairs}
    required = [gi for gi, g in enumerate(gold) if not g.get("optional")]
    tp_required = sum(1 for gi in required if gi in matched_g)
    attrs: dict[str, dict[str, int]] = {a: {"correct": 0, "total": 0} for a in ATTRS}
    wrong: list[dict[str, Any]] = []
    for gi, pi in pairs:
        for a in ATTRS:
            ok = _attr_ok(a, gold[gi], preds[pi])
            if ok is None:
                continue
            attrs[a]["total"] += 1
            if ok:
                attrs[a]["correct"] += 1
            else:
                wrong.append(
                    {
                        "key": gold[gi].get("key"),
                        "attr": a,
                        "gold": gold[gi].get(a),
                        "pred": preds[pi].get(a),
                    }
                )
    misses = [
        {k: gold[gi].get(k) for k in ("key", "name", "evidence") if gold[gi].get(k)}
        for gi in required
        if gi not in matched_g
    ]
    fps = [
        {k: preds[pi].get(k) for k in ("key", "name", "doc_type", "date") if preds[pi].get(k)}
        for pi in range(len(preds))
        if pi not in matched_p
    ]
    precision = _ratio(len(pairs), len(preds))
    recall = _ratio(tp_required, len(required))
    return {
        "gold": len(gold),
        "required": len(required),
        "predicted": len(preds),
        "duplicates_collapsed": dropped,
        "matched": len(pairs),
        "matched_required": tp_required,
        "precision": precision,
        "recall": recall,
        "f1": _f1(precision, recall),
        "attributes": attrs,
        "misses": misses,
        "false_positives": fps,
        "attribute_errors": wrong,
    }


def _resolve(path_str: str, gold_path: Path, root: Path) -> Path:
    p = Path(path_str)
    if p.is_absolute():
        return p
    for base in (root, gold_path.parent, Path.cwd()):
        if (base / p).exists():
            return base / p
    return root / p


def _aggregate(results: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """Micro-averaged scores over per-file results of ``score_file``."""
    tot = {
        "files": 0,
        "predicted": 0,
        "matched": 0,
        "required": 0,
        "matched_required": 0,
        "gold": 0,
    }
    attrs: dict[str, dict[str, int]] = {a: {"correct": 0, "total": 0} for a in ATTRS}
    for res in results:
        tot["files"] += 1
        for k in tot:
            if k != "files":
                tot[k] += res[k]
        for a in ATTRS:
            for c in ("correct", "total"):
                attrs[a][c] += res["attributes"][a][c]
    precision = _ratio(tot["matched"], tot["predicted"])
    recall = _ratio(tot["matched_required"], tot["required"])
    return {
        **tot,
        "precision": precision,
        "recall": recall,
        "f1": _f1(precision, recall),
        **{f"{a}_accuracy": _ratio(attrs[a]["correct"], attrs[a]["total"]) for a in ATTRS},
        "attributes": attrs,
    }


def breakdown(per_file: Mapping[str, Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    """Scores grouped by each of ``GROUPS`` (the gold entry's ``province``, ``era``, ``level``).

    Files whose gold entry lacks a field are left out of that grouping; a grouping that no file
    has is absent, so gold sets without these fields (seeds, corpus_sample) have an empty result.
    """
    out: dict[str, dict[str, Any]] = {}
    for field in GROUPS:
        groups: dict[str, list[Mapping[str, Any]]] = {}
        for res in per_file.values():
            value = res.get("meta", {}).get(field)
            if value:
                groups.setdefault(str(value), []).append(res)
        if groups:
            out[field] = {name: _aggregate(rs) for name, rs in sorted(groups.items())}
    return out


def evaluate(
    gold_path: str | Path, extract: Extract, root: str | Path | None = None, dedupe: bool = True
) -> dict[str, Any]:
    """Run ``extract`` on every file of the gold set and score it (per file, per group, overall)."""
    gold_path = Path(gold_path)
    root_dir = Path(root) if root else REPO
    data = json.loads(gold_path.read_text(encoding="utf-8"))
    per_file: dict[str, Any] = {}
    misses: list[dict[str, Any]] = []
    fps: list[dict[str, Any]] = []
    errors: list[dict[str, Any]] = []
    for entry in data["files"]:
        path = _resolve(entry["file"], gold_path, root_dir)
        try:
            preds = list(extract(path))
        except Exception as exc:  # a crash on one file is reported, not fatal
            errors.append({"file": entry["file"], "error": f"{type(exc).__name__}: {exc}"})
            preds = []
        res = score_file(entry["citations"], preds, dedupe=dedupe)
        meta = {g: entry[g] for g in GROUPS if entry.get(g)}
        if meta:
            res["meta"] = meta
        per_file[entry["file"]] = res
        misses += [{"file": entry["file"], **m} for m in res["misses"]]
        fps += [{"file": entry["file"], **f} for f in res["false_positives"]]
    overall = _aggregate(per_file.values())
    del overall["files"]
    return {
        "gold": str(gold_path),
        "overall": overall,
        "by": breakdown(per_file),
        "files": per_file,
        "misses": misses,
        "false_positives": fps,
        "errors": errors,
    }


# ---------------------------------------------------------------- wiring to the pipeline


def _to_plain(obj: Any) -> Any:
    for meth in ("to_json", "to_dict", "as_dict", "model_dump"):
        fn = getattr(obj, meth, None)
        if callable(fn):
            out = fn()
            return json.loads(out) if isinstance(out, str) else out
    if hasattr(obj, "__dataclass_fields__"):
        import dataclasses

        return dataclasses.asdict(obj)
    return obj


_IMPORT_ERROR: list[str] = []


def pipeline_extract() -> Extract | None:
    """``extract`` built on ``graph.pipeline.extract_file``; None when it is not importable.

    The Extraction is turned into the JSON contract (``graph.jsonout.extraction_to_dict``) when
    available: its ``citations`` (one per distinct cited document, including documents cited by
    name only when the name, a date or a year identifies them) are the predictions.
    """
    sys.path.insert(0, str(REPO))
    try:
        from graph.pipeline import extract_file  # type: ignore[import-not-found]
    except Exception as exc:
        _IMPORT_ERROR.append(f"{type(exc).__name__}: {exc}")
        return None
    try:
        from graph.jsonout import extraction_to_dict  # type: ignore[import-not-found]
    except Exception:
        extraction_to_dict = _to_plain

    def extract(path: Path) -> list[dict[str, Any]]:
        result = extraction_to_dict(extract_file(path))
        if not isinstance(result, Mapping):
            result = {"citations": getattr(result, "citations", [])}
        preds = [_as_dict(_to_plain(c)) for c in result.get("citations", [])]
        return preds

    return extract


def _fmt(x: float | None) -> str:
    return "  n/a" if x is None else f"{x:5.3f}"


def print_report(report: Mapping[str, Any], quiet: bool = False, out: Any = None) -> None:
    out = out or sys.stdout
    print(f"== {report['gold']}", file=out)
    print(f"{'file':58} {'gold':>4} {'pred':>4} {'P':>5} {'R':>5} {'F1':>5}", file=out)
    for name, r in report["files"].items():
        short = name if len(name) <= 58 else "…" + name[-57:]
        print(
            f"{short:58} {r['required']:4d} {r['predicted']:4d} {_fmt(r['precision'])} "
            f"{_fmt(r['recall'])} {_fmt(r['f1'])}",
            file=out,
        )
    o = report["overall"]
    print(
        f"OVERALL  required={o['required']} predicted={o['predicted']} matched={o['matched']}  "
        f"P={_fmt(o['precision'])} R={_fmt(o['recall'])} F1={_fmt(o['f1'])}",
        file=out,
    )
    print(
        "         "
        + "  ".join(
            f"{a}={_fmt(o[f'{a}_accuracy'])} (n={o['attributes'][a]['total']})" for a in ATTRS
        ),
        file=out,
    )
    print_breakdown(report.get("by", {}), out=out)
    if report["errors"]:
        print(f"ERRORS ({len(report['errors'])}):", file=out)
        for e in report["errors"]:
            print(f"  {e['file']}: {e['error']}", file=out)
    if quiet:
        return
    print(f"MISSES ({len(report['misses'])}):", file=out)
    for m in report["misses"]:
        print(
            f"  {Path(m['file']).name}: {m.get('key') or m.get('name')}"
            f"  « {' '.join(m.get('evidence', '').split())[:80]} »",
            file=out,
        )
    print(f"FALSE POSITIVES ({len(report['false_positives'])}):", file=out)
    for f in report["false_positives"]:
        print(f"  {Path(f['file']).name}: {f.get('key') or f.get('name')}", file=out)


def print_breakdown(by: Mapping[str, Mapping[str, Any]], out: Any = None) -> None:
    """One table per grouping: files, required, predicted, then recall, precision and fields."""
    out = out or sys.stdout
    for field, groups in by.items():
        print(f"BY {field.upper()}", file=out)
        print(
            f"  {'':28} {'files':>5} {'req':>4} {'pred':>4} {'R':>5} {'P':>5} "
            f"{'date':>5} {'issuer':>6} {'rel':>5}",
            file=out,
        )
        for name, g in groups.items():
            short = name if len(name) <= 28 else name[:27] + "…"
            print(
                f"  {short:28} {g['files']:5d} {g['required']:4d} {g['predicted']:4d} "
                f"{_fmt(g['recall'])} {_fmt(g['precision'])} {_fmt(g['date_accuracy'])} "
                f" {_fmt(g['issuer_accuracy'])} {_fmt(g['relation_accuracy'])}",
                file=out,
            )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Score the citation extractor against gold sets.")
    ap.add_argument("gold", nargs="+", type=Path, help="gold JSON files (tests/data/gold/*.json)")
    ap.add_argument("--json", type=Path, help="also write the full report(s) as JSON here")
    ap.add_argument(
        "--quiet", action="store_true", help="only the scores, no miss / false-positive lists"
    )
    ap.add_argument(
        "--no-dedupe", action="store_true", help="count repeated keys as false positives"
    )
    args = ap.parse_args(argv)
    extract = pipeline_extract()
    if extract is None:
        why = _IMPORT_ERROR[-1] if _IMPORT_ERROR else "unknown error"
        print(
            f"graph.pipeline.extract_file is not importable yet ({why}): nothing to evaluate.\n"
            "Run from the repository root with the package installed (pip install -e .), "
            "or call bench.eval_citations.evaluate(gold, extract) with your own extractor.",
            file=sys.stderr,
        )
        return 2
    reports = [evaluate(g, extract, dedupe=not args.no_dedupe) for g in args.gold]
    for r in reports:
        print_report(r, quiet=args.quiet)
    if args.json:
        args.json.write_text(
            json.dumps(reports, ensure_ascii=False, indent=1, default=str), encoding="utf-8"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
