"""Saves: versioned JSON holding the scenario's id and content hash, the seed, the orders and the
position at the start of the current turn.

Loading replays the orders through the engine, so a loaded game is the game that was saved,
byte for byte, with its whole record (reports, causes); the replayed position must then equal the
saved one, so a save that was edited by hand is refused with a message rather than loaded as
another game. When the rules themselves have changed since (the scenario's rules, or this
version's: RULES_VERSION), the orders cannot replay the same game; then the game goes on from the
position the save recorded, under the new rules, and says so: a save is never lost to an update. Writes are atomic (a temporary file renamed over the old one), so a crash while
saving never destroys the previous save.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any, Callable, Literal, Mapping

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from game.files import FileProblem, read_json, write_atomic

from game.scenario.load import LoadedScenario

from .game import Game, OrdersError
from .policies import policy
from .position import Position, PositionError
from .views import Orders

SAVE_FORMAT = 1
RULES_VERSION = 3
"""Bumped whenever a change makes the same human orders play a different game: the engine's rules,
or the built-in adviser that computer-played states use (their orders are chosen again on replay).
2: powers remember each escalation and never offer what cannot be taken. 3: the quick adviser values
new capacity beside the capacity being built, and what an action unlocks in the world it makes. A save from other rules
replays when it still comes out the same, else continues from its recorded position."""
MAX_SAVE_BYTES = 5_000_000


class SaveError(Exception):
    """A save that cannot be read or does not fit the scenario; the message says what to do."""


def save_data(game: Game, drafts: Mapping[str, Orders] | None = None) -> dict[str, Any]:
    """The save as JSON-ready data. `drafts` are a player's unfinished orders for this turn."""
    return {
        "game": "new-great-game",
        "format": SAVE_FORMAT,
        "rules_version": RULES_VERSION,
        "scenario": {"id": game.s.meta.id, "digest": game.scenario.digest,
                     "rules": game.scenario.rules_digest,
                     "file": game.scenario.path.name, "path": str(game.scenario.path.resolve())},
        "seed": game.seed,
        "label": game.label,
        "difficulty": game.difficulty.name,
        "fictional": game.fictional,
        "humans": list(game.humans),
        "turn": game.turn,
        "turns": game.scenario.played_turns,   # a game played shorter than its scenario (a class), else None
        "orders": game.order_log,
        "interventions": game.interventions,
        "pending": {sid: o.as_dict() for sid, o in game.submitted.items()},
        "position": game.position.to_dict(),
        # A game that began from a written position (a branch) replays its orders from there.
        "origin": game.origin,
        "policies": {sid: p.name for sid, p in game.policies.items()},
        "drafts": {sid: o.as_dict() for sid, o in (drafts or {}).items()},
        # For save lists only (loading replays the orders): whether and how the game ended.
        "over": game.over,
        "ending": _ending_name(game),
    }


def _ending_name(game: Game) -> str | None:
    if not game.humans:
        return None
    outcome = game.outcome(game.humans[0])
    return outcome.name if outcome is not None else None


def write_save(game: Game, path: Path | str, drafts: Mapping[str, Orders] | None = None) -> Path:
    """Write atomically (game.files.write_atomic); raises OSError with the old file untouched.

    `drafts` (state id to Orders) keep a player's unfinished choices for the current turn.
    """
    return write_atomic(path, json.dumps(save_data(game, drafts), indent=1, sort_keys=True))


class _Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="ignore")


class _Orders(_Strict):
    actions: list[Annotated[str, Field(max_length=200)]] = Field(max_length=1000)
    answers: dict[Annotated[str, Field(max_length=200)], Annotated[str, Field(max_length=200)]] = {}


class _TurnOrders(_Orders):
    turn: int = Field(ge=1, le=100_000)
    state: str = Field(max_length=200)


class _Intervention(_Strict):
    turn: int = Field(ge=1, le=100_000)
    kind: Literal["inject", "argued"]
    event: str | None = Field(None, max_length=200)
    states: list[Annotated[str, Field(max_length=200)]] | None = Field(None, max_length=100)
    state: str | None = Field(None, max_length=200)
    text: str | None = Field(None, max_length=1000)
    chance: float | None = Field(None, ge=0, le=1)
    effects: list[Annotated[list[Annotated[str, Field(max_length=200)] | float], Field(min_length=2, max_length=2)]] \
        | None = Field(None, max_length=100)   # [indicator, change]


