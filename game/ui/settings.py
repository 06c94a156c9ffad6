"""The player's settings (window, UI scale, fictional names), kept in user_dir()/settings.json.

A missing or damaged file gives the defaults; unknown keys are ignored (and written back as they
were), so old and new versions of the game can share one file. Older versions kept a table of
scenario files by id (`scenario_paths`) to continue saves; saves now name their scenario file
themselves, so it is no longer read.
"""
from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, field
from pathlib import Path

from game.files import FileProblem, read_json, write_atomic
from game.paths import user_dir

MAX_SETTINGS_BYTES = 64_000

WINDOW_SIZES = [(1280, 720), (1600, 900), (1920, 1080), (2560, 1440)]
UI_SCALES = [0.8, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0]


@dataclass
class Settings:
    window: tuple[int, int] = (1280, 720)
    fullscreen: bool = False
    ui_scale: float = 1.0
    fictional: bool = False
    # Keys this version does not know, kept so that saving does not lose another version's settings.
    extra: dict = field(default_factory=dict, repr=False, compare=False)
    # What was wrong with the file when it was read, for the player to be told once.
    problems: list = field(default_factory=list, repr=False, compare=False)

    @staticmethod
    def path() -> Path:
        return user_dir() / "settings.json"

    @classmethod
    def load(cls) -> "Settings":
        """The settings file's values, each checked on its own: a value of the wrong type or out
        of range gives that setting's default (and `problems` says which); a file that cannot be
        read at all (missing, not a regular file, too large, not JSON) gives the defaults."""
        s = cls()
        s.problems = []
        try:
            data = read_json(cls.path(), MAX_SETTINGS_BYTES, max_depth=8)
        except FileProblem as exc:
            if "no such file" not in str(exc):
                s.problems.append(f"{exc}; the default settings are used")
            return s
        if not isinstance(data, dict):
            s.problems.append(f"{cls.path()}: is not a mapping of settings; the defaults are used")
            return s
        w = data.get("window", list(s.window))
        if _is_pair_of_ints(w):
            s.window = (max(640, min(7680, w[0])), max(360, min(4320, w[1])))
        else:
            s.problems.append(f"{cls.path()}: 'window' should be [width, height] in whole pixels; "
                              "1280 × 720 is used")
        for name in ("fullscreen", "fictional"):
            value = data.get(name, getattr(s, name))
            if isinstance(value, bool):
                setattr(s, name, value)
            else:
                s.problems.append(f"{cls.path()}: '{name}' should be true or false; "
                                  f"{str(getattr(s, name)).lower()} is used")
        scale = data.get("ui_scale", s.ui_scale)
        if isinstance(scale, (int, float)) and not isinstance(scale, bool) and math.isfinite(scale):
            s.ui_scale = max(0.6, min(2.5, float(scale)))
        else:
            s.problems.append(f"{cls.path()}: 'ui_scale' should be a number such as 1.25; 1.0 is used")
        known = {f for f in cls.__dataclass_fields__ if f not in ("extra", "problems")}
        s.extra = {k: v for k, v in data.items() if k not in known}
        return s

    def save(self) -> None:
        """Write atomically; a settings file that cannot be written is not worth a crash."""
        data = dict(self.extra)
        data.update({k: v for k, v in asdict(self).items() if k not in ("extra", "problems")})
        data["window"] = list(self.window)
        try:
            write_atomic(self.path(), json.dumps(data, indent=1, sort_keys=True))
        except OSError:
            pass


def _is_pair_of_ints(value) -> bool:
    return (isinstance(value, list) and len(value) == 2
            and all(isinstance(v, int) and not isinstance(v, bool) for v in value))
