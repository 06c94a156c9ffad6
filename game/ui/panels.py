"""The main screen's panels, drawn from an Observation: indicators, powers, value chain, action
cards and the preview. Each function paints inside a rect and reads nothing but its arguments.
"""
from __future__ import annotations

from typing import Callable

import pygame

from game.engine.views import ActionOption, IndicatorView, PowerView, Preview, StageView

from . import draw as D
from . import theme as T
from .words import cost_text, effect_line, good_of, plural

Lerp = Callable[[str, float], float]


def ease(t: float) -> float:
    t = max(0.0, min(1.0, t))
    return 1 - (1 - t) ** 3


def indicator_row(surf, th: T.Theme, r: pygame.Rect, ind: IndicatorView, shown: float, focus: bool,
                  flash: float) -> None:
    px = th.px
    hist = list(ind.history)
    delta = hist[-1] - hist[-2] if len(hist) >= 2 else 0.0
    if focus:
        pygame.draw.rect(surf, T.PANEL_HI, r, border_radius=px(4))
    num_w = px(62)
    delta_w = px(40)
    spark_w = px(48)
    name_w = r.w - num_w - delta_w - spark_w - px(16)
    D.text(surf, th, ind.name, (r.x + px(4), r.centery), "small", T.INK_DIM, "left", "middle", max_width=name_w)
    sr = pygame.Rect(r.x + px(8) + name_w, r.y + px(6), spark_w, r.h - px(12))
    colour = D.delta_colour(delta, ind.good) if abs(delta) > 1e-9 else T.INK_FAINT
    D.sparkline(surf, th, sr, hist, T.mix(T.INK_FAINT, T.INK_DIM, 0.5), ind.min if ind.max - ind.min < 30 else None,
                ind.max if ind.max - ind.min < 30 else None, last_colour=colour)
    val = D.value_text(shown, ind.unit, ind.decimals)
    D.text(surf, th, val, (r.right - delta_w - px(4), r.centery), "small_bold", T.INK, "right", "middle")
    if abs(delta) >= 0.5 * 10 ** (-ind.decimals):
        c = D.delta_colour(delta, ind.good)
        if flash > 0:
            c = T.mix(c, T.INK, flash * 0.6)
        D.text(surf, th, D.signed(delta, ind.decimals), (r.right - px(2), r.centery), "tiny_bold", c, "right", "middle")


