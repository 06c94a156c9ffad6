"""A power without a pressure ladder: allowed, and it never escalates, whatever relations do."""
from __future__ import annotations

from game.engine import Game, Orders
from game.engine.batch import play
from game.engine.rules import Rules
from game.scenario import load_scenario
from game.scenario.load import check_scenario

from ..conftest import MINI

LADDER_B = """    ladder:
      threshold: -20
      rungs:
        - id: note
          name: Note
          concede: {effects: [{target: rel_b, change: 10}]}
          compensate: {cost: {money: 1}}
          stand_firm: {}
"""


def _without_ladder(tmp_path):
    text = MINI.read_text(encoding="utf-8")
    assert LADDER_B in text
    path = tmp_path / "no_ladder.yaml"
    path.write_text(text.replace(LADDER_B, ""), encoding="utf-8")
    return path


def test_a_power_may_leave_out_its_ladder_and_then_never_escalates(tmp_path):
    path = _without_ladder(tmp_path)
    loaded, problems = check_scenario(path)
    assert loaded is not None and not [p for p in problems if p.severity == "error"], problems
    game = Game(loaded, seed=2, humans=["p"])
    for _ in range(loaded.model.meta.turns):
        if game.over:
            break
        game.position.values["p"]["rel_b"] = -100          # as cold as it gets, every turn
        game.submit("p", Orders((), {d.id: d.options[0].id for d in game.decisions("p")}))
        report = game.resolve().for_state("p")
        assert not any("Power B" in line for line in report.ladder)
        assert not any(d.id == "crisis_b" for d in game.decisions("p"))
    view = next(p for p in game.observe("p").powers if p.id == "b")
    assert view.rung == 0 and view.threshold is None and view.rungs == ()
    assert "never escalates" in view.ladder_text()


def test_a_scenario_with_a_ladderless_power_plays_in_batches_and_analysis(tmp_path):
    from game.analysis.analyze import Settings, analyze

    scenario = load_scenario(_without_ladder(tmp_path))
    res, _ = play(Rules(scenario), 3)
    assert all(v == 0 for k, v in res.rungs.items() if k.startswith("b/"))
    report = analyze(scenario, Settings(games=4, worth_games=2, search=False, planner_games=0, workers=1))
    assert not any(f["id"] == "no-crisis" and "Power B" in f["message"] for f in report["findings"])
