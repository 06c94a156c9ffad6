"""A class played on one machine (docs/classroom.md, "Hot seat"): the teams of a class file take
turns at the keyboard, each behind a "pass the keyboard" screen so that no team sees another's
choices. It is a `Classroom` with no server: the same groups and games (states without a team
are played by the computer), the same injects, a group's turn resolving when its last team has
sent, and the same session folder, written as it goes, so that a closed window resumes where it
was and `greatgame report` debriefs it. No pygame here: the window drives it.
"""
from __future__ import annotations

from pathlib import Path

from game.engine.save import first_turn
from game.engine.views import TurnReport

from .classfile import LoadedClass
from .classroom import Classroom, Seat, TeamSession


class HotSeat:
    """Whose turn it is at the keyboard, and what each team has not seen yet."""

    def __init__(self, room: Classroom):
        self.room = room
        # How many of its game's turn reports each team has read, and whether it has seen its end:
        # kept with the class, so a window closed between two teams shows the next one its report.
        notes = room.notes.setdefault("hotseat", {})
        read = notes.get("read") if isinstance(notes.get("read"), dict) else {}
        self.read: dict[str, int] = {name: int(read.get(name, 0)) if isinstance(read.get(name, 0), int) else 0
                                     for name in room.seats}
        self.ended_seen: set[str] = {n for n in notes.get("ended_seen", []) if n in room.seats} \
            if isinstance(notes.get("ended_seen"), list) else set()
        self.last: int | None = None   # the team last at the keyboard (its place in the class file)
        # The team the keyboard was last handed to, kept so a window closed and opened again hands
        # it back to the same team.
        self.current: str | None = notes.get("current") if notes.get("current") in room.seats else None
        for gi, gg in enumerate(room.groups):   # at one keyboard the class file's teams save their choices as they go
            for ts in gg.teams.values():
                ts.keep = lambda gi=gi: room.keep_group(gi)
        if room.paused:   # paused while it was hosted: at one keyboard nobody could resume it
            with room.lock:
                room.resume_play()

    @classmethod
    def open(cls, loaded: LoadedClass, folder: Path) -> tuple["HotSeat", bool]:
        """The class kept in `folder`, resumed, or started there. Returns it and whether it resumed.
        Raises ClassError (and OSError) saying why not."""
        if (Path(folder) / "class-session.json").exists():
            return cls(Classroom.resume(loaded, folder)), True
        room = Classroom.start(loaded, folder)
        room.log("instructor", "Played hot seat: the teams take turns at one keyboard.")
        return cls(room), False

    def close(self) -> None:
        self._note()
        self.room.close()

    def _note(self) -> None:
        self.room.note("hotseat", {"read": dict(self.read), "ended_seen": sorted(self.ended_seen),
                                   "current": self.current})

    @property
    def title(self) -> str:
        return self.room.model.title

    def seats(self) -> list[Seat]:
        return list(self.room.seats.values())

    def session(self, seat: Seat) -> TeamSession:
        return self.room.team_session(seat)

    def group_name(self, seat: Seat) -> str:
        return self.room.groups[seat.group].group.name

    def seat_of(self, session: TeamSession) -> Seat | None:
        return next((s for s in self.seats() if self.session(s) is session), None)

    def next(self, leaving: TeamSession | None = None) -> Seat | None:
        """The team to pass the keyboard to: the one that has it, while it has something to do;
        else, going round the teams in the class file's order from the last one at the keyboard,
        the next whose game waits for its orders; then each team whose game is over and that has
        not seen how it ended; None when every game is over and every team has seen its end.
        `leaving`: the team at the keyboard, whose game is over, is about to pass it on."""
        if self.room.ended:
            return None
        gone = self.team_of(leaving) if leaving is not None else None
        seen = self.ended_seen | ({gone} if gone else set())
        held = self.room.seats.get(self.current) if self.current and not gone else None
        if held is not None and (not self.session(held).over and not self.room.sent(held)
                                 or self.session(held).over and held.team.name not in seen):
            return held   # it had the keyboard: it keeps it
        seats = self.seats()
        after = self.last + 1 if self.last is not None else 0
        around = seats[after:] + seats[:after]
        for seat in around:
            ts = self.session(seat)
            if not ts.over and not self.room.sent(seat):
                return seat
        for seat in around:
            if self.session(seat).over and seat.team.name not in seen:
                return seat
        return None

    def team_of(self, session: TeamSession) -> str | None:
        seat = self.seat_of(session)
        return seat.team.name if seat is not None else None

    def waiting(self, seat: Seat) -> list[str]:
        """The other teams of `seat`'s game that have still to send this turn."""
        game = self.room.groups[seat.group].game
        return [name for name, ts in self.room.groups[seat.group].teams.items()
                if name != seat.team.name and ts.state in game.waiting_for()]

    def hand(self, seat: Seat) -> None:
        """The keyboard is handed to `seat` (its pass screen is up)."""
        self.current = seat.team.name
        self._note()

    def take(self, seat: Seat) -> tuple[TeamSession, TurnReport | None]:
        """The team sits down: its session, and its game's last report if it has not read it (a
        report counts as read when the team sends its next orders, or leaves its end screen, so a
        window closed in between shows it again)."""
        self.last = self.seats().index(seat)
        self.current = seat.team.name
        ts = self.session(seat)
        reports = ts.game.reports
        unread = reports[-1] if len(reports) > self.read.get(seat.team.name, 0) else None
        return ts, unread

    def done(self, session: TeamSession) -> None:
        """The team at the keyboard has seen how its game ended and passes the keyboard on."""
        seat = self.seat_of(session)
        if seat is not None:
            self.read[seat.team.name] = len(session.game.reports)
            self.ended_seen.add(seat.team.name)
            self.current = None
            self._note()

    def first_sight(self, seat: Seat) -> bool:
        """Whether the team sits down for the first time (it reads its briefing then)."""
        ts = self.session(seat)
        return ts.game.turn == first_turn(ts.game) and not ts.game.reports and not (ts.chosen or ts.answers)

    def send(self, session: TeamSession) -> str:
        """The team at the keyboard sends its orders (ClassError says why not); its group's turn
        resolves when it was the last to send."""
        seat = self.seat_of(session)
        if seat is None:
            raise ValueError("that session is not one of this class's teams")
        read = len(session.game.reports)
        with self.room.lock:
            said = self.room.send(seat)
        self.read[seat.team.name] = read   # the report it came in on is read; the next one is not
        self.current = None
        self._note()
        return said

    def ended_early(self) -> bool:
        """The instructor ended the class before its games were over."""
        return self.room.ended and not all(gg.game.over for gg in self.room.groups)
