"""A class in progress, with no web stack (docs/classroom.md): its groups' games, its teams and
their secrets, the turn timer, the instructor's controls, and the session on disk.

Each group plays one `Game`; each team a `TeamSession` (the same play session as the window and
the terminal) over its group's game. Everything that changes is written at once: each group's
game as an ordinary save (its orders, interventions, sent orders and every team's unsent choices)
and the class's own file (secrets, who has joined, the clock, messages, the instructor's log). A
server killed mid-turn and started again resumes exactly from them.

Every method that changes the class bumps `version`; the server tells browsers to look again.
Callers hold `lock` (the server serves requests on threads).
"""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import secrets
import socket
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

from game.engine import Game, InterventionError, Orders, OrdersError, SaveError, load_game, rewind, write_save
from game.engine.interventions import argued_targets
from game.files import FileProblem, read_json, write_atomic
from game.session import NO_ADVICE, PlaySession

from .classfile import Group, LoadedClass, Team

SESSION_FORMAT = 1
JOIN_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"   # no 0/O, 1/I/L: read aloud and typed on a phone
MAX_MESSAGE = 500
MAX_PROPOSAL = 300
SAVE_CLOCK_SECONDS = 5.0   # a running timer reaches the disk at least this often


class ClassError(Exception):
    """A request the class refuses; the message says why (and the server sends it back)."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "group"


def class_rules(loaded: LoadedClass) -> dict[str, Any]:
    """What makes a class's games what they are: a session resumes only while these are the same
    (a comment, the title, the timer, what teams see or the briefing may change)."""
    m = loaded.model
    return {"scenario": loaded.scenario.model.meta.id, "seed": m.seed, "turns": m.turns, "difficulty": m.difficulty,
            "fictional_names": m.fictional_names,
            "teams": [[t.name, t.state, t.group] for t in m.teams],
            "injects": [i.model_dump() for i in m.injects]}


# --- one program at a time: two hosting one class would each write over the other's changes -------

LOCK_FILE = "class.lock"
LOCK_FRESH = 60.0   # seconds: where a process cannot be asked after, a lock this fresh is held


def _lock_holder(folder: Path) -> dict | None:
    path = folder / LOCK_FILE
    try:
        data = read_json(path, 4096)   # the guarded reader: never a pipe, never a large file
        age = time.time() - path.stat().st_mtime
    except (FileProblem, OSError):
        return None
    if not isinstance(data, dict):
        return None
    pid, host = data.get("pid"), data.get("host")
    if pid == os.getpid() and host == socket.gethostname():
        return None
    if host == socket.gethostname() and os.name == "posix" and isinstance(pid, int) and pid > 0:
        try:
            os.kill(pid, 0)   # signal 0 asks whether the process lives; it sends nothing
        except ProcessLookupError:
            return None
        except PermissionError:
            pass
        return data
    return data if age < LOCK_FRESH else None


def claim(folder: Path) -> None:
    """Take the class in `folder` for this program; ClassError if another program has it open."""
    holder = _lock_holder(folder)
    if holder is not None:
        raise ClassError(f"this class is open already, in another program (process {holder.get('pid')} on "
                         f"{holder.get('host')}, since {holder.get('since')}): stop that one first. If it is gone, "
                         f"delete {folder / LOCK_FILE}.", 409)
    write_atomic(folder / LOCK_FILE, json.dumps({"pid": os.getpid(), "host": socket.gethostname(),
                                                 "since": dt.datetime.now().strftime("%Y-%m-%d %H:%M")}))


def heartbeat(folder: Path) -> None:
    """Keep this program's lock fresh (for systems where a process cannot be asked after)."""
    path = folder / LOCK_FILE
    try:
        if time.time() - path.stat().st_mtime > LOCK_FRESH / 4:
            os.utime(path)
    except OSError:
        pass


def release(folder: Path) -> None:
    if _lock_holder(folder) is None:   # ours (or nobody's): let it go
        try:
            (folder / LOCK_FILE).unlink()
        except OSError:
            pass


