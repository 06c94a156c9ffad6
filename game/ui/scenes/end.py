"""The end: how the game ended, the score by axis, and what the built-in adviser scored from the
same seed.
"""
from __future__ import annotations

import math

import pygame

from .. import draw as D
from .. import theme as T
from .base import Scene


WEIGHT_NOTE = "×{w}: the axis's weight. Axes with a weight count more toward the total."


class EndScene(Scene):
    name = "end"
    confirm_key = "title"
    back_key = "title"

    def __init__(self, app, session):
        super().__init__(app)
        self.session = session
        self.first = 0     # the first row shown in the right column (it scrolls by whole rows)

    def layout(self) -> None:
        px = self.px
        w, h = self.size
        self.adviser = self.session.adviser_score()
        self.score = self.session.game.score(self.session.state)
        self.left = pygame.Rect(px(48), px(40), int(w * 0.56) - px(48), h - px(130))
        self.right = pygame.Rect(self.left.right + px(32), px(40), w - self.left.right - px(80), h - px(130))
        bh = px(44)
        y = h - px(24) - bh
        self.back_button("History", self.history, "Charts of every indicator. Key: H", width=150, key="history")
        self.button(pygame.Rect(px(206), y, px(170), bh), "Last report", self.report, "Key: R",
                    enabled=self.session.last_report is not None, key="report")
        if self.app.hotseat is None and not self.session.remote:   # a class's debrief is the instructor's
            self.button(pygame.Rect(px(388), y, px(170), bh), "Debrief", self.debrief,
                        "Write this game's debrief (a page with every decision, chart and cause) and say "
                        "where. Key: D", key="debrief")
        hotseat = self.app.hotseat
        if hotseat is not None:   # a class at one keyboard: the next team, or the class's end
            nxt = hotseat.next(leaving=self.session)
            label = f"Pass to {nxt.team.name}" if nxt is not None else "End of the class"
            self.main_button(label, lambda: self.app.leave_end(self.session), "Key: Enter", key="title", width=260)
        elif self.session.remote:   # a hosted class: its games stay on the instructor's server
            self.main_button("Leave the class", self.title, "Key: Enter", key="title", width=220)
        else:
            self.main_button("Back to title", self.title, "Key: Enter", key="title")
            self.main_button("New game", self.new_game, key="new", style=None, slot=1)
        self.focus_key = self.focus_key or "title"
        # the right column: questions for discussion, then where the state ended, scrolling by rows
        self.rows = self.discussion_rows(self.right.w - px(24))
        title_h = self.th.line_height("tiny_bold") + px(T.GAP_S)
        self.rows_rect = pygame.Rect(self.right.x + px(T.GAP_M), self.right.y + px(T.GAP_M) + title_h,
                                     self.right.w - 2 * px(T.GAP_M), self.right.h - 2 * px(T.GAP_M) - title_h)
        self.first_max = D.last_first_line(self.th, self.rows, self.rows_rect.h)
        self.first = min(self.first, self.first_max)

    def discussion_rows(self, width: int) -> list:
        """The right column as Lines; an indicator row is a Line whose text is its name and whose
        role is 'small' with the indicator in its colour slot (drawn with its value and change)."""
        th, px = self.th, self.px
        s = self.session
        out: list = []
        qs = s.info.questions or ("What would you do differently, and which power did you misread?",)
        for q in qs:
            out += D.wrap_lines(th, "• " + q, "small", T.INK, width, after=px(8))
        out.append(("", "tiny", T.INK, 0, px(4)))
        out.append(("HOW THE SCORE WAS MADE", "tiny_bold", T.ACCENT, 0, px(6)))
        for a in s.score_card().axes:
            out += D.wrap_lines(th, f"{a.name}: {a.counts:+.2f}. {a.description}".strip(), "small", T.INK_DIM,
                                width, after=px(4))
        out.append(("", "tiny", T.INK, 0, px(4)))
        out.append(("WHERE YOU ENDED", "tiny_bold", T.ACCENT, 0, px(6)))
        for ind in s.obs.indicators:
            out.append((ind.name, "small", ind, 0, px(2)))
        return out

    def history(self) -> None:
        self.app.push(self.app.scene("history", self.session))

    def report(self) -> None:
        if self.session.last_report is not None:
            self.app.push(self.app.scene("report", self.session, self.session.last_report))

    def debrief(self) -> None:
        """The game's debrief as one page (what `greatgame report` writes), beside its save."""
        from game.debrief.render import render
        from game.debrief.report import Played, debrief
        from game.files import write_atomic
        from game.paths import game_save_path

        g = self.session.game
        path = game_save_path(g)
        path = path.with_name(path.stem + "-debrief.html")
        played = Played(g, g.label or g.name(self.session.state), ((g.name(self.session.state), self.session.state),),
                        path)
        try:
            write_atomic(path, render(debrief(g.info().title, [played]), "html"), shared=True)
        except OSError as exc:
            self.app.toast(f"The debrief could not be written ({exc.strerror or exc})", "bad", 6)
            return
        self.app.toast(f"Debrief written: {path} (open it in a web browser)", "good", 8)

    def title(self) -> None:
        self.session.close()
        self.app.reset([self.app.scene("title")])

    def new_game(self) -> None:
        entry = self.app.entry(self.session.game.scenario.path)
        self.app.reset([self.app.scene("title"), self.app.scene("new_game", entry=entry)])

    def on_wheel(self, dy: int) -> bool:
        first = max(0, min(self.first_max, self.first - 3 * dy))
        if first != self.first:
            self.first = first
            self.app.invalidate()
        return bool(self.first_max)

    def on_key(self, event) -> bool:
        if event.key in (pygame.K_PAGEDOWN, pygame.K_PAGEUP) and self.first_max:
            return self.on_wheel(-4 if event.key == pygame.K_PAGEDOWN else 4)
        if event.key == pygame.K_h:
            self.history()
            return True
        if event.key == pygame.K_r:
            self.report()
            return True
        if event.key == pygame.K_d and self.app.hotseat is None and not self.session.remote:
            self.debrief()
            return True
        return super().on_key(event)

    def draw_scene(self, surf) -> None:
        th, px = self.th, self.px
        s = self.session
        g = s.game
        surf.fill(T.BG)
        outcome = g.outcome(s.state)
        x, y, w = self.left.x, self.left.y, self.left.w
        info = s.info
        D.text(surf, th, f"THE END · {self.app.who(s).upper()} · {info.title.upper()}", (x, y), "tiny_bold",
               T.ACCENT, max_width=w)
        y += px(18)
        title = outcome.name if outcome is not None else s.verdict()
        if outcome is None:   # a class its instructor ended before the game did
            text = (f"The instructor ended the class on turn {s.obs.turn} of {s.obs.turns}; "
                    f"{s.obs.state_name}'s score stands as it was then.")
            colour = T.ACCENT
        elif outcome.ending is None:   # played through
            served = f"{s.obs.state_name} came through all {s.obs.turns} turns of {info.title}."
            text = f"{outcome.text} {served}".strip()
            colour = T.GOOD if outcome.win or outcome.verdict is None else T.ACCENT
        else:
            colour = T.BAD if outcome.loss else T.GOOD
            text = outcome.text + (f" (turn {outcome.turn}, {g.date_label(outcome.turn)})" if outcome.turn else "")
        role = "hero" if self.size[1] > 700 and th.size(title, "hero")[0] <= w else "title"
        for line in D.wrap(th, title, role, w):   # the whole headline, on two lines if it must
            r = D.text(surf, th, line, (x, y), role, colour, max_width=w)
            y = r.bottom
        y += px(6)
        if outcome is not None and outcome.win:
            text = "A win. " + text
        y += D.paragraph(surf, th, text, pygame.Rect(x, y, w, 999), "body", T.INK_DIM) + px(20)
        # score by axis
        panel = pygame.Rect(x, y, w, self.left.bottom - y)
        inner = D.panel(surf, th, panel, "Score by axis (points per turn, averaged over the game)")
        axes = info.axes
        vals = [self.score.get(a.id, 0.0) * a.weight for a in axes]
        adviser = self.adviser if math.isfinite(self.adviser) else None   # a class ended before its game did
        top = max([abs(v) for v in vals] + [abs(self.score["total"]), abs(adviser or 0.0), 1e-9])
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
            D.text(surf, th, D.signed(v, 2), (inner.right, yy + lh // 2), "body_bold", T.INK, "right", "middle")
            yy += lh + px(4)

        for a, v in zip(axes, vals):
            bar(a.name + (f" ×{a.weight:g}" if a.weight != 1 else ""), v, T.GOOD if v >= 0 else T.BAD)
        if "ending" in self.score:
            bar("Ending", self.score["ending"], T.BAD if self.score["ending"] < 0 else T.GOOD)
        D.rule(surf, th, inner.x, inner.right, yy + px(2))
        yy += px(8)
        bar("Your score", self.score["total"], T.ACCENT, "body_bold")
        if adviser is not None:
            bar("The adviser", adviser, T.INFO, "body_bold")
            verdict = ("You did better than the built-in adviser" if self.score["total"] > adviser + 1e-9 else
                       "You matched the built-in adviser" if abs(self.score["total"] - adviser) <= 1e-9 else
                       "The built-in adviser did better")
        if any(a.weight != 1 for a in axes):
            yy += D.paragraph(surf, th, WEIGHT_NOTE.format(w=", ×".join(
                sorted({f"{a.weight:g}" for a in axes if a.weight != 1}))), pygame.Rect(inner.x, yy, inner.w, 999), "tiny",
                              T.INK_FAINT) + px(2)
        seed = f"the same seed ({g.seed})" if g.seed is not None else "the class's seed"
        if adviser is not None:
            D.paragraph(surf, th, f"{verdict}, which played {s.obs.state_name} from {seed} and "
                        f"difficulty ({g.difficulty.name}).", pygame.Rect(inner.x, yy + px(4), inner.w, 999), "small",
                        T.INK_DIM)
        # discussion, then where the state ended: whole rows, scrolling
        D.panel(surf, th, self.right, "For discussion")
        rr = self.rows_rect
        y = rr.y
        i = self.first
        while i < len(self.rows):
            text, role, colour, indent, after = self.rows[i]
            lh = th.line_height(role)
            if y + lh > rr.bottom:
                break
            if isinstance(colour, tuple):
                D.text(surf, th, text, (rr.x + indent, y), role, colour)
            else:  # an indicator: name, value, change over the game
                ind = colour
                h = ind.history
                delta = h[-1] - h[0] if h else 0.0
                D.text(surf, th, ind.name, (rr.x, y), "small", T.INK_DIM, max_width=rr.w - px(150))
                D.text(surf, th, D.value_text(ind.value, ind.unit, ind.decimals), (rr.right - px(64), y),
                       "small_bold", T.INK, "right")
                D.text(surf, th, D.signed(delta, ind.decimals), (rr.right, y), "small",
                       D.delta_colour(delta, ind.good), "right")
            y += lh + after
            i += 1
        D.more_marks(surf, th, rr, self.first > 0, i < len(self.rows))
