"""The actions panel of the main screen: the action cards of the chosen category (tabs on as many
rows as they need, so every category stays in reach at any UI scale), a page at a time, with
what the chosen cards leave of the budget. Each card carries its action's number, the same all
game and in the terminal: typing it picks the card, on whatever page or tab it is."""
from __future__ import annotations

import pygame

from game.engine.views import ActionOption, OfferView

from .. import draw as D
from .. import theme as T
from ..keys import DIGITS, NUMBER_PAUSE
from ..words import cost_text, effect_line, plural
from .base import Panel

CARD_MIN_W, CARD_MIN_H, CARD_MAX_H = 184, 100, 150   # a card's size limits (at scale 1)
CARD_ROWS = 2          # the panel asks for room for this many rows of cards
MOST_PER_PAGE = 9
PAGE_W = 30            # a page arrow's width
COST_PIP = 9           # a card's capital cost, as pips this size


class ActionsPanel(Panel):
    def __init__(self, host):
        super().__init__(host)
        self.page = 0
        self.category: str | None = None
        self.typed = ""          # digits of an action's number typed so far
        self.typed_wait = 0.0    # seconds left to type the next one
        self.per_page = 1
        self.pages = 1
        self.card_rects: list[tuple[pygame.Rect, ActionOption, int]] = []

    # --- what it shows ----------------------------------------------------------------------------

    def categories(self) -> list[str]:
        cats: list[str] = []
        for o in self.session.options:
            if o.category not in cats:
                cats.append(o.category)
        return cats

    def visible_options(self) -> list[ActionOption]:
        """The cards of the chosen category: open offers first (they lapse), then what can be taken
        this turn, then what cannot (done, closed, or waiting for something). Availability is the
        turn's own, not the budget left, so cards do not move while the player chooses."""
        opts = self.session.options
        if self.category is not None:
            opts = [o for o in opts if o.category == self.category]
        return sorted(opts, key=lambda o: (o.offered_by is None, not o.available))

    # --- layout -----------------------------------------------------------------------------------

    def _tab_labels(self) -> list[tuple[str, str | None]]:
        cats = self.categories()
        return [("All", None)] + [(c.capitalize(), c) for c in cats] if len(cats) > 1 else []

    def _tab_rows(self, width: int) -> list[list[tuple[str, str | None, int]]]:
        """The category tabs, (label, category, width), on as many rows as `width` needs."""
        px, th = self.px, self.th
        rows: list[list[tuple[str, str | None, int]]] = []
        x = 0
        for label, cat in self._tab_labels():
            w = th.size(label, "small_bold")[0] + 2 * px(T.GAP_M)
            if not rows or (x + w > width and x > 0):
                rows.append([])
                x = 0
            rows[-1].append((label, cat, w))
            x += w + px(T.GAP_XS)
        return rows

    def _title_h(self) -> int:
        """The header's line: the title over what is left to spend, the page and Clear beside."""
        return max(self.px(T.CHIP_H), self.th.line_height("tiny_bold") + self.th.line_height("tiny"))

    def _head_h(self, width: int) -> int:
        """The header and the tab rows."""
        px = self.px
        rows = len(self._tab_rows(width - 2 * px(T.GAP_S)))
        return px(T.GAP_S) + self._title_h() + px(T.GAP_S) + rows * (px(T.CHIP_H) + px(T.GAP_XS))

    def wanted_height(self, width: int) -> int:
        """Room for the header, the tabs and CARD_ROWS rows of cards at their smallest."""
        px = self.px
        return self._head_h(width) + CARD_ROWS * px(CARD_MIN_H) + (CARD_ROWS - 1) * px(T.GAP_S) + px(T.GAP_S)

    def arrange(self) -> None:
        px, th = self.px, self.th
        s = self.session
        r = self.rect
        cats = self.categories()
        if self.category not in cats:
            self.category = None
        opts = self.visible_options()
        self.cap_left, self.money_left = s.budget_left()
        self.unit = s.money_unit
        self.chosen_count = len(s.chosen)
        # the header: the page, Clear, at its right
        bh = px(T.CHIP_H)
        top = r.y + px(T.GAP_S)
        bx = r.right - px(T.GAP_S)
        # category tabs, on as many rows as they need
        ty = top + self._title_h() + px(T.GAP_S)
        for row in self._tab_rows(r.w - 2 * px(T.GAP_S)):
            tx = r.x + px(T.GAP_S)
            for label, cat, w in row:
                n = len([o for o in s.options if cat is None or o.category == cat])
                self.button(pygame.Rect(tx, ty, w, bh), label, lambda c=cat: self.pick_category(c),
                            plural(n, "action") + (" in all categories" if cat is None else ""),
                            style="chip_on" if cat == self.category else "chip", key=f"tab:{label}")
                tx += w + px(T.GAP_XS)
            ty += bh + px(T.GAP_XS)
        # the cards, as many columns and rows as fit
        head = self._head_h(r.w)
        area = pygame.Rect(r.x + px(T.GAP_S), r.y + head, r.w - 2 * px(T.GAP_S), r.h - head - px(T.GAP_S))
        gap = px(T.GAP_S)
        cols = max(1, (area.w + gap) // (px(CARD_MIN_W) + gap))
        rows = max(1, (area.h + gap) // (px(CARD_MIN_H) + gap))
        card_h = min(px(CARD_MAX_H), (area.h - (rows - 1) * gap) // rows)
        self.per_page = max(1, min(MOST_PER_PAGE, cols * rows))
        self.pages = max(1, -(-len(opts) // self.per_page))
        self.page = min(self.page, self.pages - 1)
        cw = (area.w - (cols - 1) * gap) // cols
        self.card_rects = []
        self.cards = []
        start = self.page * self.per_page
        for i, o in enumerate(opts[start:start + self.per_page]):
            c, rr = i % cols, i // cols
            rect = pygame.Rect(area.x + c * (cw + gap), area.y + rr * (card_h + gap), cw, card_h)
            # each card carries its action's number, the same all game and in the terminal
            self.card_rects.append((rect, o, o.number))
            is_chosen = o.id in s.chosen
            blocked = None if is_chosen or not o.available else s.why_not(o.id)
            pv = s.power(o.offered_by or o.with_power)
            found = s.offer(o.id) if o.offered_by else None
            self.cards.append((rect, o, card_subline(s, o), is_chosen, blocked, T.hex_colour(pv.color) if pv else None,
                               found[1] if found else None))
            self.spot(rect, f"card:{o.id}", lambda aid=o.id: self.host.toggle(aid),
                      lambda o=o, blocked=blocked: card_tip(self.session, o, blocked))
        # the header's controls, right to left
        if self.pages > 1:
            for label, delta, key in (("›", 1, "next_page"), ("‹", -1, "prev_page")):
                bx -= px(PAGE_W)
                self.button(pygame.Rect(bx, top, px(PAGE_W), bh), label, lambda d=delta: self.flip(d),
                            "More actions (PageUp / PageDown)", style="chip", key=key)
                bx -= px(T.GAP_XS)
            self.page_label = f"{self.page + 1}/{self.pages}"
            self.page_label_x = bx - px(T.GAP_XS)
            bx = self.page_label_x - th.size(f"{self.pages}/{self.pages}", "tiny_bold")[0] - px(T.GAP_M)
        clear_w = th.size("Clear", "small_bold")[0] + 2 * px(T.GAP_M)
        bx -= clear_w
        self.button(pygame.Rect(bx, top, clear_w, bh), "Clear", self.clear, "Drop every chosen action",
                    style="chip", enabled=bool(s.chosen) and not s.sent, key="clear")
        self.header_right = bx - px(T.GAP_S)
        self.top = top
        # what is left to spend, with the hint on how to choose when it fits
        money = f"{D.number(self.money_left, 1)} {self.unit}".strip()
        if self.chosen_count:
            lines = [f"{self.chosen_count} chosen · {self.cap_left} capital and {money} left",
                     f"{self.chosen_count} chosen · {self.cap_left} capital, {money} left"]
        else:
            lines = [f"Choose with a click or type a card's number · {self.cap_left} capital, {money} to spend",
                     f"{self.cap_left} capital, {money} to spend"]
        room = self.header_right - r.x - px(T.GAP_M)
        self.budget_line = next((ln for ln in lines if th.size(ln, "tiny")[0] <= room), lines[-1])

    # --- painting ---------------------------------------------------------------------------------

    def draw(self, surf: pygame.Surface) -> None:
        th, px = self.th, self.px
        r = self.rect
        D.panel(surf, th, r, None)
        x = r.x + px(T.GAP_M)
        title = D.text(surf, th, "ACTIONS", (x, self.top), "tiny_bold", T.ACCENT)
        if self.category is not None:
            D.text(surf, th, "· " + self.category.upper(), (title.right + px(T.GAP_XS), self.top), "tiny_bold",
                   T.INK_DIM, max_width=self.header_right - title.right - px(T.GAP_XS))
        D.text(surf, th, self.budget_line, (x, title.bottom), "tiny", T.INK_DIM, max_width=self.header_right - x)
        if self.pages > 1:
            D.text(surf, th, self.page_label, (self.page_label_x, self.top + px(T.CHIP_H) // 2), "tiny_bold",
                   T.INK_DIM, "right", "middle")
        for rect, o, sub, is_chosen, blocked, colour, offer in self.cards:
            card(surf, th, rect, o, sub, self.unit, o.number, is_chosen, blocked, self.host.lit(f"card:{o.id}"), colour,
                 offer)
        if not self.cards:
            D.text(surf, th, "No actions are open to you this turn.", (x, self.top + px(T.CHIP_H) + px(T.GAP_XL)),
                   "small", T.INK_DIM)

    # --- input ------------------------------------------------------------------------------------

    def on_key(self, event) -> bool:
        k = event.key
        digit = DIGITS.get(k)
        if digit is not None:
            self.type_number(digit)
            return True
        if k in (pygame.K_PAGEDOWN, pygame.K_RIGHTBRACKET):
            self.flip(1)
            return True
        if k in (pygame.K_PAGEUP, pygame.K_LEFTBRACKET):
            self.flip(-1)
            return True
        return False

    def on_wheel(self, dy: int) -> bool:
        if self.pages > 1:
            self.flip(-1 if dy > 0 else 1)
            return True
        return False

    def update(self, dt: float) -> None:
        if self.typed:   # a number typed so far, that a longer one could still extend
            self.typed_wait -= dt
            if self.typed_wait <= 0:
                typed, self.typed = self.typed, ""
                if any(o.number == int(typed) for o in self.session.options):
                    self.pick_number(int(typed))
                else:
                    self.host.toast(f"No action has the number {typed}.", "bad", 2)

    def forget_typing(self) -> None:
        """Drop digits typed so far (the screen is covered: they were not meant for what comes)."""
        self.typed, self.typed_wait = "", 0.0

    def type_number(self, digit: str) -> None:
        """A digit of an action's number: the card is picked as soon as no longer number starts
        with the digits typed, else after a short pause (1, then 2 at once, is 12)."""
        numbers = {o.number: o for o in self.session.options}
        typed = self.typed + digit
        if not any(str(n).startswith(typed) for n in numbers):
            self.forget_typing()
            self.host.toast(f"No action has the number {typed}.", "bad", 2)
            return
        if int(typed) in numbers and not any(str(n).startswith(typed) and str(n) != typed for n in numbers):
            self.forget_typing()
            self.pick_number(int(typed))
            return
        self.typed, self.typed_wait = typed, NUMBER_PAUSE

    def pick_number(self, number: int) -> None:
        """Choose or drop the card with this number, showing it first (its category, its page)."""
        o = next((o for o in self.session.options if o.number == number), None)
        if o is None:
            return
        if o not in self.visible_options():
            self.category = None
        i = self.visible_options().index(o)
        self.page = i // max(1, self.per_page)
        self.host.focus(f"card:{o.id}")
        self.host.toggle(o.id)

    def pick_category(self, cat: str | None) -> None:
        self.category = cat
        self.page = 0
        self.host.refresh()

    def flip(self, delta: int) -> None:
        self.page = (self.page + delta) % max(1, self.pages)
        self.host.refresh()

    def clear(self) -> None:
        self.session.clear()
        self.host.refresh()


def card_subline(session, o: ActionOption) -> str:
    """The line under a card's name: its category, the power it is with, how long it builds."""
    sub = o.category
    if o.offered_by:
        sub += f" · offer from {session.game.name(o.offered_by)}"
    elif o.with_power:
        sub += f" · with {session.game.name(o.with_power)}"
    if o.project_turns:
        sub += f" · {plural(o.project_turns, 'turn')} to build"
    return sub


def card(surf, th: T.Theme, r: pygame.Rect, o: ActionOption, sub: str, money_unit: str, number: int | None,
         chosen: bool, blocked: str | None, focus: bool, power_colour, offer: OfferView | None = None) -> None:
    """An action card: its number, its whole name, `sub` (card_subline), its effects or why it
    cannot be taken, and its cost. A card that accepts a power's open offer carries an OFFER tag
    with the turns it stays open."""
    px = th.px
    avail = o.available and blocked is None
    if chosen:
        fill = T.mix(T.PANEL_HI, T.ACCENT, 0.2)
        edge = T.ACCENT_HI
    elif avail:
        fill, edge = T.PANEL_HI, T.PANEL_LINE
    else:
        fill, edge = T.mix(T.PANEL, T.BG, 0.4), T.PANEL
    if focus:
        fill = T.mix(fill, T.ACCENT, 0.08)
    pygame.draw.rect(surf, fill, r, border_radius=px(T.RADIUS))
    pygame.draw.rect(surf, edge, r, width=max(1, px(2) if chosen else 1), border_radius=px(T.RADIUS))
    if power_colour is not None:
        pygame.draw.rect(surf, power_colour, (r.x + px(T.RADIUS), r.y, r.w - 2 * px(T.RADIUS), px(3)))
    x, y, w = r.x + px(T.GAP_S), r.y + px(T.GAP_S), r.w - 2 * px(T.GAP_S)
    ink = T.INK if (avail or chosen) else T.INK_FAINT
    nx = x
    if number is not None:
        b = D.badge(surf, th, str(number), (x, y + px(1)), T.ACCENT if chosen else T.PANEL_LINE,
                    fg=T.BG_DEEP if chosen else T.INK)
        nx = b.right + px(T.GAP_XS)
    if chosen:
        D.text(surf, th, "✓", (r.right - px(T.GAP_S), y - px(2)), "body_bold", T.ACCENT_HI, "right")
    # the whole name, on up to three lines
    title_w = x + w - nx - (px(T.GAP_L) if chosen else 0)
    names = D.wrap(th, o.name, "small_bold", title_w)
    if len(names) > 3:
        names = names[:2] + [D.elide(th, " ".join(names[2:]), "small_bold", title_w)]
    for ln in names:
        D.text(surf, th, ln, (nx, y), "small_bold", ink)
        y += th.line_height("small_bold")
    tl = th.line_height("tiny")
    foot = th.line_height("tiny_bold") + px(T.GAP_S)   # the cost along the bottom
    # a card too short for its two-line name, the sub-line and two lines of effects leaves the
    # sub-line out (the category is the tab's, the power's colour is along the top)
    keep_sub = len(names) < 2 or r.bottom - foot - y >= 3 * tl + px(2)
    if keep_sub:
        D.text(surf, th, sub, (x, y), "tiny", T.INK_FAINT if not avail else T.INK_DIM, max_width=w)
        y += tl + px(2)
    lines_left = max(1, (r.bottom - foot - y) // tl)
    effs = [effect_line(e) for e in o.effects]
    if not avail and not chosen:
        reason = blocked or o.reason or "Unavailable."
        D.paragraph(surf, th, reason, pygame.Rect(x, y, w, 999), "tiny", T.WARN, max_lines=lines_left)
    else:
        more = f"+{len(effs) - lines_left} more" if len(effs) > lines_left else ""
        for i, (s, c) in enumerate(effs[:lines_left]):
            last = i == lines_left - 1 and more
            D.text(surf, th, s, (x, y), "tiny", c, max_width=w - (th.size(more, "tiny")[0] + px(T.GAP_XS) if last else 0))
            if last:
                D.text(surf, th, more, (x + w, y), "tiny", T.INK_FAINT, "right")
            y += tl
    # the cost along the bottom
    cy = r.bottom - px(T.GAP_XS) - th.line_height("tiny_bold")
    cx = x
    if o.cost.capital:
        pr = D.pips(surf, th, cx, cy + px(3), o.cost.capital, o.cost.capital, T.ACCENT if avail else T.INK_FAINT,
                    size=px(COST_PIP), shape="diamond")
        cx = pr.right + px(T.GAP_XS)
    if o.cost.money:
        D.text(surf, th, f"{o.cost.money:g} {money_unit}".strip(), (cx, cy), "tiny_bold",
               T.ACCENT_HI if avail else T.INK_FAINT)
    if not o.cost.capital and not o.cost.money:
        D.text(surf, th, "free", (cx, cy), "tiny", T.INK_FAINT)
    if o.offered_by:
        left = offer.turns_left if offer is not None else 0
        tag = "OFFER · " + ("last turn" if left <= 1 else f"{left} turns left")
        D.badge(surf, th, tag, (r.right - px(T.GAP_S), cy - px(1)), power_colour or T.ACCENT, align="right",
                fg=T.BG_DEEP)


def card_tip(session, o: ActionOption, blocked: str | None) -> list:
    g = session.game
    out = [(o.name, "body_bold", T.INK)]
    found = session.offer(o.id) if o.offered_by else None
    if found is not None:
        p, offer = found
        out.append((f"An offer from {p.name}, open for "
                    + ("this turn only" if offer.turns_left <= 1 else f"{offer.turns_left} more turns")
                    + ": choosing this card accepts it.", "small_bold", T.hex_colour(p.color)))
    if o.description:
        out.append((o.description, "small", T.INK_DIM))
    out.append((f"Cost: {cost_text(session, o.cost)}" + (f"; a project of {plural(o.project_turns, 'turn')}"
                                                          if o.project_turns else "")
                + ("; once per game" if o.once else ""), "small", T.ACCENT_HI))
    for e in o.effects:
        s, c = effect_line(e)
        out.append(("• " + s, "small", c))
    if found is not None and found[1].conditions:
        out.append(("Requires: " + "; ".join(found[1].conditions), "small", T.INK_DIM))
    if o.excludes:
        out.append(("Closes for good: " + ", ".join(g.name(x) for x in o.excludes), "small", T.WARN))
    if not o.available:
        out.append(("Unavailable: " + (o.reason or ""), "small", T.BAD))
    elif o.late:
        out.append(("⚠ " + o.late, "small", T.WARN))
    if o.available and blocked:
        out.append(("Cannot add now: " + blocked, "small", T.BAD))
    return out
