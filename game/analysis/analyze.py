"""`greatgame analyze`: a balance report of a scenario, measured from play.

For each playable state and each policy (docs/analysis.md), games on the same seeds, the other
states played by the adviser: the score and its spread, verdicts, endings and when they come,
the score by axis. Under the adviser: what it takes and when, which events fire, which replies
the powers choose, how high the ladders climb. What each action is worth (the adviser's games
with the action taken out of the scenario). A search for a blind recipe that beats the adviser
(hill-climbs over priority lists and over fixed sequences of actions, on seeds of their own, then
checked on the report's seeds). With named strategies for states and powers, the table of
average payoffs between them and its Nash equilibria. Then findings: what an author should look
at, each with an id for `--fail-on` (the ids and their usual fixes are in docs/analysis.md).

Everything is seeded: the same scenario, settings and seed give the same report.
"""
from __future__ import annotations

import time
from dataclasses import asdict, dataclass
from fractions import Fraction
from typing import Callable, Sequence

import numpy as np

from game.engine.batch import GameResult, Job, play_jobs
from game.engine.planner import Planner
from game.engine.policies import Adviser, Policy, Priorities, policy as named_policy
from game.engine.rules import Rules
from game.scenario.diagnostics import did_you_mean
from game.scenario.load import LoadedScenario

from .equilibria import NormalForm, solve
from .games import as_json

FINDINGS = {
    "dominant": "a blind recipe (a fixed list of actions) beats the adviser on most seeds",
    "beats-adviser": "a simple policy scores better than the adviser on average",
    "idle-close": "doing nothing scores nearly as well as the adviser",
    "never-fires": "an event never fires",
    "never-taken": "an action the adviser never takes",
    "always-taken": "an action the adviser takes in every game",
    "reply-never": "a power's reply that is never chosen",
    "no-crisis": "a power never climbs its ladder",
    "ending-common": "a loss ending in many of the adviser's games",
    "ending-last-turn": "an ending that only ever comes on the last turn",
    "unwinnable": "the adviser almost never reaches a winning verdict",
    "easy-win": "a random player or doing nothing wins most games",
    "axis-capped": "a score axis stops rising well before the end",
    "money-unspent": "money left unspent at the end",
    "crucial-action": "one action the adviser's score depends on heavily",
}
"""Every finding by id, in a few words (docs/analysis.md has what an author usually changes)."""

DOMINANT_MARGIN = 0.5
"""Points by which a blind recipe's mean must beat the adviser's to be reported as dominant (below
it, a recipe that wins most seeds by a hair is the adviser's noise, not a recipe)."""


@dataclass
class Settings:
    games: int = 100                 # games per policy and state
    seed: int = 1                    # the first seed; game k uses seed + k
    states: Sequence[str] | None = None
    difficulty: str = "normal"
    worth_games: int = 30            # games per action taken out
    search: bool = True
    search_games: int = 16           # seeds each candidate recipe is tried on
    search_rounds: int = 6
    search_width: int = 6            # neighbours tried per round
    planner_games: int = 10          # games of the strong adviser (it looks ahead: about 3 s a game)
    workers: int | None = None


@dataclass
class Finding:
    id: str
    state: str | None
    message: str
    detail: str = ""

    def as_dict(self) -> dict:
        return asdict(self)


# --- the policies compared --------------------------------------------------------------------------

def compared_policies(r: Rules, state: str) -> list[tuple[str, str, Policy]]:
    """(id, label, policy) of every policy the report plays for `state`."""
    out: list[tuple[str, str, Policy]] = [
        ("adviser", "the adviser", Adviser()),
        ("random", "a random player", named_policy("random")),
        ("nothing", "doing nothing", named_policy("nothing")),
    ]
    for p in r.s.powers:
        out.append((f"lean:{p.id}", f"leaning toward {p.name}", Adviser(lean=p.id)))
    out += [("hedge", "hedging (every relation level)", Adviser(goal="hedge")),
            ("revenue", "greedy for revenue", Adviser(goal="revenue")),
            ("value_chain", "rushing the value chain", Adviser(goal="value_chain"))]
    for st in r.s.strategies.states:
        if st.states is None or state in st.states:
            out.append((f"strategy:{st.id}", st.name, Priorities(tuple(st.priorities), st.answers,
                                                                name=f"strategy:{st.id}")))
    return out


