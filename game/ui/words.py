"""How the game's numbers read on screen: effects, costs and causes, with their colours."""
from __future__ import annotations

from game.engine.calendar import add_months, quarter_label
from game.engine.views import CauseLine, CostView, EffectView

from . import draw as D
from . import theme as T


def good_of(session, ident: str) -> str:
    return session.good_of(ident)


def effect_colour(e: EffectView) -> tuple:
    fav = e.favourable
    return T.INK_DIM if fav is None else T.GOOD if fav else T.BAD


def effect_line(e: EffectView) -> tuple[str, tuple]:
    """An effect in words (in its indicator's unit) and the colour of good or bad news for the state."""
    return e.text(), effect_colour(e)


def cost_text(session, cost: CostView) -> str:
    parts = []
    if cost.capital:
        parts.append(f"{cost.capital} capital")
    if cost.money:
        parts.append(f"{cost.money:g} {session.money_unit}".strip())
    return " + ".join(parts) if parts else "free"


def cause_lines(session, ident: str, causes: list[CauseLine], limit: int = 8) -> list[tuple[str, str, tuple]]:
    unit, dec = session.unit_of(ident)
    good = good_of(session, ident)
    d = max(1, dec)
    out = []
    seen = [c for c in causes if round(c.amount, d) != 0]  # a cause that rounds to nothing says nothing
    for c in seen[:limit]:
        out.append((f"{D.signed(c.amount, d)}  {c.text}", "small", D.delta_colour(c.amount, good)))
    listed = {id(c) for c in seen[:limit]}
    rest = [c for c in causes if id(c) not in listed]
    if rest:
        total = sum(c.amount for c in rest)
        amount = f"{D.signed(total, d)}  " if round(total, d) != 0 else ""
        out.append((f"{amount}{plural(len(rest), 'smaller cause')}", "small", T.INK_DIM))
    return out


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def length_text(meta) -> str:
    end = add_months(meta.start, (meta.turns - 1) * meta.turn_months)
    kind = {3: "quarterly", 1: "monthly", 6: "half-yearly", 12: "yearly"}.get(meta.turn_months,
                                                                             f"{meta.turn_months}-month")
    return (f"{meta.turns} {kind} turns, {quarter_label(meta.start, meta.turn_months)} – "
            f"{quarter_label(end, meta.turn_months)}")
