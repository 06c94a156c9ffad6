"""Class files: a teacher gets a valid, commented one to start from, and every mistake with its
line, column and a hint, checked against the scenario it names."""
from __future__ import annotations

from pathlib import Path

import pytest

from game.classroom.classfile import CLASS_SCHEMA_FILE, check_class, new_class_file
from game.cli import main


def test_class_new_writes_a_valid_class_with_its_schema(busan, tmp_path, capsys):
    path = tmp_path / "seminar.yaml"
    assert main(["class", "new", str(path)]) == 0
    assert (tmp_path / CLASS_SCHEMA_FILE).is_file()
    assert path.read_text().startswith(f"# yaml-language-server: $schema={CLASS_SCHEMA_FILE}")
    loaded, problems = check_class(path)
    assert loaded is not None and problems == []
    assert [g.states for g in loaded.groups] == [["kz", "uz"], ["kz", "uz"]]
    assert main(["class", "check", str(path)]) == 0
    assert "Group 1: Kazakhstan Eagles (kz), Uzbekistan Caravan (uz)" in capsys.readouterr().out
    with pytest.raises(FileExistsError):
        new_class_file(path, busan)


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "c.yaml"
    path.write_text(f"# yaml-language-server: $schema={CLASS_SCHEMA_FILE}\n" + body)
    return path


def test_mistakes_are_reported_with_line_column_and_hint(busan, tmp_path, capsys):
    path = _write(tmp_path, "title: x\nscenario: busan_pause\nseed: 1\nturns: 20\nteams:\n"
                  "  - {name: A, state: kzz}\n  - {name: B, state: kz, group: G}\n  - {name: C, state: kz, group: G}\n"
                  "injects:\n  - {turn: 3, event: price_crsh}\n")
    loaded, problems = check_class(path)
    assert loaded is None
    said = {(d.line, d.col, d.message, d.hint) for d in problems}
    assert (5, 8, "20 turns, but 'The Busan Pause: Rare Earths on the Steppe, 2025-2028' has only 13",
            "give at most 13, or leave `turns` out") in said
    assert (7, 22, "the scenario has no state 'kzz'", "did you mean 'kz'?") in said
    assert any(line == 9 and "two teams of G govern 'kz'" in m for line, _c, m, _h in said)
    assert any(line == 11 and h == "did you mean 'price_crash'?" for line, _c, _m, h in said)
    assert main(["class", "check", str(path)]) == 1
    assert "Traceback" not in capsys.readouterr().err


@pytest.mark.parametrize("body, where, words", [
    ("title: x\nscenario: busan_pause\nseed: 1\nteams: []\n", (5, 8), "must not be empty"),
    ("title: x\nscenario: nowhere\nseed: 1\nteams:\n  - {name: A, state: kz}\n", (3, 11), "no scenario 'nowhere'"),
    ("title: x\nscenario: busan_pause\nseed: \"3\"\nteams:\n  - {name: A, state: kz}\n", (4, 7), "in quotes"),
    ("title: x\nscenario: busan_pause\nseed: 1\nteams:\n  - {name: A, state: kz}\n  - {name: a, state: uz}\n",
     None, "two teams are called"),
    ("title: x\nscenario: busan_pause\nseed: 1\ntimer: 5\nteams:\n  - {name: A, state: kz}\n", (5, 1), "timer"),
])
def test_a_bad_class_file_names_the_place(busan, tmp_path, body, where, words):
    loaded, problems = check_class(_write(tmp_path, body))
    assert loaded is None
    errors = [d for d in problems if d.severity == "error"]
    assert any(words in d.message for d in errors), errors
    if where is not None:
        assert any((d.line, d.col) == where for d in errors if words in d.message), errors


def test_a_class_may_play_fewer_turns_than_its_scenario(busan, tmp_path):
    loaded, _ = check_class(_write(tmp_path, "title: x\nscenario: busan_pause\nseed: 1\nturns: 6\n"
                                   "teams:\n  - {name: A, state: kz}\n"))
    assert loaded.scenario.model.meta.turns == 6 and busan.model.meta.turns == 13


def test_every_mistake_of_a_class_file_is_reported_at_once(busan, tmp_path):
    """A teacher's six typos come back in one check, not three rounds, each at its own line."""
    path = tmp_path / "typos.yaml"
    path.write_text(
        "title: Typos\n"                                       # 1
        "scenario: busan_pause\n"                              # 2
        "seed: 1\n"                                            # 3
        "turns: 30\n"                                          # 4
        "timer_minutes: -5\n"                                  # 5
        "when_time_is_up: compter\n"                           # 6
        "teams:\n"                                             # 7
        "  - {name: Eagles, state: kz}\n"                      # 8
        "  - {name: Eagles, stat: uz}\n"                       # 9
        "  - {name: Falcons, state: tj}\n"                     # 10
        "injects:\n"                                           # 11
        "  - {turn: 20, event: price_crsh, states: [tj]}\n")   # 12
    loaded, problems = check_class(path)
    assert loaded is None
    errors = {(d.line, d.message.split(":")[0].split("'")[0].strip()) for d in problems if d.severity == "error"}
    lines = {line for line, _ in errors}
    assert {4, 5, 6, 9, 10, 12} <= lines, sorted(errors)
    by_line = {d.line: d for d in problems if d.severity == "error"}
    assert "two teams are called 'Eagles'" in " ".join(d.message for d in problems if d.line == 9)
    assert "price_crash" in " ".join(d.hint for d in problems if d.line == 12)
    assert "choose one of kz, uz" in " ".join(d.hint for d in problems if d.line == 12)
    assert by_line[10].hint.startswith("choose one of kz, uz")


def test_a_misspelled_scenario_and_an_empty_file_get_a_useful_hint(busan, tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text("title: x\nscenario: busan_paus\nseed: 1\nteams:\n  - {name: A, state: kz}\n")
    _, problems = check_class(path)
    assert any("did you mean 'busan_pause'" in d.hint for d in problems), problems
    empty = tmp_path / "empty.yaml"
    empty.write_text("")
    _, problems = check_class(empty)
    assert problems[0].hint == "write a class file with `greatgame class new FILE`"
