"""Class files: the YAML a teacher writes to run a class (docs/classroom.md). It fixes the
scenario, one seed for every group (so groups are comparable), the length, the difficulty, the
teams and their states, the injects, the turn timer, fictional names and what teams may see.

Read with the scenario reader (game.scenario.source), so every mistake is reported with its file,
line, column and a hint, and checked against the scenario it names: its states, its events, its
length. Nothing in a class file is ever run.
"""
from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Optional

from pydantic import Field, ValidationError

from game import paths
from game.files import write_atomic
from game.scenario import Diagnostic, LoadedScenario, ScenarioInvalid
from game.scenario.diagnostics import did_you_mean
from game.scenario.load import model_diagnostics
from game.scenario.model import Bool, Count, Id, Line, Model, Ordinal, Text
from game.scenario.source import read_yaml

CLASS_FORMAT = 1
CLASS_SCHEMA_FILE = "class.schema.json"
MAX_TEAMS = 40
DIFFICULTY = Literal["easy", "normal", "hard"]


class Team(Model):
    """One team: its name, the state it governs and (optionally) its group."""

    name: Line = Field(min_length=1, max_length=40, description="The team's name, shown to everyone, "
                       "e.g. `Steppe Eagles`. Each team's is its own.")
    state: str = Id("The state the team governs: a playable state of the scenario, e.g. `kz`.")
    group: Optional[Line] = Field(None, max_length=40, description=(
        "Teams of the same group play one game together (every group plays the same seed). "
        "Left out: the first team of each state is in group 1, the second in group 2, and so on."))


class Inject(Model):
    """A scenario event fired at a chosen turn, whatever its conditions and odds."""

    turn: Ordinal = Field(description="The turn it fires on, as that turn opens (1 is the first).")
    event: str = Id("The event of the scenario (its `id`), e.g. `price_crash`.")
    states: Optional[list[str]] = Field(None, description="The states it reaches (default: every "
                                        "state the event can reach).")
    groups: Optional[list[Line]] = Field(None, description="The groups it is fired in (default: all).")


class Visible(Model):
    """What teams may see beyond their own state's numbers."""

    forecast: Bool = Field(True, description="The forecast of their orders before they send them.")
    adviser: Bool = Field(False, description="The built-in adviser's recommendation.")
    other_teams: Bool = Field(True, description="The other teams' states and scores in their group.")


class ClassFile(Model):
    """A class: one scenario played by teams, in one game or several groups of the same seed."""

    format: Literal[1] = Field(1, description="The class file format. Always 1 for now.")
    title: Line = Field(min_length=1, description="The class's name, shown on every page, e.g. "
                        "`Seminar 4: the Busan pause`.")
    scenario: str = Field(min_length=1, max_length=300, description=(
        "The scenario: its id (`greatgame list` shows them) or a path to its file, relative to this "
        "class file."))
    seed: Count = Field(description="The seed every group plays: the same seed, the same dice, so "
                        "groups can be compared.")
    turns: Optional[Ordinal] = Field(None, description="Play only this many turns (default: the "
                                     "scenario's length).")
    difficulty: DIFFICULTY = Field("normal", description="easy, normal or hard.")
    fictional_names: Bool = Field(False, description="Fictional names for the states and powers "
                                  "(for classrooms where real names are sensitive).")
    timer_minutes: Count = Field(0, le=240, description="Minutes each turn lasts; 0 is no timer. "
                                 "When time is up, `when_time_is_up` says what happens.")
    when_time_is_up: Literal["computer", "nothing", "wait"] = Field("wait", description=(
        "`computer`: the turn resolves and teams that sent nothing are played by the computer; "
        "`nothing`: they send no actions (and the computer answers their questions); `wait`: the "
        "instructor decides."))
    teams_see: Visible = Field(default_factory=Visible, description="What teams may see.")
    teams: list[Team] = Field(min_length=1, max_length=MAX_TEAMS, description="The teams, each with "
                              "the state it governs.")
    injects: list[Inject] = Field(default_factory=list, description="Events fired at chosen turns.")
    briefing: Optional[Text] = Field(None, description="A note from the instructor, shown to every "
                                     "team before the first turn.")


