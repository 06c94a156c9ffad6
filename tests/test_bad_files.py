"""Nothing lost, nothing crashes: every file the game reads, attacked on every surface that reads
it. Each case asserts what the player sees (a message naming the file), that the game goes on, and
that no other save changes."""
from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest

from game.engine import Game, Orders, SaveError, load_game, write_save
from game.files import FileProblem, read_json, read_text, write_atomic

from .conftest import MINI

BAD_SAVE_FIELDS = [
    ("turn", "x"), ("turn", None), ("turn", 1.5), ("turn", True), ("seed", float("inf")),
    ("seed", -1), ("seed", "12"), ("difficulty", "impossible"), ("humans", "p"), ("orders", {"a": 1}),
    ("scenario", 12345), ("fictional", "false"), ("drafts", []),
]


def a_save(mini, folder: Path) -> Path:
    game = Game(mini, seed=3, humans=["p"])
    game.submit("p", Orders(("summit",)))
    game.resolve()
    return write_save(game, folder / "good.json")


def damaged(path: Path, field: str, value) -> Path:
    data = json.loads(path.read_text())
    data[field] = value
    bad = path.with_name(f"bad-{field}.json")
    bad.write_text(json.dumps(data, allow_nan=True))   # Infinity written as a careless tool would
    return bad


def special_files(tmp_path: Path) -> list[Path]:
    """A pipe, a device and a folder where a file should be (a pipe would hang a naive read)."""
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    folder = tmp_path / "folder.json"
    folder.mkdir()
    return [fifo, Path("/dev/zero"), folder]


# --- the guarded reader ----------------------------------------------------------------------------

def test_the_reader_refuses_what_is_not_a_small_regular_file_of_strict_json(tmp_path):
    for special in special_files(tmp_path):
        with pytest.raises(FileProblem, match="not a regular file|is a folder"):
            read_text(special, 1000)
    big = tmp_path / "big.json"
    big.write_text("[" + "1," * 1000 + "1]")
    with pytest.raises(FileProblem, match="at most 100 are read"):
        read_text(big, 100)
    cases = {"[Infinity]": "Infinity is not a number", '{"a": NaN}': "NaN is not a number",
             "[" * 100_000 + "]" * 100_000: "nested too deeply", "[" * 70 + "]" * 70: "nested 70 levels",
             '{"a": 1,}': "1:9: is not valid JSON"}
    for text, words in cases.items():
        f = tmp_path / "case.json"
        f.write_text(text)
        with pytest.raises(FileProblem, match=words):
            read_json(f, 1_000_000)
    (tmp_path / "latin.json").write_bytes(b'{"name": "\xe9"}')
    with pytest.raises(FileProblem, match="is not UTF-8 text"):
        read_json(tmp_path / "latin.json", 1000)


def test_an_atomic_write_that_fails_leaves_the_old_file_and_no_temporary_one(tmp_path, monkeypatch):
    target = write_atomic(tmp_path / "f.json", "old")
    monkeypatch.setattr(os, "fsync", lambda fd: (_ for _ in ()).throw(OSError(28, "No space left on device")))
    with pytest.raises(OSError):
        write_atomic(target, "new")
    assert target.read_text() == "old" and [p.name for p in tmp_path.iterdir()] == ["f.json"]
    with pytest.raises(IsADirectoryError):
        write_atomic(tmp_path, "x")


# --- saves -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("field, value", BAD_SAVE_FIELDS)
def test_a_damaged_save_is_a_message_naming_the_file_and_the_field(mini, tmp_path, field, value):
    bad = damaged(a_save(mini, tmp_path), field, value)
    with pytest.raises(SaveError) as err:
        load_game(bad, lambda _id: mini)
    assert str(err.value).startswith(str(bad))
    # an infinite number is refused when the file is read, before any field is looked at
    assert (f"'{field}" if value != float("inf") else "(Infinity is not a number") in str(err.value), str(err.value)


def test_special_files_and_deep_nesting_in_place_of_a_save_are_messages(mini, tmp_path):
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    for path in special_files(tmp_path) + [deep]:
        with pytest.raises(SaveError, match=str(path)):
            load_game(path, lambda _id: mini)


