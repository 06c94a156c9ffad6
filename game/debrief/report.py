"""The debrief as plain data: per game, each team's timeline of decisions, its indicators turn by
turn, the causes of its biggest changes, its escalation moments, its score by axis and its
posture toward the powers; per class, the teams side by side on the same seed and where they
diverged; and the scenario's discussion questions.

Everything here is read from recorded games (saves, whose orders replay the whole record) and
never changes them. docs/classroom.md, "The debrief", says how each measure is made.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from game.engine.game import Game
from game.engine.save import SaveError, first_turn, load_game
from game.engine.views import shown_change, signed
from game.files import FileProblem, read_json

__all__ = ["DebriefError", "Played", "class_in_progress", "read_recorded", "debrief", "posture", "POSTURE_LEVEL"]

POSTURE_LEVEL = 0.05
"""A team leaned toward a power when its tilt toward it (see `posture`) passed this: 10 points of
relations gained over the others on a -100..100 scale, or 5 points of dependence on a 0..100 one."""
BIGGEST = 6          # the indicators with the biggest changes shown per team
CAUSES = 5           # the causes shown for each


class DebriefError(Exception):
    """A file or folder that holds no recorded game this version can read; the message says why."""


@dataclass(frozen=True)
class Played:
    """A recorded game and who played it: each team's name and the state it governed, and the
    turns the class played for a team that sent nothing ((team, turn) to 'computer' or 'nothing')."""

    game: Game
    group: str
    teams: tuple[tuple[str, str], ...]
    source: Path
    stand_ins: dict[tuple[str, int], str] = field(default_factory=dict)


# ================================================================================ reading

def read_recorded(path: Path | str) -> tuple[str, list[Played], list[dict]]:
    """The recorded games behind `path`: a save (one game), a class's session folder (or its
    `class-session.json`), or a class file (its session folder beside it). Returns a title, the
    games and the instructor's log (empty for a save). DebriefError says what is wrong."""
    from game.paths import find_scenario

    path = Path(path)
    if path.is_dir():
        return _read_session(path / "class-session.json")
    if path.name == "class-session.json":
        return _read_session(path)
    if path.suffix.lower() in (".yaml", ".yml"):
        if not path.is_file():
            raise DebriefError(f"{path}: no such class file")
        from game.classroom.classfile import session_folder

        folder = session_folder(path)
        if not (folder / "class-session.json").is_file():
            raise DebriefError(f"{path}: no class has been played from this class file yet (its session "
                               f"would be in {folder}); host it with `greatgame host {path}`")
        return _read_session(folder / "class-session.json")
    if not path.exists():
        raise DebriefError(f"{path}: no such save, class file or class session")
    try:
        game = load_game(path, find_scenario)
    except SaveError as exc:
        raise DebriefError(str(exc)) from None
    teams = tuple((game.name(h), h) for h in game.humans)
    if not teams:
        raise DebriefError(f"{path}: nobody played this game (every state was computer-played); "
                           "a debrief follows the teams or players of a game")
    return game.info().title, [Played(game, game.label or path.stem, teams, path)], []


def class_in_progress(room) -> tuple[str, list[Played], list[dict]]:
    """A class open now (a `game.classroom.classroom.Classroom`, read under its lock) as the
    recorded games `debrief` takes: what the instructor's page offers to download."""
    played = []
    for gi, gg in enumerate(room.groups):
        stand_ins = {(str(x["team"]), x["turn"]): str(x["how"]) for x in room.stand_ins
                     if x.get("group") == gg.group.name}
        played.append(Played(gg.game, gg.group.name, tuple((t.name, t.state) for t in gg.group.teams),
                             room.group_file(gi), stand_ins))
    return room.model.title, played, list(room.transcript)


