"""Hot seat: "pass the keyboard to …", the screen between two teams of a class playing at one
machine (game/classroom/hotseat.py). It shows nothing of any team's choices."""
from __future__ import annotations

from .. import draw as D
from .. import theme as T
from .base import Scene


class PassScene(Scene):
    name = "pass"
    confirm_key = "take"
    back_key = "title"

    def __init__(self, app, hotseat, seat):
        super().__init__(app)
        self.hotseat = hotseat
        self.seat = seat

    def layout(self) -> None:
        team = self.seat.team.name
        self.back_button("Title", self.leave, "Leave the class: it is kept, and the same command resumes it. "
                         "Key: Esc", key="title")
        self.main_button(f"We are {team}", self.take, f"Show {team}'s turn. Key: Enter", key="take", width=300)
        self.focus_key = self.focus_key or "take"

    def take(self) -> None:
        self.app.take_seat(self.seat)

    def leave(self) -> None:
        self.hotseat.close()
        self.app.hotseat = None
        self.app.reset([self.app.scene("title")])
        self.app.toast("The class is kept; `greatgame play --class FILE` resumes it", "info", 5)

    def lines(self) -> list[tuple[str, str]]:
        """What the screen says, as (text, role) pairs, without a word of any team's orders."""
        hs, seat = self.hotseat, self.seat
        ts = hs.session(seat)
        obs = ts.obs
        groups = len(hs.room.groups)
        where = f" · {hs.group_name(seat)}" if groups > 1 else ""
        out = [(f"{seat.team.name} governs {obs.state_name}{where}.", "body")]
        if ts.over:
            out.append(("Your game is over: your last report and how it ended are next.", "body"))
        else:
            out.append((f"Turn {obs.turn} of {obs.turns} · {obs.date}.", "body"))
            others = hs.waiting(seat)
            if others:
                out.append(("In your game, still to send this turn: " + ", ".join(others) + ".", "small"))
            if ts.chosen or ts.answers:
                out.append(("Your choices from before are still on the table.", "small"))
        note = hs.room.model.briefing
        if note and hs.first_sight(seat):
            out.append(("From your instructor: " + " ".join(note.split()), "small"))
        out.append(("Everyone else: look away from the screen until this team has "
                    + ("read how its game ended." if ts.over else "sent its orders."), "small"))
        return out

    def draw_scene(self, surf) -> None:
        th, px = self.th, self.px
        w, h = self.size
        surf.fill(T.BG)
        y = self.draw_header(surf, f"HOT SEAT · {self.hotseat.title.upper()}",
                             f"Pass the keyboard to {self.seat.team.name}")
        width = min(w - px(96), px(760))
        y += px(T.GAP_L)
        for text, role in self.lines():
            colour = T.INK if role == "body" else T.INK_DIM
            for line in D.wrap(th, text, role, width):
                D.text(surf, th, line, (px(48), y), role, colour)
                y += th.line_height(role)
            y += px(T.GAP_S)
