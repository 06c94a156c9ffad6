"""The desktop game joined to a hosted class (`greatgame join`): a team's play session whose game
lives on the class server. `RemoteSession` offers the window what a `PlaySession` offers (the same
views, read back from the server's JSON by game.classroom.wire), and sends each choice to the
server, which checks it as it checks a team page's. The client never has the seed or the game's
dice: it cannot resolve a turn, only send its orders and wait for the class.

A background thread listens for the class's changes (the server's WebSocket) and fetches the
team's view; the window's loop takes it in with `sync()`, between frames, so drawing never waits
on the network. No pygame.
"""
from __future__ import annotations

import dataclasses
import itertools
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from game.engine import OrdersError
from game.engine.planner import Advice
from game.engine.views import (ActionOption, CauseLine, Decision, IndicatorView, Observation, Orders, Outcome,
                               Preview, ScenarioInfo, ScoreCard, StateInfo, TurnReport)
from game.scenario.english import Names
from game.session import NO_ADVICE, PlaySession

from .classroom import ClassError
from .client import ClassClient
from .wire import WireError, from_plain

RETRY_SECONDS = 2.0     # after the connection to the class drops, try again this often
REFRESH_SECONDS = 15.0  # and look again at least this often (a timer, a missed message)


@dataclass(frozen=True)
class DifficultyInfo:
    name: str


class RemoteGame:
    """What the window's screens read of `session.game`, for a game kept by the class server: the
    turn, names, dates, the states, the score, how it ended, the team's reports and causes."""

    seed = None           # the class's seed stays on the server (it would give away the dice)
    label = None
    load_note = None
    scenario = None

    def __init__(self, data: dict[str, Any], reports: list[TurnReport], before: "RemoteGame | None" = None):
        """`before`: the game of the last view, whose names are kept when they have not changed."""
        self.data = data
        self.turn: int = data["turn"]
        self.moves: int = data["moves"]
        self.fictional: bool = data["fictional"]
        self.difficulty = DifficultyInfo(data["difficulty"])
        self.over: bool = data["over"]
        self.state_ids: list[str] = list(data["states"])
        forms = data.get("name_forms") or {}
        if before is not None and before.data.get("name_forms") == data.get("name_forms"):
            self.names = before.names   # the same names: the window's cache of English stays good
        else:
            self.names = Names(forms.get("names") or [], forms.get("short") or {})   # how names sit in a sentence
        self.reports = reports
        self._states = {sid: from_plain(StateInfo, v) for sid, v in data["states"].items()}
        self._info = from_plain(ScenarioInfo, data["info"])
        self._outcome = from_plain(Outcome, data["outcome"]) if data.get("outcome") else None
        self._causes = {ind: ({int(t): from_plain(list[CauseLine], v) for t, v in c["turns"].items()},
                              from_plain(list[CauseLine], c["now"])) for ind, c in data["causes"].items()}

    def name(self, ident: str) -> str:
        return self.data["names"].get(ident, ident)

    def date_label(self, turn: int | None = None) -> str:
        t = self.turn if turn is None else turn
        return self.data["dates"].get(str(t), f"turn {t}")

    def state_info(self, state: str) -> StateInfo:
        return self._states[state]

    def info(self) -> ScenarioInfo:
        return self._info

    def score(self, state: str) -> dict[str, float]:
        return {k: float(v) for k, v in self.data["score"].items()}

    def outcome(self, state: str) -> Outcome | None:
        return self._outcome

    def explain(self, state: str | None, indicator: str, turn: int | None = None) -> list[CauseLine]:
        past, now = self._causes.get(indicator, ({}, []))
        t = turn if turn is not None else max(1, self.turn - 1)
        return now if t == self.turn else past.get(t, [])