@dataclass(frozen=True)
class Group:
    """One game of the class: its name and its teams, in the order of the class file."""

    name: str
    teams: tuple[Team, ...]

    @property
    def states(self) -> list[str]:
        return [t.state for t in self.teams]


@dataclass
class LoadedClass:
    """A valid class file with its scenario (shortened to the class's length) and its groups."""

    model: ClassFile
    path: Path
    digest: str
    scenario: LoadedScenario
    groups: list[Group]
    warnings: list[Diagnostic] = dataclasses.field(default_factory=list)

    def team(self, name: str) -> tuple[Group, Team] | None:
        for g in self.groups:
            for t in g.teams:
                if t.name == name:
                    return g, t
        return None


def groups_of(model: ClassFile) -> list[Group]:
    """The class's games: teams with a `group` in theirs; the others, by state, the first team of
    each state in group 1, the second in group 2..."""
    named: dict[str, list[Team]] = {}
    count: dict[str, int] = {}
    for t in model.teams:
        if t.group is not None:
            key = t.group.strip()
        else:
            count[t.state] = count.get(t.state, 0) + 1
            key = f"Group {count[t.state]}"
        named.setdefault(key, []).append(t)
    return [Group(name, tuple(teams)) for name, teams in named.items()]


def check_class(path: Path | str, display: str | None = None) -> tuple[LoadedClass | None, list[Diagnostic]]:
    """Read and check a class file; the class (None if any error) and every problem found, in one
    pass: the checks against the scenario run on the parts that are well formed even when others
    are not. Raises OSError if the file cannot be read."""
    path = Path(path)
    data, smap, problems = read_yaml(path, display)
    if data is None:
        return None, [d if d.message != "the file is empty" else
                      Diagnostic(d.path, d.line, d.col, d.severity, d.message,
                                 "write a class file with `greatgame class new FILE`") for d in problems]
    if not isinstance(data, dict):
        problems.append(smap.diag((), "a class file must be a mapping of keys (title, scenario, teams, ...)",
                                  "start from `greatgame class new FILE`"))
        return None, problems
    model = None
    try:
        model = ClassFile.model_validate(data)
    except ValidationError as exc:
        problems += model_diagnostics(exc, smap, data, root=ClassFile)
    scenario = None
    if isinstance(data.get("scenario"), str) and data["scenario"].strip():
        scenario, found = _scenario_of(data["scenario"], path)
        if scenario is None:
            problems.append(smap.diag(("scenario",), found[0], found[1]))
    teams = [t if isinstance(t, dict) else {} for t in data.get("teams", [])] if isinstance(data.get("teams"), list) else []
    names: dict[str, int] = {}
    for k, t in enumerate(teams):
        name = t.get("name")
        if isinstance(name, str):
            if name.strip().lower() in names:
                problems.append(smap.diag(("teams", k, "name"), f"two teams are called '{name}'",
                                          "give each team a name of its own"))
            names.setdefault(name.strip().lower(), k)
    if scenario is not None:
        problems += _against_scenario(data, teams, scenario, smap, model)
    if "yaml-language-server: $schema=" not in "\n".join(smap.lines)[:400]:
        problems.append(Diagnostic(smap.path, 1, 1, "warning", "no `# yaml-language-server: $schema=` line",
                                   f"add `# yaml-language-server: $schema={CLASS_SCHEMA_FILE}` as the first line "
                                   "for editor completion (`greatgame class new` writes the schema beside it)"))
    problems = sorted(set(problems))
    if model is None or scenario is None or any(p.severity == "error" for p in problems):
        return None, problems
    loaded = LoadedClass(model, path, smap.digest, scenario.played_for(model.turns), groups_of(model),
                         [p for p in problems if p.severity == "warning"])
    return loaded, problems


