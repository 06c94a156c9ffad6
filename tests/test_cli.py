"""The command line: exit codes, summaries and the schema."""
from __future__ import annotations

import json

from game.cli import main
from game.scenario.schema import scenario_schema_text

from .conftest import MINI, ROOT


def test_validate_accepts_the_shipped_scenarios(capsys):
    assert main(["validate", str(ROOT / "scenarios")]) == 0
    out = capsys.readouterr().out
    assert "0 errors, " in out


def test_validate_exit_codes(tmp_path, capsys):
    assert main(["validate", str(MINI)]) == 0
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: 1\nmeta: [\n")
    assert main(["validate", str(bad)]) == 1
    assert f"{bad}:" in capsys.readouterr().out
    assert main(["validate", str(tmp_path / "missing.yaml")]) == 2


def test_bad_usage_exits_2(capsys):
    try:
        main(["simulate", "--games", "many"])
    except SystemExit as exc:
        assert exc.code == 2
    else:  # pragma: no cover
        raise AssertionError("argparse should exit")
    assert main(["simulate", "--scenario", "no_such_scenario", "--games", "1"]) == 2


def test_schema_is_printed_and_the_committed_copy_is_current(capsys):
    assert main(["schema"]) == 0
    printed = capsys.readouterr().out
    committed = (ROOT / "scenarios" / "scenario.schema.json").read_text(encoding="utf-8")
    assert printed == committed == scenario_schema_text(), (
        "scenarios/scenario.schema.json is stale: run `greatgame schema > scenarios/scenario.schema.json`")
    assert json.loads(printed)["title"].startswith("New Great Game scenario")


def test_simulate_summarises_scores_and_endings(capsys):
    assert main(["simulate", "--scenario", str(MINI), "--seed", "3", "--games", "5", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["games"] == 5
    for row in data["states"].values():
        assert row["games"] == 5 and row["min"] <= row["median"] <= row["max"]
        assert sum(row["endings"].values()) == 5


def test_without_a_display_the_game_opens_in_the_terminal(monkeypatch, capsys):
    import io
    import sys

    for var in ("DISPLAY", "WAYLAND_DISPLAY", "SDL_VIDEODRIVER"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))  # the player leaves at once
    assert main(["play", "--scenario", str(MINI), "--as", "p", "--seed", "1"]) == 0
    captured = capsys.readouterr()
    assert "no graphical display found" in captured.err
    assert "Turn 1/6" in captured.out and "Game saved to" in captured.out


def test_quit_at_the_choice_of_state_leaves_at_once(monkeypatch, capsys):
    import io
    import sys

    monkeypatch.setenv("GREATGAME_TEXT", "1")
    monkeypatch.setattr(sys, "stdin", io.StringIO("quit\n"))
    assert main(["play", "--scenario", str(MINI), "--seed", "1"]) == 0
    out = capsys.readouterr().out
    assert "choose the state you govern" in out and "Type a number" not in out


def test_play_in_the_terminal_continues_the_game_in_progress_as_continue_does(mini, monkeypatch, capsys):
    import io
    import sys

    from game.engine import Game, Orders, write_save
    from game.paths import autosave_path

    game = Game(mini, seed=3, humans=["p"])
    game.submit("p", Orders(("summit",)))
    game.resolve()
    write_save(game, autosave_path())
    monkeypatch.setattr(sys, "stdin", io.StringIO("quit\n"))
    assert main(["play", "--text"]) == 0
    captured = capsys.readouterr()
    assert "Continuing your game in progress" in captured.err and "resuming turn 2" in captured.out
    monkeypatch.setattr(sys, "stdin", io.StringIO("quit\n"))
    assert main(["play", "--text", "--new", "--scenario", str(mini.path), "--as", "p"]) == 0
    assert "Continuing" not in capsys.readouterr().err


def test_an_unknown_policy_is_one_line_with_the_choices(capsys):
    assert main(["simulate", "--policy", "genius", "--games", "1"]) == 2
    assert "unknown policy 'genius' (choose adviser, random, nothing, planner, hedge" in capsys.readouterr().err


def test_validate_json_lists_every_problem_with_its_place(capsys):
    import json

    from .conftest import ROOT

    broken = ROOT / "tests" / "scenarios" / "broken" / "quoted_number.yaml"
    good = ROOT / "scenarios" / "busan_pause.yaml"
    assert main(["validate", "--format", "json", str(broken), str(good)]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["errors"] == 1 and data["warnings"] == 0
    first, second = data["files"]
    assert first["ok"] is False and first["problems"] == [{
        "line": 31, "column": 59, "severity": "error",
        "message": "the number 3 is written in quotes, which makes it text",
        "hint": "remove the quotes: YAML, and the schema your editor checks, read a quoted number as text"}]
    assert second == {"path": str(good), "ok": True, "errors": 0, "warnings": 0, "problems": []}


def test_validate_names_a_real_name_left_when_fictional_names_are_on(tmp_path, capsys):
    from .conftest import MINI

    text = MINI.read_text(encoding="utf-8").replace("name: Deal with A\n", "name: Deal with A\n    description: Signed in Beijing.\n", 1)
    path = tmp_path / "real.yaml"
    path.write_text(text, encoding="utf-8")
    assert main(["validate", str(path)]) == 0                  # a warning, not an error
    out = capsys.readouterr().out
    line = next(i for i, l in enumerate(text.splitlines(), 1) if "Signed in Beijing" in l)
    assert f"real.yaml:{line}:18: warning: the real name 'Beijing' is left in this text when fictional names are on" in out
    assert "1 warning" in out


def test_validate_json_holds_the_warnings_text_output_gives_too(tmp_path, capsys):
    import json

    from .conftest import MINI

    text = MINI.read_text(encoding="utf-8").replace("name: Deal with A\n", "name: Deal with A\n    description: Signed in Beijing.\n", 1)
    path = tmp_path / "real.yaml"
    path.write_text(text, encoding="utf-8")
    assert main(["validate", str(path)]) == 0
    assert "real.yaml: ok (7 actions, 5 events, 2 powers), 1 warning" in capsys.readouterr().out
    assert main(["validate", "--format", "json", str(path)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["warnings"] == 1
    assert data["files"][0]["problems"][0]["message"].startswith("the real name 'Beijing' is left")


def test_validate_warns_when_two_short_names_are_alike(tmp_path, capsys):
    from .conftest import MINI

    text = MINI.read_text(encoding="utf-8")
    text = text.replace("fictional_name: Aland", "fictional_name: Aland\n    fictional_short_name: the West", 1)
    text = text.replace("  - {id: q, name: Qland, fictional_name: Vesta,", "  - {id: q, name: Qland, fictional_name: Vesta, "
                        "fictional_short_name: West,", 1)
    path = tmp_path / "alike.yaml"
    path.write_text(text, encoding="utf-8")
    assert main(["validate", str(path)]) == 0
    out = capsys.readouterr().out
    assert "warning: 'the West' is already the fictional short name of 'q': narrow labels could not tell them apart" in out