def test_the_load_list_skips_a_damaged_autosave_and_keeps_every_other_save(mini, tmp_path):
    from game.session import describe_save

    good = a_save(mini, tmp_path)
    before = good.read_bytes()
    for field, value in BAD_SAVE_FIELDS:
        assert describe_save(damaged(good, field, value), lambda _id: mini) is None
    for special in special_files(tmp_path):
        assert describe_save(special, lambda _id: mini) is None
    assert describe_save(good, lambda _id: mini)["turn"] == 2
    assert good.read_bytes() == before


# --- the terminal --------------------------------------------------------------------------------

def terminal(game, script: str, autosave: Path):
    from game.terminal import TerminalGame

    out = io.StringIO()
    tg = TerminalGame(game, game.humans[0], io.StringIO(script), out, autosave, None, width=90)
    code = tg.run()
    return code, out.getvalue()


def test_the_terminal_never_says_saved_when_it_could_not_save(mini, tmp_path):
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the saves folder should be")
    code, out = terminal(Game(mini, seed=1, humans=["p"]), "", blocked / "saves" / "autosave.json")
    out = " ".join(out.split())
    assert code == 0 and "Could not autosave" in out and "Game saved to" not in out
    assert "could NOT be saved" in out


def test_save_in_the_terminal_never_writes_over_a_file_that_is_not_a_save(mini, tmp_path):
    scenario = tmp_path / "my.yaml"
    scenario.write_text(MINI.read_text())
    notes = tmp_path / "notes.json"
    notes.write_text('{"mine": true}')
    script = f"save {scenario}\nsave {notes}\nquit\n"
    _, out = terminal(Game(mini, seed=1, humans=["p"]), script, tmp_path / "auto.json")
    out = " ".join(out.split())   # long lines wrap at spaces
    assert scenario.read_text() == MINI.read_text() and notes.read_text() == '{"mine": true}'
    assert f"Saved to {scenario}.json." in out           # beside it, as a save of its own
    assert "exists and is not a saved game" in out
    assert not list(tmp_path.glob("*.tmp"))


def test_a_new_game_with_the_same_seed_never_overwrites_an_earlier_game(mini, tmp_path, monkeypatch):
    import datetime as dt

    from game.paths import game_save_path, label_new_game

    monkeypatch.setenv("GREATGAME_HOME", str(tmp_path))
    now = dt.datetime(2026, 12, 2, 10, 0, 0)
    first, second = Game(mini, seed=5, humans=["p"]), Game(mini, seed=5, humans=["p"])
    label_new_game(first, now)
    write_save(first, game_save_path(first))
    label_new_game(second, now)                       # the same second, even
    assert game_save_path(second) != game_save_path(first)
    assert load_game(game_save_path(first), lambda _id: mini).label == first.label


# --- settings, the map and fonts -------------------------------------------------------------------

@pytest.mark.parametrize("content, setting, value", [
    ('{"fullscreen": "no"}', "fullscreen", False), ('{"fictional": "false"}', "fictional", False),
    ('{"window": [Infinity, 720]}', "window", (1280, 720)), ('{"window": [true, 720]}', "window", (1280, 720)),
    ('{"ui_scale": "big"}', "ui_scale", 1.0), ('{"window": ' + "[" * 50 + "]" * 50 + "}", "window", (1280, 720)),
    ("[1, 2]", "fullscreen", False), ("{not json", "fullscreen", False),
])
def test_a_bad_settings_file_gives_defaults_and_says_so(tmp_path, monkeypatch, content, setting, value):
    from game.ui.settings import Settings

    monkeypatch.setenv("GREATGAME_HOME", str(tmp_path))
    Settings.path().parent.mkdir(parents=True, exist_ok=True)
    Settings.path().write_text(content)
    s = Settings.load()
    assert getattr(s, setting) == value and s.problems


def test_a_settings_pipe_does_not_hang_the_start(tmp_path, monkeypatch):
    from game.ui.settings import Settings

    monkeypatch.setenv("GREATGAME_HOME", str(tmp_path))
    os.mkfifo(tmp_path / "settings.json")
    s = Settings.load()
    assert s.window == (1280, 720) and "not a regular file" in s.problems[0]


@pytest.mark.parametrize("content", ['{"countries": 5}', '{"view": [1, 2]}', '{"corridors": [{"id": "x"}]}',
                                     "[]", '{"view": [10, 10, 0, 0]}'])
