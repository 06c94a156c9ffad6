"""One player's play session, for every front end (the window and the terminal): the engine's
Game, the state played, the orders being put together this turn, and the saves. The engine stays
the only source of truth: everything shown is read from `Game.observe/options/preview/explain`;
only `end_turn` changes the game. Imports no pygame.
"""
from __future__ import annotations

import datetime as dt
import errno
import re
import time
from pathlib import Path
from typing import Callable

from game.engine import Game, Orders, OrdersError, load_game, write_save
from game.engine.forecast import DEFAULT_SAMPLES
from game.engine.planner import Advice
from game.engine.views import (ActionOption, CauseLine, Decision, IndicatorView, Observation, OfferView,
                               PowerView, Preview, ScenarioInfo, ScoreCard, TurnReport)
from game import paths
from game.paths import autosave_path, saves_dir
from game.scenario import LoadedScenario

DRAFT_SAVE_SECONDS = 1.0   # chosen cards reach the autosave at most this often; answers at once
QUICK_SAMPLES = 40         # copies of the turn in the forecast shown at once after a change


NO_ADVICE = "The instructor has not opened the adviser to teams in this class."


class PlaySession:
    """The human-played state of one game, with this turn's chosen actions and answers."""

    remote = False   # a game kept by a class server (game.classroom.remote.RemoteSession)
    sent = False     # whether this turn's orders are sent and wait for the class (only in a hosted class)

    def __init__(self, game: Game, state: str, autosave: Path | None = None):
        """`autosave`: the shared autosave (default: the player's autosave.json, which Continue
        opens); None keeps the default. The game's own autosave goes beside the default one."""
        if state not in game.humans:
            raise ValueError(f"{state!r} is not played by a human in this game")
        self.game = game
        self.state = state
        self.autosave_file = autosave
        self.keeps_saves = True      # False: nothing is written (a terminal session started without an autosave)
        self.advice_allowed = True   # a class may keep the adviser from its teams
        self.forecast_allowed = True   # and the forecast (the budget left is still worked out)
        self.chosen: list[str] = []
        self.answers: dict[str, str] = {}
        self.version = 0                      # bumps whenever what is shown may have changed
        self.previous: Observation | None = None   # the observation before the last turn resolved
        self._obs: tuple[int, Observation] | None = None
        self._options: tuple[int, list[ActionOption]] | None = None
        self._preview: tuple[tuple, Preview] | None = None
        self._decision_lines: tuple[int, frozenset[str]] | None = None
        self._indicators: tuple[Observation, dict[str, IndicatorView]] | None = None
        self._adviser: float | None = None
        self._problems: dict = {}
        self.save_problem: str | None = None   # why the game cannot be saved, while it cannot
        self._save_problem_told = False
        self._drafts_pending = False          # chosen cards or answers not yet in the autosave
        self._drafts_saved_at = float("-inf")

    # --- construction ---------------------------------------------------------------------------

    @classmethod
    def new(cls, scenario: LoadedScenario, state: str, seed: int, difficulty: str = "normal",
            fictional: bool = False) -> "PlaySession":
        game = Game(scenario, seed, [state], difficulty, fictional)
        paths.label_new_game(game)   # its own save never overwrites an earlier game's
        return cls(game, state)

    @classmethod
    def load(cls, path: Path | str, finder: Callable[[str], LoadedScenario]) -> "PlaySession":
        """Raises SaveError with a readable message."""
        from game.engine import SaveError

        game = load_game(path, finder)
        if not game.humans:
            raise SaveError(f"{path}: that save has no human player")
        session = cls(game, game.humans[0])
        # Orders put together but not yet sent when the game was saved: back on the table. Newer
        # saves keep them as drafts; older ones submitted them, and then they are taken back.
        draft = game.drafts.get(session.state)
        pending = game.withdraw(session.state)
        draft = draft if draft is not None else pending
        if draft is not None and not session.over:
            session.restore(draft)
        return session

    def restore(self, orders: Orders) -> None:
        """Put saved orders back: the answers still open this turn, then the actions still allowed."""
        open_ids = {d.id: d for d in self.obs.decisions}
        for did, oid in dict(orders.answers).items():
            d = open_ids.get(did)
            if d is not None and any(o.id == oid and o.available for o in d.options):
                self.answers[did] = oid
        for aid in orders.actions:
            if aid not in self.chosen and self.why_not(aid) is None:
                self.chosen.append(aid)
        self.version += 1

    def sync(self) -> bool:
        """Take in changes made elsewhere (a hosted class's); True if what is shown changed.
        A game played here changes only through this session."""
        return False

    def close(self) -> None:
        """The window is done with this session (a hosted class stops listening)."""

    def clock(self) -> str | None:
        """The turn's clock, in a class that keeps one ("4:32 left", "paused"); None otherwise."""
        return None

    # --- what the player sees -------------------------------------------------------------------

    @property
    def _stamp(self) -> tuple[int, int]:
        """What is shown holds until the position changes: a new turn, or an instructor's inject."""
        return (self.game.turn, self.game.moves)

    @property
    def obs(self) -> Observation:
        if self._obs is None or self._obs[0] != self._stamp:
            self._obs = (self._stamp, self.game.observe(self.state))
        return self._obs[1]

    @property
    def options(self) -> list[ActionOption]:
        if self._options is None or self._options[0] != self._stamp:
            self._options = (self._stamp, self.game.options(self.state))
        return self._options[1]

    @property
    def orders(self) -> Orders:
        return Orders(tuple(self.chosen), dict(self.answers))

    @property
    def preview(self) -> Preview:
        """The forecast of the orders as they stand. A change of orders gets a quick forecast from
        QUICK_SAMPLES copies at once; `refine_forecast` (called by the window between frames)
        then brings the full one, whose first copies are the quick one's."""
        key = (self._stamp, tuple(self.chosen), tuple(sorted(self.answers.items())))
        if self._preview is None or self._preview[0] != key:
            self._preview = (key, self.game.preview(self.state, self.orders, samples=QUICK_SAMPLES))
        return self._preview[1]

    def refine_forecast(self) -> bool:
        """Replace a quick forecast by the full one; True if it did (the screen should redraw)."""
        if self._preview is None or self._preview[1].samples >= DEFAULT_SAMPLES or self.over:
            return False
        key = self._preview[0]
        if key != (self._stamp, tuple(self.chosen), tuple(sorted(self.answers.items()))):
            return False   # the orders changed since: their quick forecast comes first
        self._preview = (key, self.game.preview(self.state, self.orders))
        return True   # only the forecast's numbers change: a redraw, not a new layout

    @property
    def over(self) -> bool:
        return self.game.over or not self.game.active(self.state)

    @property
    def info(self) -> ScenarioInfo:
        """The scenario's title, texts, score axes and debrief questions."""
        return self.game.info()

    def verdict(self) -> str:
        """How the game ended for the player, in a few words (Game.outcome); "" while it goes on."""
        outcome = self.game.outcome(self.state)
        return outcome.name if outcome is not None else ""

    @property
    def money_unit(self) -> str:
        return self.obs.money_unit

    def budget_left(self) -> tuple[int, float]:
        """Political capital and money left after the orders as they stand (no forecast is run)."""
        cap, money = self.game.orders_cost(self.state, self.orders)
        return self.game.capital(self.state) - cap, self.game.money(self.state) - money

    def pending(self) -> list[Decision]:
        """Decisions still unanswered this turn, as the engine counts them."""
        if self.over:
            return []
        unanswered = set(self.preview.unanswered)
        return [d for d in self.obs.decisions if d.id in unanswered]

    def decisions(self) -> list[Decision]:
        """Every decision of this turn, answered or not: answers may change until the turn ends."""
        return [] if self.over else list(self.obs.decisions)

    def answer_label(self, decision: Decision) -> str | None:
        """The label of the answer given to `decision` so far, if any."""
        oid = self.answers.get(decision.id)
        return next((o.label for o in decision.options if o.id == oid), None)

    def problems(self) -> list[str]:
        """What stops the turn from ending, apart from unanswered decisions (shown on their own).

        The engine words one problem per unanswered decision; those are the lines it gives for
        orders that answer nothing and do nothing, so they are dropped without reading the words.
        """
        pv = self.preview
        if not pv.unanswered:
            return list(pv.problems)
        if self._decision_lines is None or self._decision_lines[0] != self._stamp:
            self._decision_lines = (self._stamp, frozenset(self.game.check_orders(self.state, Orders())))
        return [p for p in pv.problems if p not in self._decision_lines[1]]

    def warnings(self) -> tuple[str, ...]:
        """Threats to see before ending the turn: powers about to climb, loss endings near."""
        return self.obs.warnings if not self.over else ()

    def power(self, power_id: str | None) -> PowerView | None:
        return next((p for p in self.obs.powers if p.id == power_id), None)

    def ladder_rungs(self, power_id: str) -> int:
        """How many rungs a power's pressure ladder has (for its pips)."""
        p = self.power(power_id)
        return len(p.rungs) if p is not None else 0

    def offer(self, action_id: str) -> tuple[PowerView, OfferView] | None:
        """The open offer behind an action card, with the power that made it."""
        for p in self.obs.powers:
            for o in p.offers:
                if o.action == action_id:
                    return p, o
        return None

    def explain(self, ind: IndicatorView) -> tuple[list[CauseLine], list[CauseLine]]:
        """(causes on the last resolved turn, causes so far this turn) of an indicator."""
        g = self.game
        who = None if ind.world else self.state
        last = g.explain(who, ind.id, g.turn - 1) if g.turn > 1 else []
        now = g.explain(who, ind.id, g.turn) if not g.over else []
        return last, now

    def indicator(self, ident: str) -> IndicatorView | None:
        obs = self.obs
        if self._indicators is None or self._indicators[0] is not obs:
            self._indicators = (obs, {ind.id: ind for ind in obs.indicators + obs.world})
        return self._indicators[1].get(ident)

    def range_of(self, ident: str) -> tuple[float, float]:
        ind = self.indicator(ident)
        return (ind.min, ind.max) if ind is not None else (0.0, 1.0)

    def unit_of(self, ident: str) -> tuple[str, int]:
        ind = self.indicator(ident)
        return (ind.unit, ind.decimals) if ind is not None else ("", 0)

    def good_of(self, ident: str) -> str:
        ind = self.indicator(ident)
        return ind.good if ind is not None else "up"

    # --- putting orders together ----------------------------------------------------------------

    def card_reason(self, action_id: str) -> str | None:
        """Why the action's card itself cannot be chosen this turn (not open, or unavailable)."""
        opt = next((o for o in self.options if o.id == action_id), None)
        if opt is None:
            return "That action is not open to you this turn."
        return None if opt.available else opt.reason or "Unavailable."

    def why_not(self, action_id: str) -> str | None:
        """Why the action cannot join this turn's orders now, or None if it can."""
        if action_id in self.chosen:
            return None
        reason = self.card_reason(action_id)
        if reason:
            return reason
        before = set(self.problems_of(self.orders))
        trial = Orders(tuple(self.chosen + [action_id]), dict(self.answers))
        new = [p for p in self.problems_of(trial) if p not in before]
        return new[0] if new else None

    def problems_of(self, orders: Orders) -> list[str]:
        """What stops `orders` (cheap: no forecast is run), kept for the turn."""
        key = (self._stamp, orders.actions, tuple(sorted(orders.answers.items())))
        if self._problems.get("turn") != self._stamp:
            self._problems = {"turn": self._stamp}
        if key not in self._problems:
            self._problems[key] = self.game.check_orders(self.state, orders)
        return self._problems[key]

    def toggle(self, action_id: str) -> tuple[bool, str]:
        """Choose or drop an action; (changed, message for the player)."""
        opt = next((o for o in self.options if o.id == action_id), None)
        name = opt.name if opt else action_id
        if action_id in self.chosen:
            self.chosen.remove(action_id)
            self.version += 1
            self.note_drafts()
            return True, f"Dropped: {name}"
        reason = self.why_not(action_id)
        if reason:
            return False, reason
        self.chosen.append(action_id)
        self.version += 1
        self.note_drafts()
        return True, f"Chosen: {name}"

    def clear(self) -> None:
        if self.chosen:
            self.chosen = []
            self.version += 1
            self.note_drafts()

    def answer(self, decision_id: str, option_id: str) -> str | None:
        """Record an answer; returns a reason if it cannot be given."""
        d = next((d for d in self.obs.decisions if d.id == decision_id), None)
        if d is None:
            return "That question is no longer open."
        o = next((o for o in d.options if o.id == option_id), None)
        if o is None or not o.available:
            return (o.reason if o else None) or "That answer is not available."
        self.answers[decision_id] = option_id
        # An answer's cost may leave too little for actions already chosen: drop the last ones.
        while self.chosen and len(self.preview.problems) > len(self.preview.unanswered):
            self.chosen.pop()
        self.version += 1
        self.note_drafts(force=True)   # an answer is worth keeping at once (a crash must not lose it)
        return None

    def advice(self) -> Advice:
        """The strong adviser's recommendation this turn, with why (computed once a turn).
        Raises OrdersError when the class keeps the adviser from its teams."""
        if not self.advice_allowed:
            raise OrdersError(NO_ADVICE)
        return self.game.advise(self.state)

    def take_advice(self) -> str:
        """Put the adviser's orders on the table in place of the chosen ones; what was done, in words."""
        advice = self.advice()
        self.chosen = list(advice.orders.actions)
        self.answers.update(advice.orders.answers)
        self.version += 1
        self.note_drafts(force=True)
        names = [self.game.name(a) for a in self.chosen]
        return "Chosen as advised: " + (", ".join(names) if names else "no action") + "."

    def score_card(self) -> ScoreCard:
        return self.game.score_card(self.state)

    def end_turn(self) -> TurnReport:
        """Submit the orders and resolve the turn. Raises OrdersError with the reason."""
        if self.over:
            raise OrdersError("the game is over")
        missing = self.pending()
        if missing:
            raise OrdersError(f"Answer '{missing[0].title}' first.")
        before = self.obs
        self.game.submit(self.state, self.orders)
        report = self.game.resolve()
        self.previous = before
        self.chosen = []
        self.answers = {}
        self.version += 1
        self.autosave()
        return report

    @property
    def last_report(self) -> TurnReport | None:
        return self.game.reports[-1] if self.game.reports else None

    # --- saves ----------------------------------------------------------------------------------

    def drafts(self) -> dict[str, Orders]:
        """This turn's unfinished orders, for a save to keep (nothing once the game is over)."""
        if self.over or not (self.chosen or self.answers):
            return {}
        return {self.state: self.orders}

    def _write(self, path: Path) -> Path:
        return write_save(self.game, path, drafts=self.drafts())

    def note_drafts(self, force: bool = False, now: float | None = None) -> None:
        """This turn's orders changed: keep them in the autosave, at once when `force`, else at
        most once every DRAFT_SAVE_SECONDS (the rest follows from `save_drafts` in the loop)."""
        self._drafts_pending = True
        self.save_drafts(force, now)

    def save_drafts(self, force: bool = False, now: float | None = None) -> bool:
        """Write the autosave if orders changed since it was written and it is time; True if written."""
        if not self._drafts_pending or self.over:
            return False
        now = time.monotonic() if now is None else now
        if not force and now - self._drafts_saved_at < DRAFT_SAVE_SECONDS:
            return False
        self._drafts_pending = False
        self._drafts_saved_at = now
        self.autosave()
        return True

    def autosave(self) -> Path | None:
        """The shared autosave (what Continue opens) and this game's own autosave beside it, so
        that games do not overwrite each other. When neither can be written, `save_problem` says
        why (and `take_save_problem` hands it to the window once), so the player always knows."""
        if not self.keeps_saves:
            return None
        written: Path | None = None
        failure = None
        shared = self.autosave_file or autosave_path()
        targets = [shared]
        if shared.name == autosave_path().name:   # its own autosave beside it, named after the game
            targets.append(shared.parent / paths.game_save_path(self.game).name)
        for target in targets:
            try:
                self._write(target)
                written = written or target
            except OSError as exc:
                failure = failure or f"{exc.filename or target}: {exc.strerror or exc}"
        self.report_save_problem(None if written is not None else (
            f"The game is NOT being saved ({failure}). Free some disk space, or start the game with "
            "GREATGAME_HOME set to a folder you can write."))
        return written

    def report_save_problem(self, problem: str | None) -> None:
        """Why the game cannot be saved now (None: it can again); a new problem is told once."""
        if problem != self.save_problem:
            self.save_problem = problem
            self._save_problem_told = False

    def take_save_problem(self) -> str | None:
        """The save problem, the first time it is asked for after it arose (for a message)."""
        if self.save_problem is None or self._save_problem_told:
            return None
        self._save_problem_told = True
        return self.save_problem

    def save(self, path: Path | None = None) -> Path:
        """Save to `path` (as `path.json` unless it ends so) or a new file named after the scenario,
        state and turn. Never writes over a file that is not a save. Raises OSError saying why."""
        if path is None:
            stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
            name = re.sub(r"[^a-z0-9_-]+", "-", f"{self.info.id}-{self.state}-turn{self.game.turn}-{stamp}".lower())
            path = saves_dir() / f"{name}.json"
        path = Path(path)
        if path.suffix.lower() != ".json":   # a save is never written over a .yaml or a .txt
            path = path.with_name(path.name + ".json")
        if path.exists() and not _is_save(path):
            raise FileExistsError(errno.EEXIST, "it exists and is not a saved game; choose another name "
                                  "(nothing was written)", str(path))
        return self._write(path)

    def adviser_score(self) -> float:
        """The built-in adviser's score for this state from the same seed (computed once)."""
        if self._adviser is None:
            self._adviser = self.game.adviser_score(self.state)
        return self._adviser