def _read_session(path: Path) -> tuple[str, list[Played], list[dict]]:
    from game.paths import find_scenario

    try:
        data = read_json(path, 20_000_000)
    except FileProblem as exc:
        raise DebriefError(f"{exc}; give a class's session folder, its class file or a save") from None
    if not isinstance(data, dict) or not isinstance(data.get("games"), list):
        raise DebriefError(f"{path}: this is not a class session")
    groups = data.get("groups")
    if not isinstance(groups, list):
        groups = _groups_from_class_file(path, data)
    played = []
    for g in groups:
        if not isinstance(g, dict) or not isinstance(g.get("file"), str) or "/" in g["file"] or "\\" in g["file"] \
                or not isinstance(g.get("teams", []), list):
            raise DebriefError(f"{path}: a group of this session is damaged")
        teams = tuple((str(t.get("name")), str(t.get("state"))) for t in g.get("teams", []) if isinstance(t, dict))
        try:
            game = load_game(path.parent / g["file"], find_scenario)
        except SaveError as exc:
            raise DebriefError(f"a game of this class cannot be read: {exc}") from None
        teams = tuple((name, sid) for name, sid in teams if sid in game.humans)
        played.append(Played(game, str(g.get("name", g["file"])), teams, path.parent / g["file"]))
    if not played:
        raise DebriefError(f"{path}: this class session holds no game")
    transcript = data.get("transcript")
    transcript = [t for t in transcript if isinstance(t, dict)] if isinstance(transcript, list) else []
    stand_ins = data.get("stand_ins")
    for p in played:   # turns the class played for a team (it sent nothing): the debrief says so
        p.stand_ins.update({(str(x.get("team")), x.get("turn")): str(x.get("how"))
                            for x in (stand_ins if isinstance(stand_ins, list) else [])
                            if isinstance(x, dict) and x.get("group") == p.group and isinstance(x.get("turn"), int)})
    title = data.get("title") if isinstance(data.get("title"), str) else played[0].game.info().title
    return title, played, transcript


def _groups_from_class_file(path: Path, data: dict) -> list[dict]:
    """Sessions written before they named their groups: the groups come from the class file."""
    from game.classroom.classfile import check_class

    class_file = data.get("class_file")
    loaded = check_class(class_file)[0] if isinstance(class_file, str) and Path(class_file).is_file() else None
    if loaded is None:
        raise DebriefError(f"{path}: this session does not say which team played which state, and its class "
                           f"file ({class_file}) cannot be read; put the class file back where it was")
    names = data["games"]
    return [{"name": g.name, "file": names[gi] if gi < len(names) else "",
             "teams": [{"name": t.name, "state": t.state} for t in g.teams]}
            for gi, g in enumerate(loaded.groups)]


# ================================================================================ building

def debrief(title: str, played: Iterable[Played], transcript: Iterable[dict] = ()) -> dict[str, Any]:
    """The debrief of `played` as JSON-ready data (see the module's docstring)."""
    played = list(played)
    first = played[0].game
    info = first.info()
    games = [_game_part(p) for p in played]
    teams = [t for g in games for t in g["teams"]]
    return {
        "kind": "new-great-game debrief", "title": title,
        "scenario": {"id": info.id, "title": info.title, "turns": info.turns},
        "seed": first.seed, "difficulty": first.difficulty.name, "fictional": first.fictional,
        "same_seed": len({p.game.seed for p in played}) == 1,
        "powers": [{"id": p.id, "name": first.name(p.id), "color": p.color, "relation": p.relation,
                    "dependence": p.dependence} for p in first.s.powers],
        "games": games,
        "class": {"scores": sorted(({k: t[k] for k in ("team", "group", "state", "state_name", "score",
                                                         "verdict", "ending", "adviser_score", "posture")}
                                    for t in teams), key=lambda t: -t["score"]),
                  "divergence": _divergence(played, games)},
        "questions": list(info.questions),
        "transcript": [{"at": str(t.get("at", "")), "who": str(t.get("who", "")), "text": str(t.get("text", ""))}
                       for t in transcript],
    }


def _game_part(p: Played) -> dict[str, Any]:
    g = p.game
    opened = len(next(iter(g.history[None].values()), [])) if g.history.get(None) else 0
    first = first_turn(g)
    labels = ["start"] + [f"T{first + k}" for k in range(opened)]   # as each turn opened
    if g.over and opened:
        labels[-1] = "end"
    return {
        "group": p.group, "file": p.source.name, "turn": min(g.turn, g.info().turns), "first_turn": first,
        "turns_played": len(g.reports), "turns": g.info().turns, "over": g.over,
        "points": labels,
        "dates": [rep.date for rep in g.reports],
        "interventions": _interventions(g, p.teams),
        "teams": [_team_part(p, team, sid) for team, sid in p.teams],
    }


def _interventions(g: Game, teams: tuple[tuple[str, str], ...]) -> list[dict]:
    out = []
    for x in g.interventions:
        if x["kind"] == "inject":
            reached = ", ".join(g.name(s) for s in x.get("states") or [])
            out.append({"turn": x["turn"], "kind": "inject", "states": list(x.get("states") or []),
                        "text": f"The instructor fired '{g.name(x['event'])}'" + (f" for {reached}" if reached else "")})
        else:
            who = " and ".join(t for t, sid in teams if sid == x["state"]) or g.name(x["state"])
            rolled = (f", roll {x['roll']:.2f}: {'succeeded' if x.get('succeeded') else 'failed'}"
                      if isinstance(x.get("roll"), float) else "")
            out.append({"turn": x["turn"], "kind": "argued", "states": [x["state"]],
                        "text": f"Argued action by {who}: {x['text']} (odds {x['chance']:.0%}{rolled})"})
    return out


