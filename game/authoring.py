"""Tools for scenario authors: `greatgame new` (a scenario to start from, in the player's scenario
folder, with its schema beside it) and `greatgame list` (every scenario the game can find, with
its status). Imports no pygame.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from game.files import write_atomic
from game.paths import find_scenario, shipped_scenarios, user_scenarios, user_scenarios_dir
from game.scenario.load import check_scenario
from game.scenario.schema import scenario_schema_for_text
from game.scenario.source import read_yaml

NAME = re.compile(r"[a-z][a-z0-9_]{0,39}")
SCHEMA_FILE = "scenario.schema.json"
_META_ID = re.compile(r"(^meta:[ \t]*\n(?:[ \t]+.*\n|[ \t]*\n)*?[ \t]+id:[ \t]*)([\"']?)([A-Za-z0-9_.-]+)\2", re.M)


class AuthoringError(Exception):
    """A request `new` cannot carry out; the message says why and what to do."""


def starter_text() -> str:
    """The commented starter scenario `greatgame new` writes."""
    return resources.files("game.scenario").joinpath("starter.yaml").read_text(encoding="utf-8")


def _with_id(text: str, name: str) -> str:
    new, n = _META_ID.subn(lambda m: f"{m.group(1)}{name}", text, count=1)
    if n != 1:
        raise AuthoringError("the scenario to copy has no `id:` under `meta:` to rename")
    return new


def _renamed_copy(path: Path, name: str) -> str:
    """The text of the scenario at `path` with `meta.id` (found where the file has it, whatever
    comes before it under `meta:`) replaced by `name`."""
    text = path.read_text(encoding="utf-8")
    _, smap, _ = read_yaml(path)
    where = smap.values.get(("meta", "id"))
    if where is None:
        raise AuthoringError(f"{path} has no `id:` under `meta:` to rename")
    line, col = where
    lines = text.splitlines(keepends=True)
    row = lines[line - 1]
    m = re.match(r"([\"']?)[A-Za-z0-9_.-]+\1", row[col - 1:])
    if m is None:
        raise AuthoringError(f"{path}:{line}:{col}: cannot read the scenario's id to rename it")
    lines[line - 1] = row[:col - 1] + name + row[col - 1 + m.end():]
    return "".join(lines)


def new_scenario(name: str, source: str | None = None, folder: Path | None = None) -> Path:
    """Write scenario `name` (the starter, or a copy of the scenario `source` under the new id) in
    its own folder (default: the player's scenario folder / name), with the schema beside it.
    Returns the scenario file's path. Never overwrites a file."""
    if not NAME.fullmatch(name):
        raise AuthoringError(f"'{name[:60]}' cannot be a scenario id: use lower-case letters, digits and "
                             "_, starting with a letter (e.g. kyrgyz_gold)")
    known = {p.stem for p in shipped_scenarios()} | {p.stem for p in user_scenarios()}
    if name in known and folder is None:
        raise AuthoringError(f"there is already a scenario called '{name}'; choose another name "
                             "(`greatgame list` shows them all)")
    if source is None:
        text = _with_id(starter_text(), name)
    else:
        try:
            original = find_scenario(source)
        except LookupError as exc:
            raise AuthoringError(str(exc)) from None
        text = _renamed_copy(original.path, name)
    if not text.startswith("# yaml-language-server:"):
        text = f"# yaml-language-server: $schema={SCHEMA_FILE}\n" + text
    target = (folder if folder is not None else user_scenarios_dir() / name)
    path = target / f"{name}.yaml"
    if path.exists():
        raise AuthoringError(f"{path} already exists; nothing was written (choose another name or folder)")
    if (target / SCHEMA_FILE).exists():   # another scenario's schema lives here: keep it, and give ours a name
        text = _SCHEMA_LINE.sub(f"# yaml-language-server: $schema={name}.schema.json", text, count=1)
    target.mkdir(parents=True, exist_ok=True)
    write_atomic(path, text)
    write_schema_for(path)
    return path


_SCHEMA_LINE = re.compile(r"^# yaml-language-server: \$schema=\S+", re.M)


def schema_file_of(path: Path, text: str | None = None) -> Path:
    """The schema file a scenario's first line names (beside it), else the usual one beside it."""
    head = text or ""
    if text is None and path.is_file():   # never open a pipe or a device: it could block for ever
        try:
            with path.open(encoding="utf-8", errors="replace") as f:
                head = f.read(400)
        except OSError:
            head = ""
    m = re.search(r"\$schema=(\S+)", head[:400])
    name = m.group(1) if m else SCHEMA_FILE
    return path.parent / (name if "/" not in name and "\\" not in name and ":" not in name else SCHEMA_FILE)


def write_schema_for(path: Path) -> Path:
    """Write, beside the scenario, the schema that knows its ids (`greatgame schema --for`), under
    the name its first line gives."""
    data, _, _ = read_yaml(path)
    return write_atomic(schema_file_of(path), scenario_schema_for_text(data, path.name))


def schema_is_stale(path: Path) -> bool:
    """Whether the schema beside the scenario was written for it (`schema --for`) but no longer
    matches its ids, so an editor would underline ids the file now declares."""
    schema_path = schema_file_of(path)
    if not (path.is_file() and schema_path.is_file()):
        return False
    try:
        text = schema_path.read_text(encoding="utf-8")
    except (OSError, ValueError):
        return False
    if f"with the ids of {path.name}" not in text:
        return False    # the general schema knows no ids, so it cannot be out of date
    data, _, _ = read_yaml(path)
    return data is not None and text != scenario_schema_for_text(data, path.name)


@dataclass(frozen=True)
class Listed:
    """One scenario the game can find."""

    id: str
    title: str
    where: str          # "shipped" or "yours"
    path: Path
    errors: int
    warnings: int
    fictional: bool = False   # it gives fictional names: it can be played with them on

    @property
    def status(self) -> str:
        if self.errors:
            return f"{self.errors} error{'s' if self.errors != 1 else ''}"
        if self.warnings:
            return f"ok, {self.warnings} warning{'s' if self.warnings != 1 else ''}"
        return "ok"


def scenario_list() -> list[Listed]:
    """Every scenario the game finds: the shipped ones, then the player's own, each checked."""
    out = []
    for where, paths in (("shipped", shipped_scenarios()), ("yours", user_scenarios())):
        for path in paths:
            try:
                loaded, problems = check_scenario(path)
            except OSError as exc:
                out.append(Listed(path.stem, f"(cannot read: {exc.strerror or exc})", where, path, 1, 0))
                continue
            errors = sum(1 for p in problems if p.severity == "error")
            warnings = sum(1 for p in problems if p.severity == "warning")
            if loaded is not None:
                m = loaded.model
                fictional = bool(m.meta.fictional_words) or any(a.fictional_name for a in list(m.states) + list(m.powers))
                out.append(Listed(m.meta.id, m.meta.title, where, path, errors, warnings, fictional))
            else:
                out.append(Listed(path.stem, "(does not load: run greatgame validate)", where, path, errors, warnings))
    return out