def test_a_map_of_the_wrong_shape_is_not_drawn_and_said(tmp_path, content):
    from game.ui import mapview, theme

    bad = tmp_path / "map.json"
    bad.write_text(content)
    mapview.load_map.cache_clear()
    try:
        data = mapview.load_map(str(bad))
        assert data["countries"] == [] and theme.file_problems and str(bad) in theme.file_problems[-1]
    finally:
        theme.file_problems.clear()
        mapview.load_map.cache_clear()


def test_a_font_of_random_bytes_is_never_handed_to_the_font_library(tmp_path):
    from game.ui.theme import font_file

    junk = tmp_path / "junk.ttf"
    junk.write_bytes(os.urandom(4096))
    with pytest.raises(FileProblem, match="not a TrueType or OpenType font"):
        font_file(junk)


def test_a_broken_main_font_gives_the_default_font_and_says_so(tmp_path, monkeypatch):
    import pygame

    from game.ui import theme

    for name in set(theme.FONT_FILES.values()):
        (tmp_path / name).write_bytes(os.urandom(4096))
    monkeypatch.setattr(theme, "fonts_dir", lambda: tmp_path)
    pygame.font.init()
    try:
        assert theme.Theme(1.0).font("body").size("Kazakhstan")[0] > 0   # the window goes on
        assert any("not a TrueType or OpenType font; the default font is used" in p for p in theme.file_problems)
    finally:
        theme.file_problems.clear()


# --- the command line ------------------------------------------------------------------------------

@pytest.mark.parametrize("argv, words", [
    (["play", "--text", "--seed", "-1"], "out of range"),
    (["simulate", "--seed", "x"], "not a whole number"),
    (["simulate", "--games", "1", "--log", "."], "cannot write the log"),
])
def test_bad_command_lines_are_one_line_messages_with_exit_2(argv, words, capsys):
    from game.cli import main

    try:
        code = main(argv)
    except SystemExit as exc:   # argparse's own usage errors
        code = exc.code
    assert code == 2 and words in capsys.readouterr().err


def test_validate_says_a_pipe_is_not_a_file_and_never_reads_it(tmp_path, capsys):
    from game.cli import main

    folder = tmp_path / "scenarios"
    folder.mkdir()
    os.mkfifo(folder / "pipe.yaml")
    (folder / "mini.yaml").write_text(MINI.read_text())
    assert main(["validate", str(folder)]) == 1
    out = capsys.readouterr().out
    assert "pipe.yaml:1:1: error: is not a regular file" in out and "mini.yaml: ok" in out


def test_output_to_a_full_device_is_a_message_not_a_traceback(monkeypatch, capsys):
    import sys

    from game.cli import main

    class Full(io.StringIO):
        def write(self, text):
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(sys, "stdout", Full())
    assert main(["schema"]) == 2
    assert "cannot write the output: No space left on device" in capsys.readouterr().err


def test_a_save_whose_scenario_file_is_there_but_broken_says_so_not_gone(mini, tmp_path):
    copy = tmp_path / "own.yaml"
    copy.write_text(MINI.read_text())
    from game.scenario import load_scenario

    game = Game(load_scenario(copy), seed=1, humans=["p"])
    path = write_save(game, tmp_path / "s.json")
    copy.write_text(MINI.read_text().replace("turns: 6", "turns: six"))

    def not_installed(_id):
        raise LookupError(_id)

    with pytest.raises(SaveError, match="cannot be used now; run `greatgame validate"):
        load_game(path, not_installed)


def test_what_a_save_killed_mid_write_leaves_is_cleared_later(tmp_path):
    from game.files import remove_stale_temporaries

    old = tmp_path / "autosave.json.a1b2c3d4.tmp"
    old.write_text("half a save")
    os.utime(old, (0, 0))
    fresh = tmp_path / "autosave.json.e5f6g7h8.tmp"   # maybe being written right now
    fresh.write_text("...")
    keep = tmp_path / "notes.tmp"
    keep.write_text("the player's own")
    os.utime(keep, (0, 0))
    assert remove_stale_temporaries(tmp_path) == 1
    assert not old.exists() and fresh.exists() and keep.exists()
