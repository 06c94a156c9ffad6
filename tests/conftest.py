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
    """The default scenario; it ships with the game, so a missing file fails every test that uses it."""
    path = ROOT / "scenarios" / "busan_pause.yaml"
    assert path.is_file(), f"{path} is missing: the default scenario ships with the game"
    return load_scenario(path)


def edited(game, change):
    """The same game from its position as written out, after `change(data)` edits the data: how a
    test sets up a situation (a value, an offer, a rung) without reaching into the engine."""
    from game.engine import Game

    data = game.position.to_dict()
    change(data)
    return Game.from_position(game.scenario, data, game.humans, game.difficulty.name, seed=game.seed,
                              policies=game.policies)


def with_values(game, state, **values):
    """The same game with some of `state`'s indicators set (None: world indicators)."""
    def change(data):
        (data["world"] if state is None else data["values"][state]).update(values)
    return edited(game, change)


def random_orders(game, state, rng):
    """Random legal orders for `state`, drawn from `rng` (the random player's)."""
    from game.engine import RandomPlayer

    return game.suggest(state, RandomPlayer(), rng)
