"""Design warnings that reason about what a scenario can ever reach, from its structure alone.

No game is played: each indicator gets the interval it can ever take from its range, its start
values and what can move it (effects, links, drift, a derived formula, the market, costs), and the
conditions of actions and events are tested against those intervals, against who may take the
actions they need and against each other. Every conclusion holds in every game of the scenario, so
a warning here is never a guess (what an instructor does from outside it, an inject or an argued
action, aside).

Called by `load._design_warnings` on a valid scenario; `c` is its checker (`c.warn`, `c.smap`).
"""
from __future__ import annotations

import re
from typing import Any, Iterable

from . import model as m
from .diagnostics import Diagnostic

Loc = tuple[Any, ...]

_WORDS = {"above": "above", "below": "below", "at_least": "at least", "at_most": "at most"}


def _g(v: float) -> str:
    return f"{v:g}"


class Reach:
    """Where each indicator can ever be, per state, and why in words."""

    def __init__(self, s: m.Scenario, effects: list[tuple[Loc, m.Effect]]):
        self.s = s
        self.ind = {i.id: i for i in s.indicators}
        self.states = [st.id for st in s.states]
        # Moved by an amount of unknown sign: anywhere in its range.
        self.free: set[str] = {ln.target for ln in s.links} | {i.id for i in s.indicators if i.derived}
        self.free.add(s.money)   # costs lower it, effects and the market raise it
        mk = s.market
        self.free |= {x for x in (mk.price, mk.leader_share, mk.revenue_to, mk.value_added) if x}
        self.ups: set[str] = set()
        self.downs: set[str] = set()
        for _, e in effects:
            if e.formula is not None:
                self.free.add(e.target)
            elif e.change is not None and e.change > 0:
                self.ups.add(e.target)
            elif e.change is not None and e.change < 0:
                self.downs.add(e.target)

    def start(self, iid: str, sid: str | None) -> float:
        i = self.ind[iid]
        if isinstance(i.start, dict):
            return float(i.start.get(sid, i.min)) if sid is not None else float(min(i.start.values()))
        return float(i.start)

    def toward(self, iid: str, sid: str | None) -> float | None:
        d = self.ind[iid].drift
        if d is None:
            return None
        return self.start(iid, sid) if d.toward == "start" else float(d.toward)

    def bounds(self, iid: str, sid: str | None) -> tuple[float, float]:
        """The lowest and highest value `iid` can ever take for state `sid`."""
        i = self.ind[iid]
        if iid in self.free:
            return i.min, i.max
        st = self.start(iid, sid)
        t = self.toward(iid, sid)
        lo = i.min if iid in self.downs else min(st, st if t is None else t)
        hi = i.max if iid in self.ups else max(st, st if t is None else t)
        return max(i.min, lo), min(i.max, hi)

    def starts_text(self, iid: str, sids: Iterable[str]) -> str:
        i = self.ind[iid]
        if not isinstance(i.start, dict):
            return _g(float(i.start))
        values = {sid: self.start(iid, sid) for sid in sids}
        if len(set(values.values())) == 1:
            return _g(next(iter(values.values())))
        return ", ".join(f"{_g(v)} ({sid})" for sid, v in values.items())

    def why(self, iid: str, upward: bool, sids: list[str]) -> str:
        """Why `iid` never gets higher (`upward`) or lower than it does, in words."""
        i = self.ind[iid]
        if iid in self.free or (iid in (self.ups if upward else self.downs)):
            return f"the range of '{iid}' is {_g(i.min)} to {_g(i.max)}"
        drift = i.drift
        start = self.starts_text(iid, sids)
        if iid not in self.ups and iid not in self.downs and drift is None:
            return f"nothing in the scenario changes '{iid}' from its start of {start}"
        verb = "raises" if upward else "lowers"
        if drift is None or drift.toward == "start":
            return f"no effect {verb} '{iid}' {'above' if upward else 'below'} its start of {start}"
        return f"no effect {verb} '{iid}', which starts at {start} and drifts toward {_g(drift.toward)}"


def _holds(op: str, v: float, lo: float, hi: float) -> bool:
    """Whether a test `op v` can hold for some value in [lo, hi]."""
    if op == "above":
        return hi > v
    if op == "at_least":
        return hi >= v
    if op == "below":
        return lo < v
    return lo <= v


def _names(ids: Iterable[str]) -> str:
    ids = list(ids)
    return ", ".join(ids) if ids else "no state"