_FINISHED: dict[tuple[str, float], str | None] = {}


def _is_save(path: Path) -> bool:
    """Whether an existing file is a save of this game (which a new save may replace)."""
    from game.engine.save import SaveError, read_save

    try:
        read_save(path)
    except SaveError:
        return False
    return True


def describe_save(path: Path, finder: Callable[[str], LoadedScenario] | None = None) -> dict | None:
    """What the title and load screens show about a save file, or None if it is not a readable save.

    "finished" is None for a game in progress, else how it ended (an ending's name or "Full term
    served"). The save says so itself when the engine writes it; otherwise, with `finder`, the game
    is replayed once (a few hundredths of a second) and the answer kept for that file's version."""
    from game.engine.save import SaveError, read_save

    try:
        data = read_save(path)
    except SaveError:
        return None
    try:
        stamp = path.stat().st_mtime
        mtime = dt.datetime.fromtimestamp(stamp)
    except OSError:
        stamp, mtime = 0.0, None
    humans = [str(h) for h in data.get("humans", [])]
    finished = _finished_from_data(data)
    if finished is None and finder is not None and humans:
        key = (str(path), stamp)
        if key not in _FINISHED:
            _FINISHED[key] = _finished_by_replay(path, finder)
        finished = _FINISHED[key]
    return {"path": path, "scenario": str(data["scenario"]["id"]), "turn": int(data.get("turn", 1)),
            "humans": humans, "seed": int(data["seed"]),
            "difficulty": str(data.get("difficulty", "normal")), "modified": mtime, "finished": finished,
            "fictional": data.get("fictional") is True, "label": data.get("label") if isinstance(data.get("label"), str) else None,
            "stamp": stamp}


