"""``vbkg remove``: drop documents from the store by their files (gone or not)."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

import click

from graph.cli.group import EXIT_ERROR, EXIT_OK, cli, echo_error, lang_option, store_option
from graph.messages import t


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@store_option
@click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="The root the build named the files by (vbkg build --root).",
)
@lang_option
def remove(paths: Sequence[Path], store_path: str, root: Path | None, lang: str) -> None:
    """Remove the documents of PATHS (files, or every file in a folder) from the store, also
    when the files are gone."""
    from graph.ingest import sources_under
    from graph.store import StoreError, open_store
    from parsers.load import printable

    try:
        store = open_store(store_path)
    except StoreError as exc:
        echo_error(f"{t('error.store', lang)} {store_path}: {exc.message(lang)}")
        sys.exit(EXIT_ERROR)
    code = EXIT_OK
    try:
        for path in paths:
            found = sources_under(store, [path], root)
            if not found:
                echo_error(f"{printable(str(path))}: {t('error.not_in_store', lang)}")
                code = EXIT_ERROR
            for src in found:
                store.remove_source(src)
                click.echo(f"{t('summary.removed', lang)}: {printable(src)}")
    finally:
        store.close()
    sys.exit(code)
