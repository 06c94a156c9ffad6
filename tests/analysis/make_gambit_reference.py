"""Writes tests/analysis/gambit_reference.json: random two-player games, many of them degenerate,
with every extreme equilibrium Gambit's enumeration finds (pygambit's enummixed_solve, exact).

Not run by the tests (pygambit builds from source on some machines); run it by hand where
pygambit is installed, then commit the file:

    python -m venv /tmp/gambit && /tmp/gambit/bin/pip install 'pygambit>=16.1' numpy
    /tmp/gambit/bin/python tests/analysis/make_gambit_reference.py
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pygambit as gbt


def cases():
    rng = np.random.default_rng(20261202)
    for n in range(120):                       # small payoffs: ties everywhere, degenerate games
        m, k = rng.integers(1, 6, size=2)
        yield rng.integers(0, 3, (m, k)), rng.integers(0, 3, (m, k))
    for n in range(40):                        # wider payoffs, up to 7 x 7
        m, k = rng.integers(2, 8, size=2)
        yield rng.integers(-50, 50, (m, k)), rng.integers(-50, 50, (m, k))
    for n in range(10):                        # zero-sum
        m, k = rng.integers(2, 6, size=2)
        a = rng.integers(-5, 5, (m, k))
        yield a, -a


def main() -> None:
    out = []
    for a, b in cases():
        game = gbt.Game.from_arrays(a.tolist(), b.tolist())
        result = gbt.nash.enummixed_solve(game, rational=True)
        # In a degenerate game Gambit may list one equilibrium once per basis it reaches it from:
        # each is kept once.
        found = {tuple(tuple(str(e[s]) for s in p.strategies) for p in game.players) for e in result.equilibria}
        eqs = sorted([list(x) for x in eq] for eq in found)
        out.append({"A": a.tolist(), "B": b.tolist(), "equilibria": eqs})
    path = Path(__file__).with_name("gambit_reference.json")
    path.write_text(json.dumps({"generator": f"pygambit {gbt.__version__} enummixed_solve(rational=True)",
                                "games": out}, indent=None) + "\n")
    print(f"{len(out)} games written to {path}")


if __name__ == "__main__":
    main()
