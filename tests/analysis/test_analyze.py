"""`analyze`: the balance report an author reads, its findings, its strategies and their equilibria,
and the exit code a scenario folder's CI relies on."""
from __future__ import annotations

import json

import numpy as np
import pytest

from game.analysis.analyze import FINDINGS, Settings, analyze, compared_policies
from game.cli import main
from game.engine.batch import Job, play_jobs
from game.engine.orders import action_status
from game.engine.planner import Planner
from game.engine.policies import Priorities
from game.engine.rules import Rules
from game.engine.turn import start
from game.scenario import load_scenario
from game.scenario.load import check_scenario

from ..conftest import MINI, ROOT

STRATEGIES = """
strategies:
  states:
    - id: industrial
      name: Industrial push
      text: Mine first, then the plant.
      priorities: [mine, plant, summit]
      answers: {unrest: calm, a: concede}
    - id: courtier
      name: Court Power A
      priorities: [deal_a, summit]
  powers:
    - id: generous
      name: Generous
      power: a
      priorities: [invest]
    - id: harsh
      name: Harsh
      power: a
      priorities: [squeeze, wait]
"""

SMALL = dict(games=12, worth_games=6, search_games=6, search_rounds=2, search_width=3, planner_games=3, workers=1)


@pytest.fixture(scope="module")
def with_strategies(tmp_path_factory):
    path = tmp_path_factory.mktemp("s") / "mini_strategies.yaml"
    text = MINI.read_text(encoding="utf-8").replace("$schema=../../scenarios/", f"$schema={ROOT}/scenarios/")
    path.write_text(text.replace("\ndebrief:", STRATEGIES + "debrief:"), encoding="utf-8")
    return load_scenario(path)


@pytest.fixture(scope="module")
def report(with_strategies):
    return analyze(with_strategies, Settings(**SMALL))


def test_every_policy_is_played_for_every_playable_state_on_the_same_seeds(report, with_strategies):
    r = Rules(with_strategies)
    for sid in ("p", "q"):
        ids = [p["id"] for p in report["states"][sid]["policies"]]
        assert ids[:2] == ["adviser", "planner"]               # the strong adviser beside the quick one
        ids.remove("planner")
        assert ids == [pid for pid, _, _ in compared_policies(r, sid)]
        assert ids[:3] == ["adviser", "random", "nothing"]
        assert {"lean:a", "lean:b", "hedge", "revenue", "value_chain", "strategy:industrial",
                "strategy:courtier"} <= set(ids)
        for p in report["states"][sid]["policies"]:
            assert p["games"] == (3 if p["id"] == "planner" else 12)
            assert p["p10"] <= p["median"] <= p["p90"]
            assert p["verdicts"] and abs(sum(p["verdicts"].values()) - 1) < 1e-6, p["verdicts"]


def test_the_adviser_row_is_the_adviser_games_themselves(report, with_strategies):
    res = play_jobs(with_strategies, [Job.of(range(1, 13))], workers=1)[0]
    mean = float(np.mean([g.scores["p"]["total"] for g in res]))
    adviser = report["states"]["p"]["policies"][0]
    assert adviser["mean"] == round(mean, 3)
    summit = next(a for a in report["states"]["p"]["adviser"]["actions"] if a["id"] == "summit")
    taken = sum(1 for g in res if any(a == "summit" for _, a in g.actions["p"]))
    assert summit["share"] == round(taken / 12, 4)


def test_the_same_settings_give_the_same_report(report, with_strategies):
    again = analyze(with_strategies, Settings(**{**SMALL, "workers": 2}))
    for key in ("seconds", "games_per_second"):
        again.pop(key)
    first = {k: v for k, v in report.items() if k not in ("seconds", "games_per_second")}
    assert json.dumps(first, sort_keys=True) == json.dumps(again, sort_keys=True)


def test_a_found_recipe_scores_what_the_report_says_when_played_again(report, with_strategies):
    found = report["states"]["q"]["search"]["priorities"]
    res = play_jobs(with_strategies, [Job.of(range(1, 13), {"q": Priorities(tuple(found["recipe"]))})], workers=1)[0]
    assert round(float(np.mean([g.scores["q"]["total"] for g in res])), 3) == found["mean"]


def test_the_strong_adviser_is_played_on_the_first_seeds_and_set_against_the_recipes(report, with_strategies):
    res = play_jobs(with_strategies, [Job.of(range(1, 4), {"q": Planner()})], workers=1)[0]
    row = next(p for p in report["states"]["q"]["policies"] if p["id"] == "planner")
    assert row["mean"] == round(float(np.mean([g.scores["q"]["total"] for g in res])), 3)
    found = report["states"]["q"]["search"]["priorities"]
    recipe = play_jobs(with_strategies, [Job.of(range(1, 4), {"q": Priorities(tuple(found["recipe"]))})],
                       workers=1)[0]
    wins = sum(g.scores["q"]["total"] > p.scores["q"]["total"] + 1e-9 for g, p in zip(recipe, res))
    assert found["planner_games"] == 3 and found["beats_planner"] == round(wins / 3, 4)


