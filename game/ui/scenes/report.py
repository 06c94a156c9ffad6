"""The turn report: what each power did and why, the events, and every indicator change with its
causes. Two columns that scroll on their own.
"""
from __future__ import annotations

import pygame

from game.engine.views import TurnReport, shown_change

from .. import draw as D
from .. import theme as T
from ..words import cause_lines, good_of
from .base import Scene

Line = D.Line   # text, role, colour, indent, space after


class ReportScene(Scene):
    name = "report"
    confirm_key = "continue"
    back_key = "continue"

    def __init__(self, app, session, report: TurnReport, after_turn: bool = False):
        super().__init__(app)
        self.session = session
        self.report = report
        self.after_turn = after_turn
        self.scrolls = [0, 0]

    def layout(self) -> None:
        px = self.px
        w, h = self.size
        top = px(118)
        colw = (w - px(96) - px(32)) // 2
        self.cols = [pygame.Rect(px(48), top, colw, h - top - px(90)),
                     pygame.Rect(px(48) + colw + px(32), top, colw, h - top - px(90))]
        self.lines = [self._story(colw - px(24)), self._changes(colw - px(24))]
        title_h = self.th.line_height("tiny_bold") + px(T.GAP_S)
        self.inners = [pygame.Rect(c.x + px(T.GAP_M), c.y + px(T.GAP_M) + title_h, c.w - 2 * px(T.GAP_M),
                                   c.h - 2 * px(T.GAP_M) - title_h) for c in self.cols]
        # the columns scroll by whole lines: scrolls[i] is the first line shown
        self.maxes = [D.last_first_line(self.th, lines, inner.h) for lines, inner in zip(self.lines, self.inners)]
        self.scrolls = [min(sc, mx) for sc, mx in zip(self.scrolls, self.maxes)]
        over = self.session.over and self.after_turn
        self.main_button("See the results" if over else "Continue", self.proceed, "Key: Enter", key="continue",
                         width=240)
        self.back_button("History", self.history, "Charts of every indicator. Key: H", width=150, key="history")
        self.focus_key = self.focus_key or "continue"

    def _wrap(self, out: list, text: str, role: str, colour, width: int, indent: int = 0, after: int = 0) -> None:
        out += D.wrap_lines(self.th, text, role, colour, width, indent, after)

    def _story(self, width: int) -> list[Line]:
        px = self.px
        r = self.report
        s = self.session
        sr = next((x for x in r.states if x.state == s.state), None)
        out: list[Line] = []
        events = r.events_for(s.state)
        if events:
            out.append(("EVENTS", "tiny_bold", T.ACCENT, 0, px(4)))
            for e in events:
                self._wrap(out, "• " + e, "body", T.INK, width, 0, px(2))
            out[-1] = out[-1][:4] + (px(14),)
        if sr is None:
            self._wrap(out, "Your state took no part in this turn.", "body", T.INK_DIM, width)
            return out
        if sr.ladder:   # crises first: how the pressure went is the turn's headline
            out.append(("PRESSURE", "tiny_bold", T.WARN, 0, px(4)))
            for line in sr.ladder:
                self._wrap(out, "⚠ " + line, "body_bold", T.WARN, width, 0, px(6))
            out[-1] = out[-1][:4] + (px(14),)
        out.append(("YOUR ORDERS", "tiny_bold", T.ACCENT, 0, px(4)))
        self._wrap(out, ", ".join(sr.actions) if sr.actions else "No actions.", "body", T.INK, width, 0, px(2))
        for a in sr.answers:
            self._wrap(out, "Answered: " + a, "small", T.INK_DIM, width, 0, px(2))
        out[-1] = out[-1][:4] + (px(14),)
        out.append(("THE POWERS", "tiny_bold", T.ACCENT, 0, px(4)))
        colours = {p.id: T.hex_colour(p.color) for p in s.obs.powers}
        if not sr.responses:
            self._wrap(out, "No power moved.", "body", T.INK_DIM, width, 0, px(8))
        for resp in sr.responses:
            self._wrap(out, f"{resp.power_name}: {resp.name}", "body_bold", colours.get(resp.power, T.INK), width, 0, px(2))
            if resp.description:
                self._wrap(out, resp.description, "small", T.INK, width, px(14), px(2))
            self._wrap(out, "Why: " + resp.why, "small", T.INK_DIM, width, px(14), px(10))
        out.append(("", "tiny", T.INK, 0, px(6)))
        if r.market:
            out.append(("MARKET", "tiny_bold", T.ACCENT, 0, px(4)))
            self._wrap(out, r.market, "small", T.INK_DIM, width, 0, px(14))
        out.append(("POINTS", "tiny_bold", T.ACCENT, 0, px(4)))
        self._wrap(out, f"{D.signed(sr.score_turn, 2)} points this turn; {D.number(s.obs.score, 1)} so far.", "body", T.INK, width, 0, px(10))
        if sr.ending:
            e = s.game.outcome(s.state)
            if e is not None:
                self._wrap(out, e.name, "heading", T.BAD if e.loss else T.GOOD, width, 0, px(4))
                self._wrap(out, e.text, "body", T.INK, width, 0, px(8))
        return out

    def _changes(self, width: int) -> list[Line]:
        px = self.px
        s = self.session
        r = self.report
        sr = next((x for x in r.states if x.state == s.state), None)
        out: list[Line] = []
        items = list(sr.changes if sr else ()) + list(r.world)
        # What moved at the precision shown, and what did not move only because its causes cancelled.
        shown = [c for c in items if c.shows(max(1, c.decimals))]
        if not shown:
            self._wrap(out, "Nothing moved this turn.", "body", T.INK_DIM, width)
        world_ids = {c.indicator for c in r.world}
        for c in shown:
            dec = max(c.decimals, 1 if abs(c.delta) < 1 else 0)
            colour = D.delta_colour(c.delta, good_of(s, c.indicator))
            tag = " (world)" if c.indicator in world_ids else ""
            out.append((f"{c.name}{tag}  {D.value_text(c.before, c.unit, dec)} → {D.value_text(c.after, c.unit, dec)}"
                        f"  ({D.signed(shown_change(c.before, c.after, dec), dec)})", "body_bold", colour, 0, px(2)))
            for text, role, col in cause_lines(s, c.indicator, list(c.causes), 6):
                out.append((text, role, col, px(16), 0))
            out[-1] = out[-1][:4] + (px(10),)
        return out

    def proceed(self) -> None:
        if self.after_turn and self.session.over:
            self.app.reset([self.app.stack[0], self.app.scene("end", self.session)])
        else:
            self.app.pop()

    def history(self) -> None:
        self.app.push(self.app.scene("history", self.session))

    def on_uncover(self) -> None:
        """Back from History: Enter continues again, as Continue's tooltip says."""
        super().on_uncover()
        self.focus_key = "continue"

    def on_key(self, event) -> bool:
        if event.key in (pygame.K_UP, pygame.K_DOWN, pygame.K_PAGEUP, pygame.K_PAGEDOWN):
            step = 2 if event.key in (pygame.K_UP, pygame.K_DOWN) else max(1, self.inners[1].h // self.th.line_height("body") - 2)
            sign = -1 if event.key in (pygame.K_UP, pygame.K_PAGEUP) else 1
            for i in range(2):
                self.scrolls[i] = max(0, min(self.maxes[i], self.scrolls[i] + sign * step))
            self.app.invalidate()
            return True
        if event.key == pygame.K_h:
            self.history()
            return True
        return super().on_key(event)

    def on_wheel(self, dy: int) -> bool:
        for i, col in enumerate(self.cols):
            if col.collidepoint(self.app.mouse):
                self.scrolls[i] = max(0, min(self.maxes[i], self.scrolls[i] - dy * 3))
                self.app.invalidate()
                return True
        return False

    def draw_scene(self, surf) -> None:
        th, px = self.th, self.px
        surf.fill(T.BG)
        r = self.report
        self.draw_header(surf, f"TURN {r.turn} REPORT · {r.date}", "What happened, and why")
        for i, (col, lines) in enumerate(zip(self.cols, self.lines)):
            D.panel(surf, th, col, "The turn" if i == 0 else "Every change and its causes")
            D.draw_lines(surf, th, lines, self.inners[i], self.scrolls[i])
            if self.maxes[i]:
                inner = self.inners[i]
                frac = self.scrolls[i] / self.maxes[i]
                bar_h = max(px(30), int(inner.h * inner.h / (inner.h + D.line_tops(th, lines)[-1] - inner.h)))
                by = inner.y + int((inner.h - bar_h) * frac)
                pygame.draw.rect(surf, T.PANEL_LINE, (col.right - px(6), by, px(3), bar_h), border_radius=px(2))
