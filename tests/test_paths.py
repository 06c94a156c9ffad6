"""Where the game keeps its files (game.paths): what made each save, as the load list says it."""
from __future__ import annotations


def test_the_load_list_says_what_made_each_save(tmp_path):
    from game.paths import autosave_path, saves_dir
    from game.paths import save_kind

    assert save_kind(autosave_path()) == "autosave: Continue opens it"
    assert save_kind(saves_dir() / "busan_pause-kz-seed7.json") == "this game's autosave"
    assert save_kind(saves_dir() / "busan_pause-kz-seed7-fictional-turn4-2.json") == "kept when you loaded another save"
    assert save_kind(saves_dir() / "busan_pause-kz-turn3-20261128-010600.json") == "saved by you"