def power_card(surf, th: T.Theme, r: pygame.Rect, p: PowerView, relation: float, threshold: float | None,
               rungs: int, offers: int, focus: bool) -> None:
    px = th.px
    colour = T.hex_colour(p.color)
    fill = T.PANEL_HI if focus else T.mix(T.PANEL, T.PANEL_HI, 0.5)
    pygame.draw.rect(surf, fill, r, border_radius=px(6))
    pygame.draw.rect(surf, colour, (r.x, r.y + px(6), px(3), r.h - px(12)))
    x = r.x + px(12)
    w = r.w - px(22)
    y = r.y + px(7)
    lh = th.line_height("body_bold")
    D.text(surf, th, p.name, (x, y), "body_bold", T.INK, max_width=w // 2)
    stance_col = {"hostile": T.BAD, "cool": T.WARN, "cordial": T.INK_DIM, "close": T.GOOD}.get(p.stance, T.INK_DIM)
    D.text(surf, th, f"{p.stance} · {D.signed(relation)}", (x + w, y + px(2)), "small_bold", stance_col, "right")
    y += lh + px(3)
    g = pygame.Rect(x, y, w, max(4, px(6)))
    D.gauge(surf, th, g, relation, -100, 100, colour, centre=0, marker=threshold)
    y = g.bottom + px(7)
    # pressure ladder: one pip per rung
    lbl = D.text(surf, th, "Pressure", (x, y), "tiny", T.INK_FAINT)
    pr = D.pips(surf, th, lbl.right + px(6), y + px(3), p.rung, rungs, T.BAD, size=px(12), shape="bar",
                empty=T.mix(T.PANEL_LINE, T.BG, 0.2))
    D.text(surf, th, p.rung_name, (pr.right + px(6), y), "tiny_bold", T.BAD if p.rung else T.INK_DIM,
           max_width=max(px(40), x + w - pr.right - px(100)))
    pt = D.pips(surf, th, x + w - p.patience_max * px(10), y + px(2), p.patience, p.patience_max,
                T.mix(T.WARN, T.GOOD, p.patience / max(1, p.patience_max)), size=px(7))
    D.text(surf, th, "Patience", (pt.x - px(6), y), "tiny", T.INK_FAINT, "right")
    y += th.line_height("tiny") + px(3)
    if p.warning:
        D.text(surf, th, "⚠ " + p.warning, (x, y), "tiny_bold", T.WARN, max_width=w)
    else:
        bits = []
        if p.last_response:
            bits.append(f"Last: {p.last_response}")
        if p.dependence is not None:
            bits.append(f"dependence {p.dependence:.0f}")
        if offers:
            bits.append(plural(offers, "deal") + " open")
        D.text(surf, th, " · ".join(bits) or "No moves yet", (x, y), "tiny", T.INK_DIM, max_width=w)


def power_tip(session, p: PowerView) -> list:
    g = session.game
    power = g.powers.get(p.id)
    out = [(p.name, "body_bold", T.hex_colour(p.color))]
    if power is not None and power.description:
        out.append((power.description, "small", T.INK_DIM))
    out.append((f"Relations {p.relation:+.0f} ({p.stance})"
                + (f"; dependence {p.dependence:.0f}" if p.dependence is not None else ""), "small", T.INK))
    if power is not None:
        out.append((f"Patience {p.patience}/{p.patience_max}: it drains each turn relations stay below "
                    f"{power.ladder.threshold:g}; at zero it climbs a rung.", "small", T.INK_DIM))
    out.append((f"Pressure now: {p.rung_name}", "small", T.BAD if p.rung else T.INK_DIM))
    if p.next_rung_name:
        eff = "; ".join(effect_line(session, e)[0] for e in p.next_rung_effects) or "no direct effects"
        out.append((f"Next rung: {p.next_rung_name} ({eff})", "small", T.WARN))
    if p.warning:
        out.append((p.warning, "small", T.WARN))
    if p.last_response:
        out.append((f"Last move: {p.last_response}", "small", T.INK_DIM))
    deals = [o for o in session.options if o.with_power == p.id]
    if deals:
        out.append(("Deals on the table:", "small_bold", T.ACCENT))
        for o in deals:
            state = "open" if o.available else (o.reason or "closed")
            out.append((f"• {o.name} ({cost_text(session, o.cost)}): {state}", "small",
                        T.INK if o.available else T.INK_FAINT))
    likely = [r for r in session.preview.responses if r.power == p.id and r.probability >= 0.05]
    if likely:
        out.append(("Likely replies this turn:", "small_bold", T.ACCENT))
        for r in likely:
            out.append((f"• {r.name} ({r.probability:.0%})", "small", T.INK_DIM))
    return out


def card(surf, th: T.Theme, r: pygame.Rect, session, o: ActionOption, number: int | None, chosen: bool,
         blocked: str | None, focus: bool, power_colour) -> None:
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
    D.text(surf, th, o.name, (nx, y), "small_bold", ink, max_width=x + w - nx - (px(16) if chosen else 0))
    y += th.line_height("small_bold")
    sub = o.category
    if o.with_power:
        sub += f" · with {session.game.name(o.with_power)}"
    if o.project_turns:
        sub += f" · {plural(o.project_turns, 'turn')} to build"
    D.text(surf, th, sub, (x, y), "tiny", T.INK_FAINT if not avail else T.INK_DIM, max_width=w)
    y += th.line_height("tiny") + px(2)
    lines_left = max(1, (r.bottom - px(26) - y) // th.line_height("tiny"))
    effs = [effect_line(session, e) for e in o.effects]
    if not avail and not chosen:
        reason = blocked or o.reason or "Unavailable."
        D.paragraph(surf, th, reason, pygame.Rect(x, y, w, 999), "tiny", T.WARN, max_lines=lines_left)
    else:
        for s, c in effs[:lines_left]:
            D.text(surf, th, s, (x, y), "tiny", c, max_width=w)
            y += th.line_height("tiny")
        if len(effs) > lines_left:
            D.text(surf, th, f"+{len(effs) - lines_left} more", (x + w, r.bottom - px(24)), "tiny", T.INK_FAINT,
                   "right", "bottom")
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


def card_tip(session, o: ActionOption, blocked: str | None) -> list:
    g = session.game
    out = [(o.name, "body_bold", T.INK)]
    if o.description:
        out.append((o.description, "small", T.INK_DIM))
    out.append((f"Cost: {cost_text(session, o.cost)}" + (f"; a project of {plural(o.project_turns, 'turn')}"
                                                          if o.project_turns else "")
                + ("; once per game" if o.once else ""), "small", T.ACCENT_HI))
    for e in o.effects:
        s, c = effect_line(session, e)
        out.append(("• " + s, "small", c))
    a = g.actions.get(o.id)
    if a is not None and a.excludes:
        out.append(("Closes for good: " + ", ".join(g.name(x) for x in a.excludes), "small", T.WARN))
    if not o.available:
        out.append(("Unavailable: " + (o.reason or ""), "small", T.BAD))
    elif blocked:
        out.append(("Cannot add now: " + blocked, "small", T.BAD))
    return out


def preview_panel(surf, th: T.Theme, r: pygame.Rect, session, pv: Preview) -> list[tuple[pygame.Rect, object]]:
    """Expected changes, likely replies, warnings; returns hover rects for the lines."""
    px = th.px
    x, y, w = r.x, r.y, r.w
    spots = []
    cap, money = pv.capital_left, pv.money_left
    lh = th.line_height("small")
    line = (f"Left after these orders: {cap} capital · {money:.1f} {session.money_unit}").strip()
    D.text(surf, th, line, (x, y), "small_bold", T.BAD if cap < 0 or money < 0 else T.ACCENT_HI, max_width=w)
    y += lh + px(4)
    bottom = r.bottom
    lines = [ln for ln in pv.lines if abs(ln.expected) > 1e-6 or abs(ln.high - ln.low) > 1e-6 or abs(ln.later) > 1e-6]
    if not lines:
        D.text(surf, th, "No changes expected yet: choose actions below.", (x, y), "small", T.INK_FAINT, max_width=w)
        y += lh
    shown = 0
    reserve = lh * (2 + min(3, len(pv.warnings)) + min(2, len(pv.problems)))
    for ln in lines:
        if y + lh > bottom - reserve:
            break
        unit, dec = session.unit_of(ln.indicator)
        d = max(1, dec)
        good = good_of(session, ln.indicator)
        row = pygame.Rect(x, y, w, lh)
        D.text(surf, th, ln.name, (x, y), "small", T.INK_DIM, max_width=w - px(150))
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
    for wmsg in pv.warnings[:3]:
        y += D.paragraph(surf, th, "⚠ " + wmsg, pygame.Rect(x, y, w, 999), "tiny_bold", T.WARN, max_lines=2)
    for p in session.problems()[:2]:
        y += D.paragraph(surf, th, "✗ " + p, pygame.Rect(x, y, w, 999), "tiny_bold", T.BAD, max_lines=2)
    return spots


def preview_tip(session, pv: Preview) -> list:
    out = [("Forecast of this turn", "body_bold", T.INK),
           ("Expected change with the powers' likely replies at their odds; the range runs from "
            "their least to their most favourable reply. Events may add to it.", "small", T.INK_DIM)]
    for ln in pv.lines:
        unit, dec = session.unit_of(ln.indicator)
        d = max(1, dec)
        rng = f" (range {D.signed(ln.low, d)} to {D.signed(ln.high, d)})" if abs(ln.high - ln.low) > 1e-6 else ""
        later = f"; later {D.signed(ln.later, d)}" if abs(ln.later) > 1e-6 else ""
        out.append((f"{ln.name}: {D.signed(ln.expected, d)}{rng}{later}", "small",
                    D.delta_colour(ln.expected, good_of(session, ln.indicator))))
    likely = [r for r in pv.responses if r.probability >= 0.05]
    if likely:
        out.append(("Likely replies", "small_bold", T.ACCENT))
        for r in likely:
            out.append((f"{r.power_name}: {r.name} ({r.probability:.0%})", "small", T.INK_DIM))
    return out


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
        x, y, w = b.x + px(10), b.y + px(4), b.w - px(20)
        cap = shown(f"stage:{st.id}", st.capacity)
        nums = f"{st.output:.1f} / {cap:.1f} {unit}".strip()
        nw = th.size(nums, "tiny")[0]
        D.text(surf, th, st.name, (x, y), "small_bold", T.INK if active else T.INK_DIM, max_width=w - nw - px(8))
        D.text(surf, th, nums, (x + w, y + px(2)), "tiny", T.INK_DIM if active else T.INK_FAINT, "right")
        y += th.line_height("small_bold") + px(1)
        D.gauge(surf, th, pygame.Rect(x, y, w, max(3, px(4))), cap, 0, top, T.ACCENT if active else T.PANEL_LINE)
        y += px(7)
        if st.projects:
            pj = st.projects[0]
            D.text(surf, th, f"⚒ {pj.name}: {plural(pj.turns_left, 'turn')} left", (x, y), "tiny_bold", T.ACCENT_HI,
                   max_width=w)
        elif not active:
            D.text(surf, th, "not built yet", (x, y), "tiny", T.INK_FAINT)
        elif st.output + 1e-9 < st.capacity:
            D.text(surf, th, "held back by the stage above", (x, y), "tiny", T.WARN, max_width=w)
        else:
            D.text(surf, th, "working at capacity", (x, y), "tiny", T.GOOD)
