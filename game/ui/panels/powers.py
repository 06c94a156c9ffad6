"""The powers panel of the main screen: a card per outside power (its relation gauge with the
threshold below which its patience drains, its pressure ladder and patience, its last move or its
warning) with its open offers under it, as much of each offer as fits above the forecast. Hover a
power for its ladder and likely replies; click an offer to accept it (it toggles its card)."""
from __future__ import annotations

import pygame

from game.engine.views import CostView, OfferView, PowerView

from .. import draw as D
from .. import theme as T
from ..words import cost_text, effect_line
from .base import Panel

POWER_PAD = T.GAP_S        # space under a power card's last line
OFFER_GAP = T.GAP_S        # space above each offer in a power card
CARD_GAP = T.GAP_S         # between two power cards
INSET = T.GAP_M            # the card's text and offers in from its left (past its colour bar)
MARGIN = T.GAP_S + 2       # and from its right
GAUGE_H = 6                # the relation gauge's height
RUNG_PIP, PATIENCE_PIP = 12, 7   # the ladder's rungs and the patience left, as pips this size
OFFER_DETAIL = (3, 2, 1, 0)     # from the most that may be shown of an offer to the least


class PowersPanel(Panel):
    def __init__(self, host):
        super().__init__(host)
        self.detail = OFFER_DETAIL[0]

    def _title_h(self) -> int:
        return self.th.line_height("tiny_bold") + self.px(T.GAP_S)

    def _card_w(self, width: int) -> int:
        return width - 2 * self.px(T.GAP_S)

    def wanted_height(self, width: int, room: int) -> int:
        """The panel's height in a column `width` wide with `room` pixels to spare: it shows as
        much of each offer as fits (see OFFER_DETAIL), and sets `detail` to that."""
        powers = self.session.obs.powers
        w = self._card_w(width)
        for d in OFFER_DETAIL:
            self.detail = d
            total = self._cards_h(powers, w, d)
            if total <= room:
                break
        return self._cards_h(powers, w, self.detail)

    def _cards_h(self, powers, w: int, detail: int) -> int:
        th, px = self.th, self.px
        body = (sum(power_card_height(th, p, w, detail) + px(CARD_GAP) for p in powers) if powers
                else th.line_height("small") + px(CARD_GAP))
        return px(T.GAP_M) + self._title_h() + body + px(T.GAP_S)

    def arrange(self) -> None:
        px, th = self.px, self.th
        s = self.session
        r = self.rect
        w = self._card_w(r.w)
        self.read_forecast()
        self.rungs = {p.id: s.ladder_rungs(p.id) for p in s.obs.powers}
        y = r.y + px(T.GAP_M) + self._title_h()
        self.cards = []
        for p in s.obs.powers:
            h = power_card_height(th, p, w, self.detail)
            cr = pygame.Rect(r.x + px(T.GAP_S), y, w, h)
            self.spot(cr, f"power:{p.id}", None, lambda p=p: power_tip(self.session, p), focus=False)
            offers = []   # after the power's own spot, so that they take the mouse over it
            oy = cr.y + power_base_height(th, p, self.detail) - px(POWER_PAD) + px(2)
            for o in p.offers:
                ow = w - px(INSET) - px(MARGIN)
                oh = offer_height(th, o, ow, self.detail)
                orect = pygame.Rect(cr.x + px(INSET), oy, ow, oh)
                blocked = self.offer_blocked(o.action)
                offers.append((orect, o, o.action in s.chosen, blocked))
                self.spot(orect, f"offer:{o.action}", lambda aid=o.action: self.host.toggle(aid),
                          lambda p=p, o=o, blocked=blocked: offer_tip(self.session, p, o, blocked))
                oy += oh
            self.cards.append((cr, p, offers))
            y += h + px(CARD_GAP)

    def read_forecast(self) -> None:
        """Where each ladder will most likely stand after the turn, from the forecast as it stands."""
        pv = self.host.current_forecast()
        self.pressure = {p.id: pv.pressure_of(p.id) if pv is not None else None for p in self.session.obs.powers}

    def offer_blocked(self, action_id: str) -> str | None:
        """Why an offer cannot be accepted now (None if it can, or is already chosen)."""
        s = self.session
        o = next((o for o in s.options if o.id == action_id), None)
        if o is None:
            return "That offer is no longer open."
        if o.id in s.chosen:
            return None
        return o.reason if not o.available else s.why_not(o.id)

    @property
    def power_rects(self) -> list:
        """(card rect, power, offers) of each power shown."""
        return self.cards

    def draw(self, surf: pygame.Surface) -> None:
        th = self.th
        inner = D.panel(surf, th, self.rect, "The powers")
        if not self.cards:
            D.text(surf, th, "No outside powers in this scenario.", (inner.x, inner.y), "small", T.INK_FAINT,
                   max_width=inner.w)
        for r, p, offers in self.cards:
            key = f"power:{p.id}"
            power_card(surf, th, r, p, self.host.shown(key, p.relation), self.rungs[p.id], self.host.hovered(key),
                       self.detail, self.pressure[p.id])
            for orect, o, chosen, blocked in offers:
                offer_row(surf, th, orect, p, o, self.detail, chosen, blocked, self.host.lit(f"offer:{o.action}"))