class TeamSession(PlaySession):
    """One team's play session in a class: its choices are kept in its group's save, beside the
    other teams' (the class writes it after every change, see `Classroom.changed`), never in the
    player's own autosave. `keep` writes the group's save: what autosaving means here (a window's
    hot seat autosaves a team's choices as it makes them)."""

    def __init__(self, game: Game, state: str, keep: Callable[[], Path] | None = None):
        super().__init__(game, state)
        self.keep = keep

    def autosave(self) -> Path | None:
        if self.keep is None:   # on a server the class writes itself after every change
            return None
        try:
            written = self.keep()
        except OSError as exc:
            self.report_save_problem(f"The class is NOT being saved ({exc.filename or ''}: {exc.strerror or exc}). "
                                     "Free some disk space, or keep the class in another folder.")
            return None
        self.report_save_problem(None)
        return written


@dataclass
class Seat:
    """A team's place in the class: its secret, whether a device has joined, its proposals."""

    team: Team
    group: int
    token: str
    joined: bool = False
    last_seen: float = 0.0


@dataclass
class Proposal:
    """An argued action a team proposes, waiting for the instructor's odds and effects."""

    id: int
    team: str
    turn: int
    text: str
    status: str = "waiting"      # waiting, decided, refused
    outcome: str = ""


@dataclass
class GroupGame:
    group: Group
    game: Game
    teams: dict[str, TeamSession] = field(default_factory=dict)   # team name -> session
    deadline: float | None = None   # time.time() when this turn's time is up (None: no timer)
    remaining: float | None = None  # seconds left while paused


