"""Engine benchmark: prints load/validate, one turn, one full AI game and simulate throughput.

Run: .venv/bin/python benchmarks/engine.py [SCENARIO]
Targets (DESIGN.md section 7): a turn under 50 ms; a full default game (all states AI) under 50 ms.
Figures are medians of repeated runs on this machine, printed; nothing here asserts on time.
"""
from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from game.engine import Game  # noqa: E402
from game.scenario import load_scenario  # noqa: E402


def timed(fn, repeat: int) -> tuple[float, float]:
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t0)
    return statistics.median(samples) * 1000, max(samples) * 1000


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "scenarios" / "busan_pause.yaml"
    scenario = load_scenario(path)
    print(f"scenario: {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")

    load_ms, load_max = timed(lambda: load_scenario(path), 20)
    print(f"load + validate:            median {load_ms:7.2f} ms   (max {load_max:.2f})")

    def one_turn():
        game = Game(scenario, seed=1)
        t0 = time.perf_counter()
        game.resolve()
        return time.perf_counter() - t0

    turns = sorted(one_turn() * 1000 for _ in range(30))
    print(f"one turn, all states AI:    median {statistics.median(turns):7.2f} ms   "
          f"(max {turns[-1]:.2f})   target < 50 ms")

    def full_game(seed=[0]):
        seed[0] += 1
        game = Game(scenario, seed=seed[0])
        while not game.over:
            game.resolve()

    game_ms, game_max = timed(full_game, 30)
    print(f"full game, all states AI:   median {game_ms:7.2f} ms   (max {game_max:.2f})   target < 50 ms")

    n = 200
    t0 = time.perf_counter()
    for k in range(n):
        g = Game(scenario, seed=1000 + k)
        while not g.over:
            g.resolve()
    rate = n / (time.perf_counter() - t0)
    print(f"simulate throughput:        {rate:7.1f} games/s on one core ({n} games)   "
          f"(10,000 games would take {10000 / rate:.0f} s; analyze target 10 s)")


if __name__ == "__main__":
    main()
