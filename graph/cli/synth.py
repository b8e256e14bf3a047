"""``vbkg synth``: write a synthetic corpus of CCHC plans with its truth (graph.synth)."""

from __future__ import annotations

from pathlib import Path

import click

from graph.cli.group import cli, lang_option
from graph.messages import t
from graph.synth_model import Params
from graph.synth_text import TOPICS

# the options' defaults are the parameters' own (one truth: graph.synth_model.Params)
_DEFAULT = Params()


@cli.command()
@click.argument("out", type=click.Path(path_type=Path))
@click.option(
    "--provinces",
    type=click.IntRange(min=1),
    default=_DEFAULT.provinces,
    show_default=True,
    help="Provinces, each with its own plans.",
)
@click.option(
    "--districts-per-province",
    type=click.IntRange(min=0),
    default=_DEFAULT.districts_per_province,
    show_default=True,
    help="Districts of each province (before 1 July 2025).",
)
@click.option(
    "--communes-per-district",
    type=click.IntRange(min=0),
    default=_DEFAULT.communes_per_district,
    show_default=True,
    help="Communes of each district.",
)
@click.option(
    "--years",
    type=click.IntRange(min=1),
    default=_DEFAULT.years,
    show_default=True,
    help="Years of plans and reports.",
)
@click.option(
    "--topics",
    type=click.IntRange(1, len(TOPICS)),
    default=_DEFAULT.topics,
    show_default=True,
    help="Province plans per year, each on another topic (the first: CCHC).",
)
@click.option(
    "--seed",
    type=int,
    default=_DEFAULT.seed,
    show_default=True,
    help="Seed of the random choices: the same seed writes the same corpus.",
)
@click.option(
    "--late-rate",
    type=click.FloatRange(0, 1),
    default=_DEFAULT.late_rate,
    show_default=True,
    help="Share of the lower plans issued after their deadline.",
)
@click.option(
    "--missing-rate",
    type=click.FloatRange(0, 1),
    default=_DEFAULT.missing_rate,
    show_default=True,
    help="Share of the lower plans never issued.",
)
@click.option(
    "--ocr-rate",
    type=click.FloatRange(0, 1),
    default=_DEFAULT.ocr_rate,
    show_default=True,
    help="Share of the documents written as OCR text without diacritics.",
)
@lang_option
def synth(
    out: Path,
    provinces: int,
    districts_per_province: int,
    communes_per_district: int,
    years: int,
    topics: int,
    seed: int,
    late_rate: float,
    missing_rate: float,
    ocr_rate: float,
    lang: str,
) -> None:
    """Write a synthetic corpus (real unit names and codes) and its truth.json to OUT."""
    from graph.synth import generate

    params = Params(
        provinces=provinces,
        districts_per_province=districts_per_province,
        communes_per_district=communes_per_district,
        years=years,
        seed=seed,
        late_rate=late_rate,
        missing_rate=missing_rate,
        ocr_rate=ocr_rate,
        topics=topics,
    )
    truth = generate(out, params)
    click.echo(
        t("summary.synth", lang, documents=len(truth["documents"]), bytes=truth["bytes"],
          plans=len(truth["plans"]), out=out)
    )  # fmt: skip