# --- statistics -------------------------------------------------------------------------------------

def score_stats(values: Sequence[float]) -> dict:
    """Games, mean, sd, min, 10th percentile, median, 90th percentile and max of some scores."""
    a = np.asarray(values, dtype=float)
    return {"games": int(len(a)), "mean": round(float(a.mean()), 3), "sd": round(float(a.std()), 3),
            "min": round(float(a.min()), 3), "p10": round(float(np.percentile(a, 10)), 3),
            "median": round(float(np.median(a)), 3), "p90": round(float(np.percentile(a, 90)), 3),
            "max": round(float(a.max()), 3)}


def _policy_summary(r: Rules, state: str, results: list[GameResult], adviser: list[GameResult]) -> dict:
    n = len(results)
    scores = [g.scores[state]["total"] for g in results]
    verdicts: dict[str, float] = {}
    for g in results:
        name = g.verdicts[state] or "none"
        verdicts[name] = verdicts.get(name, 0) + 1 / n
    endings: dict[str, dict] = {}
    for g in results:
        e = g.endings[state]
        if e is None:
            continue
        row = endings.setdefault(e, {"share": 0.0, "turns": {}})
        row["share"] += 1 / n
        row["turns"][g.ending_turns[state]] = row["turns"].get(g.ending_turns[state], 0) + 1
    for row in endings.values():
        row["mean_turn"] = round(sum(t * k for t, k in row["turns"].items()) / sum(row["turns"].values()), 2)
        row["share"] = round(row["share"], 4)
    axes = {a.id: round(float(np.mean([g.scores[state].get(a.id, 0.0) for g in results])), 3)
            for a in r.s.scoring.axes}
    paired = [g.scores[state]["total"] > b.scores[state]["total"] + 1e-9 for g, b in zip(results, adviser)]
    return {**score_stats(scores),
            "win_share": _win_share(r, state, results),
            "verdicts": {k: round(v, 4) for k, v in sorted(verdicts.items(), key=lambda kv: -kv[1])},
            "endings": endings, "axes": axes,
            "beats_adviser": round(sum(paired) / n, 4) if adviser else None}


def _adviser_detail(r: Rules, state: str, results: list[GameResult]) -> dict:
    n = len(results)
    turns = r.s.meta.turns
    taken: dict[str, dict] = {}
    for g in results:
        seen: set[str] = set()
        for t, a in g.actions[state]:
            row = taken.setdefault(a, {"games": 0, "times": 0, "turns": {}})
            row["times"] += 1
            row["turns"][t] = row["turns"].get(t, 0) + 1
            if a not in seen:
                row["games"] += 1
                seen.add(a)
    actions = []
    for a in r.s.actions:
        if a.who is not None and state not in a.who:
            continue
        row = taken.get(a.id, {"games": 0, "times": 0, "turns": {}})
        first = [min(t for t, x in g.actions[state] if x == a.id) for g in results
                 if any(x == a.id for _, x in g.actions[state])]
        actions.append({"id": a.id, "name": a.name, "offer_only": a.offer_only,
                        "share": round(row["games"] / n, 4), "per_game": round(row["times"] / n, 3),
                        "turns": {int(t): k for t, k in sorted(row["turns"].items())},
                        "first_turn": round(float(np.mean(first)), 2) if first else None})
    events = []
    for e in r.s.events:
        if e.who is not None and state not in e.who:
            continue
        fired = sum(1 for g in results if any(ev == e.id and key in (state, None) for _, ev, key in g.events))
        events.append({"id": e.id, "name": e.name, "kind": e.kind, "share": round(fired / n, 4)})
    replies = {}
    for p in r.s.powers:
        counts = {resp.id: 0 for resp in p.responses}
        for g in results:
            for _, power, sid, reply in g.replies:
                if power == p.id and sid == state:
                    counts[reply] = counts.get(reply, 0) + 1
        total = sum(counts.values()) or 1
        replies[p.id] = [{"id": rid, "name": next(x.name for x in p.responses if x.id == rid),
                          "share": round(k / total, 4)} for rid, k in counts.items()]
    ladders = {}
    for p in r.s.powers:
        dist: dict[int, float] = {}
        for g in results:
            rung = g.rungs.get(f"{p.id}/{state}", 0)
            dist[rung] = dist.get(rung, 0) + 1 / n
        ladders[p.id] = {"rungs": len(r.ladder(p).rungs),
                         "highest": {int(k): round(v, 4) for k, v in sorted(dist.items())},
                         "climbed_share": round(sum(v for k, v in dist.items() if k > 0), 4)}
    curve = {}
    for a in r.s.scoring.axes:
        per_turn = []
        for t in range(turns):
            vals = [g.axis_by_turn[state][t].get(a.id, 0.0) for g in results if len(g.axis_by_turn[state]) > t]
            per_turn.append(round(float(np.mean(vals)), 3) if vals else None)
        curve[a.id] = per_turn
    return {"actions": actions, "events": events, "replies": replies, "ladders": ladders,
            "axis_by_turn": curve,
            "money_left": round(float(np.mean([g.money_left[state] for g in results])), 3)}


