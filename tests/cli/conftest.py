"""The command line's binders: an empty one's path, and a copy of a demo binder made once per
module (each module says how many clients in its `_demo_template`)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest


def demo_template(tmp_path_factory: pytest.TempPathFactory, clients: int) -> Path:
    """A demo binder of `clients` clients of seed 3, made through the CLI once."""
    from tests.cli.test_cli import run_cli

    path = tmp_path_factory.mktemp("demo") / "demo.rbinder"
    assert run_cli(path, "demo", "--clients", str(clients), "--seed", "3").code == 0
    return path


@pytest.fixture
def demo(tmp_path: Path, _demo_template: Path) -> Path:
    path = tmp_path / "demo.rbinder"
    shutil.copyfile(_demo_template, path)
    return path


@pytest.fixture
def binder(tmp_path: Path) -> Path:
    return tmp_path / "binder.rbinder"
