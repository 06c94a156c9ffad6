"""An author starts a scenario of their own: `greatgame new`, `greatgame list`, and scenarios in the
player's folder found by id everywhere (play, validate, analyze, the window)."""
from __future__ import annotations

from game.cli import main
from game.engine.batch import play
from game.engine.rules import Rules
from game.paths import find_scenario, user_scenarios_dir
from game.scenario.load import check_scenario


def test_new_writes_a_small_valid_playable_scenario_with_its_schema(capsys):
    assert main(["new", "kyrgyz_gold"]) == 0
    out = capsys.readouterr().out
    path = user_scenarios_dir() / "kyrgyz_gold" / "kyrgyz_gold.yaml"
    assert f"Wrote {path}" in out and "greatgame play --scenario kyrgyz_gold" in out
    assert (path.parent / "scenario.schema.json").is_file()
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=scenario.schema.json\n")
    assert text.count("\n#") >= 10                      # it explains itself
    loaded, problems = check_scenario(path)
    assert loaded is not None and problems == [], problems
    assert loaded.model.meta.id == "kyrgyz_gold"
    found = find_scenario("kyrgyz_gold")                # by id, from the player's folder
    assert found.path == path
    result, _ = play(Rules(found), 1)
    assert result.turns == found.model.meta.turns
    assert any(p.ladder is None for p in found.model.powers)   # it shows a power without a ladder


def test_new_from_copies_a_scenario_under_its_new_id(capsys):
    assert main(["new", "steppe_remix", "--from", "busan_pause"]) == 0
    loaded = find_scenario("steppe_remix")
    assert loaded.model.meta.id == "steppe_remix"
    original = find_scenario("busan_pause")
    assert len(loaded.model.actions) == len(original.model.actions)
    assert not [p for p in check_scenario(loaded.path)[1] if p.severity == "error"]


def test_new_never_overwrites_and_refuses_bad_names(capsys, tmp_path):
    assert main(["new", "valley"]) == 0
    path = user_scenarios_dir() / "valley" / "valley.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "# my edits\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["new", "valley"]) == 2
    assert "already a scenario called 'valley'" in capsys.readouterr().err
    assert path.read_text(encoding="utf-8").endswith("# my edits\n")
    assert main(["new", "busan_pause"]) == 2                       # a shipped one's name
    assert main(["new", "My Valley"]) == 2
    assert "cannot be a scenario id" in capsys.readouterr().err
    assert main(["new", "valley", "--dir", str(tmp_path / "elsewhere")]) == 0
    assert (tmp_path / "elsewhere" / "valley.yaml").is_file()
    assert main(["new", "valley", "--dir", str(tmp_path / "elsewhere")]) == 2   # that file exists now
    assert "nothing was written" in capsys.readouterr().err


def test_list_shows_shipped_and_own_scenarios_with_their_status(capsys):
    assert main(["new", "valley"]) == 0
    broken = user_scenarios_dir() / "broken.yaml"
    broken.write_text("format: 1\nmeta: {id: broken}\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert any(line.startswith("busan_pause") and "shipped" in line and " ok " in line for line in lines)
    assert any(line.startswith("valley") and "yours" in line and " ok " in line for line in lines)
    assert any(line.startswith("broken") and "error" in line for line in lines)
    assert str(user_scenarios_dir()) in out


def test_validate_and_an_unknown_id_name_the_player_s_folder(capsys):
    assert main(["new", "valley"]) == 0
    capsys.readouterr()
    assert main(["validate", "valley"]) == 0
    assert "valley.yaml: ok" in capsys.readouterr().out
    assert main(["play", "--text", "--scenario", "no_such_one"]) == 2
    err = capsys.readouterr().err
    assert "no scenario 'no_such_one'" in err and str(user_scenarios_dir()) in err and "greatgame new" in err


def test_schema_for_a_scenario_knows_its_ids(capsys):
    import json

    assert main(["schema", "--for", "busan_pause"]) == 0
    schema = json.loads(capsys.readouterr().out)
    defs = schema["$defs"]
    original = find_scenario("busan_pause").model
    indicators = sorted(i.id for i in original.indicators)
    assert defs["Effect"]["properties"]["target"]["enum"] == indicators
    assert defs["Action"]["properties"]["with_power"]["anyOf"][0]["enum"] == sorted(p.id for p in original.powers)
    assert defs["Action"]["properties"]["excludes"]["items"]["enum"] == sorted(a.id for a in original.actions)
    assert defs["Payoff"]["properties"]["weights"]["propertyNames"]["enum"] == indicators
    assert "with the ids of busan_pause.yaml" in schema["title"]


def test_new_writes_the_schema_for_its_ids_and_validate_says_when_it_is_stale(capsys):
    import json

    assert main(["new", "valley"]) == 0
    folder = user_scenarios_dir() / "valley"
    schema = json.loads((folder / "scenario.schema.json").read_text(encoding="utf-8"))
    assert "open_mine" in schema["$defs"]["Action"]["properties"]["excludes"]["items"]["enum"]
    capsys.readouterr()
    assert main(["validate", "valley"]) == 0
    assert "written for an earlier version" not in capsys.readouterr().out
    path = folder / "valley.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("  - id: welfare\n", "  - id: schools\n"),
                    encoding="utf-8")
    assert main(["validate", "valley"]) == 0
    out = capsys.readouterr().out
    assert "this schema was written for an earlier version of valley.yaml" in out
    assert f"greatgame schema --for {path}" in out


