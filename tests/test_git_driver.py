"""ea as git's diff and merge driver, with real git in temporary repositories."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from catalog import bundled_model_path
from ea_model import Relationship
from exporters import read_model, write_model

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

EA = [sys.executable, "-m", "cli"]
ROOT = Path(__file__).resolve().parent.parent


def _env() -> dict:
    env = dict(os.environ)
    env.update(
        GIT_AUTHOR_NAME="Ea Test",
        GIT_AUTHOR_EMAIL="ea@example.org",
        GIT_COMMITTER_NAME="Ea Test",
        GIT_COMMITTER_EMAIL="ea@example.org",
        GIT_CONFIG_NOSYSTEM="1",
        HOME=os.environ.get("HOME", "/tmp"),
        PYTHONPATH=str(ROOT),
    )
    return env


def git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=repo, env=_env(), capture_output=True, text=True, check=check)


def ea(repo: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*EA, *args], cwd=repo, env=_env(), capture_output=True, text=True)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    git(tmp_path, "init", "-q", "-b", "main")
    shutil.copy(bundled_model_path(), tmp_path / "model.xml")
    (tmp_path / "notes.xml").write_text("<notes/>\n")
    done = ea(tmp_path, "git", "install")
    assert done.returncode == 0, done.stderr
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "base")
    return tmp_path


def edit(repo: Path, change) -> None:
    model = read_model(repo / "model.xml")
    change(model)
    write_model(model, repo / "model.xml")


def test_install_is_idempotent_and_uninstalls(repo: Path) -> None:
    attributes = (repo / ".gitattributes").read_text()
    assert "/model.xml diff=ea merge=ea" in attributes and "*.archimate diff=ea merge=ea" in attributes
    assert "notes.xml" not in attributes  # not an ArchiMate model
    assert ea(repo, "git", "install").returncode == 0
    assert (repo / ".gitattributes").read_text() == attributes
    assert "git-diff" in git(repo, "config", "diff.ea.command").stdout
    assert ea(repo, "git", "install", "--uninstall").returncode == 0
    assert "ea" not in (repo / ".gitattributes").read_text()
    assert git(repo, "config", "merge.ea.driver", check=False).returncode != 0


def test_git_diff_uses_ea(repo: Path) -> None:
    edit(repo, lambda m: m.element("id-actor-bma-governor").name.update(th="ผู้ว่าราชการกรุงเทพมหานคร (ใหม่)"))
    out = git(repo, "diff").stdout
    assert "ea diff a/model.xml b/model.xml" in out
    assert "name[th]" in out and "(ใหม่)" in out
    git(repo, "commit", "-q", "-am", "thai name")
    assert "name[th]" in git(repo, "log", "-p", "--ext-diff", "-1").stdout


def _thai_name(m):
    m.element("id-svc-bldg-permit").name["th"] = "ขออนุญาตก่อสร้างอาคาร (ฉบับแก้ไข)"


def _new_property(m):
    m.set_property(m.element("id-actor-bma"), "owner", "สำนักยุทธศาสตร์และประเมินผล")


def _move_node(m):
    m.views[0].nodes[0].bounds.x += 40


def _new_relationship(m):
    m.add_relationship(
        Relationship(id="id-rel-merge-test", type="Serving", source="id-svc-bldg-permit", target="id-actor-bma")
    )


def test_disjoint_edits_merge_clean(repo: Path) -> None:
    git(repo, "checkout", "-q", "-b", "theirs")
    edit(repo, lambda m: (_thai_name(m), _move_node(m)))
    git(repo, "commit", "-q", "-am", "theirs")
    git(repo, "checkout", "-q", "main")
    edit(repo, lambda m: (_new_property(m), _new_relationship(m)))
    git(repo, "commit", "-q", "-am", "ours")
    done = git(repo, "merge", "-q", "theirs", "-m", "merge", check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    merged = read_model(repo / "model.xml")
    assert merged.element("id-svc-bldg-permit").name["th"] == "ขออนุญาตก่อสร้างอาคาร (ฉบับแก้ไข)"
    assert merged.property_value(merged.element("id-actor-bma"), "owner") == "สำนักยุทธศาสตร์และประเมินผล"
    base = read_model(bundled_model_path())
    assert merged.views[0].nodes[0].bounds.x == base.views[0].nodes[0].bounds.x + 40
    assert "id-rel-merge-test" in merged
    assert ea(repo, "validate", "--xsd", "model.xml").returncode == 0


def test_same_name_changed_differently_is_a_conflict(repo: Path) -> None:
    git(repo, "checkout", "-q", "-b", "theirs")
    edit(repo, lambda m: m.element("id-actor-bma-governor").name.update(en="Governor (theirs)"))
    git(repo, "commit", "-q", "-am", "theirs")
    git(repo, "checkout", "-q", "main")
    edit(repo, lambda m: m.element("id-actor-bma-governor").name.update(en="Governor (ours)"))
    git(repo, "commit", "-q", "-am", "ours")
    done = git(repo, "merge", "theirs", "-m", "merge", check=False)
    assert done.returncode != 0
    said = done.stdout + done.stderr
    assert "CONFLICT element id-actor-bma-governor" in said and "name[en]" in said
    assert "'Governor (ours)'" in said and "'Governor (theirs)'" in said
    merged = read_model(repo / "model.xml")  # still a valid model, with ours for the field
    assert merged.element("id-actor-bma-governor").name["en"] == "Governor (ours)"
