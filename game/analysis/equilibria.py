"""Nash equilibria of games in normal form: every extreme equilibrium of a two-player game, exactly,
and the pure equilibria of games with more players.

Two players (docs/architecture.md, "Analysis"): the method of Avis, Rosenberg, Savani and von Stengel,
"Enumeration of Nash equilibria for two-player games", Economic Theory 42 (2010) 9-37. With payoffs
made positive, the row player's best-response polytope is P = {x >= 0 : B'x <= 1} and the column
player's Q = {y >= 0 : A y <= 1}. Each facet is a label: a strategy unplayed or a best response.
An extreme equilibrium is a pair of vertices (x, y), neither zero, that between them carry every
label. Vertices are found by trying each support with as many tight best responses (a square
system): first in floating point for all of them at once, then each candidate again in exact
fractions, so what is reported is exact and checked. In a degenerate game the equilibria may
form continua; each is the set of mixtures of a clique of extreme equilibria (a maximal set of
row vertices each of which is an equilibrium with each of a set of column vertices), and those
cliques are reported as `components`.

More players: every profile of pure strategies is tested against each player's deviations.
"""
from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Sequence

import numpy as np

Number = Fraction


@dataclass(frozen=True)
class NormalForm:
    """A game in normal form: players, their strategies and, for each player, an array of payoffs
    indexed by a profile (one strategy index per player). Payoffs are exact fractions."""

    title: str
    players: tuple[str, ...]
    strategies: tuple[tuple[str, ...], ...]
    payoffs: tuple[np.ndarray, ...]          # one object array of Fractions per player

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(len(s) for s in self.strategies)


@dataclass(frozen=True)
class Equilibrium:
    """A Nash equilibrium: each player's mixed strategy (a probability per strategy) and the
    payoff each expects."""

    strategies: tuple[tuple[Fraction, ...], ...]
    payoffs: tuple[Fraction, ...]

    @property
    def pure(self) -> bool:
        return all(sum(1 for p in s if p) == 1 for s in self.strategies)


@dataclass(frozen=True)
class Solution:
    """What `solve` found: the equilibria and, for two players, the components they span."""

    game: NormalForm
    equilibria: tuple[Equilibrium, ...]
    components: tuple[tuple[tuple[int, ...], tuple[int, ...]], ...]
    """For two players: each component as (row vertices, column vertices), by index into
    `row_vertices` and `column_vertices`; every mix of one side's with the other's is an
    equilibrium."""
    row_vertices: tuple[tuple[Fraction, ...], ...] = ()
    column_vertices: tuple[tuple[Fraction, ...], ...] = ()
    pure_only: bool = False
    """True when only pure equilibria were sought (more than two players)."""


def solve(game: NormalForm) -> Solution:
    """Every extreme Nash equilibrium of a two-player game; the pure ones of a larger game."""
    if len(game.players) == 2:
        return _two_player(game)
    return Solution(game, tuple(pure_equilibria(game)), (), pure_only=True)


# --- pure equilibria, any number of players -------------------------------------------------------

def pure_equilibria(game: NormalForm) -> list[Equilibrium]:
    """The profiles of pure strategies at which no player gains by deviating alone."""
    shape = game.shape
    # Each player's best payoff against every profile of the others' strategies.
    best = [np.max(u, axis=i, keepdims=True) for i, u in enumerate(game.payoffs)]
    out = []
    for profile in itertools.product(*(range(n) for n in shape)):
        if all(game.payoffs[i][profile] == best[i][profile[:i] + (0,) + profile[i + 1:]]
               for i in range(len(shape))):
            strategies = tuple(tuple(Fraction(int(k == s)) for k in range(n)) for s, n in zip(profile, shape))
            out.append(Equilibrium(strategies, tuple(Fraction(u[profile]) for u in game.payoffs)))
    return out


# --- two players: vertex enumeration ---------------------------------------------------------------

def _positive(a: np.ndarray) -> np.ndarray:
    """The same preferences with every payoff at least 1 (an object array of Fractions)."""
    low = min(a.flat)
    return a - low + 1