class _Scenario(_Strict):
    id: str = Field(min_length=1, max_length=200)
    digest: str = Field(max_length=200)
    rules: str | None = Field(None, max_length=200)
    file: str | None = Field(None, max_length=4096)
    path: str | None = Field(None, max_length=4096)


class _SaveFile(_Strict):
    """What a save must hold, with its types: anything else is a damaged save, said as such."""

    game: Literal["new-great-game"]
    format: int
    rules_version: int = Field(1, ge=1, le=1_000_000)   # saves from before it was kept: 1
    scenario: _Scenario
    seed: int = Field(ge=0, lt=2**63)
    difficulty: Literal["easy", "normal", "hard"]
    fictional: bool = False
    humans: list[Annotated[str, Field(max_length=200)]] = Field(max_length=100)
    turn: int = Field(1, ge=1, le=100_000)
    turns: int | None = Field(None, ge=1, le=100_000)
    orders: list[_TurnOrders] = Field(max_length=1_000_000)
    interventions: list[_Intervention] = Field([], max_length=100_000)
    pending: dict[str, _Orders] = {}
    drafts: dict[str, _Orders] = {}
    position: dict | None = None
    origin: dict | None = None
    policies: dict[str, Annotated[str, Field(max_length=60)]] = {}
    over: bool = False
    ending: str | None = Field(None, max_length=1000)
    label: str | None = Field(None, pattern=r"^[0-9A-Za-z-]{1,40}$")


def read_save(path: Path | str) -> dict[str, Any]:
    """Read and check a save (the guarded reader, then its typed model); SaveError with a
    readable message for anything that is not a sound save. A name given without `.json` finds
    the save `save NAME` wrote (NAME.json)."""
    path = Path(path)
    if not path.exists() and path.suffix.lower() != ".json" and path.with_name(path.name + ".json").is_file():
        path = path.with_name(path.name + ".json")
    try:
        data = read_json(path, MAX_SAVE_BYTES)
    except FileProblem as exc:
        text = str(exc)
        hint = "" if "no such file" in text else "; load an older save or the autosave"
        raise SaveError(f"{text.replace(': no such file', ': no such save file')}{hint}") from None
    if not isinstance(data, dict) or data.get("game") != "new-great-game":
        raise SaveError(f"{path}: this is not a New Great Game save")
    if data.get("format") != SAVE_FORMAT:
        raise SaveError(f"{path}: save format {repr(data.get('format'))[:40]} is not supported "
                        f"(this version reads format {SAVE_FORMAT})")
    try:
        return _SaveFile.model_validate(data).model_dump()
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(x) for x in err["loc"])
        raise SaveError(f"{path}: the save is damaged ('{where}': {err['msg'].lower()}); "
                        "load an older save or the autosave") from None


def load_game(path: Path | str, find_scenario: Callable[[str], LoadedScenario]) -> Game:
    """Rebuild a saved game by replaying its orders. `find_scenario(id)` loads the scenario (the
    file the save was made from comes first while it still has the same rules, so two scenarios
    sharing an id cannot swap)."""
    data = read_save(path)
    scen = data["scenario"]
    scenario = _scenario_beside(scen, data.get("turns"))
    if scenario is None or scenario.rules_digest != scen.get("rules"):
        try:
            scenario = _played_for(find_scenario(scen["id"]), data.get("turns"), path)
        except LookupError:
            if scenario is None:
                beside = scen.get("path")
                if beside and Path(beside).exists():
                    raise SaveError(f"{path}: the scenario '{scen['id']}' of this save is not installed, and its "
                                    f"file {beside} cannot be used now; run `greatgame validate {beside}` to see "
                                    "why") from None
                raise SaveError(f"{path}: the scenario '{scen['id']}' of this save is not installed"
                                + (f" and {beside} is gone" if beside else "")) from None
    texts_changed = scenario.digest != scen["digest"]
    try:
        policies = {sid: policy(name) for sid, name in data["policies"].items()}
    except ValueError as exc:
        raise SaveError(f"{path}: a computer-played state of this save plays by a policy this version "
                        f"does not have ({exc})") from None
    why = remedy = None
    if texts_changed and scenario.rules_digest != scen.get("rules"):
        why = f"The rules of '{scenario.model.meta.title}' have changed since this game was saved"
        remedy = "restore the old scenario file, or start anew"
    elif data["rules_version"] != RULES_VERSION:
        why = "This version of the game plays its rules differently from the one that saved it"
        remedy = "open it with the version of the game that saved it, or start anew"
    try:
        game = _replayed(path, data, scenario, policies, texts_changed or why is not None)
    except SaveError:
        if why is None:
            raise
        return _continued(path, data, scenario, policies, why, remedy)   # the orders now play another game
    if why is not None and data.get("position") is None:
        game.load_note = (f"{why}. This save holds only its orders, so they were played again under the new "
                          "rules: the game may have turned out differently from the one you saved.")
        return game
    if why is not None:
        game.load_note = (f"{why}. The turns played so far come out the same under the new rules, so the "
                          "game goes on from where you left it, with its whole record.")
        return game
    if texts_changed:  # only words changed (names, descriptions, sources): the game is the same
        game.load_note = (f"The texts of '{scenario.model.meta.title}' have been edited since this game "
                          "was saved; its rules have not, so the game is the same.")
    return game


