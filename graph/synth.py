"""A synthetic corpus of administrative-reform (CCHC) plans for a whole country, with its truth.

Public verb: :func:`generate`. The documents copy the structure and sentences of the seeds in
``data/examples``: each province issues, every year, a plan implementing Nghị quyết
76/NQ-CP and its five-year plan, with targets per reform area (section II) and a duty for
every district to issue its own plan "chậm nhất ngày …" (section III); each district plan
cites the province plan of the year with "Thực hiện Kế hoạch số …/KH-UBND ngày … của UBND
tỉnh …"; some districts are late, some never issue theirs, some plans are OCR output without
diacritics (as seed 002); communes cite their district's plan the same way. With
``Params.topics`` > 1 the province also issues, every year, plans on other topics
(:data:`graph.synth_text.TOPICS`: chuyển đổi số, phổ biến giáo dục pháp luật, … based on
Nghị định 45/2020/NĐ-CP), each implemented by every district and commune in the same way:
a country of 100,000 documents. Unit names and codes are the real ones (:mod:`graph.units`,
``vietnamadminunits``) so resolution works. The records and counts are in
:mod:`graph.synth_model`.

``truth.json`` next to the texts records, per document, the identity it must get (key, IRI)
and the citations it must yield (IRI, key, relation), and per plan which units had to
implement it, which did (document IRIs), which missed it and which were late, so benchmarks
check correctness as well as speed.
"""

from __future__ import annotations

import json
import random
from dataclasses import asdict
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from graph import ids, units
from graph.synth_model import (
    FIRST_YEAR,
    DocTruth,
    Params,
    PlanTruth,
    _communes,
    _districts,
    _provinces,
    count_for,
    expected_documents,
)
from graph.synth_text import (
    AREAS,
    BODY_PURPOSE,
    BODY_REQUIREMENT,
    DECREE_45,
    DECREE_61,
    DUTY,
    RESOLUTION_76,
    SIGNERS,
    TOPICS,
    _d,
    _long,
    _ocr,
)

TRUTH_FILE = "truth.json"


