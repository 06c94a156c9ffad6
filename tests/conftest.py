"""Shared fixtures: scenarios loaded once, and a private home folder for saves and settings."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

from game.scenario import load_scenario  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "scenarios" / "mini.yaml"
SHIPPED = sorted((ROOT / "scenarios").glob("*.yaml"))


@pytest.fixture(autouse=True)
def _private_home(tmp_path_factory, monkeypatch):
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("GREATGAME_HOME", str(home))
    return home


@pytest.fixture(scope="session")
def mini():
    return load_scenario(MINI)


@pytest.fixture(scope="session")
def busan():
    path = ROOT / "scenarios" / "busan_pause.yaml"
    if not path.exists():
        pytest.skip("scenarios/busan_pause.yaml is not there yet")
    return load_scenario(path)