def _against_scenario(data: dict, teams: list[dict], scenario: LoadedScenario, smap,
                      model: ClassFile | None) -> list[Diagnostic]:
    """The class's references to its scenario (states, events, turns), checked on whatever parts
    are well formed."""
    problems = []
    full = scenario.model.meta.turns
    turns = data.get("turns") if isinstance(data.get("turns"), int) and not isinstance(data.get("turns"), bool) else None
    if turns is not None and turns > full:
        problems.append(smap.diag(("turns",), f"{turns} turns, but '{scenario.model.meta.title}' has only {full}",
                                  f"give at most {full}, or leave `turns` out"))
    states = {s.id: s for s in scenario.model.states}
    playable = [s.id for s in scenario.model.states if s.playable]
    for k, t in enumerate(teams):
        sid = t.get("state")
        if not isinstance(sid, str):
            continue
        if sid not in states:
            hint = did_you_mean(sid, states) or f"choose one of {', '.join(playable)}"
            problems.append(smap.diag(("teams", k, "state"), f"the scenario has no state '{sid}'", hint))
        elif not states[sid].playable:
            problems.append(smap.diag(("teams", k, "state"), f"'{sid}' cannot be played in this scenario",
                                      f"choose one of {', '.join(playable)}"))
    names: set[str] = set()
    if model is not None:
        for g in groups_of(model):
            names.add(g.name)
            seen: set[str] = set()
            for t in g.teams:
                if t.state in seen:
                    k = model.teams.index(t)
                    problems.append(smap.diag(("teams", k, "state"), f"two teams of {g.name} govern '{t.state}'",
                                              "put one of them in another `group`, or give it another state"))
                seen.add(t.state)
    events = {e.id: e for e in scenario.model.events}
    last = min(turns, full) if turns is not None else full
    injects = data.get("injects") if isinstance(data.get("injects"), list) else []
    for k, inj in enumerate(injects):
        if not isinstance(inj, dict):
            continue
        event, turn = inj.get("event"), inj.get("turn")
        if isinstance(event, str) and event not in events:
            problems.append(smap.diag(("injects", k, "event"), f"the scenario has no event '{event}'",
                                      did_you_mean(event, events) or "see the scenario's `events:` (the instructor's "
                                      "page lists them too)"))
        if isinstance(turn, int) and not isinstance(turn, bool) and turn > last:
            problems.append(smap.diag(("injects", k, "turn"), f"turn {turn} comes after the last turn ({last})",
                                      f"give a turn from 1 to {last}"))
        for j, sid in enumerate(inj.get("states") or [] if isinstance(inj.get("states"), list) else []):
            if isinstance(sid, str) and sid not in states:
                problems.append(smap.diag(("injects", k, "states", j), f"the scenario has no state '{sid}'",
                                          did_you_mean(sid, states) or f"choose one of {', '.join(states)}"))
        for j, gname in enumerate(inj.get("groups") or [] if isinstance(inj.get("groups"), list) else []):
            if names and isinstance(gname, str) and gname not in names:
                problems.append(smap.diag(("injects", k, "groups", j), f"no group is called '{gname}'",
                                          did_you_mean(gname, names) or f"the groups are {', '.join(sorted(names))}"))
    return problems


def session_folder(path: Path | str) -> Path:
    """Where a class file's class is kept as it is played (hosted or at one keyboard): beside it."""
    path = Path(path)
    return path.with_name(path.stem + "-session")


def load_class(path: Path | str) -> LoadedClass:
    """A valid class, or ScenarioInvalid with every problem found (OSError if unreadable)."""
    loaded, problems = check_class(Path(path))
    if loaded is None:
        raise ScenarioInvalid(problems)
    return loaded


SCENARIO_HINT = "give a scenario id from `greatgame list`, or a path to its file relative to this class file"