# --- the search for a blind recipe -----------------------------------------------------------------

class _Search:
    """Hill-climbs over recipes for one state: a priority list, and a fixed sequence per turn.
    Each candidate is tried on the same `search_games` seeds (not the report's), the other
    states played by the adviser; a round tries `search_width` neighbours at once and keeps the
    best if it improves."""

    def __init__(self, r: Rules, state: str, settings: Settings,
                 adviser: list[GameResult], run: Callable[[list[Job]], list[list[GameResult]]]):
        self.r, self.state, self.settings, self.run = r, state, settings, run
        self.seeds = _search_seeds(settings)
        self.rng = np.random.default_rng([settings.seed, 7, sum(map(ord, state))])
        self.pool = [a.id for a in r.s.actions if (a.who is None or state in a.who) and not a.offer_only]
        counts: dict[str, int] = {}
        firsts: dict[str, list[int]] = {}
        per_turn: dict[int, dict[str, int]] = {}
        for g in adviser:
            for t, a in g.actions[state]:
                counts[a] = counts.get(a, 0) + 1
                firsts.setdefault(a, []).append(t)
                per_turn.setdefault(t, {})
                per_turn[t][a] = per_turn[t].get(a, 0) + 1
        self.start_list = tuple(sorted((a for a in counts if a in self.pool),
                                       key=lambda a: (np.mean(firsts[a]), -counts[a]))[:14])
        n = max(1, len(adviser))
        self.start_plan = {t: tuple(a for a, k in sorted(row.items(), key=lambda kv: -kv[1]) if k / n >= 0.4
                                    and a in self.pool) for t, row in sorted(per_turn.items())}

    def climb(self, start, neighbour, make) -> tuple[object, float]:
        current = start
        best = _mean_score(self.state, self.run([Job.of(self.seeds, {self.state: make(current)})])[0])
        for _ in range(self.settings.search_rounds):
            candidates = []
            for _ in range(self.settings.search_width):
                c = neighbour(current)
                if c is not None and c != current and c not in candidates:
                    candidates.append(c)
            if not candidates:
                break
            runs = self.run([Job.of(self.seeds, {self.state: make(c)}) for c in candidates])
            scored = sorted(((_mean_score(self.state, res), k) for k, res in enumerate(runs)), key=lambda t: (-t[0], t[1]))
            if scored and scored[0][0] > best + 1e-9:
                best, current = scored[0][0], candidates[scored[0][1]]
        return current, best

    def list_neighbour(self, lst: tuple[str, ...]) -> tuple[str, ...] | None:
        lst = list(lst)
        move = int(self.rng.integers(4))
        unused = [a for a in self.pool if a not in lst]
        if move == 0 and len(lst) >= 2:
            i, j = self.rng.choice(len(lst), 2, replace=False)
            lst[i], lst[j] = lst[j], lst[i]
        elif move == 1 and lst:
            lst.pop(int(self.rng.integers(len(lst))))
        elif move == 2 and unused:
            lst.insert(int(self.rng.integers(len(lst) + 1)), unused[int(self.rng.integers(len(unused)))])
        elif lst:
            lst.insert(0, lst.pop(int(self.rng.integers(len(lst)))))
        else:
            return None
        return tuple(lst)

    def plan_neighbour(self, plan: tuple) -> tuple | None:
        turns = self.r.s.meta.turns
        d = {t: list(a) for t, a in plan}
        move = int(self.rng.integers(3))
        t = int(self.rng.integers(1, turns + 1))
        here = d.setdefault(t, [])
        if move == 0:
            here.append(self.pool[int(self.rng.integers(len(self.pool)))])
        elif move == 1 and here:
            here.pop(int(self.rng.integers(len(here))))
        elif here:
            a = here.pop(int(self.rng.integers(len(here))))
            t2 = min(turns, max(1, t + (1 if self.rng.random() < 0.5 else -1)))
            d.setdefault(t2, []).append(a)
        else:
            return None
        return tuple(sorted((k, tuple(v)) for k, v in d.items() if v))