def game_of(info: dict) -> tuple:
    """What tells one game from another in the saves: a game started in this version carries the
    time it was started (its label), so its autosaves and saves are one game; an older save is a
    game of its own."""
    if info.get("damaged") or not info.get("label"):
        return ("file", str(info["path"]))
    return (info["scenario"], tuple(info["humans"]), info["seed"], info["difficulty"], info["fictional"], info["label"])


def games_of(saves: list[dict]) -> list[dict]:
    """The saves as games, each once, newest first: its latest point (the furthest turn, a finished
    game before one in progress, then the autosave Continue opens, then the newest file) with every
    file that holds it ("files")."""
    auto = autosave_path()
    groups: dict[tuple, list[dict]] = {}
    for info in saves:
        groups.setdefault(game_of(info), []).append(info)
    def point(i: dict) -> tuple:
        return (bool(i.get("finished")), i.get("turn", 0), i["path"] == auto, i.get("stamp", 0.0))

    games = []
    for infos in groups.values():
        latest = max(infos, key=point) if not infos[0].get("damaged") else infos[0]
        newest = max(i.get("stamp", 0.0) for i in infos)
        games.append((newest, {**latest, "files": [i["path"] for i in infos]}))
    return [g for _, g in sorted(games, key=lambda t: t[0], reverse=True)]


