"""The forecast panel of the main screen: what the orders as they stand leave of the budget, the
expected change of each indicator with its range, the powers' likely replies and the warnings,
and under it the button that ends the turn (or answers what must be answered first). Hover the
forecast for every line and its certain causes."""
from __future__ import annotations

from typing import Callable

import pygame

from game.engine.views import Preview

from .. import draw as D
from .. import theme as T
from ..targets import Spot
from ..words import good_of, plural
from .base import Panel
from .indicators import indicator_names_role

NO_FORECAST = "No forecast in this class: the instructor keeps it from the teams."
COMING = "Working out the forecast…"
END_H = 52           # the end-turn button's height (at scale 1)
VALUE_W, RANGE_W = 86, 150   # the columns right of an indicator's name: its change, its range


class ForecastPanel(Panel):
    def __init__(self, host, end_turn: Callable[[], None]):
        super().__init__(host)
        self.end_turn = end_turn
        self.preview: Preview | None = None   # the forecast shown, as read at the last layout

    def arrange(self) -> None:
        px = self.px
        s = self.session
        r = self.rect
        eb = px(END_H)
        self.end_rect = pygame.Rect(r.x, r.bottom - eb, r.w, eb)
        self.box = pygame.Rect(r.x, r.y, r.w, self.end_rect.y - px(T.GAP_S) - r.y)
        label, tip = end_turn_label(s)
        self.button(self.end_rect, label, self.end_turn, tip, style="primary", key="end_turn")
        self.title = "Forecast of your orders" if s.chosen or s.answers else "Forecast of this turn"
        self.read_forecast()

    def read_forecast(self) -> None:
        """Read the forecast as it stands now; the screen calls it again when a fuller forecast
        comes in place of the first (only the numbers change: no button moves, so a click in
        progress is never lost)."""
        s = self.session
        self.allowed = s.forecast_allowed
        self.preview = self.host.current_forecast()
        self.problems = s.problems() if self.preview is not None else []
        self.lines = [] if self.preview is None else forecast_lines(
            self.th, pygame.Rect(0, 0, self.inner().w, self.inner().h), s, self.preview, self.problems)
        preview, problems, allowed = self.preview, self.problems, self.allowed   # a new spot, asked anew
        self.spots = [Spot(pygame.Rect(self.box), "preview", None,
                           lambda: preview_tip(s, preview, problems) if preview is not None
                           else [(NO_FORECAST if not allowed else COMING, "small", T.INK)], focus=False)]

    def inner(self) -> pygame.Rect:
        """The panel's content below its title (as D.panel gives it)."""
        th, px = self.th, self.px
        pad = px(T.GAP_M)
        top = self.box.y + pad + th.line_height("tiny_bold") + px(T.GAP_S)
        return pygame.Rect(self.box.x + pad, top, self.box.w - 2 * pad, self.box.bottom - pad - top)

    def draw(self, surf: pygame.Surface) -> None:
        th = self.th
        inner = D.panel(surf, th, self.box, self.title)
        if self.preview is None:
            for k, line in enumerate(D.wrap(th, COMING if self.allowed else NO_FORECAST, "small", inner.w)):
                D.text(surf, th, line, (inner.x, inner.y + k * th.line_height("small")), "small", T.INK_DIM)
            return
        clip = surf.get_clip()
        surf.set_clip(inner.inflate(2, 2))
        for kind, dx, dy, args in self.lines:
            if kind == "text":
                s, role, colour, align, width = args
                D.text(surf, th, s, (inner.x + dx, inner.y + dy), role, colour, align, max_width=width)
            else:
                s, role, colour, width, most = args
                D.paragraph(surf, th, s, pygame.Rect(inner.x + dx, inner.y + dy, width, 999), role, colour,
                            max_lines=most)
        surf.set_clip(clip)


def end_turn_label(s) -> tuple[str, object]:
    """The end-turn button's label and tooltip as the turn stands."""
    pending = s.pending()
    if s.over:
        return "See the results", "The game is over."
    if s.sent:   # a hosted class: the orders wait for the other teams', and may be taken back
        waiting = s.waiting_for
        return "Take back orders", ("Your orders are sent. " + (f"Waiting for {', '.join(waiting)}." if waiting else
                                                               "The turn resolves as soon as the instructor moves on.")
                                    + " Take them back to change them before the turn resolves.")
    if pending:
        return f"Answer {plural(len(pending), 'decision')}", "Decisions must be answered before the turn can end."
    tip = "Commit these orders; the powers reply. Key: Enter"
    if s.warnings():
        return "End turn", [(tip, "small", T.INK)] + [("⚠ " + m, "small", T.WARN) for m in s.warnings()]
    return "End turn", tip


