"""The indicators panel of the main screen: the state's indicators and the world's, a row each with
its value, its last change and a sparkline; a list that scrolls when its rows outgrow the panel.
Hover a row for why it moved, click it for its history and every cause."""
from __future__ import annotations

import pygame

from game.engine.views import IndicatorView, shown_change

from .. import draw as D
from .. import theme as T
from ..words import cause_lines
from .base import Panel

NUM_W, DELTA_W, SPARK_W = 62, 40, 44     # the row's columns right of the name (at scale 1)
SPARK_H = 18


class IndicatorsPanel(Panel):
    def __init__(self, host):
        super().__init__(host)
        self.scroll = 0      # pixels the list is scrolled by (kept across layouts)

    def arrange(self) -> None:
        """A row per indicator: a name too long for its column takes the smaller type, and if still
        too long two lines (never cut). Only whole rows show, and only they have spots."""
        px, th = self.px, self.th
        obs = self.session.obs
        r = self.rect
        self.title = f"{obs.state_name} · indicators"
        self.row_h = px(T.ROW_H)
        pad = px(T.GAP_M)
        title_h = th.line_height("tiny_bold") + px(T.GAP_S)
        self.list = pygame.Rect(r.x + px(T.GAP_XS), r.y + pad + title_h, r.w - 2 * px(T.GAP_XS),
                                r.h - 2 * pad - title_h)
        indicators = obs.indicators + obs.world
        name_w = indicator_name_width(th, self.list.w)
        face = indicator_names_role(th, [ind.name for ind in indicators], name_w)
        self.rows: list[tuple[int, int, IndicatorView, list[str], str]] = []
        self.world_y = None
        y = 0
        for i, ind in enumerate(indicators):
            if i == len(obs.indicators) and obs.world:
                y += px(T.GAP_XS)
                self.world_y = y
                y += th.line_height("tiny_bold") + px(T.GAP_XS)
            lines, role = indicator_name_lines(th, ind.name, name_w, face)
            h = self.row_h if len(lines) == 1 else max(self.row_h, len(lines) * th.line_height(role) + px(T.GAP_XS))
            self.rows.append((y, h, ind, lines, role))
            y += h
        if y > self.list.h:   # a list that scrolls keeps its foot for the "more ▼" mark, inside the panel
            self.list.h -= th.line_height("tiny")
        self.scroll_max = max(0, y - self.list.h)
        self.scroll = max(0, min(self.scroll, self.scroll_max))
        self.shown_rows = []
        for yy, h, ind, lines, role in self.rows:
            rr = pygame.Rect(self.list.x, self.list.y + yy - self.scroll, self.list.w, h)
            if rr.y < self.list.y or rr.bottom > self.list.bottom:
                continue   # only whole rows: never a name cut through
            self.shown_rows.append((rr, ind, lines, role))
            self.spot(rr, f"ind:{ind.id}", lambda ind=ind: self.host.open("why", self.session, ind.id),
                      lambda ind=ind: indicator_tip(self.session, ind))

    def draw(self, surf: pygame.Surface) -> None:
        th, px = self.th, self.px
        D.panel(surf, th, self.rect, self.title)
        for r, ind, lines, role in self.shown_rows:
            key = f"ind:{ind.id}"
            indicator_row(surf, th, r, ind, self.host.shown(key, ind.value), self.host.lit(key), self.host.flash,
                          lines, role)
        if self.world_y is not None:
            wy = self.list.y + self.world_y - self.scroll
            if self.list.y <= wy and wy + th.line_height("tiny_bold") <= self.list.bottom:
                D.text(surf, th, "WORLD", (self.list.x + px(T.GAP_XS), wy), "tiny_bold", T.ACCENT)
        if self.scroll_max:
            D.more_marks(surf, th, self.list, self.scroll > 0, self.scroll < self.scroll_max)

    def on_wheel(self, dy: int) -> bool:
        if self.scroll_max <= 0:
            return False
        self.scroll = max(0, min(self.scroll_max, self.scroll - dy * self.row_h))
        self.host.refresh()
        return True