def _replayed(path: Path | str, data: dict, scenario: LoadedScenario, policies: dict, words_changed: bool) -> Game:
    """The saved game rebuilt by replaying its orders; SaveError if they no longer lead to the
    position the save records."""
    try:
        if data.get("origin") is not None:
            game = Game.from_position(scenario, data["origin"], data["humans"], data["difficulty"],
                                      data.get("fictional") is True, int(data["seed"]), policies)
        else:
            game = Game(scenario, int(data["seed"]), data["humans"], data["difficulty"],
                        data.get("fictional") is True, policies)
        game.label = data.get("label")
        replay(game, data["orders"], int(data.get("turn", 1)), data.get("interventions") or [])
        if data.get("position") is not None:  # saves made before positions were kept have only orders
            _check_position(game, data["position"], path, words_changed)
        for sid, o in _mapping(data, "pending").items():
            game.submit(sid, Orders(tuple(o["actions"]), dict(o["answers"])))
        game.drafts = {sid: Orders(tuple(o["actions"]), dict(o["answers"]))
                       for sid, o in _mapping(data, "drafts").items() if sid in game.humans}
    except PositionError as exc:
        raise SaveError(f"{path}: the position this game began from is damaged ({exc})") from None
    except (OrdersError, ValueError, KeyError, TypeError, AttributeError) as exc:   # InterventionError too
        raise SaveError(f"{path}: the save's orders do not replay ({exc})") from None
    return game


def _continued(path: Path | str, data: dict, scenario: LoadedScenario, policies: dict, why: str,
               remedy: str) -> Game:
    """The saved game under rules that have changed: it goes on from the position the save recorded
    (the start of its current turn), with its unfinished orders, and a note saying what was lost
    (the earlier turns' reports and charts, which only a replay under the old rules could give)."""
    if data.get("position") is None:   # only orders, and they no longer replay
        raise SaveError(f"{path}: {why[0].lower() + why[1:]}, and its orders can no longer be played; {remedy}")
    try:
        game = Game.from_position(scenario, data["position"], data["humans"], data["difficulty"],
                                  data.get("fictional") is True, int(data["seed"]), policies)
    except PositionError as exc:
        raise SaveError(f"{path}: {why[0].lower() + why[1:]}, and the position it recorded no longer fits the "
                        f"scenario ({exc}); {remedy}") from None
    except ValueError as exc:   # a human state the scenario no longer has, or no longer lets be played
        raise SaveError(f"{path}: {why[0].lower() + why[1:]}: {exc}") from None
    game.label = data.get("label")
    open_turn_ids = {q.id for sid in game.humans for q in game.position.records[sid].decisions}
    game.drafts = {sid: Orders(tuple(o["actions"]), {d: a for d, a in o["answers"].items() if d in open_turn_ids})
                   for sid, o in {**_mapping(data, "pending"), **_mapping(data, "drafts")}.items()
                   if sid in game.humans}
    game.load_note = (f"{why}. The game goes on from turn {game.turn}, where you left it, under the new rules; "
                      "the turns before it cannot be replayed, so its reports and charts start here.")
    return game


def _rules_of(position: dict) -> dict:
    """A written position without the words it keeps (project names, the texts of causes, news),
    which a correction of the scenario's words changes and the rules never read."""
    out = json.loads(json.dumps(position))
    for pr in out["projects"]:
        pr.pop("name", None)
    for sch in out["scheduled"]:
        sch["cause"].pop("text", None)
    for rec in out["records"].values():
        rec.pop("news", None)
        rec.pop("last_responses", None)
    return out