def design_reach_warnings(s: m.Scenario, c, effects: list[tuple[Loc, m.Effect]]) -> None:
    """Actions that can never be taken or shown, events that never fire, and effects that always
    lose part of their amount at a bound. A test an earlier warning already names (a value outside
    the range, a rung beyond the ladder, a turn after the last, a `building` of no project) counts
    as never holding here, but is not reported twice."""
    said = {(p.line, p.col) for p in c.problems if p.severity == "warning"}

    def warn(loc: Loc, message: str, hint: str) -> None:
        if c.smap.where(loc) not in said:
            c.warn(loc, message, hint)

    r = Reach(s, effects)
    turns = s.meta.turns
    rungs = {p.id: len(p.ladder.rungs) if p.ladder is not None else 0 for p in s.powers}
    all_states = r.states
    actions = {a.id: a for a in s.actions}
    closes = {a.id: set(a.excludes) | {b.id for b in s.actions if a.id in b.excludes} for a in s.actions}
    offered = {aid for p in s.powers for resp in p.responses for aid in resp.offers}

    def who(a: m.Action) -> list[str]:
        return list(all_states if a.who is None else [x for x in a.who if x in all_states])

    # never[aid]: (location, words) of why nobody can ever take the action.
    never: dict[str, tuple[Loc, str]] = {}
    for j, a in enumerate(s.actions):
        if a.offer_only and a.id not in offered:
            never[a.id] = (("actions", j, "offer_only"), "no response offers it")
        elif a.who is not None and not who(a):
            never[a.id] = (("actions", j, "who"), "its `who` lists no state")

    def dead(cond: m.Condition, loc: Loc, sids: list[str], subject: str | None,
             only: str) -> list[tuple[Loc, str, str]]:
        """The tests of `cond` that can never hold for any state of `sids`: (loc, why, hint).
        Empty if the condition can hold (an `any` counts as dead only if all its items are).
        `subject`: the action whose conditions these are (None for an event); `only`: which
        states it concerns, in words, when its `who` names them ('' otherwise)."""
        out: list[tuple[Loc, str, str]] = []
        if cond.indicator is not None and cond.indicator in r.ind:
            iid = cond.indicator
            for key in ("above", "at_least", "below", "at_most"):
                v = getattr(cond, key)
                if v is None:
                    continue
                if not any(_holds(key, v, *r.bounds(iid, sid)) for sid in sids):
                    upward = key in ("above", "at_least")
                    i = r.ind[iid]
                    if r.why(iid, upward, sids).startswith("the range"):
                        hint = (f"pick a value below its max of {_g(i.max)}" if upward
                                else f"pick a value above its min of {_g(i.min)}")
                    else:
                        hint = ("test a value it can reach, or give an action, event or link an effect that "
                                f"{'raises' if upward else 'lowers'} it")
                    out.append((loc + (key,), f"'{iid}' is never {_WORDS[key]} {_g(v)}: {r.why(iid, upward, sids)}",
                                hint))
        if cond.power in rungs and cond.rung_at_least is not None and cond.rung_at_least > rungs[cond.power]:
            out.append((loc + ("rung_at_least",), f"'{cond.power}' never reaches rung {cond.rung_at_least}",
                        "use a rung its ladder has"))
        if cond.turn_from is not None and cond.turn_from > turns:
            out.append((loc + ("turn_from",), f"turn {cond.turn_from} never comes", f"use a turn from 1 to {turns}"))
        if cond.building in actions and not actions[cond.building].project_turns:
            out.append((loc + ("building",), f"'{cond.building}' is not a project", "test `taken:` instead"))
        for key in ("taken", "building"):
            x = getattr(cond, key)
            if x is None or x not in actions:
                continue
            xa = actions[x]
            if key == "taken" and x == subject:
                out.append((loc + (key,), f"'{x}' would have to be taken before it can be",
                            "remove this test; `once: true` or a `cooldown` limits repeats"))
            elif x in never:
                line = c.smap.where(never[x][0])[0]
                out.append((loc + (key,), f"'{x}' can never be taken itself ({never[x][1]}, line {line})",
                            f"make '{x}' possible first"))
            elif not set(who(xa)) & set(sids):
                out.append((loc + (key,), f"'{x}' is only for {_names(who(xa))}{only}",
                            f"add the state to the `who` of '{x}', or remove this test"))
            elif key == "taken" and subject is not None and subject in closes[x]:
                fix = (f"remove '{subject}' from the `excludes` of '{x}'" if subject in xa.excludes
                       else f"remove '{x}' from the `excludes` of '{subject}'")
                out.append((loc + (key,), f"taking '{x}' closes '{subject}' for the rest of the game "
                            "(`excludes`)", f"{fix}, or remove this test"))
        if cond.any:
            parts = [dead(sub, loc + ("any", k), sids, subject, only)
                     for k, sub in enumerate(cond.any) if sub is not None]
            if parts and all(parts):
                out.extend(p for part in parts for p in part)
        return out

    def conflicts(conds: list[m.Condition], where: Loc, label: str) -> list[tuple[Loc, str, str]]:
        """Tests of one list that cannot all hold at once (each list is tested at one moment)."""
        out: list[tuple[Loc, str, str]] = []
        lows: dict[str, tuple[float, bool, str]] = {}    # indicator -> (bound, strict, words)
        highs: dict[str, tuple[float, bool, str]] = {}
        turn_from: tuple[int, Loc] | None = None
        turn_to: tuple[int, Loc] | None = None
        taken: dict[str, Loc] = {}
        not_taken: dict[str, Loc] = {}
        for k, cond in enumerate(conds):
            if cond is None:
                continue
            loc = where + (k,)
            if cond.indicator is not None:
                iid = cond.indicator
                for key in ("above", "at_least", "below", "at_most"):
                    v = getattr(cond, key)
                    if v is None:
                        continue
                    words = f"{_WORDS[key]} {_g(v)}"
                    if key in ("above", "at_least"):
                        old = lows.get(iid)
                        if old is None or v > old[0] or (v == old[0] and key == "above"):
                            lows[iid] = (v, key == "above", words)
                    else:
                        old = highs.get(iid)
                        if old is None or v < old[0] or (v == old[0] and key == "below"):
                            highs[iid] = (v, key == "below", words)
                    lo, hi = lows.get(iid), highs.get(iid)
                    if lo and hi and (lo[0] > hi[0] or (lo[0] == hi[0] and (lo[1] or hi[1]))):
                        other = hi[2] if key in ("above", "at_least") else lo[2]
                        out.append((loc + (key,), f"'{iid}' cannot be {words} and {other} at once",
                                    f"loosen one of the two tests in `{label}`"))
                        lows.pop(iid, None)
                        highs.pop(iid, None)
            if cond.turn_from is not None and (turn_from is None or cond.turn_from > turn_from[0]):
                turn_from = (cond.turn_from, loc + ("turn_from",))
            if cond.turn_to is not None and (turn_to is None or cond.turn_to < turn_to[0]):
                turn_to = (cond.turn_to, loc + ("turn_to",))
            if cond.taken is not None:
                taken.setdefault(cond.taken, loc + ("taken",))
                if cond.taken in not_taken:
                    out.append((loc + ("taken",), f"'{cond.taken}' cannot be both taken and not taken",
                                "remove one of the two tests"))
            if cond.not_taken is not None:
                not_taken.setdefault(cond.not_taken, loc + ("not_taken",))
                if cond.not_taken in taken:
                    out.append((loc + ("not_taken",), f"'{cond.not_taken}' cannot be both taken and not taken",
                                "remove one of the two tests"))
        if turn_from and turn_to and turn_from[0] > turn_to[0]:
            later = max(turn_from[1], turn_to[1])
            out.append((later, f"turn_from {turn_from[0]} comes after turn_to {turn_to[0]}",
                        "make `turn_from` at most `turn_to`"))
        return out

    def problems(conds: list[m.Condition], where: Loc, sids: list[str], subject: str | None,
                 only: str, label: str) -> list[tuple[Loc, str, str]]:
        out = []
        for k, cond in enumerate(conds):
            if cond is not None:
                out.extend(dead(cond, where + (k,), sids, subject, only))
        return out + conflicts(conds, where, label)

    # Which actions can never be taken: until nothing more is found (a chain of `taken` tests).
    action_problems: dict[int, list[tuple[Loc, str, str, str]]] = {}
    changed = True
    while changed:
        changed = False
        for j, a in enumerate(s.actions):
            if a.id in never and j not in action_problems:
                continue
            sids = who(a)
            found = []
            for key, consequence in (("visible_when", "is never shown"), ("available_when", "can never be taken")):
                only = "" if a.who is None else f", and '{a.id}' only for {_names(sids)}"
                for loc, why, hint in problems(list(getattr(a, key)), ("actions", j, key), sids,
                                               a.id, only, key):
                    found.append((loc, why, hint, consequence))
            action_problems[j] = found
            if found and a.id not in never:
                never[a.id] = (found[0][0], found[0][1].split(":")[0])
                changed = True
    for j, a in enumerate(s.actions):
        if a.offer_only and a.id not in offered:
            c.warn(("actions", j, "offer_only"), f"no power's response offers '{a.id}', so this offer-only "
                   "action is never shown", "list it under a response's `offers`, or remove `offer_only`")
        elif a.who is not None and not who(a):
            c.warn(("actions", j, "who"), f"`who` lists no state, so action '{a.id}' is never shown",
                   "name the states that may take it, or leave `who` out for all")
        for loc, why, hint, consequence in action_problems.get(j, []):
            warn(loc, f"{why}, so action '{a.id}' {consequence}", hint)

    # Events whose conditions never hold.
    for j, ev in enumerate(s.events):
        sids = list(all_states if ev.who is None else [x for x in ev.who if x in all_states])
        if not sids:
            continue
        only = "" if ev.who is None else f", and '{ev.id}' reaches only {_names(sids)}"
        for loc, why, hint in problems(list(ev.when), ("events", j, "when"), sids, None, only, "when"):
            warn(loc, f"{why}, so event '{ev.id}' never fires on its own", hint)

    # Effects that always lose part of their amount at a bound.
    for loc, e in effects:
        i = r.ind.get(e.target)
        if (i is None or e.change is None or e.change == 0 or i.derived or e.target in r.free
                or abs(e.change) > i.max - i.min):
            continue
        sids = all_states
        if loc[0] in ("actions", "events"):
            owner = (s.actions if loc[0] == "actions" else s.events)[loc[1]]
            sids = [x for x in (owner.who or all_states) if x in all_states] or all_states
        if e.change > 0 and e.target not in r.downs:
            lows = [r.bounds(e.target, sid)[0] for sid in sids]
            if all(lo + e.change > i.max for lo in lows):
                warn(loc + ("change",), f"{r.why(e.target, False, sids)}, so a change of {e.change:+g} always "
                     f"stops at its max of {_g(i.max)}: at least {_g(min(lows) + e.change - i.max)} of it is "
                     "lost every time", f"give a change of at most {_g(i.max - max(lows))}, or raise `max`")
        elif e.change < 0 and e.target not in r.ups:
            highs = [r.bounds(e.target, sid)[1] for sid in sids]
            if all(hi + e.change < i.min for hi in highs):
                warn(loc + ("change",), f"{r.why(e.target, True, sids)}, so a change of {e.change:g} always "
                     f"stops at its min of {_g(i.min)}: at least {_g(i.min - max(highs) - e.change)} of it is "
                     "lost every time", f"give a change of at most {_g(max(highs) - i.min)} down, or lower `min`")