def delete_saves(paths: list[Path]) -> list[str]:
    """Delete save files of the player's saves folder (nothing else); the problems, in words."""
    problems = []
    folder = saves_dir().resolve()
    for p in paths:
        p = Path(p)
        try:
            if p.resolve().parent != folder or p.suffix.lower() != ".json":
                problems.append(f"{p}: not a file of your saves folder; left alone")
                continue
            p.unlink(missing_ok=True)
        except OSError as exc:
            problems.append(f"{p}: {exc.strerror or exc}")
    return problems


def _finished_from_data(data: dict) -> str | None:
    """How a save says its game ended, for saves that record it (None if they do not, or it has not)."""
    ending = data.get("ending") or data.get("verdict")
    if isinstance(ending, dict):
        ending = ending.get("name")
    if data.get("over") or ending:
        return str(ending) if ending else "Finished"
    return None


def _finished_by_replay(path: Path, finder: Callable[[str], LoadedScenario]) -> str | None:
    try:
        game = load_game(path, finder)
    except Exception:  # a damaged or outdated save: the load screen says so when it is opened
        return None
    outcome = game.outcome(game.humans[0])
    return outcome.name if outcome is not None else None


def save_status(info: dict) -> str:
    """'turn 5', or 'finished (Full term served)' for a game that is over."""
    if info.get("finished"):
        return f"finished ({info['finished']})"
    return f"turn {info['turn']}"
