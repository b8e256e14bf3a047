"""A reader process for the concurrency test: ``python reader_loop.py STORE SECONDS``.

Until SECONDS have passed, alternately opens the store read-only (``Store.open``) and runs
``vbkg query`` (through click's runner, without the start-up cost of a new process),
printing one JSON line per read: the store's state, or the error.
"""

from __future__ import annotations

import json
import sys
import time
import traceback
from pathlib import Path

from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parent))

from storecheck import state

from graph.cli import cli
from graph.store import Store, StoreError

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def main() -> None:
    store_dir, seconds = Path(sys.argv[1]), float(sys.argv[2])
    deadline = time.monotonic() + seconds
    i = 0
    while time.monotonic() < deadline:
        i += 1
        record: dict[str, object] = {"i": i, "t": time.monotonic()}
        try:
            if i % 2:
                store = Store.open(store_dir, read_only=True)
                record.update(state(store), kind="store", snapshot=store.snapshot)
                store.close()
            else:
                result = CliRunner().invoke(
                    cli, ["query", COUNT, "--store", str(store_dir), "--format", "json"]
                )
                if result.exit_code and "Chưa có kho dữ liệu" in result.output:
                    record.update(kind="cli", not_yet=result.output)  # before the first open
                elif result.exit_code:
                    record.update(kind="cli", error=result.output)
                else:
                    record.update(kind="cli", total=int(json.loads(result.stdout)[0]["n"]))
        except StoreError as exc:  # no store yet: only allowed before the writer's first open
            record.update(kind="store", not_yet=exc.en)
        except Exception:
            record.update(error=traceback.format_exc())
        print(json.dumps(record), flush=True)
        time.sleep(0.05)


if __name__ == "__main__":
    main()
