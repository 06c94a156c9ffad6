"""Batches: many seeded games with given policies, on every core, for analysis and `simulate`.

A game of a batch runs the very phases a `Game` runs (game.engine.turn), from the same seed, with
no ledger and no report text. So game k of a batch is the same game as `Game(scenario, seed_k)`
played alone, byte for byte: the same orders, draws and final position (tested).

    results = play_batch(scenario, seeds=range(1000), policies={"kz": "random"})
"""
from __future__ import annotations

import multiprocessing as mp
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from typing import Iterable, Mapping, Sequence

from game.scenario.load import LoadedScenario

from .orders import OrdersError
from .policies import Adviser, Policy, checked, policy as named_policy
from .position import Position
from .rules import Rules
from .turn import active_states, is_over, open_turn, resolve_turn, score, start, verdict


@dataclass
class GameResult:
    """What one game of a batch came to, per state and turn by turn."""

    seed: int
    turns: int                                               # turns resolved
    scores: dict[str, dict[str, float]]                      # state -> axis (and "total") -> points
    endings: dict[str, str | None]                           # state -> ending id (None: full term)
    ending_turns: dict[str, int | None]                      # state -> turn it ended on
    verdicts: dict[str, str | None]                          # state -> verdict name
    actions: dict[str, list[tuple[int, str]]] = field(default_factory=dict)   # state -> (turn, action)
    events: list[tuple[int, str, str | None]] = field(default_factory=list)  # (turn, event, state)
    replies: list[tuple[int, str, str, str]] = field(default_factory=list)   # (turn, power, state, reply)
    rungs: dict[str, int] = field(default_factory=dict)      # "power/state" -> highest rung reached
    axis_by_turn: dict[str, list[dict[str, float]]] = field(default_factory=dict)  # state -> each turn's points by axis
    power_payoffs: dict[str, dict[str, float]] = field(default_factory=dict)  # state -> power -> payoff at the end
    money_left: dict[str, float] = field(default_factory=dict)  # state -> money unspent at the end

    def as_dict(self) -> dict:
        return asdict(self)


def play(r: Rules, seed: int, policies: Mapping[str, Policy] | None = None,
         ledger: bool = False) -> tuple[GameResult, Position]:
    """Play one whole game with every state computer-played (default: the adviser)."""
    policies = dict(policies or {})
    default = _ADVISER
    pos = start(r, seed)
    pos.ledger = [] if ledger else None
    res = GameResult(seed, 0, {}, {sid: None for sid in r.state_ids}, {sid: None for sid in r.state_ids},
                     {}, {sid: [] for sid in r.state_ids})
    rungs = {f"{p}/{s}": 0 for (p, s) in pos.ladders}
    res.axis_by_turn = {sid: [] for sid in r.state_ids}
    open_turn(r, pos)
    while not is_over(r, pos):
        t = pos.turn
        orders = {}
        for sid in active_states(r, pos):
            chooser = policies.get(sid, default)
            orders[sid] = chooser.orders(r, pos, sid, pos.rng.ai)
            problems = checked(chooser, r, pos, sid, orders[sid])
            if problems:  # as in Game.resolve: a buggy policy fails loudly rather than diverge
                raise OrdersError(f"{sid}: {problems[0]}")
        res.events.extend((t, ev, key) for ev, key in pos.events)
        out = resolve_turn(r, pos, orders)
        res.turns += 1
        for sid in orders:  # one entry per turn the state played, even a turn of 0 points
            res.axis_by_turn[sid].append(dict(out.axis_points[sid]))
        for sid, o in out.orders.items():
            res.actions[sid].extend((t, a) for a in o.actions)
        for sid, reps in out.responses.items():
            res.replies.extend((t, rep.power, sid, rep.response) for rep in reps)
        for (p, s), lad in pos.ladders.items():
            key = f"{p}/{s}"
            rungs[key] = max(rungs[key], lad.rung)
        for sid in r.state_ids:
            if pos.records[sid].ending is not None and res.ending_turns[sid] is None:
                res.endings[sid] = pos.records[sid].ending
                res.ending_turns[sid] = t
        open_turn(r, pos)
    res.rungs = rungs
    for sid in r.state_ids:
        env = r.env(pos, sid)
        res.power_payoffs[sid] = {p.id: r.payoff(p, env) for p in r.s.powers}
        res.money_left[sid] = env[r.money]
    res.scores = {sid: score(r, pos, sid) for sid in r.state_ids}
    res.verdicts = {sid: (v.name if (v := verdict(r, pos, sid)) is not None else None) for sid in r.state_ids}
    return res, pos