def _search(r, state, settings, adviser_search, adviser_report, run, planner=()) -> dict:
    s = _Search(r, state, settings, adviser_search, run)
    found_list, _ = s.climb(s.start_list, s.list_neighbour, lambda lst: Priorities(lst, name="recipe"))
    start_plan = tuple(sorted(s.start_plan.items()))
    found_plan, _ = s.climb(start_plan, s.plan_neighbour, lambda p: Priorities(dict(p), name="sequence"))
    seeds = [g.seed for g in adviser_report]
    checked = run([Job.of(seeds, {state: Priorities(found_list, name="recipe")}),
                   Job.of(seeds, {state: Priorities(dict(found_plan), name="sequence")})])
    out = {}
    for key, recipe, results in (("priorities", list(found_list), checked[0]),
                                 ("sequence", {int(t): list(a) for t, a in found_plan if a}, checked[1])):
        summary = _policy_summary(r, state, results, adviser_report)
        out[key] = {"recipe": recipe, **{k: summary[k] for k in ("mean", "sd", "median", "win_share",
                                                                  "beats_adviser")}}
        if planner:   # the same recipe against the strong adviser, on the seeds it played
            pairs = list(zip(results, planner))
            out[key]["beats_planner"] = round(sum(g.scores[state]["total"] > p.scores[state]["total"] + 1e-9
                                                  for g, p in pairs) / len(pairs), 4)
            out[key]["planner_games"] = len(pairs)
    return out


# --- strategies against strategies -------------------------------------------------------------------

def _strategy_tables(r, states, settings, run) -> list[dict]:
    strat = r.s.strategies
    tables = []
    for power in r.s.powers:
        cols = [ps for ps in strat.powers if ps.power == power.id]
        if not cols:
            continue
        for state in states:
            rows = [st for st in strat.states if st.states is None or state in st.states]
            if not rows:
                continue
            seeds = range(settings.seed, settings.seed + settings.games)
            jobs = [Job.of(seeds, {state: Priorities(tuple(st.priorities), st.answers, name=f"strategy:{st.id}")},
                           power_play={power.id: ps.id}) for st in rows for ps in cols]
            results = run(jobs)
            payoffs = []
            k = 0
            for _ in rows:
                row = []
                for _ in cols:
                    res = results[k]
                    k += 1
                    row.append((round(_mean_score(state, res), 2),
                                round(float(np.mean([g.power_payoffs[state][power.id] for g in res])), 2)))
                payoffs.append(row)
            A = np.array([[Fraction(str(v[0])) for v in row] for row in payoffs], dtype=object)
            B = np.array([[Fraction(str(v[1])) for v in row] for row in payoffs], dtype=object)
            game = NormalForm(f"{r.name(state)} against {power.name}", (r.name(state), power.name),
                              (tuple(st.name for st in rows), tuple(ps.name for ps in cols)), (A, B))
            tables.append({"state": state, "power": power.id, "power_name": power.name, "rows": [st.id for st in rows],
                           "row_names": [st.name for st in rows], "cols": [ps.id for ps in cols],
                           "col_names": [ps.name for ps in cols], "payoffs": payoffs,
                           "equilibria": as_json(solve(game))})
    return tables


