"""Briefing: the scenario's situation, the state's goals and its starting position."""
from __future__ import annotations

import pygame

from .. import draw as D
from .. import theme as T
from ..mapview import Highlight, MapView, match_states
from .base import Scene


class BriefingScene(Scene):
    name = "briefing"
    confirm_key = "begin"

    def __init__(self, app, session):
        super().__init__(app)
        self.session = session
        self.first = 0      # the first line of the briefing shown (it scrolls by whole lines)

    def layout(self) -> None:
        px = self.px
        w, h = self.size
        g = self.session.game
        th = self.th
        st = g.state_info(self.session.state)
        info = self.session.info
        col_w = int(w * 0.52) - px(48)
        self.right = pygame.Rect(px(48) + col_w + px(32), px(40), w - col_w - px(128), h - px(136))
        # the title: one line in the title face, else wrapped in the heading face (never cut)
        if th.size(info.title, "title")[0] <= col_w:
            self.title_role, self.title_lines = "title", [info.title]
        else:
            self.title_role, self.title_lines = "heading", D.wrap(th, info.title, "heading", col_w)
        self.facts_y = max(px(98), px(52) + len(self.title_lines) * th.line_height(self.title_role) + px(4))
        top = max(px(130), self.facts_y + th.line_height("small") + px(12))
        self.left = pygame.Rect(px(48), top, col_w, h - top - px(96))
        paras = [p.strip() for p in (info.briefing or info.summary).split("\n\n") if p.strip()]
        if st.description:
            paras.append(st.description)
        self.lines: list[D.Line] = []
        for para in paras:
            self.lines += D.wrap_lines(self.th, para, "body", T.INK, self.left.w, after=px(12))
        if st.goals:
            self.lines.append(("YOUR GOALS", "tiny_bold", T.ACCENT, 0, px(6)))
            self.lines += D.wrap_lines(self.th, st.goals, "body", T.INK_DIM, self.left.w, after=px(12))
        self.lines.append(("HOW YOU WIN", "tiny_bold", T.ACCENT, 0, px(6)))
        for line in self.session.score_card().how_to_win():
            self.lines += D.wrap_lines(self.th, line, "body", T.INK_DIM, self.left.w, after=px(4))
        self.first_max = D.last_first_line(self.th, self.lines, self.left.h)
        self.first = min(self.first, self.first_max)
        states = [g.state_info(sid) for sid in g.state_ids]
        isos = match_states([(s.id, s.name) for s in states], self.session.info.map)
        hl = {isos[s.id]: Highlight(T.hex_colour(s.color), s.id == self.session.state) for s in states
              if s.id in isos}
        names = {isos[s.id]: s.name for s in states if s.id in isos}
        self.map = MapView(self.th, pygame.Rect(self.right.x, self.right.y, self.right.w, int(self.right.h * 0.42)),
                           hl, names)
        self.back_button()
        self.main_button("Take office", self.begin, "Go to the first turn. Key: Enter", key="begin", width=240)
        self.focus_key = self.focus_key or "begin"

    def begin(self) -> None:
        self.app.open_session(self.session)

    def scroll_lines(self, n: int) -> bool:
        first = max(0, min(self.first_max, self.first + n))
        if first != self.first:
            self.first = first
            self.app.invalidate()
        return self.first_max > 0

    def on_wheel(self, dy: int) -> bool:
        return self.scroll_lines(-3 * dy)

    def on_key(self, event) -> bool:
        if event.key in (pygame.K_PAGEDOWN, pygame.K_PAGEUP):
            page = max(1, self.left.h // self.th.line_height("body") - 2)
            return self.scroll_lines(page if event.key == pygame.K_PAGEDOWN else -page)
        return super().on_key(event)

    def draw_scene(self, surf) -> None:
        th, px = self.th, self.px
        g = self.session.game
        obs = self.session.obs
        surf.fill(T.BG)
        self.draw_header(surf, "BRIEFING", self.session.info.title, self.left.w)
        seed = f" · seed {g.seed}" if g.seed is not None else ""   # a class's seed stays with its server
        D.text(surf, th, f"You govern {obs.state_name} · {obs.turns} turns from {obs.date}{seed} · "
               f"{g.difficulty.name}", (px(48), self.facts_y), "small", T.ACCENT_HI, max_width=self.left.w)
        text_rect = self.left
        D.draw_lines(surf, th, self.lines, text_rect, self.first)
        if self.first_max:
            more = "Scroll for more ↓" if self.first < self.first_max else "↑ Scroll back up"
            D.text(surf, th, more, (self.left.right, self.left.bottom + px(4)), "tiny", T.INK_FAINT, "right")
        # the right column: the map, then where the state starts
        self.map.draw_base(surf)
        self.map.draw_labels(surf, neighbours=not self.session.game.fictional)
        pygame.draw.rect(surf, T.PANEL_LINE, self.map.rect, width=1)
        r = pygame.Rect(self.right.x, self.map.rect.bottom + px(16), self.right.w,
                        self.right.bottom - self.map.rect.bottom - px(16))
        inner = D.panel(surf, th, r, "Starting position")
        col_w = (inner.w - px(16)) // 2
        y0 = inner.y
        rows = list(obs.indicators)
        per_col = max(1, (inner.h - th.line_height("small")) // (th.line_height("small") + px(2)))
        for i, ind in enumerate(rows[: per_col * 2]):
            cx = inner.x + (i // per_col) * (col_w + px(16))
            cy = y0 + (i % per_col) * (th.line_height("small") + px(2))
            D.text(surf, th, ind.name, (cx, cy), "small", T.INK_DIM, max_width=col_w - px(70))
            D.text(surf, th, D.value_text(ind.value, ind.unit, ind.decimals), (cx + col_w, cy), "small_bold",
                   T.INK, "right")
        if len(rows) > per_col * 2:
            D.text(surf, th, f"+{len(rows) - per_col * 2} more on the main screen", (inner.x, inner.bottom),
                   "tiny", T.INK_FAINT, valign="bottom")
