"""``vbkg synth``: write a synthetic corpus of CCHC plans with its truth (graph.synth)."""

from __future__ import annotations

from pathlib import Path

import click

from graph.cli.group import cli


@cli.command()
@click.argument("out", type=click.Path(path_type=Path))
@click.option("--provinces", type=click.IntRange(min=1), default=1, show_default=True)
@click.option("--districts-per-province", type=click.IntRange(min=0), default=3, show_default=True)
@click.option("--communes-per-district", type=click.IntRange(min=0), default=0, show_default=True)
@click.option("--years", type=click.IntRange(min=1), default=1, show_default=True)
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--late-rate", type=click.FloatRange(0, 1), default=0.2, show_default=True)
@click.option("--missing-rate", type=click.FloatRange(0, 1), default=0.1, show_default=True)
@click.option("--ocr-rate", type=click.FloatRange(0, 1), default=0.1, show_default=True)
def synth(
    out: Path,
    provinces: int,
    districts_per_province: int,
    communes_per_district: int,
    years: int,
    seed: int,
    late_rate: float,
    missing_rate: float,
    ocr_rate: float,
) -> None:
    """Write a synthetic corpus (real unit names and codes) and its truth.json to OUT."""
    from graph.synth import Params, generate

    truth = generate(
        out,
        Params(
            provinces,
            districts_per_province,
            communes_per_district,
            years,
            seed,
            late_rate,
            missing_rate,
            ocr_rate,
        ),
    )
    click.echo(
        f"{len(truth['documents'])} documents, {truth['bytes']} bytes, "
        f"{len(truth['plans'])} plans → {out}"
    )
