"""The top bar of the main screen: who plays and when, political capital, budget and score, the
banner of this turn's decisions, and the buttons to the menu, the adviser, the history and the
last report. Its columns are placed once, in `arrange`, and `draw` paints them where they are."""
from __future__ import annotations

from typing import Callable

import pygame

from .. import draw as D
from .. import theme as T
from .base import Host, Panel

DOT = 7          # the radius of the state's colour dot before its name
PIP, PIP_STEP = 11, 14   # the capital's pips: their size, and the room each takes
BANNER_MIN = 120   # the decisions banner is never narrower


class TopBar(Panel):
    def __init__(self, host: Host, commands: dict[str, Callable[[], None]]):
        """`commands`: what the bar's buttons, banner and score do: "menu", "advice", "history",
        "report", "decision" (open this turn's decisions) and "score" (the full score card)."""
        super().__init__(host)
        self.commands = commands

    def arrange(self) -> None:
        th, px = self.th, self.px
        s = self.session
        obs = s.obs
        r = self.rect
        self.cy = r.centery
        self.colour = T.hex_colour(s.game.state_info(s.state).color)
        self.who = self.host.who()
        # A class's clock ticks between layouts: its room is kept for the widest it may read.
        self.turn = turn_text(s)
        turn_w = max(th.size(turn_text(s, clock), "body")[0]
                     for clock in ([None] if s.clock() is None else [s.clock(), *CLOCK_WIDEST]))
        self.cap_left, self.money_left = s.budget_left()
        self.capital, self.money, self.unit, self.score = obs.capital, obs.money, obs.money_unit, obs.score
        # columns, left to right
        self.dot_x = r.x + px(T.GAP_L) + px(DOT)
        self.name_x = self.dot_x + px(DOT) + px(T.GAP_S)
        self.turn_x = self.name_x + th.size(self.who, "heading")[0] + px(T.GAP_L)
        self.cap_x = self.turn_x + turn_w + px(T.GAP_XL)
        self.budget_x = self.cap_x + max(th.size("CAPITAL", "tiny_bold")[0], obs.capital * px(PIP_STEP)) + px(T.GAP_XL)
        # The budget rolls from last turn's figure: its column holds the wider of the two.
        before = s.previous.money if s.previous is not None else obs.money
        budget_w = max([th.size(self.money_text(v), "small_bold")[0] for v in (obs.money, before)]
                       + [th.size("BUDGET", "tiny_bold")[0]])
        self.score_x = self.budget_x + budget_w + px(T.GAP_XL)
        score_w = max(th.size(D.number(obs.score, 1), "small_bold")[0], th.size("SCORE", "tiny_bold")[0])
        self.stats_right = self.score_x + score_w
        # the buttons, right to left
        bh = px(T.BUTTON_H)
        bx = r.right - px(T.GAP_M)
        advice_tip = ("What the adviser recommends this turn, and why. Key: A" if s.advice_allowed
                      else "Not in this class: the instructor keeps the adviser from the teams.")
        for label, command, tip, enabled in (
                ("Menu", "menu", "Save, load, settings, quit. Key: Esc", True),
                ("Advice", "advice", advice_tip, not s.over and s.advice_allowed),
                ("History", "history", "Charts of every indicator over the game. Key: H", True),
                ("Report", "report", "The last turn's report. Key: R", bool(s.game.reports))):
            bw = th.size(label, "body_bold")[0] + 2 * px(T.GAP_L)
            bx -= bw
            self.button(pygame.Rect(bx, r.y + (r.h - bh) // 2, bw, bh), label, self.commands[command], tip,
                        enabled=enabled, key=command)
            bx -= px(T.GAP_S)
        self.buttons_x = bx
        # the score: hover for how it is made, click for the whole card
        self.spot(pygame.Rect(self.score_x - px(T.GAP_XS), r.y + px(T.GAP_XS), score_w + px(T.GAP_S),
                              r.h - px(T.GAP_S)), "score", self.commands["score"], self.score_tip)
        # the decisions: to answer, and once answered to look at again or change
        self.banner = banner_text(s)
        self.banner_open = bool(s.pending())
        self.banner_rect = None
        room = self.buttons_x - self.stats_right - px(T.GAP_L)
        if self.banner and room < px(BANNER_MIN):   # a narrow bar: what to do, without the title
            self.banner = "⚠ Decide" if self.banner_open else "✓ Answers"
        if self.banner:
            bw = min(th.size(self.banner, "small_bold")[0] + 2 * px(T.GAP_M), room)
            bh = px(T.BUTTON_H) - px(T.GAP_XS)
            self.banner_rect = pygame.Rect(self.buttons_x - bw, r.y + (r.h - bh) // 2, bw, bh)
            self.spot(self.banner_rect, "banner", self.commands["decision"], self.banner_tip)

    def money_text(self, money: float) -> str:
        txt = f"{D.number(money, 1)} {self.unit}".strip()
        if abs(self.money_left - self.money) > 1e-9:
            txt += f" → {D.number(self.money_left, 1)}"
        return txt

    def draw(self, surf: pygame.Surface) -> None:
        th, px = self.th, self.px
        r, cy = self.rect, self.cy
        pygame.draw.rect(surf, T.BG_DEEP, r)
        pygame.draw.line(surf, T.PANEL_LINE, (r.x, r.bottom - 1), (r.right, r.bottom - 1))
        pygame.draw.circle(surf, self.colour, (self.dot_x, cy), px(DOT))
        D.text(surf, th, self.who, (self.name_x, cy), "heading", T.INK, "left", "middle")
        D.text(surf, th, turn_text(self.session), (self.turn_x, cy), "body", T.INK_DIM, "left", "middle")
        # each figure under its label, the two lines meeting at the bar's middle
        pip_y = cy + (th.line_height("small_bold") - px(PIP)) // 2
        D.text(surf, th, "CAPITAL", (self.cap_x, cy), "tiny_bold", T.INK_FAINT, "left", "bottom")
        D.pips(surf, th, self.cap_x, pip_y, max(0, self.cap_left), self.capital, T.ACCENT, size=px(PIP),
               shape="diamond")
        D.text(surf, th, "BUDGET", (self.budget_x, cy), "tiny_bold", T.INK_FAINT, "left", "bottom")
        D.text(surf, th, self.money_text(self.host.shown("money", self.money)), (self.budget_x, cy),
               "small_bold", T.BAD if self.money_left < 0 else T.INK)
        D.text(surf, th, "SCORE", (self.score_x, cy), "tiny_bold", T.INK_FAINT, "left", "bottom")
        D.text(surf, th, D.number(self.score, 1), (self.score_x, cy), "small_bold", T.INK)
        if self.banner_rect is not None:
            br = self.banner_rect
            edge = T.WARN if self.banner_open else T.ACCENT_DARK
            fill = T.mix(T.PANEL_HI, edge, (0.3 if self.banner_open else 0.12)
                         + (0.1 if self.host.hovered("banner") else 0.0))
            pygame.draw.rect(surf, fill, br, border_radius=br.h // 2)
            pygame.draw.rect(surf, edge, br, width=1, border_radius=br.h // 2)
            D.text(surf, th, self.banner, br.center, "small_bold", T.INK if self.banner_open else T.INK_DIM,
                   "center", "middle", max_width=br.w - px(T.GAP_L))

    # --- tooltips ---------------------------------------------------------------------------------

    def score_tip(self) -> list:
        card = self.session.score_card()
        out = [(f"Score {D.number(card.total, 2)}", "body_bold", T.INK), (card.lines()[0], "small", T.INK_DIM)]
        for a in card.axes:
            last = f" · {D.number(a.last, 1)} last turn" if a.last is not None else ""
            out.append((f"{a.name}: {D.number(a.now, 1)} a turn now{last} · {D.number(a.counts, 2)} so far",
                        "small", T.INK))
        out.append(("Click for what raises each axis.", "tiny", T.INK_FAINT))
        return out

    def banner_tip(self) -> list:
        s = self.session
        if s.pending():
            out = [("A decision awaits your answer before the turn can end. Click to answer. Key: D",
                    "small", T.INK)]
        else:
            out = [("Your answers this turn: click to look again or change one before you end the turn. Key: D",
                    "small", T.INK)]
        for d in s.decisions():
            label = s.answer_label(d)
            out.append((f"{d.title}: {label}" if label else f"{d.title}: not answered yet", "small",
                        T.INK_DIM if label else T.WARN))
        return out


CLOCK_WIDEST = ("paused", "time is up", "00:00 left", "88:88 left")
"""The widest a class's turn clock reads (game.classroom.remote.RemoteSession.clock)."""


def turn_text(session, clock: str | None = "") -> str:
    """The turn and its date, and in a hosted class the turn's clock ("4:32 left", "paused"): as
    it reads now, or with `clock` given."""
    obs = session.obs
    clock = session.clock() if clock == "" else clock
    return f"Turn {obs.turn} of {obs.turns} · {obs.date}" + (f" · {clock}" if clock else "")


def banner_text(session) -> str:
    """The decisions banner: what awaits an answer, or the answers given (which may still change
    until the turn ends); empty when the turn asks nothing."""
    decisions = session.decisions()
    if not decisions:
        return ""
    pending = session.pending()
    if pending:
        # the verb first: a narrow bar cuts the title, never what to do
        return (f"⚠ {len(pending)} to decide: " if len(pending) > 1 else "⚠ Decide: ") + pending[0].title
    labels = [session.answer_label(d) or "?" for d in decisions]
    return f"✓ {'; '.join(labels)} · change"