def _integer_solve(matrix: list[list[int]], rhs: list[int]) -> tuple[list[int], int] | None:
    """Solve a square system of integers exactly: (numerators, denominator > 0) with
    x_i = numerators[i] / denominator, or None if it is singular. Fraction-free Gauss-Jordan
    elimination (Bareiss), so every step divides exactly and stays in integers."""
    n = len(rhs)
    rows = [list(matrix[i]) + [rhs[i]] for i in range(n)]
    prev = 1
    for k in range(n):
        if rows[k][k] == 0:
            swap = next((r for r in range(k + 1, n) if rows[r][k] != 0), None)
            if swap is None:
                return None
            rows[k], rows[swap] = rows[swap], rows[k]
        pivot_row = rows[k]
        pk = pivot_row[k]
        for i in range(n):
            if i == k:
                continue
            row = rows[i]
            f = row[k]
            rows[i] = [(pk * v - f * w) // prev for v, w in zip(row, pivot_row)]
        prev = pk
    det = rows[n - 1][n - 1]
    nums = [rows[i][n] for i in range(n)]
    if det < 0:
        det, nums = -det, [-v for v in nums]
    return nums, det


def _vertices(m: np.ndarray) -> list[tuple[tuple[Fraction, ...], int]]:
    """The vertices of {x >= 0 : x M <= 1} for an (k x l) matrix M of positive Fractions, each with
    its labels as a bit mask: bit i for x_i = 0 (i < k), bit k + j for (x M)_j = 1."""
    k, l = m.shape
    # In whole numbers: x Mi <= L with Mi = L M, L the common denominator.
    common = 1
    for v in m.flat:
        common = common * v.denominator // math.gcd(common, v.denominator)
    mi = [[int(v * common) for v in row] for row in m]
    mf = np.array(mi, dtype=float)
    scale = float(max(mf.flat))
    found: dict[tuple[Fraction, ...], int] = {}
    zero = tuple(Fraction(0) for _ in range(k))
    found[zero] = (1 << k) - 1  # every x_i = 0 and, all payoffs being at least 1, no column tight
    seen: set[tuple[float, ...]] = set()
    for size in range(1, min(k, l) + 1):
        supports = np.array(list(itertools.combinations(range(k), size)))
        tights = np.array(list(itertools.combinations(range(l), size)))
        # Systems sum_{i in K} x_i M[i, j] = 1 for j in J, as (J x K) matrices: M[K, J] transposed.
        idx_k = np.repeat(np.arange(len(supports)), len(tights))
        idx_j = np.tile(np.arange(len(tights)), len(supports))
        for start in range(0, len(idx_k), 20000):
            kk = supports[idx_k[start:start + 20000]]
            jj = tights[idx_j[start:start + 20000]]
            systems = mf[kk[:, :, None], jj[:, None, :]].transpose(0, 2, 1) / scale
            det = np.abs(np.linalg.det(systems))
            norms = np.prod(np.linalg.norm(systems, axis=2), axis=1)
            ok = det > 1e-10 * norms
            if not ok.any():
                continue
            sol = np.linalg.solve(systems[ok], np.ones((int(ok.sum()), size, 1)))[:, :, 0]
            kk, jj = kk[ok], jj[ok]
            feasible = (sol >= -1e-9).all(axis=1)
            xs = np.zeros((len(sol), k))
            np.put_along_axis(xs, kk, sol, axis=1)
            feasible &= ((xs @ mf) <= scale * (1 + 1e-9)).all(axis=1)
            for t in np.nonzero(feasible)[0]:
                key = tuple(np.round(xs[t], 7))  # one exact check per vertex, not per basis
                if key in seen:
                    continue
                seen.add(key)
                support, tight = [int(i) for i in kk[t]], [int(j) for j in jj[t]]
                exact = _integer_solve([[mi[i][j] for i in support] for j in tight], [common] * size)
                if exact is None or any(v < 0 for v in exact[0]):
                    continue
                nums, den = exact
                x = [0] * k
                for i, v in zip(support, nums):
                    x[i] = v
                sums = [sum(x[i] * mi[i][j] for i in support) for j in range(l)]
                if any(s_ > common * den for s_ in sums):
                    continue
                labels = 0
                for i in range(k):
                    if x[i] == 0:
                        labels |= 1 << i
                for j in range(l):
                    if sums[j] == common * den:
                        labels |= 1 << (k + j)
                found.setdefault(tuple(Fraction(v, den) for v in x), labels)
    return list(found.items())


def _normalised(v: tuple[Fraction, ...]) -> tuple[Fraction, ...]:
    total = sum(v, Fraction(0))
    return tuple(x / total for x in v)


def _two_player(game: NormalForm) -> Solution:
    a, b = game.payoffs
    m_rows, n_cols = a.shape
    ap, bp = _positive(a), _positive(b)
    # P: x over rows with x B' <= 1; labels i (x_i = 0) and m + j (column j a best response).
    p_vertices = _vertices(bp)
    # Q: y over columns with A y <= 1, i.e. y A^T <= 1; labels there are j (y_j = 0) and n + i
    # (row i a best response): renumber to the shared labels (row i -> i, column j -> m + j).
    q_raw = _vertices(ap.T)
    q_vertices = []
    for y, lab in q_raw:
        shared = 0
        for j in range(n_cols):
            if lab >> j & 1:
                shared |= 1 << (m_rows + j)
        for i in range(m_rows):
            if lab >> (n_cols + i) & 1:
                shared |= 1 << i
        q_vertices.append((y, shared))
    full = (1 << (m_rows + n_cols)) - 1
    p_nz = [(x, lab) for x, lab in p_vertices if any(x)]
    q_nz = [(y, lab) for y, lab in q_vertices if any(y)]
    rows_used: dict[tuple, int] = {}
    cols_used: dict[tuple, int] = {}
    pairs: list[tuple[int, int]] = []
    equilibria: list[Equilibrium] = []
    for x, lx in p_nz:
        for y, ly in q_nz:
            if lx | ly != full:
                continue
            xn, yn = _normalised(x), _normalised(y)
            i = rows_used.setdefault(xn, len(rows_used))
            j = cols_used.setdefault(yn, len(cols_used))
            pairs.append((i, j))
            equilibria.append(Equilibrium((xn, yn), (_expected(a, xn, yn), _expected(b, xn, yn))))
    order = sorted(range(len(equilibria)), key=lambda e: _sort_key(equilibria[e]))
    equilibria = [equilibria[e] for e in order]
    pairs = [pairs[e] for e in order]
    rows = [None] * len(rows_used)
    for v, i in rows_used.items():
        rows[i] = v
    cols = [None] * len(cols_used)
    for v, j in cols_used.items():
        cols[j] = v
    return Solution(game, tuple(equilibria), _cliques(pairs), tuple(rows), tuple(cols))  # type: ignore[arg-type]


def _expected(u: np.ndarray, x: Sequence[Fraction], y: Sequence[Fraction]) -> Fraction:
    return sum((x[i] * y[j] * u[i, j] for i in range(len(x)) for j in range(len(y)) if x[i] and y[j]),
               Fraction(0))


def _sort_key(e: Equilibrium):
    """Pure equilibria first, then by support size, then by the strategies, highest weight on the
    first strategy first (the order people read a table in)."""
    support = sum(1 for s in e.strategies for p in s if p)
    return (support, tuple(-p for s in e.strategies for p in s))


def _cliques(pairs: list[tuple[int, int]]) -> tuple[tuple[tuple[int, ...], tuple[int, ...]], ...]:
    """The maximal bicliques of the bipartite graph of extreme equilibria. Their column sets are
    exactly the non-empty intersections of row neighbourhoods, built up one row at a time."""
    neighbours: dict[int, frozenset[int]] = {}
    for i, j in pairs:
        neighbours[i] = neighbours.get(i, frozenset()) | {j}
    column_sets: set[frozenset[int]] = set()
    for n in neighbours.values():
        column_sets |= {c & n for c in column_sets if c & n} | {n}
    out = []
    for cols in column_sets:
        rows = tuple(sorted(i for i, n in neighbours.items() if cols <= n))
        out.append((rows, tuple(sorted(cols))))
    return tuple(sorted(out))
