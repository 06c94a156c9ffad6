"""Whatever passes `validate` must play, in bounded time and memory: what cannot is refused with its
place and the limit it passes."""
from __future__ import annotations

import math

import pytest

from game.engine import Game
from game.scenario import check_scenario, load_scenario

from ..conftest import MINI

TEXT = MINI.read_text(encoding="utf-8")


def variant(tmp_path, old: str, new: str, name: str = "variant.yaml"):
    assert old in TEXT
    path = tmp_path / name
    path.write_text(TEXT.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize("old, new, words", [
    ("name: Relations with A,", "name: " + "A" * 300_000 + ",", "'name' is 300,000 characters long; at most 120 fit"),
    ("title: Mini", "title: " + "M" * 900_000, "at most 300 fit"),
    ("min: -100, max: 100, start: 0}", "min: -1e308, max: 1e308, start: 0}", "must be at least -1,000,000,000"),
    ("{weights: {rel_a: 0.1, dep_a: 0.2}}", "{weights: {rel_a: 1e308, dep_a: 0.2}}", "must be at most 1,000,000,000"),
    ("  title: Mini", "  title: Mi\u200bni", "invisible character U+200B ZERO WIDTH SPACE"),
    ("  title: Mini", "  title: Mi\x1b[2Jni", "control character U+001B"),
])
def test_what_cannot_be_played_or_drawn_is_refused_with_its_place(tmp_path, old, new, words):
    loaded, problems = check_scenario(variant(tmp_path, old, new))
    assert loaded is None
    assert any(words in str(d) for d in problems), [str(d) for d in problems]
    assert all(d.line >= 1 and d.col >= 1 for d in problems)


def test_too_many_actions_are_refused(tmp_path):
    extra = "".join(f"  - {{id: a{k}, name: A{k}, effects: [{{target: stability, change: 1}}]}}\n"
                    for k in range(450))
    path = variant(tmp_path, "events:\n", extra + "events:\n")
    loaded, problems = check_scenario(path)
    assert loaded is None and any("more items than the 400" in d.message for d in problems)


def test_a_huge_file_without_aliases_is_not_blamed_on_aliases(tmp_path):
    path = tmp_path / "many.yaml"
    path.write_text("format: 1\nmeta:\n  id: x\nlist: [" + ",".join(["1"] * 210_000) + "]\n")
    _, problems = check_scenario(path)
    assert [d.message for d in problems] == ["the file holds more than 200,000 values"]


def test_a_text_repeated_through_aliases_is_refused_before_it_is_built(tmp_path):
    big = "x" * 400_000
    path = variant(tmp_path, "  summary: A tiny scenario that exercises every rule.", f"  summary: &t {big}")
    text = path.read_text().replace("    - Why did prices move?", "    - Why did prices move?\n" + "".join(["    - *t\n"] * 20))
    assert "*t" in text
    path.write_text(text)
    _, problems = check_scenario(path)
    assert [d.message for d in problems] == ["aliases (*name) make the file expand to more than 3,000,000 "
                                             "characters of text"]


def test_extreme_but_valid_numbers_still_play_to_the_end(tmp_path):
    # A market set to answer violently, starved of supply, with the widest ranges allowed.
    path = variant(tmp_path, "  leader_supply: 230\n  other_supply: 30\n  demand: 260\n",
                   "  leader_supply: 0.001\n  other_supply: 0\n  demand: 1000000\n  elasticity: 10\n")
    text = path.read_text().replace("min: 10, max: 400, start: 100}", "min: 0, max: 1000000000, start: 100}")
    path.write_text(text)
    scenario = load_scenario(path)
    game = Game(scenario, seed=1)
    while not game.over:
        game.resolve()
    assert all(math.isfinite(v) for s in game.state_ids for v in game.score(s).values())
    assert math.isfinite(game.position.world["price"])