def _team_part(p: Played, team: str, sid: str) -> dict[str, Any]:
    g = p.game
    r = g.rules
    score = g.score(sid)
    card = g.score_card(sid)
    outcome = g.outcome(sid)   # None while the state's game goes on
    own = [i for i in r.shown(sid) if not r.is_world(i)]
    series = [_series(g, sid, i) for i in own]
    return {
        "team": team, "group": p.group, "state": sid, "state_name": g.name(sid),
        "score": round(score["total"], 2),
        "axes": [{"id": a.id, "name": a.name, "weight": a.weight, "per_turn": round(a.so_far, 3),
                  "counts": round(a.counts, 3)} for a in card.axes],
        "ending_points": round(score.get("ending") or 0.0, 2),
        # A verdict reads the final score: before the end the score is still being made.
        "verdict": outcome.verdict if outcome is not None else None,
        "verdict_text": outcome.text if outcome is not None else "",
        "in_progress": outcome is None,
        "win": outcome is not None and outcome.win,
        "ending": outcome.name if outcome is not None and outcome.ending else None,
        "adviser_score": round(g.adviser_score(sid), 2) if g.over else None,
        "timeline": _timeline(g, sid, {t: how for (name, t), how in p.stand_ins.items() if name == team}),
        "score_path": _score_path(g, sid),
        "series": series,
        "world": [_series(g, None, i) for i in r.shown(sid) if r.is_world(i)],
        "biggest": _biggest(g, sid, series),
        "escalations": _escalations(g, sid),
        "posture": posture(g, sid),
    }


def _series(g: Game, state: str | None, ident: str) -> dict[str, Any]:
    """An indicator's path: where it started (before the first turn's events), then its value as
    each turn opened, then at the end. The start is the end less every recorded change, so the
    causes of a change over the game add up to it exactly."""
    ind = g.rules.indicators[ident]
    opened = g.history.get(state, {}).get(ident, [])
    values = list(opened)
    if opened:
        end = g.position.world[ident] if state is None else g.position.values[state][ident]
        values.insert(0, end - sum(c.amount for c in g.ledger if c.state == state and c.indicator == ident))
    return {"id": ident, "name": g.name(ident), "unit": ind.unit, "decimals": ind.decimals,
            "min": ind.min, "max": ind.max, "values": [round(v, 4) for v in values]}


def _timeline(g: Game, sid: str, stand_ins: dict[int, str]) -> list[dict[str, Any]]:
    out = []
    for rep in g.reports:
        if not any(s.state == sid for s in rep.states):
            continue
        sr = rep.for_state(sid)
        out.append({
            "turn": rep.turn, "date": rep.date, "events": list(rep.events_for(sid)),
            "actions": list(sr.actions), "answers": list(sr.answers),
            "replies": [{"power": x.power_name, "reply": x.name, "kind": x.kind} for x in sr.responses],
            "ladder": list(sr.ladder), "score_turn": round(sr.score_turn, 3),
            "ending": sr.ending,
            # who decided: the team, or (it sent nothing) the computer for it, or no action
            "by": stand_ins.get(rep.turn, "team"),
        })
    return out


def _score_path(g: Game, sid: str) -> list[float]:
    """The score as it stood after each turn: what the turns so far added (the total is their
    sum, so the path ends at the final score but for an ending's points)."""
    total, out = 0.0, []
    for rep in g.reports:
        if any(s.state == sid for s in rep.states):
            total += rep.for_state(sid).score_turn
            out.append(round(total, 3))
    return out


def _biggest(g: Game, sid: str, series: list[dict]) -> list[dict[str, Any]]:
    """The indicators that moved most over the game (as a share of their range), each with the
    causes that moved it most, summed over every turn."""
    moved = []
    for s in series:
        vals = s["values"]
        if len(vals) < 2:
            continue
        span = (s["max"] - s["min"]) or 1.0
        change = vals[-1] - vals[0]
        if round(change, s["decimals"]) == 0:
            continue
        moved.append((abs(change) / span, s, change))
    moved.sort(key=lambda m: -m[0])
    out = []
    for share, s, change in moved[:BIGGEST]:
        totals: dict[str, float] = {}
        for ch in g.ledger:
            if ch.state == sid and ch.indicator == s["id"]:
                totals[ch.cause.text] = totals.get(ch.cause.text, 0.0) + ch.amount
        causes = sorted(((t, a) for t, a in totals.items() if abs(a) > 1e-9), key=lambda c: -abs(c[1]))
        rest = sum(a for _, a in causes[CAUSES:])
        out.append({"id": s["id"], "name": s["name"], "unit": s["unit"], "decimals": s["decimals"],
                    "start": s["values"][0], "end": s["values"][-1], "change": round(change, 4),
                    "share_of_range": round(share, 4),
                    "causes": [{"text": t, "amount": round(a, 4)} for t, a in causes[:CAUSES]],
                    "other_causes": round(rest, 4), "other_count": max(0, len(causes) - CAUSES)})
    return out