# --- findings ---------------------------------------------------------------------------------------

def _findings(r: Rules, report: dict) -> list[Finding]:
    out: list[Finding] = []
    turns = r.s.meta.turns
    all_events_fired: dict[str, float] = {}
    for sid, st in report["states"].items():
        name = st["name"]
        pols = {p["id"]: p for p in st["policies"]}
        adv = pols["adviser"]
        for pid, p in pols.items():
            if pid in ("adviser", "planner"):   # the strong adviser beating the quick one is its job
                continue
            if p["mean"] > adv["mean"] + 0.05:
                out.append(Finding("beats-adviser", sid, f"{name}: {p['label']} scores {p['mean']:.1f}, "
                                   f"above the adviser's {adv['mean']:.1f}",
                                   f"better than the adviser on {p['beats_adviser']:.0%} of seeds"))
        idle = pols.get("nothing")
        if idle and idle["mean"] <= adv["mean"] + 0.05 and idle["mean"] >= adv["mean"] - 0.1 * abs(adv["mean"]):
            out.append(Finding("idle-close", sid, f"{name}: doing nothing scores {idle['mean']:.1f}, within 10% "
                               f"of the adviser's {adv['mean']:.1f}"))
        for key in ("priorities", "sequence"):
            found = (st.get("search") or {}).get(key)
            if found and found["beats_adviser"] > 0.5 and found["mean"] >= adv["mean"] + DOMINANT_MARGIN:
                what = "priority list" if key == "priorities" else "sequence of actions"
                out.append(Finding("dominant", sid, f"{name}: a fixed {what} beats the adviser on "
                                   f"{found['beats_adviser']:.0%} of seeds ({found['mean']:.1f} against "
                                   f"{adv['mean']:.1f}; winning verdict in {found['win_share']:.0%})",
                                   f"recipe: {_recipe_text(r, found['recipe'])}"
                                   + (f"; it beats the strong adviser on {found['beats_planner']:.0%} of "
                                      f"{found['planner_games']} seeds" if "beats_planner" in found else "")))
        if adv["win_share"] < 0.05 and r.s.scoring.verdicts and any(v.win for v in r.s.scoring.verdicts):
            out.append(Finding("unwinnable", sid, f"{name}: the adviser reaches a winning verdict in "
                               f"{adv['win_share']:.0%} of games"))
        for pid in ("random", "nothing"):
            if pid in pols and pols[pid]["win_share"] >= 0.5:
                out.append(Finding("easy-win", sid, f"{name}: {pols[pid]['label']} reaches a winning verdict "
                                   f"in {pols[pid]['win_share']:.0%} of games"))
        for eid, e in adv["endings"].items():
            ending = next(x for x in r.s.scoring.endings if x.id == eid)
            if ending.kind == "loss" and e["share"] > 0.25:
                out.append(Finding("ending-common", sid, f"{name}: '{ending.name}' ends {e['share']:.0%} of the "
                                   f"adviser's games (on turn {e['mean_turn']:.1f} on average)"))
            count = sum(e["turns"].values())
            if count >= 5 and set(e["turns"]) == {turns}:
                out.append(Finding("ending-last-turn", sid, f"{name}: '{ending.name}' comes only on the last "
                                   f"turn ({count} times)"))
        detail = st["adviser"]
        for a in detail["actions"]:
            if a["share"] == 0 and not a["offer_only"]:
                out.append(Finding("never-taken", sid, f"{name}: the adviser never takes '{a['name']}' ({a['id']})"))
            elif a["share"] >= 0.98 and adv["games"] >= 10:
                out.append(Finding("always-taken", sid, f"{name}: the adviser takes '{a['name']}' ({a['id']}) "
                                   f"in {a['share']:.0%} of games, first on turn {a['first_turn']:.1f}"))
        for e in detail["events"]:
            all_events_fired[e["id"]] = max(all_events_fired.get(e["id"], 0.0), e["share"])
        for p in r.s.powers:
            if detail["ladders"][p.id]["climbed_share"] == 0 and r.ladder(p).rungs:   # no ladder: by design
                out.append(Finding("no-crisis", sid, f"{name}: {p.name} never climbs its ladder in the adviser's "
                                   "games, so its crises never come"))
            for rep in detail["replies"][p.id]:
                if rep["share"] == 0:
                    out.append(Finding("reply-never", sid, f"{name}: {p.name} never chooses '{rep['name']}' "
                                       f"({rep['id']})"))
        for axis in r.s.scoring.axes:
            curve = [v for v in detail["axis_by_turn"][axis.id] if v is not None]
            if len(curve) >= 4 and curve[-1] > 0:
                top = max(curve)
                flat_from = next((t for t in range(len(curve)) if all(v >= 0.97 * top for v in curve[t:])), None)
                if flat_from is not None and flat_from + 1 <= 0.7 * turns and min(curve) < 0.8 * top:
                    out.append(Finding("axis-capped", sid, f"{name}: '{axis.name}' stops rising by turn "
                                       f"{flat_from + 1} of {turns} in the adviser's games ({top:.1f} points a turn)"))
        costs = [a.cost.money for a in r.s.actions if a.who is None or sid in a.who]
        if costs and detail["money_left"] > max(costs):
            unit = r.indicators[r.money].unit
            out.append(Finding("money-unspent", sid, f"{name}: the adviser ends with {detail['money_left']:.1f} "
                               f"{unit} unspent on average, more than the dearest action costs ({max(costs):g})"))
        for w in st.get("worth", []):
            if w["delta"] < -0.15 * abs(adv["mean"]):
                out.append(Finding("crucial-action", sid, f"{name}: without '{w['name']}' the adviser scores "
                                   f"{w['mean']:.1f}, {-w['delta']:.1f} below its {adv['mean']:.1f}"))
    for e in r.s.events:
        if e.id in all_events_fired and all_events_fired[e.id] == 0:
            out.append(Finding("never-fires", None, f"event '{e.name}' ({e.id}) never fires in the adviser's games"))
    order = list(FINDINGS)
    out.sort(key=lambda f: (order.index(f.id), f.state or "", f.message))
    return out