def forecast_lines(th: T.Theme, r: pygame.Rect, session, pv: Preview, problems: list[str]) -> list:
    """What the forecast panel shows in a box of r's size, as ("text", x, y, (text, role, colour,
    align, max width)) and ("paragraph", x, y, (text, role, colour, width, most lines)), placed
    from the box's top left: the budget left; the biggest expected changes with their ranges; the
    powers' likely replies if room is left; and the warnings and what stops the turn, whose room
    is kept (though the numbers keep three lines, and the first warning its place). What does not
    fit is in the panel's tooltip."""
    px = th.px
    w, bottom = r.w, r.h
    lh, tl, bl = th.line_height("small"), th.line_height("tiny"), th.line_height("tiny_bold")
    out = []
    y = 0
    cap, money = pv.capital_left, pv.money_left
    left = f"{cap} capital · {D.number(money, 1)} {session.money_unit}".strip()
    line = f"Left after these orders: {left}"
    if th.size(line, "small_bold")[0] > w:
        line = f"Left: {left}"
    out.append(("text", 0, y, (line, "small_bold", T.BAD if cap < 0 or money < 0 else T.ACCENT_HI, "left", w)))
    y += lh + px(T.GAP_XS)
    lines = [ln for ln in pv.lines if abs(ln.expected) > 1e-6 or abs(ln.high - ln.low) > 1e-6 or abs(ln.later) > 1e-6]
    if not lines:
        out.append(("text", 0, y, ("No changes expected yet: choose actions below.", "small", T.INK_FAINT, "left", w)))
        y += lh
    notes = [("⚠ " + m, T.WARN) for m in pv.warnings[:3]] + [("✗ " + m, T.BAD) for m in problems[:2]]
    note_hs = [min(2, len(D.wrap(th, m, "tiny_bold", w))) * bl for m, _ in notes]
    notes_h = max(note_hs[0] if note_hs else 0, min(sum(note_hs), bottom - y - lh * min(3, len(lines)) - tl))
    room_h = bottom - y - notes_h
    room = len(lines) if len(lines) * lh <= room_h else max(0, (room_h - tl) // lh)
    if room < len(lines):   # show the biggest changes (for their range), in the list's own order
        def weight(ln):
            lo, hi = session.range_of(ln.indicator)
            return (bool(ln.causes), abs(ln.expected) / max(1e-9, hi - lo))
        keep = set(sorted(range(len(lines)), key=lambda i: weight(lines[i]), reverse=True)[:room])
        lines_shown = [ln for i, ln in enumerate(lines) if i in keep]
    else:
        lines_shown = lines
    # one face for every row (the small one only if every name fits it), so rows never mix sizes
    name_w = w - px(RANGE_W)
    name_role = indicator_names_role(th, [ln.name for ln in lines_shown], name_w)
    for ln in lines_shown:
        unit, dec = session.unit_of(ln.indicator)
        d = max(1, dec)
        good = good_of(session, ln.indicator)
        out.append(("text", 0, y + (lh - th.line_height(name_role)) // 2,
                    (ln.name, name_role, T.INK_DIM, "left", name_w)))
        out.append(("text", w - px(VALUE_W), y, (D.signed(ln.expected, d), "small_bold",
                                                 D.delta_colour(ln.expected, good, 0.5 * 10 ** -d), "right", None)))
        if abs(ln.high - ln.low) > 1e-6:
            out.append(("text", w, y, (f"{D.signed(ln.low, d)}…{D.signed(ln.high, d)}", "tiny", T.INK_FAINT, "right",
                                       None)))
        elif abs(ln.later) > 1e-6:
            out.append(("text", w, y, (f"later {D.signed(ln.later, d)}", "tiny", T.INK_FAINT, "right", None)))
        y += lh
    if len(lines_shown) < len(lines):
        out.append(("text", 0, y, (f"+{len(lines) - len(lines_shown)} more (hover the panel)", "tiny", T.INK_FAINT,
                                   "left", w)))
        y += tl
    likely = sorted((rr for rr in pv.responses if rr.probability >= 0.05), key=lambda q: (q.power_name, -q.probability))
    if likely and y + px(T.GAP_S) + bl + tl <= bottom - notes_h:   # in what room the numbers left
        y += px(T.GAP_S)
        out.append(("text", 0, y, ("LIKELY REPLIES", "tiny_bold", T.ACCENT, "left", w)))
        y += bl
        for rr in likely:
            if y + tl > bottom - notes_h:
                break
            out.append(("text", 0, y, (f"{rr.power_name}: {rr.name}", "tiny", T.INK_DIM, "left", w - px(44))))
            out.append(("text", w, y, (f"{rr.probability:.0%}", "tiny_bold", T.INK_DIM, "right", None)))
            y += tl
    if notes:
        y += px(T.GAP_XS)
    for (msg, colour), h in zip(notes, note_hs):
        if y + bl > bottom:
            break
        most = max(1, min(h // bl, (bottom - y) // bl))
        out.append(("paragraph", 0, y, (msg, "tiny_bold", colour, w, most)))
        y += most * bl
    return out


def preview_tip(session, pv: Preview, problems: list[str]) -> list:
    out = [("Forecast of this turn", "body_bold", T.INK),
           (pv.basis(), "small", T.INK_DIM)]
    for ln in pv.lines:
        unit, dec = session.unit_of(ln.indicator)
        d = max(1, dec)
        rng = f" (range {D.signed(ln.low, d)} to {D.signed(ln.high, d)})" if abs(ln.high - ln.low) > 1e-6 else ""
        later = f"; later {D.signed(ln.later, d)}" if abs(ln.later) > 1e-6 else ""
        out.append((f"{ln.name}: {D.signed(ln.expected, d)}{rng}{later}", "small",
                    D.delta_colour(ln.expected, good_of(session, ln.indicator))))
        certain = [f"{text} {D.signed(amount, d)}" for text, amount in ln.causes if round(amount, d) != 0]
        if certain:   # what the orders do for sure, as the terminal's preview lists it
            out.append(("    certain: " + ", ".join(certain), "tiny", T.INK_FAINT))
    likely = [r for r in pv.responses if r.probability >= 0.05]
    if likely:
        out.append(("Likely replies", "small_bold", T.ACCENT))
        for r in likely:
            out.append((f"{r.power_name}: {r.name} ({r.probability:.0%})", "small", T.INK_DIM))
    for msg in pv.warnings:
        out.append(("⚠ " + msg, "small", T.WARN))
    for msg in problems:
        out.append(("✗ " + msg, "small", T.BAD))
    return out
