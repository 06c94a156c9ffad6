"""The main screen's panels, drawn from an Observation: indicators, powers, value chain, action
cards and the preview. Each function paints inside a rect and reads nothing but its arguments.
"""
from __future__ import annotations

from typing import Callable

import pygame

from game.engine.views import (ActionOption, CostView, IndicatorView, OfferView, PowerView, Preview, StageView,
                               shown_change)

from . import draw as D
from . import theme as T
from .words import cost_text, effect_line, good_of, plural

Lerp = Callable[[str, float], float]


def ease(t: float) -> float:
    t = max(0.0, min(1.0, t))
    return 1 - (1 - t) ** 3


NUM_W, DELTA_W, SPARK_W = 62, 40, 44     # the indicator row's columns right of the name


def indicator_name_width(th: T.Theme, row_w: int) -> int:
    px = th.px
    return row_w - px(NUM_W) - px(DELTA_W) - px(SPARK_W) - px(16)


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
        pygame.draw.rect(surf, T.PANEL_HI, r, border_radius=px(4))
    delta_w = px(DELTA_W)
    name_w = indicator_name_width(th, r.w)
    if lines is None:
        lines, role = indicator_name_lines(th, ind.name, name_w)
    lh = th.line_height(role)
    y = r.centery - len(lines) * lh // 2
    for ln in lines:
        D.text(surf, th, ln, (r.x + px(4), y), role, T.INK_DIM, max_width=name_w)
        y += lh
    val = D.value_text(shown, ind.unit, ind.decimals)
    val_left = r.right - delta_w - px(4) - th.size(val, "small_bold")[0]
    sh = min(r.h - px(8), px(18))
    # A long value ("0.2 % GDP") takes room from the sparkline rather than drawing over it.
    spark_w = min(px(SPARK_W), val_left - px(6) - (r.x + px(8) + name_w))
    if spark_w >= px(16):
        sr = pygame.Rect(r.x + px(8) + name_w, r.centery - sh // 2, spark_w, sh)
        colour = D.delta_colour(delta, ind.good) if abs(delta) > 1e-9 else T.INK_FAINT
        D.sparkline(surf, th, sr, hist, T.mix(T.INK_FAINT, T.INK_DIM, 0.5),
                    ind.min if ind.max - ind.min < 30 else None,
                    ind.max if ind.max - ind.min < 30 else None, last_colour=colour)
    D.text(surf, th, val, (r.right - delta_w - px(4), r.centery), "small_bold", T.INK, "right", "middle")
    if abs(delta) >= 0.5 * 10 ** (-ind.decimals):
        c = D.delta_colour(delta, ind.good)
        if flash > 0:
            c = T.mix(c, T.INK, flash * 0.6)
        D.text(surf, th, D.signed(delta, ind.decimals), (r.right - px(2), r.centery), "tiny_bold", c, "right", "middle")


POWER_PAD = 8        # space under a power card's last line
OFFER_GAP = 6        # space above each offer in a power card


def shows_last_line(p: PowerView, detail: int) -> bool:
    """Whether a power card shows its warning or last move: always, except that a power with
    offers gives that line to them when room is short (its last move is in its tooltip)."""
    return bool(p.warning) or not p.offers or detail >= 2


def power_base_height(th: T.Theme, p: PowerView, detail: int) -> int:
    """A power card without its offers: name, gauge, ladder and patience, last move or warning."""
    px = th.px
    h = px(7) + th.line_height("body_bold") + px(3) + max(4, px(6)) + px(7) + th.line_height("tiny")
    if shows_last_line(p, detail):
        h += px(3) + th.line_height("tiny")
    return h + px(POWER_PAD)


def offer_strings(o: OfferView) -> str:
    return ("Requires: " + "; ".join(o.conditions)) if o.conditions else ""


OFFER_DETAIL = (3, 2, 1, 0)     # from the most that may be shown of an offer to the least


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
    inner_w = w - th.px(22)
    return power_base_height(th, p, detail) + sum(offer_height(th, o, inner_w, detail) for o in p.offers)


def power_card(surf, th: T.Theme, r: pygame.Rect, p: PowerView, relation: float, rungs: int, focus: bool,
               detail: int = 3, after=None) -> None:
    """A power's panel: relation gauge (with the threshold below which its patience drains), the
    pressure ladder and its patience, and its last move or its warning. Offers are drawn by
    `offer_row` in the rects the screen laid out for them."""
    px = th.px
    colour = T.hex_colour(p.color)
    fill = T.PANEL_HI if focus else T.mix(T.PANEL, T.PANEL_HI, 0.5)
    pygame.draw.rect(surf, fill, r, border_radius=px(6))
    pygame.draw.rect(surf, colour, (r.x, r.y + px(6), px(3), r.h - px(12)))
    x = r.x + px(12)
    w = r.w - px(22)
    y = r.y + px(7)
    lh = th.line_height("body_bold")
    stance = f"{p.stance} · {D.signed(relation)}"
    name_w = w - th.size(stance, "small_bold")[0] - px(10)
    role = power_name_role(th, p.name, name_w)
    D.text(surf, th, p.name, (x, y + (lh - th.line_height(role)) // 2), role, T.INK, max_width=name_w)
    stance_col = {"hostile": T.BAD, "cool": T.WARN, "cordial": T.INK_DIM, "close": T.GOOD}.get(p.stance, T.INK_DIM)
    D.text(surf, th, stance, (x + w, y + px(2)), "small_bold", stance_col, "right")
    y += lh + px(3)
    g = pygame.Rect(x, y, w, max(4, px(6)))
    D.gauge(surf, th, g, relation, -100, 100, colour, centre=0, marker=p.threshold)
    y = g.bottom + px(7)
    # pressure ladder: one pip per rung (a power without one says so instead)
    if not rungs:
        D.text(surf, th, "Never escalates: no pressure ladder", (x, y), "tiny", T.INK_FAINT, max_width=w)
    else:
        lbl = D.text(surf, th, "Pressure", (x, y), "tiny", T.INK_FAINT)
        pr = D.pips(surf, th, lbl.right + px(6), y + px(3), p.rung, rungs, T.BAD, size=px(12), shape="bar",
                    empty=T.mix(T.PANEL_LINE, T.BG, 0.2))
        # `after` (the forecast's PressureAfter): where the ladder will most likely stand once the
        # turn is over, so a concession or a climb shows at once, before the turn ends
        rung_label = (p.rung_name if after is None or after.after == p.rung
                      else f"{p.rung_name} → {after.after_name}")
        D.text(surf, th, rung_label, (pr.right + px(6), y), "tiny_bold",
               T.BAD if p.rung or (after and after.after) else T.INK_DIM,
               max_width=max(px(40), x + w - pr.right - px(100)))
        pt = D.pips(surf, th, x + w - p.patience_max * px(10), y + px(2), p.patience, p.patience_max,
                    T.mix(T.WARN, T.GOOD, p.patience / max(1, p.patience_max)), size=px(7))
        D.text(surf, th, "Patience", (pt.x - px(6), y), "tiny", T.INK_FAINT, "right")
    y += th.line_height("tiny") + px(3)
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
    box = pygame.Rect(r.x - px(6), y - px(3), r.w + px(12), r.bottom - y + px(6))
    if chosen or focus:
        pygame.draw.rect(surf, T.mix(T.PANEL_HI, T.ACCENT, 0.22 if chosen else 0.1), box, border_radius=px(4))
    if chosen:
        pygame.draw.rect(surf, T.ACCENT, box, width=1, border_radius=px(4))
    pygame.draw.line(surf, T.PANEL_LINE, (x, y - px(4)), (x + w, y - px(4)))
    b = D.badge(surf, th, "✓ ACCEPTED" if chosen else "OFFER", (x, y), T.ACCENT if chosen else colour)
    left = turns_left_text(o.turns_left)
    lw = th.size(left, "tiny_bold")[0]
    D.text(surf, th, left, (x + w, y), "tiny_bold", T.WARN if o.turns_left <= 1 else T.INK_DIM, "right")
    D.text(surf, th, o.name, (b.right + px(6), y), "tiny_bold", T.INK, max_width=x + w - lw - b.right - px(14))
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


def warnings_box(surf, th: T.Theme, r: pygame.Rect, warnings, role: str = "tiny_bold") -> None:
    """The threats the player should see before ending the turn, in a box that stands out."""
    px = th.px
    g = pygame.Surface(r.size, pygame.SRCALPHA)
    pygame.draw.rect(g, (*T.mix(T.BG_DEEP, T.BAD, 0.16), 228), g.get_rect(), border_radius=px(6))
    surf.blit(g, r.topleft)
    pygame.draw.rect(surf, T.BAD, r, width=max(1, px(1)), border_radius=px(6))
    pygame.draw.rect(surf, T.BAD, (r.x, r.y + px(5), px(4), r.h - px(10)))
    x, w = r.x + px(14), r.w - px(24)
    y = r.y + px(6)
    D.text(surf, th, "⚠ WARNING" if len(warnings) == 1 else f"⚠ {len(warnings)} WARNINGS", (x, y), "tiny_bold", T.BAD)
    y += th.line_height("tiny_bold") + px(2)
    for wmsg in warnings:
        if y + th.line_height(role) > r.bottom:
            break
        y += D.paragraph(surf, th, wmsg, pygame.Rect(x, y, w, 999), role, T.WARN,
                         max_lines=max(1, (r.bottom - px(4) - y) // th.line_height(role)))


def warnings_height(th: T.Theme, warnings, w: int, role: str = "tiny_bold") -> int:
    px = th.px
    return (px(6) + th.line_height("tiny_bold") + px(2)
            + sum(D.paragraph_height(th, m, role, w - px(24)) for m in warnings) + px(8))


def card(surf, th: T.Theme, r: pygame.Rect, session, o: ActionOption, number: int | None, chosen: bool,
         blocked: str | None, focus: bool, power_colour, offer: OfferView | None = None) -> None:
    """An action card. A card that accepts a power's open offer carries an OFFER tag with the
    turns it stays open."""
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
    pygame.draw.rect(surf, fill, r, border_radius=px(6))
    pygame.draw.rect(surf, edge, r, width=max(1, px(2) if chosen else 1), border_radius=px(6))
    if power_colour is not None:
        pygame.draw.rect(surf, power_colour, (r.x + px(6), r.y, r.w - px(12), px(3)))
    x, y, w = r.x + px(10), r.y + px(8), r.w - px(20)
    ink = T.INK if (avail or chosen) else T.INK_FAINT
    nx = x
    if number is not None:
        b = D.badge(surf, th, str(number), (x, y + px(1)), T.ACCENT if chosen else T.PANEL_LINE,
                    fg=T.BG_DEEP if chosen else T.INK)
        nx = b.right + px(6)
    if chosen:
        D.text(surf, th, "✓", (r.right - px(10), y - px(2)), "body_bold", T.ACCENT_HI, "right")
    # the whole name, on up to three lines
    title_w = x + w - nx - (px(16) if chosen else 0)
    names = D.wrap(th, o.name, "small_bold", title_w)
    if len(names) > 3:
        names = names[:2] + [D.elide(th, " ".join(names[2:]), "small_bold", title_w)]
    for ln in names:
        D.text(surf, th, ln, (nx, y), "small_bold", ink)
        y += th.line_height("small_bold")
    tl = th.line_height("tiny")
    # a card too short for its two-line name, the sub-line and two lines of effects leaves the
    # sub-line out (the category is the tab's, the power's colour is along the top)
    keep_sub = len(names) < 2 or r.bottom - px(24) - y >= 3 * tl + px(2)
    sub = o.category
    if o.offered_by:
        sub += f" · offer from {session.game.name(o.offered_by)}"
    elif o.with_power:
        sub += f" · with {session.game.name(o.with_power)}"
    if o.project_turns:
        sub += f" · {plural(o.project_turns, 'turn')} to build"
    if keep_sub:
        D.text(surf, th, sub, (x, y), "tiny", T.INK_FAINT if not avail else T.INK_DIM, max_width=w)
        y += tl + px(2)
    lines_left = max(1, (r.bottom - px(24) - y) // tl)
    effs = [effect_line(e) for e in o.effects]
    if not avail and not chosen:
        reason = blocked or o.reason or "Unavailable."
        D.paragraph(surf, th, reason, pygame.Rect(x, y, w, 999), "tiny", T.WARN, max_lines=lines_left)
    else:
        more = f"+{len(effs) - lines_left} more" if len(effs) > lines_left else ""
        for i, (s, c) in enumerate(effs[:lines_left]):
            last = i == lines_left - 1 and more
            D.text(surf, th, s, (x, y), "tiny", c, max_width=w - (th.size(more, "tiny")[0] + px(6) if last else 0))
            if last:
                D.text(surf, th, more, (x + w, y), "tiny", T.INK_FAINT, "right")
            y += tl
    # cost along the bottom
    cy = r.bottom - px(20)
    cx = x
    if o.cost.capital:
        pr = D.pips(surf, th, cx, cy + px(3), o.cost.capital, o.cost.capital, T.ACCENT if avail else T.INK_FAINT,
                    size=px(9), shape="diamond")
        cx = pr.right + px(6)
    if o.cost.money:
        D.text(surf, th, f"{o.cost.money:g} {session.money_unit}".strip(), (cx, cy), "tiny_bold",
               T.ACCENT_HI if avail else T.INK_FAINT)
    if not o.cost.capital and not o.cost.money:
        D.text(surf, th, "free", (cx, cy), "tiny", T.INK_FAINT)
    if o.offered_by:
        left = offer.turns_left if offer is not None else 0
        tag = "OFFER · " + ("last turn" if left <= 1 else f"{left} turns left")
        D.badge(surf, th, tag, (r.right - px(8), cy - px(1)), power_colour or T.ACCENT, align="right",
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


def preview_panel(surf, th: T.Theme, r: pygame.Rect, session, pv: Preview) -> list[tuple[pygame.Rect, object]]:
    """Expected changes, likely replies, warnings; returns hover rects for the lines."""
    px = th.px
    x, y, w = r.x, r.y, r.w
    spots = []
    cap, money = pv.capital_left, pv.money_left
    lh = th.line_height("small")
    line = (f"Left after these orders: {cap} capital · {D.number(money, 1)} {session.money_unit}").strip()
    D.text(surf, th, line, (x, y), "small_bold", T.BAD if cap < 0 or money < 0 else T.ACCENT_HI, max_width=w)
    y += lh + px(4)
    bottom = r.bottom
    lines = [ln for ln in pv.lines if abs(ln.expected) > 1e-6 or abs(ln.high - ln.low) > 1e-6 or abs(ln.later) > 1e-6]
    if not lines:
        D.text(surf, th, "No changes expected yet: choose actions below.", (x, y), "small", T.INK_FAINT, max_width=w)
        y += lh
    shown = 0
    reserve = lh * (2 + min(3, len(pv.warnings)) + min(2, len(pv.problems)))
    # At least three lines of numbers, even if warnings then give up some of their room.
    # One warning keeps its place (it says what the numbers cannot: a power about to climb).
    keep_one = 2 * th.line_height("tiny_bold") + px(4) if (pv.warnings or session.problems()) else 0
    reserve = max(th.line_height("tiny") + keep_one,
                  min(reserve, bottom - y - lh * min(3, len(lines)) - th.line_height("tiny")))
    room = max(0, (bottom - reserve - y) // lh)
    if room < len(lines):   # show the biggest changes (for their range), in the list's own order
        def weight(ln):
            lo, hi = session.range_of(ln.indicator)
            return (bool(ln.causes), abs(ln.expected) / max(1e-9, hi - lo))
        keep = set(sorted(range(len(lines)), key=lambda i: weight(lines[i]), reverse=True)[:room])
        lines_shown = [ln for i, ln in enumerate(lines) if i in keep]
    else:
        lines_shown = lines
    # one face for every row (the small one only if every name fits it), so rows never mix sizes
    name_role = indicator_names_role(th, [ln.name for ln in lines_shown], w - px(150))
    for ln in lines_shown:
        if y + lh > bottom - reserve:
            break
        unit, dec = session.unit_of(ln.indicator)
        d = max(1, dec)
        good = good_of(session, ln.indicator)
        row = pygame.Rect(x, y, w, lh)
        D.text(surf, th, ln.name, (x, y + (lh - th.line_height(name_role)) // 2), name_role, T.INK_DIM,
               max_width=w - px(150))
        D.text(surf, th, D.signed(ln.expected, d), (x + w - px(86), y), "small_bold",
               D.delta_colour(ln.expected, good, 0.5 * 10 ** -d), "right")
        if abs(ln.high - ln.low) > 1e-6:
            D.text(surf, th, f"{D.signed(ln.low, d)}…{D.signed(ln.high, d)}", (x + w, y), "tiny", T.INK_FAINT, "right")
        elif abs(ln.later) > 1e-6:
            D.text(surf, th, f"later {D.signed(ln.later, d)}", (x + w, y), "tiny", T.INK_FAINT, "right")
        spots.append((row, ln))
        y += lh
        shown += 1
    if shown < len(lines):
        D.text(surf, th, f"+{len(lines) - shown} more (hover the panel)", (x, y), "tiny", T.INK_FAINT)
        y += th.line_height("tiny")
    y += px(4)
    likely = [rr for rr in pv.responses if rr.probability >= 0.05]
    if likely and y + 2 * lh < bottom - reserve:
        y += px(4)
        D.text(surf, th, "LIKELY REPLIES", (x, y), "tiny_bold", T.ACCENT)
        y += th.line_height("tiny_bold") + px(2)
        tl = th.line_height("tiny")
        for rr in sorted(likely, key=lambda q: (q.power_name, -q.probability)):
            if y + tl > bottom - reserve:
                break
            D.text(surf, th, f"{rr.power_name}: {rr.name}", (x, y), "tiny", T.INK_DIM, max_width=w - px(44))
            D.text(surf, th, f"{rr.probability:.0%}", (x + w, y), "tiny_bold", T.INK_DIM, "right")
            y += tl
        y += px(4)
    notes = [("⚠ " + m, T.WARN) for m in pv.warnings[:3]] + [("✗ " + m, T.BAD) for m in session.problems()[:2]]
    tl = th.line_height("tiny_bold")
    for k, (msg, colour) in enumerate(notes):
        if y + tl > bottom:   # what does not fit is in the panel's tooltip
            break
        lines_left = max(1, min(2, (bottom - y) // tl))
        y += D.paragraph(surf, th, msg, pygame.Rect(x, y, w, 999), "tiny_bold", colour, max_lines=lines_left)
    return spots


def preview_tip(session, pv: Preview) -> list:
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
    for msg in session.problems():
        out.append(("✗ " + msg, "small", T.BAD))
    return out


def stage_height(th: T.Theme) -> int:
    """A value-chain stage: its name and numbers on one line, a gauge and its state on the next."""
    return th.px(6) + th.line_height("small_bold") + th.line_height("tiny") + th.px(2)


def chain_column(surf, th: T.Theme, r: pygame.Rect, chain: tuple[StageView, ...], stage_h: int, unit: str,
                 focus_key: str | None, shown: Lerp) -> None:
    """The value chain as stages top to bottom (ore first), each with capacity, output and projects."""
    px = th.px
    top = max([s.capacity for s in chain] + [1.0])
    for i, st in enumerate(chain):
        b = pygame.Rect(r.x, r.y + i * (stage_h + px(4)), r.w, stage_h)
        active = st.capacity > 0
        pygame.draw.rect(surf, T.PANEL_HI if (active or focus_key == f"stage:{st.id}") else T.mix(T.PANEL, T.BG, 0.3),
                         b, border_radius=px(5))
        x, y, w = b.x + px(10), b.y + px(3), b.w - px(20)
        cap = shown(f"stage:{st.id}", st.capacity)
        # While the capacity rolls to its new value, output never reads above it.
        nums = f"{min(st.output, cap):.1f} / {cap:.1f} {st.unit or unit}".strip()
        nw = th.size(nums, "tiny")[0]
        D.text(surf, th, st.name, (x, y), "small_bold", T.INK if active else T.INK_DIM, max_width=w - nw - px(8))
        D.text(surf, th, nums, (x + w, y + px(2)), "tiny", T.INK_DIM if active else T.INK_FAINT, "right")
        y += th.line_height("small_bold")
        tl = th.line_height("tiny")
        gw = max(px(40), w // 3)
        D.gauge(surf, th, pygame.Rect(x, y + tl // 2 - px(2), gw, max(3, px(4))), cap, 0, top,
                T.ACCENT if active else T.PANEL_LINE)
        sx, sw = x + gw + px(8), w - gw - px(8)
        if st.projects:
            pj = st.projects[0]
            D.text(surf, th, f"⚒ {pj.name}: {pj.when()}", (sx, y), "tiny_bold",
                   T.ACCENT_HI, max_width=sw)
        elif st.coming and round(sum(x.effect.amount for x in st.coming), 1) != 0:
            c = st.coming[0]
            when = "this turn" if c.effect.delay <= 0 else f"in {plural(c.effect.delay, 'turn')}"
            D.text(surf, th, f"{D.signed(sum(x.effect.amount for x in st.coming), 1)} coming, first {when}",
                   (sx, y), "tiny_bold", T.ACCENT_HI, max_width=sw)
        elif not active:
            D.text(surf, th, "not built yet", (sx, y), "tiny", T.INK_FAINT, max_width=sw)
        elif st.output + 1e-9 < st.capacity:
            D.text(surf, th, "held back by the stage above", (sx, y), "tiny", T.WARN, max_width=sw)
        else:
            D.text(surf, th, "working at capacity", (sx, y), "tiny", T.GOOD, max_width=sw)
