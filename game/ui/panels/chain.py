"""The value chain panel of the main screen: the stages top to bottom (ore first), each with its
capacity, its output, and what is being built or coming for it. Hover a stage for its projects."""
from __future__ import annotations

import pygame

from game.engine.views import StageView

from .. import draw as D
from .. import theme as T
from ..words import plural
from .base import Panel

TITLE = "VALUE CHAIN"


def stage_height(th: T.Theme) -> int:
    """A stage: its name and numbers on one line, a gauge and its state on the next."""
    return th.px(T.GAP_S) + th.line_height("small_bold") + th.line_height("tiny")


def chain_height(th: T.Theme, stages: int) -> int:
    """The panel's height for `stages` stages (the screen gives it this much)."""
    n = max(1, stages)
    return _head(th) + n * stage_height(th) + (n - 1) * th.px(T.GAP_XS) + th.px(T.GAP_S)


def _head(th: T.Theme) -> int:
    return th.px(T.GAP_S) + th.line_height("tiny_bold") + th.px(T.GAP_XS)


class ChainPanel(Panel):
    def arrange(self) -> None:
        px, th = self.px, self.th
        obs = self.session.obs
        self.chain: tuple[StageView, ...] = obs.chain
        self.unit = obs.chain[0].unit if obs.chain else ""
        self.stage_h = stage_height(th)
        r = self.rect
        self.inner = pygame.Rect(r.x + px(T.GAP_S), r.y + _head(th), r.w - 2 * px(T.GAP_S),
                                 r.h - _head(th) - px(T.GAP_S))
        self.stage_rects = []
        for i, st in enumerate(self.chain):
            sr = pygame.Rect(self.inner.x, self.inner.y + i * (self.stage_h + px(T.GAP_XS)), self.inner.w,
                             self.stage_h)
            self.stage_rects.append(sr)
            self.spot(sr, f"stage:{st.id}", None, lambda st=st: stage_tip(st, self.unit), focus=False)

    def draw(self, surf: pygame.Surface) -> None:
        th, px = self.th, self.px
        D.panel(surf, th, self.rect, None)
        D.text(surf, th, TITLE, (self.rect.x + px(T.GAP_M), self.rect.y + px(T.GAP_S)), "tiny_bold", T.ACCENT)
        top = max([s.capacity for s in self.chain] + [1.0])
        for st, b in zip(self.chain, self.stage_rects):
            stage_row(surf, th, b, st, self.host.shown(f"stage:{st.id}", st.capacity), top, self.unit,
                      self.host.hovered(f"stage:{st.id}"))


def stage_row(surf, th: T.Theme, b: pygame.Rect, st: StageView, cap: float, top: float, unit: str,
              hover: bool) -> None:
    """One stage: name, output / capacity, a gauge, and its project, what is coming, or its state.
    `cap` is the capacity drawn (rolling to its new value after a turn)."""
    px = th.px
    active = st.capacity > 0
    pygame.draw.rect(surf, T.PANEL_HI if (active or hover) else T.mix(T.PANEL, T.BG, 0.3), b,
                     border_radius=px(T.RADIUS))
    x, y, w = b.x + px(T.GAP_S), b.y + px(T.GAP_XS), b.w - 2 * px(T.GAP_S)
    # While the capacity rolls to its new value, output never reads above it.
    nums = f"{min(st.output, cap):.1f} / {cap:.1f} {st.unit or unit}".strip()
    nw = th.size(nums, "tiny")[0]
    D.text(surf, th, st.name, (x, y), "small_bold", T.INK if active else T.INK_DIM, max_width=w - nw - px(T.GAP_S))
    D.text(surf, th, nums, (x + w, y + px(2)), "tiny", T.INK_DIM if active else T.INK_FAINT, "right")
    y += th.line_height("small_bold")
    tl = th.line_height("tiny")
    gw = max(px(40), w // 3)
    D.gauge(surf, th, pygame.Rect(x, y + tl // 2 - px(2), gw, max(3, px(T.GAP_XS))), cap, 0, top,
            T.ACCENT if active else T.PANEL_LINE)
    sx, sw = x + gw + px(T.GAP_S), w - gw - px(T.GAP_S)
    coming = round(sum(c.effect.amount for c in st.coming), 1)
    if st.projects:
        pj = st.projects[0]
        D.text(surf, th, f"⚒ {pj.name}: {pj.when()}", (sx, y), "tiny_bold", T.ACCENT_HI, max_width=sw)
    elif st.coming and coming != 0:
        c = st.coming[0]
        when = "this turn" if c.effect.delay <= 0 else f"in {plural(c.effect.delay, 'turn')}"
        D.text(surf, th, f"{D.signed(sum(c.effect.amount for c in st.coming), 1)} coming, first {when}",
               (sx, y), "tiny_bold", T.ACCENT_HI, max_width=sw)
    elif not active:
        D.text(surf, th, "not built yet", (sx, y), "tiny", T.INK_FAINT, max_width=sw)
    elif st.output + 1e-9 < st.capacity:
        D.text(surf, th, "held back by the stage above", (sx, y), "tiny", T.WARN, max_width=sw)
    else:
        D.text(surf, th, "working at capacity", (sx, y), "tiny", T.GOOD, max_width=sw)


def stage_tip(st: StageView, unit: str) -> list:
    out = [(st.name, "body_bold", T.INK),
           (f"Capacity {st.capacity:.1f} {unit}, output {st.output:.1f} {unit}. Output is "
            "limited by the stage before it.", "small", T.INK_DIM)]
    for pj in st.projects:
        out.append((f"⚒ {pj.name}: {pj.when()} (started turn {pj.started})", "small", T.ACCENT_HI))
    for c in st.coming:
        out.append(("Coming: " + c.text(), "small", T.ACCENT_HI))
    if not st.projects and not st.coming:
        out.append(("No project under way for this stage.", "small", T.INK_FAINT))
    return out