def _escalations(g: Game, sid: str) -> list[dict[str, Any]]:
    """Where a power pressed: its ladder's moves (climbs, and the state's answers to a crisis:
    conceding, compensating, standing firm and what came of it) and its replies of the
    'pressure' kind."""
    out = []
    for rep in g.reports:
        if not any(s.state == sid for s in rep.states):
            continue
        sr = rep.for_state(sid)
        for line in sr.ladder:
            out.append({"turn": rep.turn, "date": rep.date, "kind": "ladder", "text": line})
        for x in sr.responses:
            if x.kind == "pressure":
                out.append({"turn": rep.turn, "date": rep.date, "kind": "pressure",
                            "text": f"{x.power_name}: {x.name}"})
    return out


def posture(g: Game, sid: str) -> dict[str, Any]:
    """How a state played the powers, read from its relation and dependence paths over the game:

    - its *tilt* toward a power is what its relation with that power gained over the mean of its
      gains with the others, as a share of the relation's range, plus the same for its dependence
      on that power (so drawing closer shows in either: warmer words or deeper ties);
    - the *dominant* power is the one it depended on most at the start (without dependence
      indicators, the one it was closest to);
    - a tilt above POSTURE_LEVEL toward the dominant power is *bandwagoning*, toward another power
      *balancing*; no tilt that large is *hedging*."""
    r = g.rules
    hist = g.history.get(sid, {})
    powers = [p for p in g.s.powers if hist.get(p.relation)]
    none = {"kind": None, "text": "The scenario has no powers to lean toward.", "relations": {},
            "dependence": {}, "dominant": None, "toward": None, "tilt": {}, "names": {}}
    if not powers:
        return none
    order = [p.id for p in powers]
    path = {s["id"]: s["values"] for s in (_series(g, sid, i) for i in
                                          {p.relation for p in powers} | {p.dependence for p in powers if p.dependence})}
    rel = {p.id: (path[p.relation][0], path[p.relation][-1]) for p in powers}
    dep = {p.id: (path[p.dependence][0], path[p.dependence][-1]) for p in powers if p.dependence}

    def lead(pairs: dict[str, tuple[float, float]], span: dict[str, float]) -> dict[str, float]:
        gains = {k: (b - a) / span[k] for k, (a, b) in pairs.items()}
        return {k: v - (sum(o for j, o in gains.items() if j != k) / (len(gains) - 1) if len(gains) > 1 else 0.0)
                for k, v in gains.items()}

    def span(ident: str) -> float:
        return (r.indicators[ident].max - r.indicators[ident].min) or 1.0

    by = {p.id: p for p in powers}
    rel_lead = lead(rel, {k: span(by[k].relation) for k in rel})
    dep_lead = lead(dep, {k: span(by[k].dependence) for k in dep}) if len(dep) == len(rel) else {}
    tilt = {k: rel_lead[k] + dep_lead.get(k, 0.0) for k in rel}
    start = dep if len(dep) == len(rel) else rel
    dominant = max(order, key=lambda k: (start[k][0], -order.index(k)))
    toward = max(order, key=lambda k: (tilt[k], -order.index(k)))
    name = g.name

    def moved(k: str) -> str:
        words = f"relations {signed(shown_change(*rel[k], 0), 0)}"
        if k in dep:
            words += f", dependence {signed(shown_change(*dep[k], 0), 0)}"
        return words

    if tilt[toward] <= POSTURE_LEVEL:
        kind = "hedging"
        spread = [max(v[i] for v in rel.values()) - min(v[i] for v in rel.values()) for i in (0, 1)]
        text = (f"Hedging: it drew no closer to one power than to the others (the gap between its best and worst "
                f"relation went from {spread[0]:.0f} to {spread[1]:.0f}; "
                + "; ".join(f"{name(k)}: {moved(k)}" for k in order) + ").")
    elif toward == dominant:
        kind = "bandwagoning"
        text = (f"Bandwagoning: it drew closer to {name(toward)}, the power it depended on most at the start "
                f"({moved(toward)}; " + "; ".join(f"{name(k)}: {moved(k)}" for k in order if k != toward) + ").")
    else:
        kind = "balancing"
        text = (f"Balancing: it drew closer to {name(toward)} ({moved(toward)}) rather than to {name(dominant)}, "
                f"the power it depended on most at the start ({moved(dominant)}).")
    text = g.names.tidy(text)   # "closer to the Western Federation", not "to The Western Federation"
    return {"kind": kind, "text": text, "dominant": dominant, "toward": None if kind == "hedging" else toward,
            "tilt": {k: round(v, 4) for k, v in tilt.items()},
            "relations": {k: [round(a, 2), round(b, 2)] for k, (a, b) in rel.items()},
            "dependence": {k: [round(a, 2), round(b, 2)] for k, (a, b) in dep.items()},
            "names": {k: name(k) for k in order}}


