"""Dialogs over the dimmed screen: messages, and the decisions a turn puts to the player (an
event's choices, or a pressure-ladder crisis: concede, compensate or stand firm).
"""
from __future__ import annotations

from typing import Callable

import pygame

from game.engine.views import Decision

from .. import draw as D
from .. import theme as T
from ..keys import DIGITS, NUMBER_PAUSE
from ..words import cost_text, effect_line
from .base import Scene


class ModalScene(Scene):
    modal = True
    opaque = False
    width = 720
    backdrop: pygame.Surface | None = None

    def panel_rect(self, content_h: int) -> pygame.Rect:
        w, h = self.size
        pw = min(self.px(self.width), w - self.px(60))
        ph = min(content_h, h - self.px(40))
        return pygame.Rect((w - pw) // 2, (h - ph) // 2, pw, ph)

    def on_back(self) -> bool:
        self.app.pop()
        return True

    def draw_panel(self, surf, rect: pygame.Rect, accent=T.ACCENT) -> None:
        D.shadow(surf, rect, self.th, 16)
        pygame.draw.rect(surf, T.PANEL, rect, border_radius=self.px(8))
        pygame.draw.rect(surf, T.PANEL_LINE, rect, width=1, border_radius=self.px(8))
        pygame.draw.rect(surf, accent, (rect.x, rect.y, rect.w, self.px(4)),
                         border_top_left_radius=self.px(8), border_top_right_radius=self.px(8))


class MessageDialog(ModalScene):
    """A message with an OK button (and an optional second action)."""

    name = "message"

    def __init__(self, app, title: str, text: str, kind: str = "info",
                 action: tuple[str, Callable[[], None]] | None = None):
        super().__init__(app)
        self.title, self.text, self.kind, self.action = title, text, kind, action

    @property
    def colour(self):
        return {"bad": T.BAD, "warn": T.WARN, "good": T.GOOD}.get(self.kind, T.ACCENT)

    def layout(self) -> None:
        px = self.px
        pw = min(px(self.width), self.size[0] - px(60))
        body_h = D.paragraph_height(self.th, self.text, "body", pw - px(48))
        h = px(24) + self.th.line_height("heading") + px(12) + body_h + px(24) + px(44) + px(24)
        self.rect = self.panel_rect(h)
        self.foot_buttons(self.rect.bottom - px(24) - px(44), px(44))

    def foot_buttons(self, y: int, bh: int) -> None:
        """OK on the right, and the optional second action left of it."""
        px = self.px
        bw = px(160)
        self.button(pygame.Rect(self.rect.right - px(24) - bw, y, bw, bh), "OK", self.app.pop,
                    style="primary", key="ok")
        if self.action:
            label, fn = self.action

            def run() -> None:
                self.app.pop()
                fn()

            self.button(pygame.Rect(self.rect.right - px(36) - 2 * bw, y, bw, bh), label, run, key="alt")
        self.focus_key = "ok"

    def draw_scene(self, surf) -> None:
        px = self.px
        self.draw_panel(surf, self.rect, self.colour)
        x = self.rect.x + px(24)
        r = D.text(surf, self.th, self.title, (x, self.rect.y + px(24)), "heading", T.INK)
        D.paragraph(surf, self.th, self.text, pygame.Rect(x, r.bottom + px(12), self.rect.w - px(48), 10_000),
                    "body", T.INK_DIM)


class ConfirmDialog(MessageDialog):
    """A question with a confirming button (focused: Enter presses it) and one to go back (Esc)."""

    name = "confirm"

    def __init__(self, app, title: str, text: str, confirm: str, on_confirm: Callable[[], None],
                 cancel: str = "Cancel", detail: str = "", kind: str = "warn", careful: bool = False):
        """`careful`: Enter goes back rather than confirming (a step that cannot be taken back)."""
        super().__init__(app, title, text + ("\n" + detail if detail else ""), kind)
        self.confirm_label, self.cancel_label, self.on_yes = confirm, cancel, on_confirm
        self.careful = careful

    def foot_buttons(self, y: int, bh: int) -> None:
        px = self.px
        bw = px(180)
        self.button(pygame.Rect(self.rect.right - px(24) - bw, y, bw, bh), self.confirm_label, self.yes,
                    "Click to confirm" if self.careful else "Key: Enter", style="primary", key="yes")
        self.button(pygame.Rect(self.rect.right - px(36) - 2 * bw, y, bw, bh), self.cancel_label, self.app.pop,
                    "Key: Enter or Esc" if self.careful else "Key: Esc", key="no")
        self.focus_key = self.focus_key or ("no" if self.careful else "yes")

    def yes(self) -> None:
        self.app.pop()
        self.on_yes()

    def on_confirm(self) -> bool:
        if self.careful:
            self.app.pop()
        else:
            self.yes()
        return True


class DecisionDialog(ModalScene):
    """An event's choice or a ladder crisis, answered into the session's orders (not the game).
    Until the turn ends an answer may be changed: the dialog opens on answered decisions too, and
    steps through all of the turn's decisions (‹ ›, PageUp/PageDown).

    An answer is given deliberately: a click on its button, or its number and then Enter (the
    number alone only picks it). Digits typed here never reach the screen below, and two typed
    together are an action's number, not an answer: they pick nothing."""

    name = "decision"
    width = 820

    def __init__(self, app, session, decision: Decision, on_done: Callable[[], None] | None = None,
                 decisions: list[Decision] | None = None):
        super().__init__(app)
        self.session = session
        self.decision = decision
        self.on_done = on_done
        self.decisions = list(decisions) if decisions else [decision]
        if all(d.id != decision.id for d in self.decisions):
            self.decisions.insert(0, decision)
        self.digits = ""          # digits typed in a row (a second within NUMBER_PAUSE joins the first)
        self.digits_wait = 0.0
        self.hint: tuple[str, tuple] | None = None   # what the keys just did, said at the foot

    def power(self):
        if self.decision.kind != "crisis":
            return None
        return next((p for p in self.session.obs.powers if p.id == self.decision.source), None)

    def option_height(self, o, width: int) -> int:
        th, px = self.th, self.px
        h = th.line_height("body_bold") + px(4)
        if o.description:
            h += D.paragraph_height(th, o.description, "small", width)
        h += D.flow(None, th, [effect_line(e) for e in o.effects], pygame.Rect(0, 0, width, 0), "small", draw=False)
        if o.chance is not None:
            h += self.risk_height(o, width)
        elif o.note:
            h += D.paragraph_height(th, o.note, "italic", width)
        if not o.available and o.reason:
            h += th.line_height("small")
        return h + px(20)

    # --- standing firm: the odds it backs down, and what the next rung brings if it does not ----------

    def risk_height(self, o, width: int) -> int:
        th, px = self.th, self.px
        h = px(6) + th.line_height("small_bold") + px(4) + th.line_height("small")
        h += D.flow(None, th, self.next_pieces(o), pygame.Rect(0, 0, width - px(16), 0), "small", draw=False)
        return h + px(2)

    @staticmethod
    def next_pieces(o) -> list:
        return [effect_line(e) for e in o.next_effects] or [("no further effects", T.INK_DIM)]

    def draw_risk(self, surf, o, x: int, y: int, width: int) -> int:
        """'45% chance it backs down' with a bar, then the next rung and its effects; returns height."""
        th, px = self.th, self.px
        top = y
        y += px(6)
        lh = th.line_height("small_bold")
        bar = pygame.Rect(x, y + lh // 2 - px(4), px(120), px(8))
        D.gauge(surf, th, bar, o.chance * 100, 0, 100, T.GOOD if o.chance >= 0.5 else T.WARN)
        D.text(surf, th, f"{o.chance:.0%} chance it backs down", (bar.right + px(10), y), "small_bold",
               T.GOOD if o.chance >= 0.5 else T.WARN)
        y += lh + px(4)
        nxt = o.next_rung or "the next rung"
        power = self.power()
        at_top = power is not None and power.next_rung_name is None
        head = (f"If it does not ({1 - o.chance:.0%}), '{nxt}' strikes again:" if at_top else
                f"If it does not ({1 - o.chance:.0%}), it climbs to '{nxt}', which brings:")
        D.text(surf, th, head, (x, y), "small", T.BAD, max_width=width)
        y += th.line_height("small")
        area = pygame.Rect(x + px(16), y, width - px(16), 0)
        fh = D.flow(surf, th, self.next_pieces(o), area, "small")
        pygame.draw.line(surf, T.BAD, (x + px(4), y + px(2)), (x + px(4), y + fh - px(2)), max(1, px(2)))
        y += fh
        return y - top + px(2)

    def layout(self) -> None:
        th, px = self.th, self.px
        d = self.decision
        pw = min(px(self.width), self.size[0] - px(60))
        inner = pw - px(48)
        text_w = inner - px(150)
        head = px(24) + th.line_height("tiny_bold") + px(4) + th.line_height("heading") + px(10)
        head += D.paragraph_height(th, d.full_text(), "body", inner) + px(16)
        if self.session.answer_label(d):
            head += th.line_height("small_bold") + px(6)
        if self.power() is not None:
            head += th.line_height("small") + px(8)
        heights = [self.option_height(o, text_w) for o in d.options]
        total = head + sum(heights) + px(10) * len(heights) + self.hint_height() + px(40) + px(20)
        self.rect = self.panel_rect(total)
        self.opt_rects = []
        y = self.rect.y + head
        chosen = self.session.answers.get(d.id)
        for i, (o, oh) in enumerate(zip(d.options, heights)):
            r = pygame.Rect(self.rect.x + px(24), y, inner, oh)
            self.opt_rects.append(r)
            label = "Chosen" if chosen == o.id else f"{i + 1}  Choose"
            self.button(pygame.Rect(r.right - px(132), r.y + px(10), px(120), px(40)), label,
                        lambda oid=o.id: self.choose(oid),
                        tooltip=(o.reason if not o.available else f"Answer: {o.label} (key {i + 1}, then Enter)"),
                        style="primary" if chosen == o.id else None, enabled=o.available, key=f"opt:{o.id}")
            y += oh + px(10)
        foot = self.rect.bottom - px(20) - px(40)
        if chosen is None:
            self.button(pygame.Rect(self.rect.x + px(24), foot, px(170), px(40)), "Decide later", self.app.pop,
                        "Close; you must answer before ending the turn. Key: Esc", key="later")
        else:
            self.button(pygame.Rect(self.rect.x + px(24), foot, px(170), px(40)), "Keep this answer", self.app.pop,
                        "Close; you may still change the answer until the turn ends. Key: Esc", key="later")
        if not self.session.over and self.session.advice_allowed:
            self.button(pygame.Rect(self.rect.x + px(24) + px(182), foot, px(130), px(40)), "Advice", self.advise,
                        "What the adviser would answer, after playing the turn out. Key: A", key="advice")
        if len(self.decisions) > 1:
            i = self.index()
            self.button(pygame.Rect(self.rect.right - px(24) - px(130), foot, px(130), px(40)), "Next ›",
                        lambda: self.step(1), "The turn's next decision. Key: PageDown", key="next",
                        enabled=i < len(self.decisions) - 1)
            self.button(pygame.Rect(self.rect.right - px(24) - px(270), foot, px(130), px(40)), "‹ Previous",
                        lambda: self.step(-1), "The turn's previous decision. Key: PageUp", key="prev",
                        enabled=i > 0)
        if self.focus_key is None:   # Enter never answers by itself: it keeps an answer, or leaves it for later
            self.focus_key = f"opt:{chosen}" if chosen else "later"

    def hint_height(self) -> int:
        """The foot's line of keys, and the space around it."""
        return self.px(T.GAP_S) + self.th.line_height("small") + self.px(T.GAP_M)

    def hint_line(self) -> tuple[str, tuple]:
        if self.hint is not None:
            return self.hint
        n = len(self.decision.options)
        keys = "1" if n == 1 else f"1–{min(n, 9)}"
        return f"Keys: {keys} picks an answer, Enter gives the one picked, Esc leaves the question for later.", T.INK_FAINT

    def type_digit(self, digit: str) -> None:
        """A digit typed in the question: its answer is picked (Enter then gives it). Two digits
        in a row are an action's number, meant for the cards: they pick nothing here, and Enter
        then leaves the question for later."""
        self.digits = self.digits + digit if self.digits_wait > 0 else digit
        self.digits_wait = NUMBER_PAUSE
        options = self.decision.options
        n = int(self.digits) - 1
        if len(self.digits) > 1 or not 0 <= n < min(len(options), 9):
            self.focus_key = "later"
            self.hint = (f"{self.digits} is not an answer here: answer this question first, or Esc to leave it "
                         "for later and pick actions by their numbers.", T.WARN)
        elif not options[n].available:
            self.hint = (f"{options[n].label}: {options[n].reason or 'unavailable'}", T.BAD)
        else:
            self.focus_key = f"opt:{options[n].id}"
            self.app.show_focus = True
            self.hint = (f"Enter answers: {options[n].label}", T.ACCENT_HI)
        self.app.invalidate()

    def update(self, dt: float) -> None:
        if self.digits_wait > 0:
            self.digits_wait -= dt

    def advise(self) -> None:
        """Point at the answer the adviser recommends (its whole advice is under the main screen's
        Advice button)."""
        if not self.session.advice_allowed:
            return
        advice = self.session.advice()
        oid = advice.orders.answers.get(self.decision.id)
        o = next((o for o in self.decision.options if o.id == oid), None)
        if o is None:
            self.app.toast("The adviser has no answer to recommend here.", "warn", 3)
            return
        self.focus_key = f"opt:{o.id}"
        self.app.toast(f"The adviser would answer: {o.label}. (Advice on the main screen says why.)", "info", 5)
        self.refresh()

    def index(self) -> int:
        return next((i for i, d in enumerate(self.decisions) if d.id == self.decision.id), 0)

    def step(self, delta: int) -> None:
        i = self.index() + delta
        if 0 <= i < len(self.decisions):
            self.decision = self.decisions[i]
            self.focus_key = None
            self.hint = None
            self.refresh()

    def choose(self, option_id: str) -> None:
        before = self.session.answers.get(self.decision.id)
        reason = self.session.answer(self.decision.id, option_id)
        if reason:
            self.app.toast(reason, "bad")
            return
        label = next(o.label for o in self.decision.options if o.id == option_id)
        changed = before is not None and before != option_id
        self.app.toast(f"{self.decision.title}: {label}" + (" (answer changed)" if changed else ""), "good", 2.0)
        self.app.pop()
        if self.on_done:
            self.on_done()

    def on_key(self, event) -> bool:
        if event.key == pygame.K_a and not self.session.over:
            self.advise()
            return True
        if event.key in (pygame.K_PAGEDOWN, pygame.K_PAGEUP) and len(self.decisions) > 1:
            self.step(1 if event.key == pygame.K_PAGEDOWN else -1)
            return True
        digit = DIGITS.get(event.key)
        if digit is not None:   # whatever it is, it stays in the question
            self.type_digit(digit)
            return True
        return super().on_key(event)

    def draw_scene(self, surf) -> None:
        th, px = self.th, self.px
        d = self.decision
        crisis = d.kind == "crisis"
        self.draw_panel(surf, self.rect, T.BAD if crisis else T.ACCENT)
        x, y = self.rect.x + px(24), self.rect.y + px(24)
        inner = self.rect.w - px(48)
        tag = "PRESSURE CRISIS" if crisis else "EVENT"
        if len(self.decisions) > 1:
            tag += f" · DECISION {self.index() + 1} OF {len(self.decisions)}"
        D.text(surf, th, tag, (x, y), "tiny_bold", T.BAD if crisis else T.ACCENT)
        y += th.line_height("tiny_bold") + px(4)
        r = D.text(surf, th, d.title, (x, y), "heading", T.INK, max_width=inner)
        y = r.bottom + px(10)
        y += D.paragraph(surf, th, d.full_text(), pygame.Rect(x, y, inner, 10_000), "body", T.INK_DIM) + px(16)
        label = self.session.answer_label(d)
        if label:
            D.text(surf, th, f"Your answer: {label}. You may change it until you end the turn.", (x, y),
                   "small_bold", T.ACCENT_HI, max_width=inner)
            y += th.line_height("small_bold") + px(6)
        p = self.power()
        if p is not None:
            colour = T.hex_colour(p.color)
            pygame.draw.circle(surf, colour, (x + px(5), y + th.line_height("small") // 2), px(5))
            s = (f"{p.name}: relations {p.relation:+.0f} ({p.stance}), pressure at '{p.rung_name}'"
                 + (f"; next rung: '{p.next_rung_name}'" if p.next_rung_name else ""))
            D.text(surf, th, s, (x + px(16), y), "small", T.INK_DIM, max_width=inner - px(16))
            y += th.line_height("small") + px(8)
        chosen = self.session.answers.get(d.id)
        text_w = inner - px(150)
        for i, (o, r) in enumerate(zip(d.options, self.opt_rects)):
            sel = chosen == o.id
            fill = T.mix(T.PANEL_HI, T.ACCENT, 0.12) if sel else T.PANEL_HI
            pygame.draw.rect(surf, fill, r, border_radius=px(6))
            pygame.draw.rect(surf, T.ACCENT if sel else T.PANEL_LINE, r, width=1, border_radius=px(6))
            tx, ty = r.x + px(12), r.y + px(10)
            colour = T.INK if o.available else T.INK_FAINT
            lr = D.text(surf, th, o.label, (tx, ty), "body_bold", colour)
            D.badge(surf, th, cost_text(self.session, o.cost), (lr.right + px(10), ty + px(2)),
                    T.PANEL_LINE if o.cost.capital == 0 and o.cost.money == 0 else T.ACCENT_DARK, fg=T.INK)
            ty = lr.bottom + px(4)
            if o.description:
                ty += D.paragraph(surf, th, o.description, pygame.Rect(tx, ty, text_w, 10_000), "small", colour)
            effs = [effect_line(e) for e in o.effects]
            if not o.available:
                effs = [(t, T.INK_FAINT) for t, _ in effs]
            ty += D.flow(surf, th, effs, pygame.Rect(tx, ty, text_w, 0), "small")
            if o.chance is not None:
                ty += self.draw_risk(surf, o, tx, ty, text_w)
            elif o.note:
                ty += D.paragraph(surf, th, o.note, pygame.Rect(tx, ty, text_w, 10_000), "italic", T.INK_DIM)
            if not o.available and o.reason:
                D.text(surf, th, o.reason, (tx, ty), "small", T.BAD)
        hint, colour = self.hint_line()
        D.text(surf, th, hint, (x, self.rect.bottom - px(20) - px(40) - px(T.GAP_S)), "small", colour, "left", "bottom",
               max_width=inner)


class NewsDialog(ModalScene):
    """Every item of a turn's news, whole, a paragraph each; it scrolls when the items outgrow
    the window (the wheel, the arrows, PageUp and PageDown)."""

    name = "news"
    width = 820

    def __init__(self, app, title: str, items: list[str]):
        super().__init__(app)
        self.title, self.items = title, list(items)
        self.first = 0     # the first line shown

    def layout(self) -> None:
        th, px = self.th, self.px
        pw = min(px(self.width), self.size[0] - px(60))
        inner = pw - 2 * px(T.GAP_XL)
        bullet = th.size("• ", "body")[0]
        self.lines: list[D.Line] = []
        for item in self.items or ["Nothing happened this turn."]:
            wrapped = D.wrap(th, item, "body", inner - bullet) or [""]
            for k, ln in enumerate(wrapped):
                last = k == len(wrapped) - 1
                self.lines.append(("• " + ln if k == 0 else ln, "body", T.INK, 0 if k == 0 else bullet,
                                   px(T.GAP_S) if last else 0))
        head = px(T.GAP_XL) + th.line_height("tiny_bold") + px(T.GAP_XS) + th.line_height("heading") + px(T.GAP_M)
        foot = px(T.GAP_L) + px(44) + px(T.GAP_XL)
        text_h = D.line_tops(th, self.lines)[-1]
        self.rect = self.panel_rect(head + text_h + foot)
        self.body = pygame.Rect(self.rect.x + px(T.GAP_XL), self.rect.y + head, inner, self.rect.h - head - foot)
        self.first_max = D.last_first_line(th, self.lines, self.body.h) if text_h > self.body.h else 0
        self.first = min(self.first, self.first_max)
        bw = px(160)
        self.button(pygame.Rect(self.rect.right - px(T.GAP_XL) - bw, self.rect.bottom - px(T.GAP_XL) - px(44), bw,
                                px(44)), "OK", self.app.pop, "Key: Enter or Esc", style="primary", key="ok")
        self.focus_key = "ok"

    def scroll_lines(self, n: int) -> None:
        first = max(0, min(self.first_max, self.first + n))
        if first != self.first:
            self.first = first
            self.app.invalidate()

    def on_wheel(self, dy: int) -> bool:
        self.scroll_lines(-3 * dy)
        return True

    def on_key(self, event) -> bool:
        steps = {pygame.K_DOWN: 1, pygame.K_UP: -1, pygame.K_PAGEDOWN: max(1, self.body.h // self.th.line_height("body")),
                 pygame.K_PAGEUP: -max(1, self.body.h // self.th.line_height("body"))}
        if event.key in steps:
            self.scroll_lines(steps[event.key])
            return True
        return super().on_key(event)

    def draw_scene(self, surf) -> None:
        th, px = self.th, self.px
        self.draw_panel(surf, self.rect)
        x, y = self.rect.x + px(T.GAP_XL), self.rect.y + px(T.GAP_XL)
        count = f"{len(self.items)} ITEMS OF NEWS" if len(self.items) != 1 else "ONE ITEM OF NEWS"
        r = D.text(surf, th, count, (x, y), "tiny_bold", T.ACCENT)
        D.text(surf, th, self.title, (x, r.bottom + px(T.GAP_XS)), "heading", T.INK, max_width=self.body.w)
        shown = D.draw_lines(surf, th, self.lines, self.body, self.first)
        if self.first_max:
            D.more_marks(surf, th, self.body, self.first > 0, shown < len(self.lines))