def _check_position(game: Game, saved: Any, path: Path | str, words_changed: bool = False) -> None:
    """The replayed game must stand where the save says it stood (its words aside, when only the
    scenario's words have changed since)."""
    try:
        want = Position.from_dict(saved).to_dict()
    except PositionError as exc:
        raise SaveError(f"{path}: the save's position is damaged ({exc}); load an older save or the autosave") from None
    have = game.position.to_dict()
    if words_changed:
        want, have = _rules_of(want), _rules_of(have)
    if json.dumps(want, sort_keys=True) != json.dumps(have, sort_keys=True):
        where = next((k for k in have if json.dumps(have[k], sort_keys=True) != json.dumps(want.get(k), sort_keys=True)),
                     "?")
        raise SaveError(f"{path}: the save's orders do not lead to the position it records (they differ in "
                        f"'{where}'): the file was edited, or this version plays the scenario differently; "
                        "load an older save or start anew")


def _mapping(data: dict, key: str) -> dict:
    value = data.get(key) or {}
    if not isinstance(value, dict):
        raise TypeError(f"'{key}' should be a mapping of state to orders")
    return value


def _played_for(scenario: LoadedScenario, turns: int | None, path: Path | str) -> LoadedScenario:
    try:
        return scenario.played_for(turns)
    except ValueError as exc:
        raise SaveError(f"{path}: this game was played for {turns} turns, which its scenario no longer allows "
                        f"({exc})") from None


def _scenario_beside(scen: dict, turns: int | None = None) -> LoadedScenario | None:
    """The scenario file the save was made from, when it still exists and is the same scenario
    (played for the save's number of turns)."""
    from game.scenario import ScenarioInvalid, load_scenario

    where = scen.get("path")
    if not isinstance(where, str) or not Path(where).is_file():
        return None
    try:
        scenario = load_scenario(where)
    except (ScenarioInvalid, OSError):
        return None
    if scenario.model.meta.id != scen["id"]:
        return None
    try:
        return scenario.played_for(turns)
    except ValueError:
        return None


def replay(game: Game, orders: list[dict], until_turn: int, interventions: list[dict] = ()) -> None:
    """Feed recorded human orders back, resolving every turn before `until_turn`. Each turn's
    interventions (an instructor's injects and argued actions) come first, in the order made, as
    they came before the turn resolved; those of `until_turn` itself are applied too."""
    by_turn: dict[int, list[dict]] = {}
    for o in orders:
        by_turn.setdefault(int(o["turn"]), []).append(o)
    acts: dict[int, list[dict]] = {}
    for x in interventions:
        acts.setdefault(int(x["turn"]), []).append(x)
    if by_turn and max(by_turn) >= until_turn:
        raise OrdersError(f"orders for turn {max(by_turn)} in a save made at turn {until_turn}")
    if acts and max(acts) > until_turn:
        raise OrdersError(f"an intervention on turn {max(acts)} in a save made at turn {until_turn}")
    while not game.over:
        for x in acts.get(game.turn, []):
            game.intervene(x)
        if game.turn >= until_turn:
            break
        for o in by_turn.get(game.turn, []):
            game.submit(o["state"], Orders(tuple(o["actions"]), dict(o["answers"])))
        game.resolve()


def first_turn(game: Game) -> int:
    """The turn a game's record begins at: 1, or the turn of the position it began from."""
    return int(game.origin["turn"]) if game.origin is not None else 1


def rewind(game: Game, turn: int, interventions: bool = False) -> Game:
    """The game as it stood when `turn` opened (first_turn(game) <= turn <= game.turn), with its
    record, replayed from its start: undo, or a branch from any turn. The orders of that turn and
    after are dropped, and so are its interventions, unless `interventions`: then the turn's own
    injects and argued actions happen again as they came, so the game is as its players decided
    their orders from (what undo and a branch want). `game` itself is left as it is."""
    if not first_turn(game) <= turn <= game.turn:
        raise ValueError(f"turn {turn} is not between {first_turn(game)} and {game.turn}")
    if game.origin is not None:
        twin = Game.from_position(game.scenario, game.origin, game.humans, game.difficulty.name, False,
                                  game.seed, game.policies)
    else:
        twin = Game(game.scenario, game.seed, game.humans, game.difficulty.name, policies=game.policies)
    twin.fictional = game.fictional   # its scenario already has the fictional names, if any
    twin.label = game.label
    replay(twin, [o for o in game.order_log if o["turn"] < turn], turn,
           [x for x in game.interventions if x["turn"] < turn or (interventions and x["turn"] == turn)])
    return twin