class _Writer:
    def __init__(self, out: Path, p: Params, base: str) -> None:
        self.out = out
        self.p = p
        self.base = base
        self.rng = random.Random(p.seed)
        self.docs: list[DocTruth] = []
        self.plans: list[PlanTruth] = []
        self.bytes = 0

    def write(self, rel: str, text: str) -> None:
        path = self.out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        data = text.encode("utf-8")
        path.write_bytes(data)
        self.bytes += len(data)

    def iri(self, juris: str, agent: str, doc_type: str, year: int, number: str) -> str:
        return ids.document_iri(
            jurisdiction=juris,
            agent=agent,
            doc_type=doc_type,
            year=year,
            number=number,
            base=self.base,
        )

    def signature(self, authority: str) -> str:
        signer = SIGNERS[self.rng.randrange(len(SIGNERS))]
        return f"{authority}\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\n\n\n{signer}"

    # ------------------------------------------------------------------ central

    def central(self) -> None:
        for number, sym, agent, dt, when, title in (RESOLUTION_76, DECREE_61, DECREE_45):
            word = {"NQ": "NGHỊ QUYẾT", "NĐ": "NGHỊ ĐỊNH"}[dt]
            key = f"{number}/{sym}"
            text = (
                f"\n\nSố: {key}\n\nHà Nội, {_long(when)}\n\n{word}\n{title[0].upper()}{title[1:]}"
                "\n\nCHÍNH PHỦ\n\n"
                "I. QUAN ĐIỂM, MỤC TIÊU\n\n" + BODY_PURPOSE + "\n\nII. TỔ CHỨC THỰC HIỆN\n\n"
                "Các Bộ, cơ quan ngang Bộ, Ủy ban nhân dân các tỉnh, thành phố trực thuộc "
                "Trung ương chịu trách nhiệm thi hành Nghị quyết này./.\n\n"
                "Nơi nhận:\n- Các Bộ, cơ quan ngang Bộ;\n- Lưu: VT.\n\n"
                "TM. CHÍNH PHỦ\nTHỦ TƯỚNG\n\n\n\nNguyễn Văn An"
            )
            rel = f"central/{dt.replace('Đ', 'D').lower()}_{number}.txt"
            self.write(rel, text)
            year = when.year
            self.docs.append(
                DocTruth(
                    rel,
                    "central",
                    "central",
                    None,
                    key,
                    self.iri("vn", agent, dt, year, number),
                    when.isoformat(),
                )
            )

    # ------------------------------------------------------------------ province

    def province(self, prov: units.Unit, districts: list[units.Unit]) -> None:
        rng = self.rng
        pj = f"vn-{prov.code}"
        pname = prov.short_name
        word = "thành phố" if prov.kind.startswith("thành phố") else "tỉnh"
        iri76 = self.iri("vn", "cp", "NQ", RESOLUTION_76[4].year, RESOLUTION_76[0])
        # five-year plan, issued at the end of 2020
        n5 = str(rng.randint(200, 290))
        d5 = date(2020, 12, rng.randint(20, 30))
        t5 = f"cải cách hành chính {word} {pname} giai đoạn 2021-2025"
        iri5 = self.iri(pj, "ubnd", "KH", 2020, n5)
        rel5 = f"p{prov.code}/kh_{n5}_2020.txt"
        self.write(
            rel5,
            self.plan_text(
                number=n5,
                place=pname,
                when=d5,
                title=t5[0].upper() + t5[1:],
                lead=(
                    f"Căn cứ Nghị định số {DECREE_61[0]}/{DECREE_61[1]} ngày {_d(DECREE_61[4])} "
                    f"của Chính phủ về {DECREE_61[5]}; UBND {word} ban hành Kế hoạch CCHC "
                    f"giai đoạn 2021-2025 như sau:"
                ),
                issuer=f"UBND {word}",
                duties="",
                authority="TM. ỦY BAN NHÂN DÂN",
            ),
        )
        iri61 = self.iri("vn", "cp", "NĐ", 2018, DECREE_61[0])
        self.docs.append(
            DocTruth(
                rel5,
                "province_5y",
                "province",
                prov.code,
                f"{n5}/KH-UBND",
                iri5,
                d5.isoformat(),
                citations=[
                    {"iri": iri61, "key": f"{DECREE_61[0]}/{DECREE_61[1]}", "relation": "based_on"}
                ],
            )
        )
        first = min(FIRST_YEAR, 2025 - self.p.years + 1)  # districts end on 30 June 2025
        for y in range(first, first + self.p.years):
            for k in range(self.p.topics):
                self.province_plan(prov, districts, y, k, (iri76, n5, d5, t5))

    def province_plan(
        self,
        prov: units.Unit,
        districts: list[units.Unit],
        y: int,
        k: int,
        five_year: tuple[str, str, date, str],
    ) -> None:
        """The province's plan of year ``y`` on topic ``k`` (:data:`TOPICS`), and its
        districts' plans: numbers 30k+1 … 30k+30, so the topics of a year never share one."""
        rng = self.rng
        iri5y_76, n5, d5, t5 = five_year
        pj, pname = f"vn-{prov.code}", prov.short_name
        word = "thành phố" if prov.kind.startswith("thành phố") else "tỉnh"
        topic, abbr = TOPICS[k]
        number = str(30 * k + rng.randint(1, 30))
        when = date(y, 1, rng.randint(3, 12))
        deadline = when + timedelta(days=25)
        title = f"{topic[0].upper()}{topic[1:]} {word} {pname} năm {y}"
        if k == 0:
            n76, s76, _, _, d76, t76 = RESOLUTION_76
            lead = (
                f"Thực hiện Nghị quyết số {n76}/{s76} ngày {_d(d76)} của Chính phủ về việc "
                f"{t76}; Kế hoạch số {n5}/KH-UBND ngày {_d(d5)} của UBND {word} về {t5}, "
                f"UBND {word} ban hành Kế hoạch cải cách hành chính (CCHC) năm {y} như sau:"
            )
            iri5 = self.iri(pj, "ubnd", "KH", 2020, n5)
            cited = [
                {"iri": iri5y_76, "key": f"{n76}/{s76}", "relation": "implements"},
                {"iri": iri5, "key": f"{n5}/KH-UBND", "relation": "implements"},
            ]
        else:
            n45, s45, _, _, d45, t45 = DECREE_45
            lead = (
                f"Căn cứ Nghị định số {n45}/{s45} ngày {_d(d45)} của Chính phủ về {t45}; "
                f"UBND {word} ban hành Kế hoạch {topic} ({abbr}) năm {y} như sau:"
            )
            iri45 = self.iri("vn", "cp", "NĐ", 2020, n45)
            cited = [{"iri": iri45, "key": f"{n45}/{s45}", "relation": "based_on"}]
        duties = (
            "1. Các sở, ban, ngành\n\n" + DUTY + "\n\n"
            f"2. UBND các huyện, thành phố\n\n- Xây dựng, ban hành Kế hoạch {abbr} năm {y} "
            f"của địa phương, gửi về Sở Nội vụ chậm nhất {_long(deadline)}.\n\n" + DUTY
        )
        rel = f"p{prov.code}/{y}/kh_{number}_{y}.txt"
        self.write(
            rel,
            self.plan_text(
                number=number,
                place=pname,
                when=when,
                title=title,
                lead=lead,
                issuer=f"UBND {word}",
                duties=duties,
                authority="TM. ỦY BAN NHÂN DÂN",
            ),
        )
        key = f"{number}/KH-UBND"
        iri = self.iri(pj, "ubnd", "KH", y, number)
        self.docs.append(
            DocTruth(
                rel,
                "province_plan",
                "province",
                prov.code,
                key,
                iri,
                when.isoformat(),
                citations=cited,
            )
        )
        plan = PlanTruth(
            iri,
            key,
            "province",
            prov.code,
            y,
            deadline.isoformat(),
            [d.code for d in districts],
            [],
            [],
            [],
        )
        self.plans.append(plan)
        cite = (
            f"Kế hoạch số {number}/KH-UBND ngày {_d(when)} của UBND {word} về "
            f"{topic} {word} {pname} năm {y}"
        )
        for dist in districts:
            self.district(prov, dist, y, k, plan, cite, when, deadline)

    def plan_text(
        self,
        *,
        number: str | None,
        place: str,
        when: date,
        title: str,
        lead: str,
        issuer: str,
        duties: str,
        authority: str,
    ) -> str:
        rng = self.rng
        areas = []
        for k, (area, target) in enumerate(AREAS, start=1):
            areas.append(
                f"{k + 1}. {area}\n\na) Chỉ tiêu\n\n- "
                + target.format(p=rng.choice((80, 85, 90, 95, 98)))
                + "\n\nb) Nhiệm vụ, giải pháp\n\n"
                + DUTY
            )
        head = f"\n\nSố: {number or ''}/KH-UBND\n\n{place}, {_long(when)}\n\nKẾ HOẠCH\n{title}\n\n"
        return (
            head
            + lead
            + "\n\nI. MỤC ĐÍCH, YÊU CẦU\n\n1. Mục đích\n\n"
            + BODY_PURPOSE
            + "\n\n2. Yêu cầu\n\n"
            + BODY_REQUIREMENT
            + "\n\nII. NHIỆM VỤ, GIẢI PHÁP\n\n"
            + "1. Công tác chỉ đạo, điều hành\n\n"
            + DUTY
            + "\n\n"
            + "\n\n".join(areas)
            + "\n\nIII. TỔ CHỨC THỰC HIỆN\n\n"
            + (duties or DUTY)
            + f"\n\nTrên đây là Kế hoạch {title[0].lower()}{title[1:]}, {issuer} yêu cầu "
            "Thủ trưởng các cơ quan, đơn vị nghiêm túc triển khai./.\n\n"
            "Nơi nhận:\n\n- Sở Nội vụ;\n- Lưu: VT.\n\n" + self.signature(authority)
        )

    # ------------------------------------------------------------------ district, commune

    def _outcome(self, deadline: date, after: date) -> tuple[date | None, bool]:
        """(issue date or None when missed, late)."""
        r = self.rng.random()
        if r < self.p.missing_rate:
            return None, False
        if r < self.p.missing_rate + self.p.late_rate:
            return deadline + timedelta(days=self.rng.randint(3, 60)), True
        span = max(1, (deadline - after).days)
        return after + timedelta(days=self.rng.randint(1, span)), False

    def district(
        self,
        prov: units.Unit,
        dist: units.Unit,
        y: int,
        k: int,
        plan: PlanTruth,
        cite: str,
        after: date,
        deadline: date,
    ) -> None:
        rng = self.rng
        when, late = self._outcome(deadline, after)
        if when is None:
            plan.missed.append(dist.code)
            return
        dj = dist.jurisdiction
        kind = dist.kind or "huyện"
        topic, abbr = TOPICS[k]
        number = str(200 * k + rng.randint(1, 99))  # commune numbers: 200k+100 … 200k+160
        title = f"{topic[0].upper()}{topic[1:]} {kind} {dist.short_name} năm {y}"
        ddl = when + timedelta(days=20)
        communes = (
            _communes(dist.code)[: self.p.communes_per_district]
            if self.p.communes_per_district
            else []
        )
        duties = (
            "1. Các cơ quan, đơn vị thuộc UBND huyện\n\n" + DUTY + "\n\n"
            f"2. UBND các xã, thị trấn\n\n- Xây dựng, ban hành Kế hoạch {abbr} năm {y}, gửi về "
            f"Phòng Nội vụ chậm nhất {_long(ddl)}.\n\n" + DUTY
        )
        text = self.plan_text(
            number=number,
            place=dist.short_name,
            when=when,
            title=title,
            lead=(
                f"Thực hiện {cite}, để tiếp tục thực hiện có hiệu quả công tác {topic} "
                f"({abbr}), UBND {kind} ban hành Kế hoạch {abbr} năm {y} như sau:"
            ),
            issuer=f"UBND {kind}",
            duties=duties,
            authority="TM. ỦY BAN NHÂN DÂN",
        )
        ocr = rng.random() < self.p.ocr_rate
        if ocr:
            text = _ocr(text, rng)
        rel = f"p{prov.code}/{y}/d{dist.code}_kh_{number}.txt"
        self.write(rel, text)
        key = f"{number}/KH-UBND"
        iri = self.iri(dj, "ubnd", "KH", y, number)
        self.docs.append(
            DocTruth(
                rel,
                "district_plan",
                "district",
                dist.code,
                key,
                iri,
                when.isoformat(),
                ocr=ocr,
                late=late,
                citations=[{"iri": plan.iri, "key": plan.key, "relation": "implements"}],
            )
        )
        plan.implementers.append(iri)
        if late:
            plan.late.append(dist.code)
        if not communes:
            return
        dplan = PlanTruth(
            iri,
            key,
            "district",
            dist.code,
            y,
            ddl.isoformat(),
            [c[0] for c in communes],
            [],
            [],
            [],
        )
        self.plans.append(dplan)
        dcite = (
            f"Kế hoạch số {number}/KH-UBND ngày {_d(when)} của UBND {kind} "
            f"{dist.short_name} về "
            f"{topic} {kind} {dist.short_name} năm {y}"
        )
        for code, full, short in communes:
            cwhen, clate = self._outcome(ddl, when)
            if cwhen is None:
                dplan.missed.append(code)
                continue
            ckind = full[: len(full) - len(short)].strip().lower() or "xã"
            cnum = str(200 * k + rng.randint(100, 160))  # never a district plan's number
            ctitle = f"{topic[0].upper()}{topic[1:]} {ckind} {short} năm {y}"
            ctext = self.plan_text(
                number=cnum,
                place=short,
                when=cwhen,
                title=ctitle,
                lead=f"Thực hiện {dcite}, UBND {ckind} ban hành Kế hoạch {abbr} năm {y} như sau:",
                issuer=f"UBND {ckind}",
                duties="",
                authority="TM. ỦY BAN NHÂN DÂN",
            )
            crel = f"p{prov.code}/{y}/d{dist.code}/c{code}_kh_{cnum}.txt"
            self.write(crel, ctext)
            # communes are not in graph.units: their own identity is not asserted
            self.docs.append(
                DocTruth(
                    crel,
                    "commune_plan",
                    "commune",
                    code,
                    f"{cnum}/KH-UBND",
                    None,
                    cwhen.isoformat(),
                    late=clate,
                    citations=[{"iri": iri, "key": key, "relation": "implements"}],
                )
            )
            dplan.implementers.append(crel)
            if clate:
                dplan.late.append(code)


def generate(out: str | Path, params: Params, *, base: str = ids.DEFAULT_BASE) -> dict[str, Any]:
    """Write the corpus and ``truth.json`` under ``out``; returns the truth."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    w = _Writer(out, params, base)
    w.central()
    for prov in _provinces(params.provinces):
        w.province(prov, _districts(prov, params.districts_per_province))
    truth: dict[str, Any] = {
        "params": asdict(params),
        "base": base,
        "documents": [asdict(d) for d in w.docs],
        "plans": [asdict(p) for p in w.plans],
        "bytes": w.bytes,
    }
    (out / TRUTH_FILE).write_text(
        json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    return truth


def load_truth(root: str | Path) -> dict[str, Any]:
    data = json.loads((Path(root) / TRUTH_FILE).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


__all__ = [
    "TRUTH_FILE",
    "DocTruth",
    "Params",
    "PlanTruth",
    "count_for",
    "expected_documents",
    "generate",
    "load_truth",
]
