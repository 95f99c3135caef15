"""One benchmark step of a Python peer of ea, run by scripts/benchmark.py in the peer's own virtual
environment (.venv-peers-<name>, made by scripts/bench_peers.sh), so it imports nothing of ea's.

    .venv-peers-etcion/bin/python scripts/bench_peer_child.py etcion import FILE SCRATCH.xml

Steps, timed with `time.perf_counter` as ea's are in scripts/benchmark.py:
  import   read the exchange file into the peer's model, through its documented reader
  export   read it (untimed), then write the model back as an exchange file (timed)
Prints one JSON line: seconds, peak_rss_mb (VmHWM), import_rss_mb (RSS after the peer's imports,
before any data), detail (what it read or wrote) -- or {"error": "..."} when the peer fails.

The peers' APIs, from their sources:
  pyArchimate 2.0  `Model().read(path)` (reads the text, parses it with lxml, fills elems_dict,
                   rels_dict, views_dict); `Model.write(path)` picks the Open Group exchange writer
                   for a `.xml` path.
  etcion 0.14      `etcion.serialization.xml.read_model(path)` (lxml parse + `deserialize_model`);
                   `write_model(model, path)`.
"""

from __future__ import annotations

import json
import os
import sys
import time
import traceback


def _status_mb(field_name: str) -> float | None:
    try:
        with open("/proc/self/status") as handle:
            for line in handle:
                if line.startswith(field_name + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def _peak_rss_mb() -> float:
    hwm = _status_mb("VmHWM")
    if hwm is not None:
        return hwm
    import resource  # noqa: PLC0415  (not on every platform; only where /proc is missing)

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _pyarchimate():
    from pyArchimate import Model  # noqa: PLC0415  (the peer's venv only)

    def read(path):
        model = Model()
        model.read(path)
        return model

    def counts(model):
        return {
            "elements": len(model.elems_dict),
            "relationships": len(model.rels_dict),
            "views": len(model.views_dict),
        }

    def write(model, path):
        model.write(path)

    return read, counts, write


def _etcion():
    from etcion.serialization.xml import read_model, write_model  # noqa: PLC0415

    def counts(model):
        out = {}
        for attr in ("elements", "relationships", "views"):
            value = getattr(model, attr, None)
            try:
                out[attr] = len(value)
            except TypeError:
                pass
        return out

    return read_model, counts, write_model


PEERS = {"pyarchimate": _pyarchimate, "etcion": _etcion}


def main(argv: list[str]) -> int:
    peer, step, path, scratch = argv
    try:
        read, counts, write = PEERS[peer]()
    except Exception as exc:  # noqa: BLE001  -- reported, not raised: the parent prints why
        print(json.dumps({"error": f"cannot import {peer}: {type(exc).__name__}: {exc}"}))
        return 0
    floor = _peak_rss_mb()
    model = None
    try:
        if step == "import":
            started = time.perf_counter()
            model = read(path)
            seconds = time.perf_counter() - started
            detail = counts(model)
        elif step == "export":
            model = read(path)
            started = time.perf_counter()
            write(model, scratch)
            seconds = time.perf_counter() - started
            detail = {"bytes": os.path.getsize(scratch)}
        else:
            raise ValueError(f"unknown step {step}")
    except BaseException as exc:  # noqa: BLE001  -- SystemExit too: pyArchimate exits on files it refuses
        where = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
        at = f" (at {os.path.basename(where.filename)}:{where.lineno})" if where else ""
        print(json.dumps({"error": f"{type(exc).__name__}: {' '.join(str(exc).split())[:300]}{at}"}))
        return 0
    print(json.dumps({"seconds": seconds, "peak_rss_mb": _peak_rss_mb(), "import_rss_mb": floor, "detail": detail}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
