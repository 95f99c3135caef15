"""Two identical runs give identical bytes, whatever Python's string hashing does (issue: the order of
evidence and messages followed set iteration, so a service with two identity providers read differently
from run to run). Each run is a fresh process with its own PYTHONHASHSEED."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from compliance_builder import ServiceModel
from conftest import ROOT

from exporters import write_model


def run_ea(seed: int, *args: str) -> bytes:
    env = {**os.environ, "PYTHONHASHSEED": str(seed)}
    result = subprocess.run([sys.executable, "-m", "cli", *args], cwd=ROOT, env=env, capture_output=True, check=False)
    assert result.returncode in (0, 1), result.stderr.decode()
    return result.stdout


def two_identity_providers(path: Path) -> Path:
    b = ServiceModel()
    service = b.service("Permit", fee_thb=0, required_documents="none", produced_data="none")
    b.owner(service)
    process = b.process(service)
    channel = b.channel(service, "web")
    b.serve("thaid", process)
    b.serve("dga-digital-id", channel)
    b.serve("ndid", service)
    write_model(b.model, path)
    return path


def test_check_json_is_the_same_bytes_on_every_run(tmp_path):
    model = str(two_identity_providers(tmp_path / "idps.xml"))
    runs = {run_ea(seed, "check", model, "--format", "json", "--fail-on", "never") for seed in (1, 2, 3)}
    assert len(runs) == 1
    assert b"ThaID" in next(iter(runs))


def test_bundled_check_and_review_pack_are_the_same_bytes_on_every_run(tmp_path):
    checks = {run_ea(seed, "check", "--format", "json", "--fail-on", "never") for seed in (1, 2)}
    assert len(checks) == 1
    packs = []
    for seed in (1, 2):
        out = tmp_path / f"review-{seed}"
        run_ea(seed, "review", "--out", str(out), "--format", "json")
        packs.append({p.relative_to(out): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()})
    assert packs[0].keys() == packs[1].keys() and len(packs[0]) > 10
    differing = [str(name) for name in packs[0] if packs[0][name] != packs[1][name]]
    assert differing == []
