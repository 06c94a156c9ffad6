"""The strong adviser (game.engine.planner): how long a turn's advice takes, and how much better it
plays than the quick adviser on common seeds, printed beside the targets (docs/architecture.md,
"Targets"). Nothing here asserts.

Run: .venv/bin/python benchmarks/planner.py [SCENARIO] [--games N] [--difficulty D]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from game.engine.batch import play  # noqa: E402
from game.engine.planner import Planner  # noqa: E402
from game.engine.rules import Rules  # noqa: E402
from game.engine.turn import active_states, is_over, open_turn, resolve_turn, start  # noqa: E402
from game.engine.policies import Adviser  # noqa: E402
from game.scenario import load_scenario  # noqa: E402

ADVICE_TARGET_S = 0.5


def _pair(args) -> tuple[float, float]:
    path, difficulty, state, seed = args
    r = Rules(load_scenario(path), difficulty)
    strong = play(r, seed, {state: Planner()})[0].scores[state]["total"]
    quick = play(r, seed)[0].scores[state]["total"]
    return strong, quick


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("scenario", nargs="?", default=str(ROOT / "scenarios" / "busan_pause.yaml"))
    ap.add_argument("--games", type=int, default=20)
    ap.add_argument("--difficulty", default="normal")
    args = ap.parse_args()
    scenario = load_scenario(args.scenario)
    r = Rules(scenario, args.difficulty)
    states = [s.id for s in scenario.model.states if s.playable]
    # advice time, turn by turn, through one game the quick adviser plays
    pos = start(r, 1)
    open_turn(r, pos)
    times = []
    while not is_over(r, pos):
        t0 = time.perf_counter()
        Planner().advise(r, pos, states[0], seed=1)
        times.append(time.perf_counter() - t0)
        resolve_turn(r, pos, {sid: Adviser().orders(r, pos, sid, pos.rng.ai) for sid in active_states(r, pos)})
        open_turn(r, pos)
    print(f"advice for {states[0]}, one game: mean {statistics.mean(times):.2f} s, slowest {max(times):.2f} s "
          f"(turn {times.index(max(times)) + 1}); target under {ADVICE_TARGET_S} s a turn")
    with ProcessPoolExecutor() as ex:
        for state in states:
            t0 = time.perf_counter()
            pairs = list(ex.map(_pair, [(args.scenario, args.difficulty, state, 1000 + k) for k in range(args.games)]))
            strong = [p for p, _ in pairs]
            quick = [q for _, q in pairs]
            wins = sum(p > q + 1e-9 for p, q in pairs) / len(pairs)
            print(f"{state}: planner {statistics.mean(strong):.2f}, quick adviser {statistics.mean(quick):.2f}, "
                  f"planner better on {wins:.0%} of {len(pairs)} seeds ({time.perf_counter() - t0:.0f} s)")


if __name__ == "__main__":
    main()
