"""Where things live: shipped scenarios and assets, and the player's saves and settings."""
from __future__ import annotations

import datetime as dt
import os
import re
import sys
from pathlib import Path

from game.scenario import LoadedScenario, load_scenario

_PACKAGE = Path(__file__).resolve().parent
_SHARE = Path(sys.prefix) / "share" / "new-great-game"
DEFAULT_SCENARIO = "busan_pause"


def _first_existing(*candidates: Path) -> Path:
    for c in candidates:
        if c.is_dir():
            return c
    return candidates[0]


def scenarios_dir() -> Path:
    """The shipped scenarios: the repository's folder when run from a checkout, else the installed copy."""
    return _first_existing(_PACKAGE.parent / "scenarios", _SHARE / "scenarios")


def assets_dir() -> Path:
    return _first_existing(_PACKAGE.parent / "assets", _SHARE / "assets")


def user_dir() -> Path:
    """Saves and settings: $GREATGAME_HOME, else the platform's per-user data folder."""
    if os.environ.get("GREATGAME_HOME"):
        base = Path(os.environ["GREATGAME_HOME"])
    elif sys.platform == "win32":
        base = Path(os.environ.get("APPDATA", Path.home())) / "NewGreatGame"
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support" / "NewGreatGame"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share")) / "new-great-game"
    return base


def saves_dir() -> Path:
    return user_dir() / "saves"


def autosave_path() -> Path:
    return saves_dir() / "autosave.json"


def game_save_path(game) -> Path:
    """This game's own autosave, beside the shared autosave.json. Its name carries the game's
    label (when it was started), so a new game with the same scenario, state and seed never
    overwrites an earlier one's."""
    who = "-".join(game.humans) or "computer"
    names = "-fictional" if getattr(game, "fictional", False) else ""  # the same seed, told differently
    label = f"-{game.label}" if getattr(game, "label", None) else ""
    return saves_dir() / f"{game.s.meta.id}-{who}-seed{game.seed}{names}{label}.json"


def label_new_game(game, now: dt.datetime | None = None) -> str:
    """Give a new game its label: the time it was started, with a counter when another game
    started in the same second left a save of that name. Returns the label."""
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    game.label, n = stamp, 1
    while game_save_path(game).exists():
        n += 1
        game.label = f"{stamp}-{n}"
    return game.label


def keep_game(game, drafts=None, folder: Path | None = None) -> Path:
    """Write `game` under a name of its own before the player loads another save: its own autosave
    would otherwise be overwritten by an earlier point of the same game. The name is the game's own
    plus the turn, never an existing file. Raises OSError."""
    from game.engine import write_save

    folder = saves_dir() if folder is None else folder
    stem = f"{game_save_path(game).stem}-turn{game.turn}"
    kept, n = folder / f"{stem}.json", 1
    while kept.exists():  # an earlier game left at the same turn stays as it is
        n += 1
        kept = folder / f"{stem}-{n}.json"
    return write_save(game, kept, drafts)


def save_kind(path: Path) -> str:
    """What made a save, from its name (see autosave_path, game_save_path and keep_game)."""
    if path == autosave_path():
        return "autosave: Continue opens it"
    own = r".+-seed\d+(-fictional)?(-\d{8}-\d{6}(-\d+)?)?"
    if re.fullmatch(own, path.stem):
        return "this game's autosave"
    if re.fullmatch(own + r"-turn\d+(-\d+)?", path.stem):
        return "kept when you loaded another save"
    return "saved by you"


def shipped_scenarios() -> list[Path]:
    d = scenarios_dir()
    return sorted(p for p in d.glob("*.yaml")) if d.is_dir() else []


def user_scenarios_dir() -> Path:
    """Where the player's own scenarios go (`greatgame new` writes there): found by id like the
    shipped ones."""
    return user_dir() / "scenarios"


def user_scenarios() -> list[Path]:
    """The player's own scenario files: each .yaml in the folder, and in each folder one level down
    (`greatgame new` makes one folder per scenario, with its schema beside it)."""
    d = user_scenarios_dir()
    if not d.is_dir():
        return []
    return sorted(d.glob("*.yaml")) + sorted(d.glob("*/*.yaml"))


def _scenario_id(path: Path) -> str | None:
    """A scenario file's meta id, read cheaply (no checks); None if it cannot be told."""
    if not path.is_file():   # a pipe or a device named .yaml: never opened, it could block
        return None
    try:
        with path.open(encoding="utf-8", errors="replace") as f:   # a damaged file is validate's to report
            head = f.read(20_000)
    except OSError:
        return None
    lines = head.splitlines()
    try:
        start = next(i for i, line in enumerate(lines) if re.match(r"meta:\s*(#.*)?$", line))
    except StopIteration:
        return None
    indent = None
    for line in lines[start + 1:]:
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        depth = len(line) - len(line.lstrip(" "))
        if depth == 0:
            return None              # the end of `meta:` without an id
        indent = depth if indent is None else indent
        if depth == indent:          # a key of `meta:` itself, not of a source under it
            m = re.match(r"\s*id:\s*[\"']?([A-Za-z0-9_.-]+)", line)
            if m:
                return m.group(1)
    return None


def scenario_file(name: str) -> Path | None:
    """The file of the scenario with this file stem or id: a shipped one first, then the player's."""
    candidates = shipped_scenarios() + user_scenarios()
    for path in candidates:
        if path.stem == name:
            return path
    for path in candidates:
        if _scenario_id(path) == name:
            return path
    return None


def find_scenario(name: str) -> LoadedScenario:
    """Load a scenario by path, file stem or id: a shipped one first, then the player's own.
    Raises LookupError or ScenarioInvalid."""
    p = Path(name)
    if p.suffix in (".yaml", ".yml") or p.exists():
        if not p.is_file():
            raise LookupError(f"no scenario file {name}")
        return load_scenario(p)
    path = scenario_file(name)
    if path is not None:
        return load_scenario(path)
    known = [x.stem for x in shipped_scenarios()] + [x.stem for x in user_scenarios()]
    raise LookupError(f"no scenario '{name}' among the shipped ones ({scenarios_dir()}) or yours "
                      f"({user_scenarios_dir()}); known: {', '.join(known) or 'none'}. "
                      "Give a file's path, or make one with `greatgame new NAME`")