def indicator_tip(session, ind: IndicatorView) -> list:
    s = session
    out = [(f"{ind.name}: {D.value_text(ind.value, ind.unit, ind.decimals)}", "body_bold", T.INK)]
    if ind.description:
        out.append((ind.description, "small", T.INK_DIM))
    rng = f"Range {ind.min:g} to {ind.max:g}"
    rng += {"up": "; higher is better", "down": "; lower is better"}.get(ind.good, "")
    out.append((rng, "tiny", T.INK_FAINT))
    last, now = s.explain(ind)
    if last:
        out.append((f"Why it moved last turn ({s.game.date_label(s.game.turn - 1)}):", "small_bold", T.ACCENT))
        out += cause_lines(s, ind.id, last)
    elif s.game.turn > 1:
        out.append(("It did not move last turn.", "small", T.INK_FAINT))
    if now:
        out.append(("Already this turn:", "small_bold", T.ACCENT))
        out += cause_lines(s, ind.id, now)
    if not last and not now and s.game.turn == 1:
        out.append(("Nothing has moved yet.", "small", T.INK_FAINT))
    out.append(("Click for its history and every cause.", "tiny", T.INK_FAINT))
    return out


def indicator_name_width(th: T.Theme, row_w: int) -> int:
    px = th.px
    return row_w - px(NUM_W) - px(DELTA_W) - px(SPARK_W) - px(T.GAP_L)


def indicator_name_lines(th: T.Theme, name: str, width: int, role: str | None = None) -> tuple[list[str], str]:
    """An indicator's name in its column: one line in the small face if it fits, else in the tiny
    face, on two lines if it must (the whole name, always). `role` sets the face (a panel whose
    names do not all fit the small face sets every row in the tiny one, so rows never mix sizes)."""
    role = role or ("small" if th.size(name, "small")[0] <= width else "tiny")
    if th.size(name, role)[0] <= width:
        return [name], role
    return D.wrap(th, name, role, width), role


def indicator_names_role(th: T.Theme, names, width: int) -> str:
    """The one face for a panel of indicator names: small if every name fits it on a line, else tiny."""
    return "small" if all(th.size(n, "small")[0] <= width for n in names) else "tiny"


def indicator_row(surf, th: T.Theme, r: pygame.Rect, ind: IndicatorView, shown: float, focus: bool,
                  flash: float, lines: list[str] | None = None, role: str = "small") -> None:
    px = th.px
    hist = list(ind.history)
    delta = shown_change(hist[-2], hist[-1], ind.decimals) if len(hist) >= 2 else 0.0
    if focus:
        pygame.draw.rect(surf, T.PANEL_HI, r, border_radius=px(T.GAP_XS))
    delta_w = px(DELTA_W)
    name_w = indicator_name_width(th, r.w)
    if lines is None:
        lines, role = indicator_name_lines(th, ind.name, name_w)
    lh = th.line_height(role)
    y = r.centery - len(lines) * lh // 2
    for ln in lines:
        D.text(surf, th, ln, (r.x + px(T.GAP_XS), y), role, T.INK_DIM, max_width=name_w)
        y += lh
    val = D.value_text(shown, ind.unit, ind.decimals)
    val_left = r.right - delta_w - px(T.GAP_XS) - th.size(val, "small_bold")[0]
    sh = min(r.h - px(T.GAP_S), px(SPARK_H))
    # A long value ("0.2 % GDP") takes room from the sparkline rather than drawing over it.
    spark_x = r.x + px(T.GAP_S) + name_w
    spark_w = min(px(SPARK_W), val_left - px(T.GAP_XS) - spark_x)
    if spark_w >= px(T.GAP_L):
        sr = pygame.Rect(spark_x, r.centery - sh // 2, spark_w, sh)
        colour = D.delta_colour(delta, ind.good) if abs(delta) > 1e-9 else T.INK_FAINT
        D.sparkline(surf, th, sr, hist, T.mix(T.INK_FAINT, T.INK_DIM, 0.5),
                    ind.min if ind.max - ind.min < 30 else None,
                    ind.max if ind.max - ind.min < 30 else None, last_colour=colour)
    D.text(surf, th, val, (r.right - delta_w - px(T.GAP_XS), r.centery), "small_bold", T.INK, "right", "middle")
    if abs(delta) >= 0.5 * 10 ** (-ind.decimals):
        c = D.delta_colour(delta, ind.good)
        if flash > 0:
            c = T.mix(c, T.INK, flash * 0.6)
        D.text(surf, th, D.signed(delta, ind.decimals), (r.right - px(2), r.centery), "tiny_bold", c, "right",
               "middle")