def test_findings_name_what_never_happens(report):
    ids = {(f["id"], f["state"]) for f in report["findings"]}
    assert ("never-fires", None) in ids                 # the tender never fires in mini
    assert all(f["id"] in FINDINGS for f in report["findings"])
    never = [f for f in report["findings"] if f["id"] == "never-fires"]
    fired = {e["id"] for s in report["states"].values() for e in s["adviser"]["events"] if e["share"] > 0}
    assert all(f["message"].split("(")[1].split(")")[0] not in fired for f in never)


def test_a_strategy_table_with_its_equilibria(report):
    tables = report["strategy_tables"]
    assert {(t["state"], t["power"]) for t in tables} == {("p", "a"), ("q", "a")}
    t = tables[0]
    assert t["row_names"] == ["Industrial push", "Court Power A"] and t["col_names"] == ["Generous", "Harsh"]
    assert len(t["payoffs"]) == 2 and all(len(row) == 2 for row in t["payoffs"])
    eqs = t["equilibria"]["equilibria"]
    assert eqs, "every finite game has an equilibrium"
    for e in eqs:  # each equilibrium is a best response both ways, on the measured table
        x = [float(v) for v in e["strategies"]["Pland"].values()]
        y = [float(v) for v in e["strategies"]["Power A"].values()]
        A = np.array([[c[0] for c in row] for row in t["payoffs"]])
        B = np.array([[c[1] for c in row] for row in t["payoffs"]])
        assert x @ A @ y >= (A @ y).max() - 1e-9
        assert x @ B @ y >= (x @ B).max() - 1e-9


def test_a_power_strategy_makes_its_first_allowed_reply_for_sure(with_strategies):
    harsh = play_jobs(with_strategies, [Job.of(range(5), power_play={"a": "harsh"})], workers=1)[0]
    replies = {rep for g in harsh for _, power, _, rep in g.replies if power == "a"}
    assert replies == {"squeeze"}
    with pytest.raises(ValueError, match="no strategy 'harsh' for power 'b'"):
        Rules(with_strategies, power_play={"b": "harsh"})


def test_an_action_taken_out_is_never_offered(mini):
    r = Rules(mini, removed={"summit"})
    pos = start(r, 1)
    assert "summit" not in {a.id for a, _ in action_status(r, pos, "p")}
    assert "summit" in {a.id for a, _ in action_status(Rules(mini), pos, "p")}


def test_bad_strategies_are_named_with_line_and_column(tmp_path):
    text = MINI.read_text(encoding="utf-8").replace("$schema=../../scenarios/", f"$schema={ROOT}/scenarios/")
    bad = STRATEGIES.replace("[mine, plant, summit]", "[mine, plnt, summit]").replace(
        "{unrest: calm, a: concede}", "{unrest: pacify, z: concede}").replace("[squeeze, wait]", "[squeeze, sulk]")
    path = tmp_path / "bad.yaml"
    path.write_text(text.replace("\ndebrief:", bad + "debrief:"), encoding="utf-8")
    loaded, problems = check_scenario(path)
    assert loaded is None
    messages = [str(p) for p in problems if p.severity == "error"]
    assert any("unknown action 'plnt'" in m and "did you mean 'plant'" in m for m in messages), messages
    assert any("event 'unrest' has no choice 'pacify'" in m for m in messages), messages
    assert any("'z' is neither an event nor a power" in m for m in messages), messages
    assert any("power 'a' has no response 'sulk'" in m for m in messages), messages
    lines = path.read_text().splitlines()
    plnt = next(p for p in problems if "plnt" in p.message)
    assert lines[plnt.line - 1][plnt.col - 1:].startswith("plnt")


def test_the_command_writes_each_format_and_fails_on_named_findings(tmp_path, capsys):
    args = ["analyze", str(MINI), "--games", "6", "--no-search", "--planner-games", "1"]
    assert main(args + ["--fail-on", "never-fires"]) == 1
    captured = capsys.readouterr()
    assert "Findings" in captured.out and "[never-fires]" in captured.out
    assert captured.out.count("[never-fires]") == 2
    assert captured.err == "greatgame: 2 findings named in --fail-on: never-fires\n"
    assert main(args + ["--fail-on", "unwinnable"]) == 0   # mini has no verdicts: never unwinnable
    capsys.readouterr()
    out = tmp_path / "r.json"
    assert main(args + ["--format", "json", "--out", str(out)]) == 0
    data = json.loads(out.read_text())
    assert set(data["states"]) == {"p", "q"} and "search" not in data["states"]["p"]
    page = tmp_path / "r.html"
    assert main(args + ["--format", "html", "--out", str(page), "--states", "q"]) == 0
    body = page.read_text()
    assert body.startswith("<!doctype html>") and "<svg" in body and "Qland" in body
    assert "<script" not in body and "src=" not in body and "<link" not in body  # nothing fetched from outside


def test_bad_arguments_get_one_line(capsys):
    assert main(["analyze", str(MINI), "--fail-on", "boring"]) == 2
    assert "unknown finding boring" in capsys.readouterr().err
    assert main(["analyze", str(MINI), "--states", "pp"]) == 2
    assert "no state 'pp'" in capsys.readouterr().err