# --- figures without a source ---------------------------------------------------------------------

_YEAR = re.compile(r"\b(?:19[5-9]\d|20\d\d)\b")
_FIGURE = re.compile(
    r"(?:[$€£]\s?\d[\d,]*(?:\.\d+)?(?:\s?(?:bn|billion|million|m|tn|trillion)\b)?"
    r"|\b\d[\d,]*(?:\.\d+)?\s?(?:%|per ?cent\b|(?:bn|billion|million|thousand|tn|trillion)\b"
    r"|(?:t|kt|Mt|tonnes|tons|kg|GW|MW|TWh|bcm|barrels|bbl)\b))")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'(])")
_ESTIMATE = re.compile(r"estimate|assum|invent|fiction|hypothetical|made.up|illustrat", re.I)


def dated_figure(text: str) -> str | None:
    """The first figure a text gives for a year (`6.5% in 2024`: a sentence with a year and an
    amount with a unit), unless that sentence calls it an estimate or an assumption."""
    for sentence in _SENTENCE.split(text or ""):
        if not _YEAR.search(sentence) or _ESTIMATE.search(sentence):
            continue
        figure = _FIGURE.search(sentence)
        if figure:
            return figure.group(0).strip()
    return None


def source_warnings(s: m.Scenario, c) -> None:
    """An indicator, action or event whose own text quotes a dated real-world figure and names no
    `source`: the figure cannot be checked, or updated when the world moves on."""
    from .load import _inside   # load imports this module

    groups: list[tuple[str, str, list]] = [("indicators", "description", s.indicators),
                                           ("actions", "description", s.actions), ("events", "text", s.events)]
    for section, key, items in groups:
        kind = section[:-1]
        for j, item in enumerate(items):
            if item.source is not None:
                continue
            text = getattr(item, key)
            figure = dated_figure(text)
            if figure is None:
                continue
            loc = (section, j, key)
            line, col = _inside(c.smap, loc, text, text.index(figure) + 1)
            c.problems.append(Diagnostic(
                c.smap.path, line, col, "warning",
                f"{kind} '{item.id}' quotes a real-world figure ({figure}, with its year) but names no `source`",
                "add `source:` naming an entry of `meta.sources`, or call the figure a 'game estimate' "
                "in its sentence if it is a judgement call"))