def test_a_damaged_file_in_the_player_s_folder_does_not_break_finding_scenarios(capsys):
    folder = user_scenarios_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "latin1.yaml").write_bytes("meta:\n  id: caf\xe9\n".encode("latin-1"))
    assert main(["new", "valley"]) == 0
    capsys.readouterr()
    assert main(["validate", "valley"]) == 0
    assert main(["validate", "no_such_id"]) == 2
    assert "nor a scenario by that id" in capsys.readouterr().err


def test_new_in_a_folder_keeps_another_scenario_s_schema(tmp_path, capsys):
    from game.scenario.schema import scenario_schema_text

    (tmp_path / "scenario.schema.json").write_text(scenario_schema_text(), encoding="utf-8")
    assert main(["new", "other", "--dir", str(tmp_path)]) == 0
    assert (tmp_path / "scenario.schema.json").read_text(encoding="utf-8") == scenario_schema_text()
    text = (tmp_path / "other.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=other.schema.json\n")
    assert "with the ids of other.yaml" in (tmp_path / "other.schema.json").read_text(encoding="utf-8")
    capsys.readouterr()
    assert main(["validate", str(tmp_path / "other.yaml")]) == 0
    assert "earlier version" not in capsys.readouterr().out


def test_new_from_renames_the_scenario_s_own_id_wherever_meta_has_it(tmp_path, capsys):
    from .conftest import MINI

    text = MINI.read_text(encoding="utf-8")
    text = text.replace("meta:\n  id: mini\n", "meta:\n  sources:\n    - {title: Invented for tests, id: made_up}\n"
                        "  id: mini\n", 1)
    i, j = text.index("  sources:\n    - id: made_up"), text.index("money:")
    source = tmp_path / "odd.yaml"
    source.write_text(text[:i] + text[j:], encoding="utf-8")
    assert not [p for p in check_scenario(source)[1] if p.severity == "error"]
    assert main(["new", "renamed", "--from", str(source)]) == 0
    loaded = find_scenario("renamed")
    assert loaded.model.meta.id == "renamed" and [s.id for s in loaded.model.meta.sources] == ["made_up"]


def test_a_pipe_in_the_player_s_folder_is_never_opened(capsys):
    import os

    folder = user_scenarios_dir()
    folder.mkdir(parents=True, exist_ok=True)
    os.mkfifo(folder / "pipe.yaml")
    assert main(["validate", "no_such_id"]) == 2          # looking ids up does not block on the pipe
    assert main(["list"]) == 0
    assert "pipe" in capsys.readouterr().out


def test_list_warns_when_two_scenarios_share_an_id(capsys):
    assert main(["new", "valley"]) == 0
    twin = user_scenarios_dir() / "twin.yaml"
    twin.write_text((user_scenarios_dir() / "valley" / "valley.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    capsys.readouterr()
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    assert "has the same id; `--scenario valley` opens only one of them, so give one a new `id`" in out


def test_list_says_how_to_play_a_scenario_with_fictional_names(capsys):
    assert main(["list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("busan_pause"))
    assert "greatgame play --scenario busan_pause --fictional" in lines[at + 1]