def _scenario_of(name: str, path: Path) -> tuple[LoadedScenario | None, tuple[str, str]]:
    """The class's scenario, or None and why (a message and a hint): a path beside the class file
    first, then an id."""
    beside = (path.parent / name)
    try:
        if beside.suffix in (".yaml", ".yml") or beside.is_file():
            if not beside.is_file():
                return None, (f"no scenario file {beside}", SCENARIO_HINT)
            return paths.find_scenario(str(beside)), ("", "")
        return paths.find_scenario(name), ("", "")
    except ScenarioInvalid as exc:
        return None, (f"the scenario '{name}' has {len(exc.errors)} error(s)",
                      f"run `greatgame validate {name}` to see them")
    except LookupError as exc:
        known = [x.stem for x in paths.shipped_scenarios()] + [x.stem for x in paths.user_scenarios()]
        return None, (str(exc).split("; known")[0], did_you_mean(name, known) or SCENARIO_HINT)


def class_schema() -> dict:
    schema = ClassFile.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"New Great Game class file (format {CLASS_FORMAT})"
    return schema


def class_template(scenario: LoadedScenario, title: str = "My class") -> str:
    """A small, commented, valid class file for `scenario`: two groups of its playable states."""
    playable = [s for s in scenario.model.states if s.playable]
    events = [e.id for e in sorted(scenario.model.events, key=lambda e: e.kind != "random")]
    team_words = ["Eagles", "Caravan", "Falcons", "Lanterns", "Rivers", "Summit"]
    lines = [f"# yaml-language-server: $schema={CLASS_SCHEMA_FILE}",
             f"# A class of {scenario.model.meta.title}.",
             "# Check it with `greatgame class check FILE`; docs/classroom.md says what every key does.",
             f"title: {json.dumps(title)}",
             f"scenario: {scenario.model.meta.id}",
             "seed: 2025                  # every group plays this seed: the same dice, comparable games",
             f"# turns: {scenario.model.meta.turns}                 # play fewer turns than the scenario's "
             f"{scenario.model.meta.turns}",
             "difficulty: normal          # easy, normal or hard",
             "fictional_names: false      # true: fictional names for states and powers",
             "timer_minutes: 10           # each turn's time; 0 = no timer",
             "when_time_is_up: wait       # computer | nothing | wait (you decide)",
             "teams_see:",
             "  forecast: true            # the forecast of their orders",
             "  adviser: false            # the built-in adviser's advice",
             "  other_teams: true         # the other teams' states and scores in their group",
             "# Teams of the same group play one game. Without `group:`, the first team of each state",
             "# is in group 1, the second in group 2, and so on.",
             "teams:"]
    k = 0
    for g in range(2):
        for st in playable:
            lines.append(f"  - {{name: {st.name} {team_words[k % len(team_words)]}, state: {st.id}}}")
            k += 1
    lines.append("# Scenario events fired at a chosen turn, whatever their odds (you can also fire one")
    lines.append("# from the instructor's page at any time).")
    if events:
        lines.append("injects:")
        lines.append(f"  - {{turn: 3, event: {events[0]}}}")
    else:
        lines.append("injects: []")
    lines.append("briefing: >-")
    lines.append("  Read your state's briefing, agree on a strategy as a team, then send your orders")
    lines.append("  before the timer runs out.")
    return "\n".join(lines) + "\n"


def new_class_file(path: Path | str, scenario: LoadedScenario) -> list[Path]:
    """Write a class file for `scenario` at `path` (never over an existing file) and its schema
    beside it. Returns the files written; raises FileExistsError or OSError."""
    path = Path(path)
    if path.suffix.lower() not in (".yaml", ".yml"):
        path = path.with_name(path.name + ".yaml")
    if path.exists():
        raise FileExistsError(f"{path} exists already; choose another name (nothing was written)")
    path.parent.mkdir(parents=True, exist_ok=True)
    title = path.stem.replace("_", " ").replace("-", " ").strip().capitalize() or "My class"
    write_atomic(path, class_template(scenario, title))
    schema = path.parent / CLASS_SCHEMA_FILE
    write_atomic(schema, json.dumps(class_schema(), indent=2, sort_keys=True) + "\n")
    return [path, schema]
