"""Engine benchmark: load, one turn, a full game, a batch on every core, and the forecast, each
printed beside its target (docs/architecture.md, "Targets"). Nothing here asserts on time.

Run: .venv/bin/python benchmarks/engine.py [SCENARIO] [--games N]
--games sets how many games the batch plays (default 2,000; the target is stated for 10,000, and
the figure printed is scaled to 10,000 when fewer are played).
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from game.engine import Game, Orders  # noqa: E402
from game.engine import Adviser  # noqa: E402
from game.engine.batch import play, play_batch  # noqa: E402
from game.engine.forecast import DEFAULT_SAMPLES, forecast, others_orders  # noqa: E402
from game.engine.rules import Rules  # noqa: E402
from game.scenario import load_scenario  # noqa: E402


def timed(fn, repeat: int) -> tuple[float, float]:
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t0)
    return statistics.median(samples) * 1000, max(samples) * 1000


def line(label: str, value: str, target: str) -> None:
    print(f"{label:<44}{value:>22}   target {target}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("scenario", nargs="?", default=str(ROOT / "scenarios" / "busan_pause.yaml"))
    ap.add_argument("--games", type=int, default=2000)
    args = ap.parse_args()
    path = Path(args.scenario)
    scenario = load_scenario(path)
    print(f"scenario: {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}; "
          f"{os.cpu_count()} cores")

    load_ms, load_max = timed(lambda: load_scenario(path), 10)
    line("load + validate", f"{load_ms:7.1f} ms (max {load_max:.0f})", "-")

    rules = Rules(scenario)

    def one_turn():
        game = Game(scenario, seed=1)
        t0 = time.perf_counter()
        game.resolve()
        return time.perf_counter() - t0

    turns = sorted(one_turn() * 1000 for _ in range(30))
    line("one turn resolved, every state by the adviser", f"{statistics.median(turns):7.2f} ms", "< 5 ms")

    seeds = iter(range(10**6))
    game_ms, game_max = timed(lambda: play(rules, next(seeds)), 30)
    line("full game, every state by the adviser", f"{game_ms:7.2f} ms (max {game_max:.0f})", "< 5 ms, one core")

    n = args.games
    t0 = time.perf_counter()
    play_batch(scenario, range(n))
    spent = time.perf_counter() - t0
    per10k = spent * 10000 / n
    line(f"batch of {n:,} games on every core", f"{spent:7.1f} s", "-")
    line("  the same, scaled to 10,000 games", f"{per10k:7.1f} s", "< 10 s on two cores")

    game = Game(scenario, seed=3, humans=[scenario.model.states[0].id])
    state = game.humans[0]
    orders = Orders(tuple(o.id for o in game.options(state) if o.available)[:2])
    r, pos = game.rules, game.position
    others = others_orders(r, pos, state, lambda s: Adviser(), game.seed)
    ot_ms, _ = timed(lambda: others_orders(r, pos, state, lambda s: Adviser(), game.seed), 5)
    fc_ms, fc_max = timed(lambda: forecast(r, pos, state, orders, lambda s: Adviser(), DEFAULT_SAMPLES,
                                           game.seed, others), 10)
    line(f"forecast from {DEFAULT_SAMPLES} copies of the turn", f"{fc_ms:7.1f} ms (max {fc_max:.0f})", "< 50 ms")
    line("  plus, once a turn, the other states' orders", f"{ot_ms:7.1f} ms", "-")


if __name__ == "__main__":
    main()