def shows_last_line(p: PowerView, detail: int) -> bool:
    """Whether a power card shows its warning or last move: always, except that a power with
    offers gives that line to them when room is short (its last move is in its tooltip)."""
    return bool(p.warning) or not p.offers or detail >= 2


def power_base_height(th: T.Theme, p: PowerView, detail: int) -> int:
    """A power card without its offers: name, gauge, ladder and patience, last move or warning."""
    px = th.px
    h = (px(T.GAP_S) + th.line_height("body_bold") + px(T.GAP_XS) + max(4, px(GAUGE_H)) + px(T.GAP_S)
         + th.line_height("tiny"))
    if shows_last_line(p, detail):
        h += px(T.GAP_XS) + th.line_height("tiny")
    return h + px(POWER_PAD)


def offer_strings(o: OfferView) -> str:
    return ("Requires: " + "; ".join(o.conditions)) if o.conditions else ""


def offer_sections(o: OfferView, detail: int) -> list[tuple[str, tuple, list[tuple[str, tuple]], int]]:
    """What an offer's panel shows at a level of detail, as (label, label colour, pieces, most
    lines): what it requires, what it brings, and the strings attached (its unwelcome effects).
    Detail 0 shows its name only; 1 the requirements and strings in a line each; 2 adds what it
    brings; 3 gives each up to two lines."""
    most = 2 if detail >= 3 else 1
    gains = [effect_line(e) for e in o.effects if e.favourable is not False]
    strings = [effect_line(e) for e in o.effects if e.favourable is False]
    out = []
    if detail >= 1 and o.conditions:
        out.append(("Requires:", T.INK_FAINT, [(c, T.INK_DIM) for c in o.conditions], most))
    if detail >= 2 and gains:
        out.append(("Brings:", T.INK_FAINT, gains, most))
    if detail >= 1 and strings:
        out.append(("Strings:", T.BAD, strings, most))
    return out


def offer_height(th: T.Theme, o: OfferView, w: int, detail: int) -> int:
    """Height of one offer in a power card at a level of detail (see offer_sections)."""
    px = th.px
    h = px(OFFER_GAP) + th.line_height("tiny_bold") + px(2)
    for label, colour, pieces, most in offer_sections(o, detail):
        h += D.flow(None, th, pieces, pygame.Rect(0, 0, w, 0), "tiny", sep="; " if label == "Requires:" else " · ",
                    max_lines=most, draw=False, lead=(label, colour))
    return h


def power_card_height(th: T.Theme, p: PowerView, w: int, detail: int) -> int:
    inner_w = w - th.px(INSET) - th.px(MARGIN)
    return power_base_height(th, p, detail) + sum(offer_height(th, o, inner_w, detail) for o in p.offers)