def adviser_score(scenario: LoadedScenario, seed: int, difficulty: str, state: str) -> float:
    """The adviser's score for `state` in a game of its own from `seed` (the end screen's yardstick)."""
    result, _ = play(Rules(scenario, difficulty), seed)
    return result.scores[state]["total"]


# --- many games on every core ---------------------------------------------------------------------

@dataclass(frozen=True)
class Job:
    """Games to play: one per seed, with these policies by state (objects or built-in names,
    default the adviser), on rules with these actions taken out and these powers following
    these named strategies (power id to strategy id)."""

    seeds: tuple[int, ...]
    policies: tuple[tuple[str, str | Policy], ...] = ()
    removed: frozenset[str] = frozenset()
    power_play: tuple[tuple[str, str], ...] = ()

    @staticmethod
    def of(seeds: Iterable[int], policies: Mapping[str, str | Policy] | None = None,
           removed: Iterable[str] = (), power_play: Mapping[str, str] | None = None) -> "Job":
        return Job(tuple(int(s) for s in seeds), tuple(sorted((policies or {}).items())),
                   frozenset(removed), tuple(sorted((power_play or {}).items())))


_WORKER: dict = {}


def _init(scenario: LoadedScenario | None, path: str, difficulty: str) -> None:
    if scenario is None:  # a fresh interpreter (spawn): the scenario is read again from its file
        from game.scenario import load_scenario

        scenario = load_scenario(path)
    _WORKER["scenario"] = scenario
    _WORKER["difficulty"] = difficulty
    _WORKER["rules"] = {}


def _rules_for(scenario: LoadedScenario, difficulty: str, job: Job, cache: dict) -> Rules:
    key = (job.removed, job.power_play)
    if key not in cache:
        cache[key] = Rules(scenario, difficulty, job.removed, dict(job.power_play))
    return cache[key]


def _policies(policies) -> dict[str, Policy]:
    return {sid: named_policy(p) if isinstance(p, str) else p for sid, p in dict(policies).items()}


def _play_part(job: Job) -> list[GameResult]:
    rules = _rules_for(_WORKER["scenario"], _WORKER["difficulty"], job, _WORKER["rules"])
    chosen = _policies(job.policies)
    return [play(rules, s, chosen)[0] for s in job.seeds]


def play_jobs(scenario: LoadedScenario, jobs: Sequence[Job], difficulty: str = "normal",
              workers: int | None = None, progress=None) -> list[list[GameResult]]:
    """Play every job's games on `workers` processes (default: every core); the results of each
    job in the order of its seeds, each game the same whatever the number of workers.
    `progress(done, total)` is called as games finish."""
    total = sum(len(j.seeds) for j in jobs)
    workers = max(1, min(workers or os.cpu_count() or 1, total or 1))
    for job in jobs:   # refuse a bad name before any process starts
        _policies(job.policies)
    if workers == 1 or total < 8:
        cache: dict = {}
        out = []
        done = 0
        for job in jobs:
            rules = _rules_for(scenario, difficulty, job, cache)
            chosen = _policies(job.policies)
            results = []
            for s in job.seeds:
                results.append(play(rules, s, chosen)[0])
                done += 1
                if progress:
                    progress(done, total)
            out.append(results)
        return out
    methods = mp.get_all_start_methods()
    ctx = mp.get_context("fork" if "fork" in methods else "spawn")
    # Forked workers inherit the loaded scenario; spawned ones read it again from its file.
    inherit = scenario if ctx.get_start_method() == "fork" else None
    size = max(1, min(32, total // (workers * 4) or 1))
    parts: list[tuple[int, Job]] = []
    for k, job in enumerate(jobs):
        for i in range(0, len(job.seeds), size):
            parts.append((k, Job(job.seeds[i:i + size], job.policies, job.removed, job.power_play)))
    out: list[list[GameResult]] = [[] for _ in jobs]
    done = 0
    with ProcessPoolExecutor(workers, mp_context=ctx, initializer=_init,
                             initargs=(inherit, str(scenario.path), difficulty)) as pool:
        for (k, part), results in zip(parts, pool.map(_play_part, [p for _, p in parts])):
            out[k].extend(results)
            done += len(results)
            if progress:
                progress(done, total)
    return out


def play_batch(scenario: LoadedScenario, seeds: Iterable[int], policies: Mapping[str, str | Policy] | None = None,
               difficulty: str = "normal", workers: int | None = None) -> list[GameResult]:
    """Play one game per seed (every state computer-played; `policies` by state, as objects or
    built-in names, default the adviser) on `workers` processes (default: every core). Results
    come back in the order of `seeds`, each the same whatever the number of workers."""
    return play_jobs(scenario, [Job.of(seeds, policies)], difficulty, workers)[0]


_ADVISER = Adviser()