class Classroom:
    """The class: build it with `Classroom.start` (new) or `Classroom.resume` (from its folder)."""

    def __init__(self, loaded: LoadedClass, folder: Path, data: dict | None = None,
                 clock: Callable[[], float] = time.time):
        self.loaded = loaded
        self.model = loaded.model
        self.folder = Path(folder)
        self.clock = clock
        self.lock = threading.RLock()
        self.version = 0
        # Told of each change: the class's version, and the group it concerns (None: every group).
        self.listeners: list[Callable[[int, int | None], None]] = []
        data = data or {}
        self.join_code: str = data.get("join_code") or "".join(secrets.choice(JOIN_ALPHABET) for _ in range(6))
        self.instructor_token: str = data.get("instructor_token") or secrets.token_urlsafe(24)
        self.paused: bool = bool(data.get("paused", False))
        self.ended: bool = bool(data.get("ended", False))
        self.messages: list[dict] = list(data.get("messages", []))
        self.transcript: list[dict] = list(data.get("transcript", []))
        self.proposals: list[Proposal] = [Proposal(**p) for p in data.get("proposals", [])]
        # The turns the class decided for a team that had sent nothing (for the debrief).
        self.stand_ins: list[dict] = list(data.get("stand_ins", []))
        # What a front end keeps with the class (the hot seat: what each team has read).
        self.notes: dict[str, Any] = dict(data.get("notes", {}))
        seats = {s["team"]: s for s in data.get("seats", [])}
        self.seats: dict[str, Seat] = {}
        for gi, g in enumerate(loaded.groups):
            for t in g.teams:
                saved = seats.get(t.name, {})
                self.seats[t.name] = Seat(t, gi, saved.get("token") or secrets.token_urlsafe(18),
                                          bool(saved.get("joined", False)))
        self.groups: list[GroupGame] = []
        clocks = {c["group"]: c for c in data.get("clocks", [])}
        for gi, g in enumerate(loaded.groups):
            path = self.group_file(gi)
            if path.exists():
                game = self._load_group(path)
            else:
                game = Game(loaded.scenario, self.model.seed, g.states, self.model.difficulty,
                            self.model.fictional_names)
                game.label = slug(g.name)
            gg = GroupGame(g, game)
            c = clocks.get(g.name, {})
            gg.remaining = c.get("remaining")
            self.groups.append(gg)
            self._seat_teams(gi)
            if data:
                if gg.remaining is not None and not self.paused:
                    gg.deadline = self.clock() + gg.remaining
                    gg.remaining = None
            else:
                self._fire_injects(gi)
                self._start_clock(gi)
        self._clock_saved = self.clock()
        self.write()

    # --- construction -------------------------------------------------------------------------

    @classmethod
    def start(cls, loaded: LoadedClass, folder: Path, clock: Callable[[], float] = time.time) -> "Classroom":
        folder = Path(folder)
        if (folder / "class-session.json").exists():
            raise ClassError(f"{folder} already holds a class session; resume it, or start anew with --restart")
        folder.mkdir(parents=True, exist_ok=True)
        claim(folder)
        room = cls(loaded, folder, None, clock)
        room.log("instructor", f"The class '{room.model.title}' began: {len(room.groups)} group(s), "
                 f"{len(room.seats)} team(s), seed {room.model.seed}.")
        return room

    @classmethod
    def resume(cls, loaded: LoadedClass, folder: Path, clock: Callable[[], float] = time.time) -> "Classroom":
        path = Path(folder) / "class-session.json"
        try:
            data = read_json(path, 20_000_000)
        except FileProblem as exc:
            raise ClassError(f"{exc}; start the class anew with --restart (the old session is kept aside)") from None
        if not isinstance(data, dict) or data.get("format") != SESSION_FORMAT:
            raise ClassError(f"{path} is not a class session this version can read; start anew with --restart")
        if isinstance(data.get("class_rules"), dict):
            changed = [k for k, v in class_rules(loaded).items() if data["class_rules"].get(k) != v]
            if changed:
                raise ClassError(f"the class file {loaded.path} has changed what its games are ({', '.join(changed)}) "
                                 f"since this class began (its session is in {folder}); put {'it' if len(changed) == 1 else 'them'} "
                                 "back to resume, or start anew with --restart. The title, the timer, what teams "
                                 "see and the briefing may change at any time.")
        elif data.get("class_digest") != loaded.digest:   # a session written before class_rules were kept
            raise ClassError(f"the class file {loaded.path} has changed since this class began (its session is "
                             f"in {folder}); put the old file back to resume, or start anew with --restart")
        claim(Path(folder))
        try:
            room = cls(loaded, Path(folder), data, clock)
        except (TypeError, ValueError, KeyError, AttributeError) as exc:   # a damaged file, never a traceback
            release(Path(folder))
            raise ClassError(f"{path} is damaged ({type(exc).__name__}: {exc}); start the class anew with "
                             "--restart (the old session is kept aside)") from None
        room.log("instructor", f"The server started again; the class resumes at turn {room.turn_label()}.")
        return room

    def _load_group(self, path: Path) -> Game:
        try:
            return load_game(path, lambda _id: self.loaded.scenario)
        except SaveError as exc:
            raise ClassError(f"a group's game cannot be resumed: {exc}") from None

    def _seat_teams(self, gi: int) -> None:
        gg = self.groups[gi]
        gg.teams = {}
        for t in gg.group.teams:
            ts = TeamSession(gg.game, t.state)
            ts.advice_allowed = self.model.teams_see.adviser
            ts.forecast_allowed = self.model.teams_see.forecast
            draft = gg.game.drafts.get(t.state)
            if draft is not None and not ts.over:
                ts.restore(draft)
            gg.teams[t.name] = ts
        gg.game.drafts = {}

    # --- files --------------------------------------------------------------------------------

    def group_file(self, gi: int) -> Path:
        return self.folder / f"game-{gi + 1}-{slug(self.loaded.groups[gi].name)}.json"

    def write_group(self, gi: int) -> None:
        gg = self.groups[gi]
        drafts = {ts.state: ts.orders for ts in gg.teams.values() if not ts.over and (ts.chosen or ts.answers)}
        write_save(gg.game, self.group_file(gi), drafts=drafts)

    def note(self, key: str, value: Any) -> None:
        """Keep what a front end needs with the class (the hot seat's memory); written at once.
        Raises OSError."""
        self.notes[key] = value
        self._write_session()

    def keep_group(self, gi: int) -> Path:
        """Write a group's game with its teams' unsent choices, and the class's file; returns the
        group's file. Raises OSError."""
        self.write_group(gi)
        self._write_session()
        return self.group_file(gi)

    def write(self) -> None:
        """Every group's game and the class's own file, each written atomically."""
        for gi in range(len(self.groups)):
            self.write_group(gi)
        self._write_session()

    def _write_session(self) -> None:
        now = self.clock()
        data = {
            "format": SESSION_FORMAT, "class_file": str(self.loaded.path.resolve()),
            "class_digest": self.loaded.digest, "class_rules": class_rules(self.loaded), "join_code": self.join_code,
            "instructor_token": self.instructor_token, "paused": self.paused, "ended": self.ended,
            "seats": [{"team": s.team.name, "token": s.token, "joined": s.joined} for s in self.seats.values()],
            "clocks": [{"group": gg.group.name, "remaining": self._left(gg, now)} for gg in self.groups],
            "messages": self.messages, "transcript": self.transcript,
            "proposals": [vars(p) for p in self.proposals], "stand_ins": self.stand_ins, "notes": self.notes,
            "games": [self.group_file(gi).name for gi in range(len(self.groups))],
            # Who played which game, so a debrief can be written from this folder alone.
            "title": self.model.title,
            "groups": [{"name": gg.group.name, "file": self.group_file(gi).name,
                        "teams": [{"name": t.name, "state": t.state} for t in gg.group.teams]}
                       for gi, gg in enumerate(self.groups)],
        }
        write_atomic(self.folder / "class-session.json", json.dumps(data, indent=1, sort_keys=True))
        self._clock_saved = now

    def changed(self, gi: int | None = None) -> None:
        """Something changed: write it down, then tell whoever listens."""
        if gi is None:
            self.write()
        else:
            self.keep_group(gi)
        self.version += 1
        for listen in list(self.listeners):
            listen(self.version, gi)

    def log(self, who: str, text: str) -> None:
        self.transcript.append({"at": dt.datetime.now().strftime("%H:%M:%S"), "who": who, "text": text})

    # --- who is who ---------------------------------------------------------------------------

    def seat_of(self, token: str | None) -> Seat:
        """The team whose secret `token` is; ClassError 403 for anything else."""
        if token:
            for s in self.seats.values():
                if secrets.compare_digest(s.token, token):
                    return s
        raise ClassError("This link is not a team's: open the link your instructor gave your team, or join "
                         "again with the class code.", 403)

    def check_instructor(self, token: str | None) -> None:
        if not token or not secrets.compare_digest(self.instructor_token, token):
            raise ClassError("Only the instructor can do that: open the instructor's link printed when the "
                             "class was started.", 403)

    def join(self, code: str, team: str) -> Seat:
        """A device joins as `team` with the class's code; returns its seat (with its secret)."""
        if not secrets.compare_digest(str(code).strip().upper().replace(" ", "").replace("-", ""), self.join_code):
            raise ClassError("That is not this class's code: check the code on the instructor's screen.", 403)
        seat = self.seats.get(team)
        if seat is None:
            raise ClassError(f"No team is called '{team}'; choose your team from the list.", 404)
        if seat.joined:
            raise ClassError(f"'{team}' has already joined on another device. To move it to this one, ask the "
                             "instructor for the team's own link.", 409)
        seat.joined = True
        self.log(team, "joined")
        self.changed()
        return seat

    def team_list(self) -> list[dict]:
        return [{"team": s.team.name, "state": self.groups[s.group].game.name(s.team.state),
                 "group": self.groups[s.group].group.name, "joined": s.joined} for s in self.seats.values()]

    # --- a team's turn ------------------------------------------------------------------------

    def team_session(self, seat: Seat) -> TeamSession:
        return self.groups[seat.group].teams[seat.team.name]

    def sent(self, seat: Seat) -> bool:
        game = self.groups[seat.group].game
        return seat.team.state in game.submitted

    def _open_for(self, seat: Seat) -> TeamSession:
        if self.ended:
            raise ClassError("The class has ended.", 409)
        ts = self.team_session(seat)
        if ts.over:
            raise ClassError("The game is over for your team.", 409)
        if self.sent(seat):
            raise ClassError("Your orders are sent: take them back to change them.", 409)
        return ts

    def toggle(self, seat: Seat, action: str) -> str:
        ts = self._open_for(seat)
        done, message = ts.toggle(action)
        if not done:
            raise ClassError(message, 409)
        self.changed(seat.group)
        return message

    def answer(self, seat: Seat, decision: str, option: str) -> str:
        ts = self._open_for(seat)
        problem = ts.answer(decision, option)
        if problem:
            raise ClassError(problem, 409)
        self.changed(seat.group)
        return "Answered."

    def clear(self, seat: Seat) -> None:
        ts = self._open_for(seat)
        ts.clear()
        self.changed(seat.group)

    def take_advice(self, seat: Seat) -> str:
        if not self.model.teams_see.adviser:
            raise ClassError(NO_ADVICE, 403)
        ts = self._open_for(seat)
        text = ts.take_advice()
        self.changed(seat.group)
        return text

    def send(self, seat: Seat) -> str:
        """The team's orders go in; the group's turn resolves when every team of it has sent."""
        ts = self._open_for(seat)
        missing = ts.pending()
        if missing:
            raise ClassError(f"Answer '{missing[0].title}' first.", 409)
        try:
            ts.game.submit(ts.state, ts.orders)
        except OrdersError as exc:
            raise ClassError(str(exc), 409) from None
        self.log(seat.team.name, f"sent its orders for turn {ts.game.turn}: "
                 + (", ".join(ts.game.name(a) for a in ts.chosen) or "no action"))
        gi = seat.group
        if not self.paused and not self.groups[gi].game.waiting_for():
            self._resolve(gi, "computer")
            return "Sent. Every team has sent: the turn is resolved."
        self.changed(gi)
        return "Sent. Waiting for the other teams."

    def take_back(self, seat: Seat) -> None:
        if self.ended:
            raise ClassError("The class has ended.", 409)
        game = self.groups[seat.group].game
        if game.withdraw(seat.team.state) is None:
            raise ClassError("Your orders are not sent yet.", 409)
        self.log(seat.team.name, "took its orders back")
        self.changed(seat.group)

    def propose(self, seat: Seat, text: str) -> Proposal:
        """A team argues for a move that is not on the menu; the instructor decides. A team may
        propose after sending its orders too: a proposal is not an order."""
        if self.ended:
            raise ClassError("The class has ended.", 409)
        ts = self.team_session(seat)
        if ts.over:
            raise ClassError("The game is over for your team.", 409)
        text = " ".join(str(text).split())
        if not text:
            raise ClassError("Say in a sentence what your team proposes.")
        if len(text) > MAX_PROPOSAL:
            raise ClassError(f"Keep the proposal under {MAX_PROPOSAL} characters (it has {len(text)}).")
        if sum(1 for p in self.proposals if p.team == seat.team.name and p.status == "waiting") >= 3:
            raise ClassError("Your team has three proposals waiting already: wait for the instructor.", 429)
        p = Proposal(len(self.proposals) + 1, seat.team.name, ts.game.turn, text)
        self.proposals.append(p)
        self.log(seat.team.name, f"proposed an argued action: {text}")
        self.changed()
        return p

    # --- the clock ----------------------------------------------------------------------------

    def _start_clock(self, gi: int) -> None:
        gg = self.groups[gi]
        minutes = self.model.timer_minutes
        if not minutes or gg.game.over:
            gg.deadline = gg.remaining = None
            return
        if self.paused:
            gg.deadline, gg.remaining = None, minutes * 60.0
        else:
            gg.deadline, gg.remaining = self.clock() + minutes * 60.0, None

    def _left(self, gg: GroupGame, now: float) -> float | None:
        if gg.deadline is not None:
            return max(0.0, gg.deadline - now)
        return gg.remaining

    def seconds_left(self, gi: int) -> float | None:
        return self._left(self.groups[gi], self.clock())

    def close(self) -> None:
        """The program that has the class open lets it go (another may open it now)."""
        release(self.folder)

    def tick(self) -> bool:
        """Called about every second: a turn whose time is up resolves (unless the class says the
        instructor decides); the clock is written down now and then. True if anything changed."""
        heartbeat(self.folder)
        if self.paused or self.ended:
            return False
        now = self.clock()
        done = False
        for gi, gg in enumerate(self.groups):
            if gg.deadline is not None and now >= gg.deadline and not gg.game.over:
                if self.model.when_time_is_up == "wait":
                    if gg.remaining is None:
                        gg.deadline, gg.remaining = None, 0.0
                        self.log("timer", f"Time is up for {gg.group.name}; the instructor decides.")
                        self.changed()
                        done = True
                    continue
                self.log("timer", f"Time is up for {gg.group.name}.")
                self._resolve(gi, self.model.when_time_is_up)
                done = True
        if not done and now - self._clock_saved >= SAVE_CLOCK_SECONDS and any(g.deadline for g in self.groups):
            self._write_session()
        return done

    def pause(self) -> None:
        if self.paused:
            raise ClassError("The class is paused already.", 409)
        now = self.clock()
        for gg in self.groups:
            gg.remaining, gg.deadline = self._left(gg, now), None
        self.paused = True
        self.log("instructor", "paused the class")
        self.changed()

    def resume_play(self) -> None:
        if not self.paused:
            raise ClassError("The class is not paused.", 409)
        now = self.clock()
        self.paused = False
        for gi, gg in enumerate(self.groups):
            if gg.remaining is not None and gg.remaining > 0:
                gg.deadline, gg.remaining = now + gg.remaining, None
        self.log("instructor", "resumed the class")
        self.changed()
        for gi, gg in enumerate(self.groups):   # every team sent while paused: the turn goes on now
            if not gg.game.over and not gg.game.waiting_for():
                self._resolve(gi, "computer")

    def add_time(self, minutes: float) -> None:
        if not 0 < minutes <= 120:
            raise ClassError("Add between 1 and 120 minutes.")
        for gg in self.groups:
            if gg.deadline is not None:
                gg.deadline += minutes * 60
            elif gg.remaining is not None:
                gg.remaining += minutes * 60
            elif not gg.game.over:
                gg.deadline = self.clock() + minutes * 60
        self.log("instructor", f"added {minutes:g} minutes")
        self.changed()

    # --- the instructor's hand ----------------------------------------------------------------

    def _groups_named(self, group: str | None) -> list[int]:
        if group in (None, "", "all"):
            return list(range(len(self.groups)))
        for gi, gg in enumerate(self.groups):
            if gg.group.name == group:
                return [gi]
        raise ClassError(f"No group is called '{group}'.", 404)

    def resolve_now(self, group: str | None, missing: str) -> list[str]:
        """Resolve the turn of `group` (all groups by default); teams that sent nothing are played
        by the computer (`missing` 'computer') or send no action ('nothing')."""
        if self.ended:
            raise ClassError("The class has ended.", 409)
        if missing not in ("computer", "nothing"):
            raise ClassError("Say how teams that sent nothing play: 'computer' or 'nothing'.")
        out = []
        for gi in self._groups_named(group):
            if not self.groups[gi].game.over:
                out.append(self._resolve(gi, missing, by="instructor"))
        if not out:
            raise ClassError("Every game is over: nothing to resolve.", 409)
        return out

    def _resolve(self, gi: int, missing: str, by: str = "") -> str:
        gg = self.groups[gi]
        game = gg.game
        names, tabled = [], []
        turn = game.turn
        for name, ts in gg.teams.items():
            if ts.state in game.waiting_for():
                advised = game.suggest(ts.state)
                if ts.chosen or ts.answers:
                    # Choices left on the table, unsent, count: questions they leave open get the
                    # adviser's answers.
                    mine = Orders(tuple(ts.chosen), {**dict(advised.answers), **ts.answers})
                    if not game.check_orders(ts.state, mine):
                        game.submit(ts.state, mine)
                        tabled.append(name)
                        self.stand_ins.append({"group": gg.group.name, "turn": turn, "team": name, "how": "choices"})
                        continue
                orders = advised
                if missing == "nothing":   # no action; questions still need an answer: the adviser's
                    orders = Orders((), dict(orders.answers))
                try:
                    game.submit(ts.state, orders)
                except OrdersError:
                    game.submit(ts.state, advised)
                names.append(name)
                self.stand_ins.append({"group": gg.group.name, "turn": turn, "team": name, "how": missing})
        game.resolve()
        for ts in gg.teams.values():
            ts.chosen, ts.answers = [], {}
            ts.version += 1
        played = (f"; played by the computer for {', '.join(names)}" if names and missing == "computer" else
                  f"; no action for {', '.join(names)}" if names else "")
        if tabled:
            played += f"; the choices on the table, unsent, of {', '.join(tabled)}"
        text = f"{gg.group.name}: turn {turn} resolved{' by the instructor' if by else ''}{played}."
        self.log(by or "class", text)
        inj = self._fire_injects(gi)
        self._start_clock(gi)
        if game.over:
            self.log("class", f"{gg.group.name}: the game is over.")
        self.changed(gi)
        return text + (f" {inj}" if inj else "")

    def _fire_injects(self, gi: int) -> str:
        gg = self.groups[gi]
        game = gg.game
        said = []
        for inj in self.model.injects:
            if inj.turn != game.turn or game.over or (inj.groups and gg.group.name not in inj.groups):
                continue
            if any(x["kind"] == "inject" and x["event"] == inj.event and x["turn"] == game.turn
                   for x in game.interventions):
                continue   # fired already (a resumed class)
            try:
                game.inject(inj.event, inj.states)
                said.append(f"Inject: {game.name(inj.event)}.")
            except InterventionError as exc:
                said.append(f"The inject '{inj.event}' could not fire: {exc}.")
        if said:
            self.log("class", f"{gg.group.name}, turn {game.turn}: " + " ".join(said))
        return " ".join(said)

    def inject(self, event: str, group: str | None, states: list[str] | None = None) -> list[str]:
        if self.ended:
            raise ClassError("The class has ended.", 409)
        out, refused = [], []
        for gi in self._groups_named(group):
            gg = self.groups[gi]
            if gg.game.over:
                continue
            try:
                back = gg.game.inject(event, states)
            except InterventionError as exc:   # not in this group; the others still get it
                refused.append(f"{gg.group.name}: {exc}")
                continue
            for name, ts in gg.teams.items():
                if ts.state in back:
                    draft = gg.game.drafts.pop(ts.state)
                    ts.restore(draft)
            text = f"{gg.group.name}: inject '{gg.game.name(event)}' fired on turn {gg.game.turn}"
            if back:
                text += " (orders it made impossible went back to " + ", ".join(
                    n for n, ts in gg.teams.items() if ts.state in back) + ")"
            out.append(text + ".")
            self.log("instructor", text)
            self.changed(gi)
        if refused and not out:
            raise ClassError("; ".join(refused), 409)
        if not out:
            raise ClassError("Every game is over: nothing to fire.", 409)
        return out + [f"Not fired in {r}." for r in refused]

    def argue(self, team: str, text: str, chance: float, effects: Iterable[tuple[str, float]],
              proposal: int | None = None) -> str:
        """Decide an argued action for `team` at the odds set, with the effects picked."""
        if self.ended:
            raise ClassError("The class has ended.", 409)
        seat = self.seats.get(team)
        if seat is None:
            raise ClassError(f"No team is called '{team}'.", 404)
        gg = self.groups[seat.group]
        if gg.game.over or not gg.game.active(seat.team.state):
            raise ClassError(f"The game is over for {team}.", 409)
        try:
            res = gg.game.argue(seat.team.state, text, float(chance), list(effects))
        except InterventionError as exc:
            raise ClassError(str(exc)) from None
        except (TypeError, ValueError):
            raise ClassError("Give the odds as a number from 0 to 1 and each effect as an indicator and a "
                             "number.") from None
        ts = gg.teams[team]
        if ts.state in gg.game.drafts:
            ts.restore(gg.game.drafts.pop(ts.state))
        outcome = (f"Argued action by {team}, '{res.text}', at {res.chance:.0%}: roll {res.roll:.2f}, "
                   + ("it succeeded." if res.succeeded else "it failed."))
        if proposal is not None:
            p = next((p for p in self.proposals if p.id == proposal), None)
            if p is not None:
                p.status, p.outcome = "decided", outcome
        self.log("instructor", outcome)
        self.changed(seat.group)
        return outcome

    def refuse(self, proposal: int, why: str = "") -> None:
        p = next((p for p in self.proposals if p.id == proposal and p.status == "waiting"), None)
        if p is None:
            raise ClassError("No such proposal is waiting.", 404)
        p.status, p.outcome = "refused", " ".join(str(why).split())[:MAX_MESSAGE] or "The instructor refused it."
        self.log("instructor", f"refused {p.team}'s proposal '{p.text}': {p.outcome}")
        self.changed()

    def undo(self, group: str | None) -> list[str]:
        """Take back the last resolved turn of `group` (every group by default): the game as that
        turn opened, with the orders each team gave on it back on the table, unsent."""
        if self.ended:
            raise ClassError("The class has ended; it cannot be undone.", 409)
        out = []
        for gi in self._groups_named(group):
            gg = self.groups[gi]
            game = gg.game
            if not game.reports:
                continue
            turn = game.reports[-1].turn
            # What each team had given, back on its table: not what the class decided for a team
            # that had sent nothing (the computer's or no action), which it never chose.
            stood_in = {x["team"] for x in self.stand_ins if x["group"] == gg.group.name and x["turn"] == turn
                        and x["how"] in ("computer", "nothing")}
            given = {o["state"]: Orders(tuple(o["actions"]), dict(o["answers"]))
                     for o in game.order_log if o["turn"] == turn
                     and not any(t.state == o["state"] and t.name in stood_in for t in gg.group.teams)}
            # The turn's injects (the class file's and the instructor's) happen again as it opens.
            back = rewind(game, turn, interventions=True)
            back.drafts = {}
            self.stand_ins = [x for x in self.stand_ins if not (x["group"] == gg.group.name and x["turn"] >= turn)]
            gg.game = back
            self._seat_teams(gi)
            for ts in gg.teams.values():
                if ts.state in given:
                    ts.restore(given[ts.state])
            self._start_clock(gi)
            text = f"{gg.group.name}: turn {turn} undone; teams have their orders of that turn back, unsent."
            self.log("instructor", text)
            out.append(text)
        if not out:
            raise ClassError("No turn has been played yet: nothing to undo.", 409)
        self.changed()
        return out

    def message(self, text: str) -> None:
        text = " ".join(str(text).split())
        if not text:
            raise ClassError("Write the message first.")
        if len(text) > MAX_MESSAGE:
            raise ClassError(f"Keep a message under {MAX_MESSAGE} characters (it has {len(text)}).")
        self.messages.append({"at": dt.datetime.now().strftime("%H:%M"), "text": text})
        self.log("instructor", f"message to all: {text}")
        self.changed()

    def end(self) -> None:
        if self.ended:
            raise ClassError("The class has ended already.", 409)
        self.ended = True
        for gg in self.groups:
            gg.deadline = gg.remaining = None
        self.log("instructor", "ended the class")
        self.changed()

    # --- what the instructor sees -------------------------------------------------------------

    def turn_label(self) -> str:
        turns = sorted({gg.game.turn for gg in self.groups})
        return " / ".join(str(t) for t in turns)

    def events(self) -> list[dict]:
        game = self.groups[0].game
        return [{"id": e.id, "name": game.name(e.id), "text": e.text} for e in game.s.events]

    def targets(self) -> list[dict]:
        game = self.groups[0].game
        r = game.rules
        return [{"id": i, "name": game.name(i), "min": r.bounds[i][0], "max": r.bounds[i][1],
                 "unit": game.unit(i)} for i in argued_targets(r)]

    def overview(self) -> dict[str, Any]:
        now = self.clock()
        groups = []
        for gi, gg in enumerate(self.groups):
            game = gg.game
            teams = []
            for name, ts in gg.teams.items():
                seat = self.seats[name]
                teams.append({
                    "team": name, "state": game.name(ts.state), "joined": seat.joined,
                    "sent": ts.state in game.submitted, "over": ts.over,
                    "chosen": len(ts.chosen), "score": round(game.score(ts.state)["total"], 2),
                    "token": seat.token,
                })
            left = self._left(gg, now)
            groups.append({"name": gg.group.name, "turn": game.turn, "turns": game.s.meta.turns,
                           "date": game.date_label(), "over": game.over, "teams": teams,
                           "seconds_left": None if left is None else round(left),
                           "file": self.group_file(gi).name})
        return {"title": self.model.title, "code": self.join_code, "paused": self.paused, "ended": self.ended,
                "version": self.version, "groups": groups, "messages": self.messages[-20:],
                "transcript": self.transcript[-200:], "proposals": [vars(p) for p in self.proposals],
                "events": self.events(), "targets": self.targets(), "timer_minutes": self.model.timer_minutes,
                "when_time_is_up": self.model.when_time_is_up, "folder": str(self.folder)}