def power_card(surf, th: T.Theme, r: pygame.Rect, p: PowerView, relation: float, rungs: int, focus: bool,
               detail: int = 3, after=None) -> None:
    """A power's panel: relation gauge (with the threshold below which its patience drains), the
    pressure ladder and its patience, and its last move or its warning. Offers are drawn by
    `offer_row` in the rects the screen laid out for them."""
    px = th.px
    colour = T.hex_colour(p.color)
    fill = T.PANEL_HI if focus else T.mix(T.PANEL, T.PANEL_HI, 0.5)
    pygame.draw.rect(surf, fill, r, border_radius=px(T.RADIUS))
    pygame.draw.rect(surf, colour, (r.x, r.y + px(T.RADIUS), px(3), r.h - 2 * px(T.RADIUS)))
    x = r.x + px(INSET)
    w = r.w - px(INSET) - px(MARGIN)
    y = r.y + px(T.GAP_S)
    lh = th.line_height("body_bold")
    stance = f"{p.stance} · {D.signed(relation)}"
    name_w = w - th.size(stance, "small_bold")[0] - px(T.GAP_S)
    role = power_name_role(th, p.name, name_w)
    D.text(surf, th, p.name, (x, y + (lh - th.line_height(role)) // 2), role, T.INK, max_width=name_w)
    stance_col = {"hostile": T.BAD, "cool": T.WARN, "cordial": T.INK_DIM, "close": T.GOOD}.get(p.stance, T.INK_DIM)
    D.text(surf, th, stance, (x + w, y + px(2)), "small_bold", stance_col, "right")
    y += lh + px(T.GAP_XS)
    g = pygame.Rect(x, y, w, max(4, px(GAUGE_H)))
    D.gauge(surf, th, g, relation, -100, 100, colour, centre=0, marker=p.threshold)
    y = g.bottom + px(T.GAP_S)
    # pressure ladder: one pip per rung (a power without one says so instead)
    if not rungs:
        D.text(surf, th, "Never escalates: no pressure ladder", (x, y), "tiny", T.INK_FAINT, max_width=w)
    else:
        lbl = D.text(surf, th, "Pressure", (x, y), "tiny", T.INK_FAINT)
        pr = D.pips(surf, th, lbl.right + px(T.GAP_XS), y + px(3), p.rung, rungs, T.BAD, size=px(RUNG_PIP), shape="bar",
                    empty=T.mix(T.PANEL_LINE, T.BG, 0.2))
        # `after` (the forecast's PressureAfter): where the ladder will most likely stand once the
        # turn is over, so a concession or a climb shows at once, before the turn ends
        room = max(px(40), x + w - pr.right - px(100))
        rung_label = p.rung_name
        if after is not None and after.after != p.rung:   # where it goes matters more than where it is
            rung_label = f"{p.rung_name} → {after.after_name}"
            if th.size(rung_label, "tiny_bold")[0] > room:
                rung_label = f"→ {after.after_name}"
        D.text(surf, th, rung_label, (pr.right + px(T.GAP_XS), y), "tiny_bold",
               T.BAD if p.rung or (after and after.after) else T.INK_DIM, max_width=room)
        pt = D.pips(surf, th, x + w - p.patience_max * px(PATIENCE_PIP + 3), y + px(2), p.patience, p.patience_max,
                    T.mix(T.WARN, T.GOOD, p.patience / max(1, p.patience_max)), size=px(PATIENCE_PIP))
        D.text(surf, th, "Patience", (pt.x - px(T.GAP_XS), y), "tiny", T.INK_FAINT, "right")
    y += th.line_height("tiny") + px(T.GAP_XS)
    if not shows_last_line(p, detail):
        return
    if p.warning:
        D.text(surf, th, "⚠ " + p.warning, (x, y), "tiny_bold", T.WARN, max_width=w)
    else:
        bits = []
        if p.last_response:
            bits.append(f"Last: {p.last_response}")
        if p.dependence is not None:
            bits.append(f"dependence {p.dependence:.0f}")
        D.text(surf, th, " · ".join(bits) or "No moves yet", (x, y), "tiny", T.INK_DIM, max_width=w)


def power_name_role(th: T.Theme, name: str, width: int) -> str:
    """The type a power's name takes in its panel: the largest that fits `width`, so that the
    name is cut only when even the smallest does not fit."""
    for role in ("body_bold", "small_bold", "tiny_bold"):
        if th.size(name, role)[0] <= width:
            return role
    return "tiny_bold"


def turns_left_text(turns: int) -> str:
    return "last turn" if turns <= 1 else f"{turns} turns left"


def offer_row(surf, th: T.Theme, r: pygame.Rect, p: PowerView, o: OfferView, detail: int, chosen: bool,
              blocked: str | None, focus: bool) -> None:
    """One open offer inside its power's card: name, turns left, the conditions it requires and
    its effects (the strings attached). `blocked` is why it cannot be accepted now, if so."""
    px = th.px
    colour = T.hex_colour(p.color)
    x, w = r.x, r.w
    y = r.y + px(OFFER_GAP)
    box = pygame.Rect(r.x - px(T.GAP_XS), y - px(T.GAP_XS), r.w + 2 * px(T.GAP_XS), r.bottom - y + px(T.GAP_S))
    if chosen or focus:
        pygame.draw.rect(surf, T.mix(T.PANEL_HI, T.ACCENT, 0.22 if chosen else 0.1), box, border_radius=px(T.GAP_XS))
    if chosen:
        pygame.draw.rect(surf, T.ACCENT, box, width=1, border_radius=px(T.GAP_XS))
    pygame.draw.line(surf, T.PANEL_LINE, (x, y - px(T.GAP_XS)), (x + w, y - px(T.GAP_XS)))
    b = D.badge(surf, th, "✓ ACCEPTED" if chosen else "OFFER", (x, y), T.ACCENT if chosen else colour)
    left = turns_left_text(o.turns_left)
    lw = th.size(left, "tiny_bold")[0]
    D.text(surf, th, left, (x + w, y), "tiny_bold", T.WARN if o.turns_left <= 1 else T.INK_DIM, "right")
    D.text(surf, th, o.name, (b.right + px(T.GAP_XS), y), "tiny_bold", T.INK,
           max_width=x + w - lw - b.right - px(T.GAP_XS) - px(T.GAP_S))
    y += th.line_height("tiny_bold") + px(2)
    for label, lcolour, pieces, most in offer_sections(o, detail):
        if label == "Requires:" and blocked:
            pieces = [(t, T.WARN) for t, _ in pieces]
        y += D.flow(surf, th, pieces, pygame.Rect(x, y, w, 0), "tiny", sep="; " if label == "Requires:" else " · ",
                    max_lines=most, lead=(label, lcolour))


def offer_tip(session, p: PowerView, o: OfferView, blocked: str | None) -> list:
    out = [(f"{p.name} offers: {o.name}", "body_bold", T.hex_colour(p.color)),
           (f"Open for {'this turn only' if o.turns_left <= 1 else f'{o.turns_left} more turns'}. "
            "Accept it by choosing its action card (or click here); it costs "
            f"{cost_text(session, _offer_cost(session, o))}.", "small", T.INK_DIM)]
    if o.conditions:
        out.append(("It requires:", "small_bold", T.ACCENT))
        out += [("• " + c, "small", T.INK) for c in o.conditions]
    else:
        out.append(("It requires nothing of you beforehand.", "small", T.INK_DIM))
    if o.effects:
        out.append(("What accepting brings (the strings attached):", "small_bold", T.ACCENT))
        for e in o.effects:
            t, c = effect_line(e)
            out.append(("• " + t, "small", c))
    if blocked:
        out.append(("Cannot accept now: " + blocked, "small", T.BAD))
    return out


def _offer_cost(session, o: OfferView) -> CostView:
    opt = next((a for a in session.options if a.id == o.action), None)
    return opt.cost if opt is not None else CostView(0, 0.0)


def power_tip(session, p: PowerView) -> list:
    out = [(p.name, "body_bold", T.hex_colour(p.color))]
    if p.description:
        out.append((p.description, "small", T.INK_DIM))
    out.append((f"Relations {p.relation:+.0f} ({p.stance})"
                + (f"; dependence {p.dependence:.0f}" if p.dependence is not None else ""), "small", T.INK))
    out.append((p.ladder_text(), "small", T.INK_DIM))
    out.append((f"Pressure now: {p.rung_name}", "small", T.BAD if p.rung else T.INK_DIM))
    if p.next_rung_name:
        eff = "; ".join(effect_line(e)[0] for e in p.next_rung_effects) or "no direct effects"
        out.append((f"Next rung: {p.next_rung_name} ({eff})", "small", T.WARN))
    if p.warning:
        out.append((p.warning, "small", T.WARN))
    if p.last_response:
        out.append((f"Last move: {p.last_response}", "small", T.INK_DIM))
    if p.offers:
        out.append(("Open offers (accept by choosing the card):", "small_bold", T.ACCENT))
        for o in p.offers:
            out.append((f"• {o.name}: {turns_left_text(o.turns_left)}", "small", T.INK))
            if o.conditions:
                out.append(("  " + offer_strings(o), "small", T.INK_DIM))
            if o.effects:
                out.append(("  " + "; ".join(e.text() for e in o.effects), "small", T.INK_DIM))
    likely = [r for r in session.preview.responses if r.power == p.id and r.probability >= 0.05] \
        if session.forecast_allowed else []
    if likely:
        out.append(("Likely replies this turn:", "small_bold", T.ACCENT))
        for r in likely:
            out.append((f"• {r.name} ({r.probability:.0%})", "small", T.INK_DIM))
    return out