def _divergence(played: list[Played], games: list[dict]) -> list[dict[str, Any]]:
    """For each state governed by more than one team on the same seed, the first turn their
    decisions differed, what each did then, and where each ended."""
    by_state: dict[str, list[tuple[Played, str, dict]]] = {}
    for p, gpart in zip(played, games):
        for (team, sid), tpart in zip(p.teams, gpart["teams"]):
            by_state.setdefault(sid, []).append((p, team, tpart))
    out = []
    for sid, rows in by_state.items():
        if len(rows) < 2:
            continue
        seeds = {p.game.seed for p, _, _ in rows}
        per_turn = [{o["turn"]: (tuple(sorted(o["actions"])), tuple(sorted(o["answers"].items())))
                     for o in p.game.order_log if o["state"] == sid} for p, _, _ in rows]
        first = None
        last = max((max(d) for d in per_turn if d), default=0)
        for t in range(1, last + 1):
            if len({d.get(t) for d in per_turn}) > 1:
                first = t
                break
        what = []
        for (p, team, tpart) in rows:
            step = next((s for s in tpart["timeline"] if s["turn"] == first), None)
            what.append({"team": team, "group": p.group,
                         "actions": step["actions"] if step else [], "answers": step["answers"] if step else [],
                         "by": step["by"] if step else "team",
                         "score": tpart["score"], "posture": tpart["posture"]["kind"]})
        if not any(tpart["timeline"] for _, _, tpart in rows):
            out.append({"state": sid, "state_name": rows[0][0].game.name(sid), "same_seed": len(seeds) == 1,
                        "first_turn": None, "date": None, "teams": what, "score_gap": 0.0,
                        "text": f"{joined([w['team'] for w in what])} govern {rows[0][0].game.name(sid)}; "
                                "no turn has been played yet."})
            continue
        scores = [w["score"] for w in what]
        out.append({"state": sid, "state_name": rows[0][0].game.name(sid), "same_seed": len(seeds) == 1,
                    "first_turn": first,
                    "date": rows[0][0].game.date_label(first) if first else None,
                    "teams": what, "score_gap": round(max(scores) - min(scores), 2),
                    "text": _divergence_text(rows[0][0].game.name(sid), first, what, len(seeds) == 1)})
    return out


def joined(names: list[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _divergence_text(state: str, first: int | None, what: list[dict], same_seed: bool) -> str:
    teams = joined([w["team"] for w in what])
    if first is None:
        return f"{teams} governed {state} and made the same decisions every turn they played."
    postures = {w["posture"] for w in what}
    named = [f"{w['team']} ended up {w['posture']}" for w in what if w["posture"]]
    all_of = "both" if len(what) == 2 else "all of them"
    how = (f"; {all_of} ended up " + next(iter(postures))) if len(postures) == 1 and None not in postures else \
        ("; " + joined(named) if named else "")
    best = max(what, key=lambda w: w["score"])
    stood_in = [w["team"] for w in what if w["by"] in ("computer", "nothing")]
    if stood_in:
        how += f" ({joined(stood_in)} sent nothing that turn: the class played for {'it' if len(stood_in) == 1 else 'them'})"
    return (f"{teams} governed {state}" + (" on the same seed" if same_seed else "") +
            f" and first decided differently on turn {first}{how}. {best['team']} scored highest "
            f"({best['score']:.1f}).")


def is_debrief(path: Path) -> bool:
    """Whether the file at `path` is one `greatgame report` wrote (and may be written over)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(4096).decode("utf-8", "replace")
    except OSError:
        return False
    return (head.startswith("<!doctype html><html lang='en'><head><meta charset='utf-8'>") and "<title>Debrief:" in head) \
        or head.startswith("# Debrief: ") or head.startswith("group,team,state,turn,") \
        or '"kind": "new-great-game debrief"' in head