def _recipe_text(r: Rules, recipe) -> str:
    if isinstance(recipe, dict):
        return "; ".join(f"turn {t}: " + ", ".join(recipe[t]) for t in sorted(recipe))
    return ", ".join(recipe) if recipe else "(nothing)"


# --- the report --------------------------------------------------------------------------------------

def analyze(scenario: LoadedScenario, settings: Settings, progress: Callable[[int, int], None] | None = None) -> dict:
    """The balance report as plain data (JSON-ready). See the module's docstring."""
    t0 = time.perf_counter()
    r = Rules(scenario, settings.difficulty)
    s = r.s
    states = list(settings.states or [st.id for st in s.states if st.playable])
    for sid in states:
        if sid not in r.states:
            hint = did_you_mean(sid, r.state_ids)
            raise ValueError(f"no state '{sid}' in {s.meta.id} (states: {', '.join(r.state_ids)})"
                             + (f"; {hint}" if hint else ""))
    seeds = tuple(range(settings.seed, settings.seed + settings.games))
    played = [0]
    estimate = [0]

    def run(jobs: list[Job]) -> list[list[GameResult]]:
        base = played[0]

        def step(done, total):
            if progress:
                progress(base + done, max(estimate[0], base + total))
        out = play_jobs(scenario, jobs, settings.difficulty, settings.workers, step)
        played[0] += sum(len(j.seeds) for j in jobs)
        return out

    per_state = {sid: compared_policies(r, sid) for sid in states}
    worth_n = min(settings.worth_games, settings.games)
    estimate[0] = settings.games * (1 + sum(len(p) - 1 for p in per_state.values()))
    search_cost = (settings.search_games * (2 + 2 * settings.search_rounds * settings.search_width) + 2 * settings.games
                   if settings.search else 0)
    estimate[0] += len(states) * (search_cost + worth_n * 20 + min(settings.planner_games, settings.games))

    # Games: the adviser everywhere once (shared by every state), then each state's other policies.
    jobs = [Job.of(seeds)]
    index = []
    for sid in states:
        for pid, _, pol in per_state[sid][1:]:
            jobs.append(Job.of(seeds, {sid: pol}))
            index.append((sid, pid))
    results = run(jobs)
    adviser = results[0]
    by_policy = {key: res for key, res in zip(index, results[1:])}

    report: dict = {"scenario": {"id": s.meta.id, "title": s.meta.title, "turns": s.meta.turns,
                                 "powers": {p.id: p.name for p in s.powers}},
                    "settings": {"games": settings.games, "seed": settings.seed, "difficulty": settings.difficulty,
                                 "states": states, "worth_games": worth_n, "search": settings.search,
                                 "search_games": settings.search_games, "search_rounds": settings.search_rounds},
                    "states": {}}
    for sid in states:
        pols = []
        for pid, label, _ in per_state[sid]:
            res = adviser if pid == "adviser" else by_policy[(sid, pid)]
            pols.append({"id": pid, "label": label, **_policy_summary(r, sid, res, adviser if pid != "adviser" else [])})
        report["states"][sid] = {"name": r.name(sid), "policies": pols,
                                 "adviser": _adviser_detail(r, sid, adviser)}

    # The strong adviser, on the first seeds only (it plays each turn out on copies).
    planner: dict[str, list[GameResult]] = {}
    n_plan = min(settings.planner_games, settings.games)
    if n_plan > 0:
        outs = run([Job.of(seeds[:n_plan], {sid: Planner()}) for sid in states])
        for sid, res in zip(states, outs):
            planner[sid] = res
            report["states"][sid]["policies"].insert(1, {
                "id": "planner", "label": f"the strong adviser ({n_plan} games)",
                **_policy_summary(r, sid, res, adviser[:n_plan])})

    # What each action is worth: the adviser's games with it taken out (only actions it takes).
    for sid in states:
        taken = [a for a in report["states"][sid]["adviser"]["actions"] if a["share"] > 0]
        worth_seeds = seeds[:worth_n]
        base = _mean_score(sid, adviser[:worth_n])
        base_win = _win_share(r, sid, adviser[:worth_n])
        outs = run([Job.of(worth_seeds, removed={a["id"]}) for a in taken])
        rows = []
        for a, res in zip(taken, outs):
            m = _mean_score(sid, res)
            rows.append({"id": a["id"], "name": a["name"], "mean": round(m, 3), "delta": round(m - base, 3),
                         "win_share": _win_share(r, sid, res), "delta_win": round(_win_share(r, sid, res) - base_win, 4)})
        rows.sort(key=lambda w: w["delta"])
        report["states"][sid]["worth"] = rows

    if settings.search:
        adviser_search = run([Job.of(_search_seeds(settings))])[0]
        for sid in states:
            report["states"][sid]["search"] = _search(r, sid, settings, adviser_search, adviser, run,
                                                      planner.get(sid, []))
    report["strategy_tables"] = _strategy_tables(r, states, settings, run)
    report["findings"] = [f.as_dict() for f in _findings(r, report)]
    elapsed = time.perf_counter() - t0
    report["games_played"] = played[0]
    report["seconds"] = round(elapsed, 2)
    report["games_per_second"] = round(played[0] / elapsed, 1) if elapsed > 0 else None
    return report


def _search_seeds(settings: Settings) -> tuple[int, ...]:
    """The seeds recipes are searched on: far from the report's, so a recipe is checked on games
    it was not tuned to."""
    first = settings.seed + 1_000_000
    return tuple(range(first, first + settings.search_games))


def _mean_score(state: str, results: list[GameResult]) -> float:
    return float(np.mean([g.scores[state]["total"] for g in results]))


def _win_share(r: Rules, state: str, results: list[GameResult]) -> float:
    wins = {v.name for v in r.s.scoring.verdicts if v.win}
    return round(sum(1 for g in results if g.verdicts[state] in wins) / max(1, len(results)), 4)