class RemoteSession(PlaySession):
    """A team's play session in a hosted class (see the module's docstring). What the window
    reads comes from the last view the server sent; what it changes goes to the server first."""

    remote = True

    def __init__(self, client: ClassClient, data: dict[str, Any] | None = None):
        # Not PlaySession.__init__: there is no local game. The same attributes, kept from the server.
        self.client = client
        self.autosave_file = None
        self.previous: Observation | None = None
        self.version = 0
        self.save_problem: str | None = None
        self._save_problem_told = False
        self._indicators = None
        self._preview: tuple[tuple, Preview] | None = None
        self._advice: tuple[int, Advice] | None = None
        self._reports: list[TurnReport] = []
        self._incoming: dict | None = None
        self._lock = threading.Lock()
        self._asked = itertools.count()
        self._taken = -1
        self._closed = threading.Event()
        self._stale = threading.Event()
        self._listener: threading.Thread | None = None
        self.data: dict[str, Any] = {}
        self.lost: str | None = None    # why the class cannot be reached, while it cannot
        self.returned = False           # the class gave the sent orders back (the window says so once)
        self._taking_back = False
        self._clock_from = time.monotonic()
        self._clock_shown: str | None = None
        self._forecast_in: tuple | None = None   # the server's forecast, fetched off the window's thread
        if data is not None:
            self.take(data)
        else:
            self.refresh()

    # --- the server's view ------------------------------------------------------------------------

    def _fetch(self) -> tuple[int, dict[str, Any]]:
        """The team's view from the server, numbered by when it was asked for."""
        with self._lock:
            asked = next(self._asked)
        return asked, self.client.desk()

    def take(self, data: dict[str, Any], asked: int | None = None) -> bool:
        """Take in a view the server sent; one asked for before the view shown was is left (the
        listener's fetch may cross a click's). True if taken. Raises ClassError when it cannot be read."""
        with self._lock:
            if asked is not None and asked < self._taken:
                return False
            self._taken = asked if asked is not None else self._taken
        try:
            obs = from_plain(Observation, data["obs"])
            options = from_plain(list[ActionOption], data["options"])
            report = from_plain(TurnReport, data["report"]) if data.get("report") else None
            card = from_plain(ScoreCard, data["score_card"])
            reports = list(self._reports)
            if report is not None and (not reports or reports[-1].turn != report.turn):
                reports.append(report)
            game = RemoteGame(data, reports, getattr(self, "game", None))
        except (WireError, KeyError, TypeError, ValueError) as exc:
            raise ClassError(f"The class server sent a view this version of the game cannot read ({exc}). "
                             "Is the game on this machine the same version as the instructor's?", 502) from None
        if self.data and game.turn != self.data["turn"]:
            self.previous = self._obs
        elif self.data and self.data["sent"] and not data["sent"] and not self._taking_back:
            self.returned = True   # the class handed the orders back (an inject changed the turn)
        if options and all(o.number == 0 for o in options):   # a server older than action numbers
            options = [dataclasses.replace(o, number=i) for i, o in enumerate(options, 1)]
        self.data, self.game, self.state = data, game, data["state"]
        self._clock_from = time.monotonic()
        self._obs, self._options, self._card, self._reports = obs, options, card, reports
        self.chosen = list(data["chosen"])
        self.answers = dict(data["answers"])
        self.advice_allowed = bool(data["sees"].get("adviser", True))
        self.forecast_allowed = bool(data["sees"].get("forecast", True))
        self.version += 1
        return True

    def refresh(self) -> None:
        """Fetch the team's view now (after an action of the team's own)."""
        self.take(*reversed(self._fetch()))

    def listen(self) -> None:
        """Start listening for the class's changes in the background (see `sync`)."""
        if self._listener is None:
            self._listener = threading.Thread(target=self._listen, name="class-listener", daemon=True)
            self._listener.start()
            threading.Thread(target=self._fetch_when_stale, name="class-fetcher", daemon=True).start()

    def close(self) -> None:
        """Stop listening (the window left the class; the class goes on without this device)."""
        self._closed.set()
        self._stale.set()

    def _listen(self) -> None:
        while not self._closed.is_set():
            for _ in self.client.changes():
                if self._closed.is_set():
                    return
                self._stale.set()
            self._stale.set()   # the connection dropped: look again (and say so if the class is gone)
            self._closed.wait(RETRY_SECONDS)

    def _fetch_when_stale(self) -> None:
        while not self._closed.is_set():
            self._stale.wait(REFRESH_SECONDS)
            self._stale.clear()
            if self._closed.is_set():
                return
            try:
                asked, data = self._fetch()
            except Exception as exc:   # noqa: BLE001 - the listener must outlive any one bad reply
                if not isinstance(exc, ClassError):
                    exc = ClassError(f"The class answered with something unreadable ({exc})", 503)
                said = (f"Lost touch with the class at {self.client.base}; trying again every "
                        f"{RETRY_SECONDS:g} s." if exc.status == 503 else str(exc))
                with self._lock:
                    self._incoming = {"lost": said}
                self._closed.wait(RETRY_SECONDS)
                continue
            with self._lock:
                self._incoming = {"asked": asked, "data": data}

    def clock(self) -> str | None:
        """The turn's clock as the class keeps it, counting down between the server's views."""
        if self.over:
            return None
        if self.data.get("paused"):
            return "paused"
        left = self.data.get("seconds_left")
        if left is None:
            return None
        left = max(0, int(left - (time.monotonic() - self._clock_from)))
        return f"{left // 60}:{left % 60:02d} left" if left else "time is up"

    def sync(self) -> bool:
        """Take in what the listener fetched (called by the window between frames); True if what
        is shown changed (the clock's second included)."""
        with self._lock:
            data, self._incoming = self._incoming, None
            forecast, self._forecast_in = self._forecast_in, None
        clock = self.clock()
        ticked = clock != self._clock_shown
        self._clock_shown = clock
        if forecast is not None and self._preview is not None and self._preview[0] == forecast[0]:
            self._preview = forecast
            ticked = True
        if data is None:
            return ticked
        if "lost" in data:
            changed = self.lost != data["lost"]
            self.lost = data["lost"]
            return changed or ticked
        self.lost = None
        try:
            return self.take(data["data"], data["asked"])
        except ClassError as exc:
            self.lost = str(exc)
            return True

    # --- what the player sees -------------------------------------------------------------------

    @property
    def _stamp(self) -> tuple[int, int]:
        return (self.data["turn"], self.data["moves"])

    @property
    def obs(self) -> Observation:
        return self._obs

    @property
    def options(self) -> list[ActionOption]:
        return self._options

    @property
    def team(self) -> str:
        return self.data["team"]

    @property
    def sent(self) -> bool:
        """Whether the team's orders for this turn are in (it may take them back until the turn resolves)."""
        return bool(self.data["sent"]) and not self.over

    @property
    def waiting_for(self) -> list[str]:
        return list(self.data["waiting_for"])

    @property
    def preview(self) -> Preview:
        """The server's forecast of the orders as they stand (its quick one, of the copies a class
        page shows); without a forecast for teams, only the budget and what stops the turn."""
        key = (self._stamp, tuple(self.chosen), tuple(sorted(self.answers.items())))
        if self._preview is not None and self._preview[0] == key:
            return self._preview[1]
        cap, money = self.budget_left()
        pv = Preview((), (), (), tuple(self.data["problems"]), cap, money, tuple(self.data["pending"]))
        self._preview = (key, pv)   # the budget and what stops the turn at once; the forecast follows
        if self.forecast_allowed and not self.over:   # asked off the window's thread: drawing never waits
            threading.Thread(target=self._forecast, args=(key,), name="class-forecast", daemon=True).start()
        return pv

    def _forecast(self, key: tuple) -> None:
        """Fetch the server's forecast for the orders as they were (`key`); `sync` shows it if they
        still are. A failure leaves the budget-only forecast (the listener says if the class is lost)."""
        try:
            got = self.client.forecast()
            pv = from_plain(Preview, got) if got.get("shown") else None
        except Exception:   # noqa: BLE001 - a forecast that does not come is no reason to stop
            return
        if pv is not None:
            with self._lock:
                self._forecast_in = (key, pv)

    def refine_forecast(self) -> bool:
        return False   # the server's forecast is the one shown

    @property
    def over(self) -> bool:
        return bool(self.data["over"]) or bool(self.data["ended"])

    @property
    def info(self) -> ScenarioInfo:
        return self.game.info()

    def verdict(self) -> str:
        outcome = self.game.outcome(self.state)
        return outcome.name if outcome is not None else "The class has ended" if self.over else ""

    def budget_left(self) -> tuple[int, float]:
        cap, money = self.data["budget_left"]
        return int(cap), float(money)

    def pending(self) -> list[Decision]:
        if self.over:
            return []
        unanswered = set(self.data["pending"])
        return [d for d in self.obs.decisions if d.id in unanswered]

    def problems(self) -> list[str]:
        return list(self.data["problems"])

    def explain(self, ind: IndicatorView) -> tuple[list[CauseLine], list[CauseLine]]:
        g = self.game
        last = g.explain(None, ind.id, g.turn - 1) if g.turn > 1 else []
        return last, g.explain(None, ind.id, g.turn)

    # --- putting orders together ----------------------------------------------------------------

    def why_not(self, action_id: str) -> str | None:
        """Why the action cannot join the orders now, as far as the team's view tells: the card's own
        reason, what the orders already spend, and what they close (the server checks the rest)."""
        if action_id in self.chosen:
            return None
        reason = self.card_reason(action_id)
        if reason:
            return reason
        opt = next(o for o in self.options if o.id == action_id)
        if self.sent:
            return "Your orders are sent: take them back to change them."
        cap, money = self.budget_left()
        if opt.cost.capital > cap:
            return f"Needs {opt.cost.capital} political capital; {cap} left this turn."
        if opt.cost.money > 0 and opt.cost.money > money + 1e-9:
            return f"Needs {opt.cost.money:g} {self.money_unit} of money; {money:.2f} left."
        chosen = {o.id: o for o in self.options if o.id in self.chosen}
        for other in chosen.values():
            if action_id in other.excludes or other.id in opt.excludes:
                return f"'{opt.name}' cannot be combined with '{other.name}'."
        return None

    def problems_of(self, orders: Orders) -> list[str]:
        return self.problems() if orders == self.orders else []

    def _act(self, what: str, **body: str) -> str:
        said = self.client.act(what, **body)
        self.refresh()
        return said

    def toggle(self, action_id: str) -> tuple[bool, str]:
        opt = next((o for o in self.options if o.id == action_id), None)
        name = opt.name if opt else action_id
        dropping = action_id in self.chosen
        if not dropping:
            reason = self.why_not(action_id)
            if reason:
                return False, reason
        try:
            self._act("toggle", action=action_id)
        except ClassError as exc:
            return False, str(exc)
        return True, f"Dropped: {name}" if dropping else f"Chosen: {name}"

    def clear(self) -> None:
        if self.chosen:
            try:
                self._act("clear")
            except ClassError as exc:
                if exc.status == 503:
                    self.lost = str(exc)

    def answer(self, decision_id: str, option_id: str) -> str | None:
        try:
            self._act("answer", decision=decision_id, option=option_id)
        except ClassError as exc:
            return str(exc)
        return None

    def advice(self) -> Advice:
        if not self.advice_allowed:
            raise OrdersError(NO_ADVICE)
        if self._advice is None or self._advice[0] != self._stamp:
            try:
                got = self.client.advice()
            except ClassError as exc:
                raise OrdersError(str(exc)) from None
            if not got.get("shown"):
                raise OrdersError(NO_ADVICE)
            self._advice = (self._stamp, Advice(from_plain(Orders, got["orders"]), (), str(got["why"])))
        return self._advice[1]

    def take_advice(self) -> str:
        try:
            said = self._act("advice/take")
        except ClassError as exc:
            raise OrdersError(str(exc)) from None
        names = [self.game.name(a) for a in self.chosen]
        return said or "Chosen as advised: " + (", ".join(names) if names else "no action") + "."

    def score_card(self) -> ScoreCard:
        return self._card

    def end_turn(self) -> TurnReport:
        """Send the orders to the class (the class resolves the turn when every team's are in).
        Raises OrdersError with the reason."""
        if self.over:
            raise OrdersError("the game is over")
        missing = self.pending()
        if missing:
            raise OrdersError(f"Answer '{missing[0].title}' first.")
        try:
            self._act("send")
        except ClassError as exc:
            raise OrdersError(str(exc)) from None
        return self.last_report  # type: ignore[return-value]

    def take_back(self) -> None:
        """Take the sent orders back to change them (until the turn resolves)."""
        self._taking_back = True
        try:
            self._act("takeback")
        except ClassError as exc:
            raise OrdersError(str(exc)) from None
        finally:
            self._taking_back = False

    @property
    def last_report(self) -> TurnReport | None:
        return self._reports[-1] if self._reports else None

    # --- saves: the class keeps the game ------------------------------------------------------------

    def drafts(self) -> dict[str, Orders]:
        return {}

    def note_drafts(self, force: bool = False, now: float | None = None) -> None:
        pass   # every choice is already on the server, which writes it down at once

    def save_drafts(self, force: bool = False, now: float | None = None) -> bool:
        return False

    def autosave(self) -> Path | None:
        return None

    def save(self, path: Path | None = None) -> Path:
        raise OSError("a class's games are kept by the instructor's server; nothing is saved here")

    def restore(self, orders: Orders) -> None:
        pass

    def adviser_score(self) -> float:
        score = self.data.get("adviser_score")
        return float(score) if score is not None else float("nan")

