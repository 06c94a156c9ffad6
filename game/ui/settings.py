"""The player's settings (window, UI scale, fictional names), kept in user_dir()/settings.json.

A missing or damaged file gives the defaults; unknown keys are ignored (and written back as they
were), so old and new versions of the game can share one file. Older versions kept a table of
scenario files by id (`scenario_paths`) to continue saves; saves now name their scenario file
themselves, so it is no longer read.
"""
from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

from game.paths import user_dir

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

    @staticmethod
    def path() -> Path:
        return user_dir() / "settings.json"

    @classmethod
    def load(cls) -> "Settings":
        s = cls()
        try:
            data = json.loads(cls.path().read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return s
        if not isinstance(data, dict):
            return s
        try:
            w, h = data.get("window", s.window)
            s.window = (max(640, min(7680, int(w))), max(360, min(4320, int(h))))
        except (TypeError, ValueError):
            pass
        s.fullscreen = bool(data.get("fullscreen", False))
        try:
            s.ui_scale = max(0.6, min(2.5, float(data.get("ui_scale", 1.0))))
        except (TypeError, ValueError):
            pass
        s.fictional = bool(data.get("fictional", False))
        known = {f for f in cls.__dataclass_fields__ if f != "extra"}
        s.extra = {k: v for k, v in data.items() if k not in known}
        return s

    def save(self) -> None:
        """Write atomically; a settings file that cannot be written is not worth a crash."""
        path = self.path()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            data = dict(self.extra)
            data.update({k: v for k, v in asdict(self).items() if k != "extra"})
            data["window"] = list(self.window)
            fd, tmp = tempfile.mkstemp(prefix="settings.", suffix=".tmp", dir=path.parent)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(data, fh, indent=1, sort_keys=True)
            os.replace(tmp, path)
        except OSError:
            pass
