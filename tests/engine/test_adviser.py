"""The quick adviser (game.engine.policies.Adviser) sees a value chain as one: a plant is worth
what it will process beside the ore already on its way, and the step that opens a plant is worth
what that plant will then earn."""
from __future__ import annotations

import pytest

from game.engine.orders import action_status
from game.engine.policies import action_values
from game.engine.position import Position
from game.engine.rules import Rules
from game.engine.turn import open_turn, start
from game.scenario import load_scenario

from ..conftest import MINI


@pytest.fixture(scope="module")
def chain(tmp_path_factory):
    """The small scenario over twelve turns, with separated oxide worth enough to pay for its plant."""
    path = tmp_path_factory.mktemp("chain") / "chain.yaml"
    text = MINI.read_text(encoding="utf-8")
    assert "capacity: separation, value: 0.08" in text and "  turns: 6\n" in text
    text = text.replace("capacity: separation, value: 0.08", "capacity: separation, value: 3")
    path.write_text(text.replace("  turns: 6\n", "  turns: 12\n"), encoding="utf-8")
    return load_scenario(path)


def _position(r, seed=1, **values) -> Position:
    pos = start(r, seed)
    open_turn(r, pos)
    data = pos.to_dict()
    data["values"]["p"].update(values)
    return Position.from_dict(data)


def _with_ore_coming(pos: Position, amount: float) -> Position:
    """The same position with `amount` kt/yr of mining capacity due next turn (a mine being built)."""
    data = pos.to_dict()
    data["scheduled"].append({"due": pos.turn + 1, "state": "p", "target": "mining", "amount": amount,
                              "cause": {"kind": "action", "id": "mine", "text": "Open a mine"}})
    return Position.from_dict(data)


def test_a_plant_is_worth_more_when_ore_for_it_is_on_its_way(chain):
    r = Rules(chain)
    pos = _position(r, mining=1.0, budget=10.0)
    alone = action_values(r, pos, "p", action_status(r, pos, "p"))["plant"]
    coming = _with_ore_coming(pos, 5.0)
    beside = action_values(r, coming, "p", action_status(r, coming, "p"))["plant"]
    # With 1 kt/yr the plant can separate 1; with 5 more on the way it separates all 4 it can.
    assert beside > alone + 1.0


def test_opening_a_mine_is_worth_the_plant_it_opens(chain):
    values = {}
    for removed in ((), ("plant",)):
        r = Rules(chain, removed=removed)
        pos = _position(r, budget=10.0)
        values[removed] = action_values(r, pos, "p", action_status(r, pos, "p"))["mine"]
    # The plant it unlocks adds what separating the mine's ore would earn, valued beside that ore.
    assert values[()] > values[("plant",)] + 1.0
