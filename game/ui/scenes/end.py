"""The end: how the game ended, the score by axis, and what the built-in adviser scored from the
same seed.
"""
from __future__ import annotations

import pygame

from .. import draw as D
from .. import theme as T
from .base import Scene


class EndScene(Scene):
    name = "end"

    def __init__(self, app, session):
        super().__init__(app)
        self.session = session

    def layout(self) -> None:
        px = self.px
        w, h = self.size
        self.adviser = self.session.adviser_score()
        self.score = self.session.game.score(self.session.state)
        self.left = pygame.Rect(px(48), px(40), int(w * 0.56) - px(48), h - px(130))
        self.right = pygame.Rect(self.left.right + px(32), px(40), w - self.left.right - px(80), h - px(130))
        bh = px(44)
        y = h - px(24) - bh
        self.button(pygame.Rect(px(48), y, px(150), bh), "History", self.history, "Charts of every indicator. Key: H",
                    key="history")
        self.button(pygame.Rect(px(206), y, px(170), bh), "Last report", self.report, "Key: R",
                    enabled=self.session.last_report is not None, key="report")
        self.button(pygame.Rect(w - px(48) - px(200), y, px(200), bh), "Back to title", self.title, "Key: Enter",
                    style="primary", key="title")
        self.button(pygame.Rect(w - px(48) - px(410), y, px(200), bh), "New game", self.new_game, key="new")
        self.focus_key = self.focus_key or "title"

    def history(self) -> None:
        from .history import HistoryScene

        self.app.push(HistoryScene(self.app, self.session))

    def report(self) -> None:
        from .report import ReportScene

        if self.session.last_report is not None:
            self.app.push(ReportScene(self.app, self.session, self.session.last_report))

    def title(self) -> None:
        from .title import TitleScene

        self.app.reset([TitleScene(self.app)])

    def new_game(self) -> None:
        from .new_game import NewGameScene
        from .title import TitleScene

        entry = self.app.entry(self.session.game.scenario.path)
        self.app.reset([TitleScene(self.app), NewGameScene(self.app, entry=entry)])

    def on_confirm(self) -> bool:
        self.title()
        return True

    def on_back(self) -> bool:
        self.title()
        return True

    def on_key(self, event) -> bool:
        if event.key == pygame.K_h:
            self.history()
            return True
        if event.key == pygame.K_r:
            self.report()
            return True
        return super().on_key(event)

    def draw_scene(self, surf) -> None:
        th, px = self.th, self.px
        s = self.session
        g = s.game
        surf.fill(T.BG)
        ending = g.ending_of(s.state)
        x, y, w = self.left.x, self.left.y, self.left.w
        D.text(surf, th, f"THE END · {s.obs.state_name.upper()} · {g.s.meta.title.upper()}", (x, y), "tiny_bold",
               T.ACCENT, max_width=w)
        y += px(18)
        if ending is None:
            title, text, colour = "Full term served", (f"{s.obs.state_name} came through all {s.obs.turns} turns "
                                                       f"of {g.s.meta.title}."), T.GOOD
        else:
            colour = T.BAD if ending.kind == "loss" else T.GOOD
            title, text = ending.name, ending.text
            turn = next((r.turn for r in g.reports
                         if any(x.state == s.state and x.ending for x in r.states)), None)
            if turn:
                text += f" (turn {turn}, {g.date_label(turn)})"
        r = D.text(surf, th, title, (x, y), "hero" if self.size[1] > 700 else "title", colour, max_width=w)
        y = r.bottom + px(6)
        y += D.paragraph(surf, th, text, pygame.Rect(x, y, w, 999), "body", T.INK_DIM) + px(20)
        # score by axis
        panel = pygame.Rect(x, y, w, self.left.bottom - y)
        inner = D.panel(surf, th, panel, "Score by axis (points per turn, averaged over the game)")
        axes = g.s.scoring.axes
        vals = [self.score.get(a.id, 0.0) * a.weight for a in axes]
        top = max([abs(v) for v in vals] + [abs(self.score["total"]), abs(self.adviser), 1e-9])
        lh = max(th.line_height("body"), px(26))
        yy = inner.y
        name_w = min(px(200), inner.w // 3)
        bar_x = inner.x + name_w
        bar_w = inner.w - name_w - px(80)
        zero = bar_x + bar_w // 2 if any(v < 0 for v in vals) else bar_x

        def bar(label: str, v: float, colour, role="body") -> None:
            nonlocal yy
            D.text(surf, th, label, (inner.x, yy + lh // 2), role, T.INK_DIM if role == "body" else T.INK,
                   "left", "middle", max_width=name_w - px(8))
            span = (bar_x + bar_w - zero)
            length = int(abs(v) / top * span)
            rr = pygame.Rect(zero if v >= 0 else zero - length, yy + lh // 4, max(1, length), lh // 2)
            pygame.draw.rect(surf, colour, rr, border_radius=px(3))
            D.text(surf, th, f"{v:+.2f}", (inner.right, yy + lh // 2), "body_bold", T.INK, "right", "middle")
            yy += lh + px(4)

        for a, v in zip(axes, vals):
            bar(a.name + (f" ×{a.weight:g}" if a.weight != 1 else ""), v, T.GOOD if v >= 0 else T.BAD)
        if "ending" in self.score:
            bar("Ending", self.score["ending"], T.BAD if self.score["ending"] < 0 else T.GOOD)
        D.rule(surf, th, inner.x, inner.right, yy + px(2))
        yy += px(8)
        bar("Your score", self.score["total"], T.ACCENT, "body_bold")
        bar("The adviser", self.adviser, T.INFO, "body_bold")
        verdict = ("You did better than the built-in adviser" if self.score["total"] > self.adviser + 1e-9 else
                   "You matched the built-in adviser" if abs(self.score["total"] - self.adviser) <= 1e-9 else
                   "The built-in adviser did better")
        D.paragraph(surf, th, f"{verdict}, which played {s.obs.state_name} from the same seed ({g.seed}) and "
                    f"difficulty ({g.difficulty.name}).", pygame.Rect(inner.x, yy + px(4), inner.w, 999), "small",
                    T.INK_DIM)
        # discussion
        inner = D.panel(surf, th, self.right, "For discussion")
        qs = g.s.debrief.questions or ["What would you do differently, and which power did you misread?"]
        yy = inner.y
        clip = surf.get_clip()
        surf.set_clip(inner)
        for q in qs:
            if yy > inner.bottom:
                break
            yy += D.paragraph(surf, th, "• " + q, pygame.Rect(inner.x, yy, inner.w, 999), "small", T.INK) + px(8)
        surf.set_clip(clip)
        yy += px(10)
        if yy + px(60) > inner.bottom:
            return
        D.text(surf, th, "WHERE YOU ENDED", (inner.x, yy), "tiny_bold", T.ACCENT)
        yy += th.line_height("tiny_bold") + px(6)
        for ind in s.obs.indicators:
            if yy + th.line_height("small") > inner.bottom:
                break
            h = ind.history
            delta = h[-1] - h[0] if h else 0.0
            D.text(surf, th, ind.name, (inner.x, yy), "small", T.INK_DIM, max_width=inner.w - px(150))
            D.text(surf, th, D.value_text(ind.value, ind.unit, ind.decimals), (inner.right - px(64), yy), "small_bold",
                   T.INK, "right")
            D.text(surf, th, D.signed(delta, ind.decimals), (inner.right, yy), "small", D.delta_colour(delta, ind.good),
                   "right")
            yy += th.line_height("small") + px(2)
