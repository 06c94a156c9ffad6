"""`equilibria`: every Nash equilibrium, exactly, checked against Gambit and against published games;
game files read with line and column in every message."""
from __future__ import annotations

import json
import time
from fractions import Fraction as F
from pathlib import Path

import numpy as np
import pytest

from game.analysis.equilibria import NormalForm, pure_equilibria, solve
from game.analysis.games import GameInvalid, game_schema_text, load_game
from game.cli import main

from ..conftest import ROOT

HERE = Path(__file__).parent


def bimatrix(a, b, title="game") -> NormalForm:
    A = np.array([[F(v) for v in row] for row in a], dtype=object)
    B = np.array([[F(v) for v in row] for row in b], dtype=object)
    return NormalForm(title, ("Row", "Column"), (tuple(f"r{i}" for i in range(A.shape[0])),
                                                 tuple(f"c{j}" for j in range(A.shape[1]))), (A, B))


def found(game: NormalForm) -> set:
    return {tuple(tuple(str(p) for p in s) for s in e.strategies) for e in solve(game).equilibria}


# --- against Gambit -------------------------------------------------------------------------------

def test_every_extreme_equilibrium_gambit_finds_and_no_other():
    """170 random games, most of them degenerate (payoffs 0-2 tie everywhere), solved by pygambit's
    enummixed_solve in exact arithmetic (tests/analysis/make_gambit_reference.py)."""
    reference = json.loads((HERE / "gambit_reference.json").read_text())
    assert len(reference["games"]) == 170
    for case in reference["games"]:
        expected = {tuple(tuple(s) for s in eq) for eq in case["equilibria"]}
        assert found(bimatrix(case["A"], case["B"])) == expected, case


# --- published games --------------------------------------------------------------------------------

def test_battle_of_the_sexes_has_two_pure_and_one_mixed_equilibrium():
    # M. J. Osborne, An Introduction to Game Theory (Oxford UP, 2004), section 4.3 (BoS).
    sol = solve(bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]]))
    got = {tuple(tuple(str(p) for p in s) for s in e.strategies): e.payoffs for e in sol.equilibria}
    assert got == {(("1", "0"), ("1", "0")): (F(2), F(1)),
                   (("0", "1"), ("0", "1")): (F(1), F(2)),
                   (("2/3", "1/3"), ("1/3", "2/3")): (F(2, 3), F(2, 3))}


def test_matching_pennies_and_rock_paper_scissors_have_one_uniform_equilibrium():
    # Osborne (2004), sections 4.1 (Matching Pennies) and 4.10 exercise (Rock, Paper, Scissors).
    pennies = [[1, -1], [-1, 1]]
    assert found(bimatrix(pennies, [[-v for v in r] for r in pennies])) == {(("1/2", "1/2"), ("1/2", "1/2"))}
    rps = [[0, -1, 1], [1, 0, -1], [-1, 1, 0]]
    sol = solve(bimatrix(rps, [[-v for v in r] for r in rps]))
    assert [tuple(tuple(str(p) for p in s) for s in e.strategies) for e in sol.equilibria] == \
        [(("1/3",) * 3, ("1/3",) * 3)]
    assert sol.equilibria[0].payoffs == (0, 0)


def test_prisoners_dilemma_has_only_mutual_defection():
    # Osborne (2004), section 2.2: (Quiet, Fink); the unique equilibrium is (Fink, Fink).
    assert found(bimatrix([[2, 0], [3, 1]], [[2, 3], [0, 1]])) == {(("0", "1"), ("0", "1"))}


def test_von_stengels_examples_nondegenerate_and_degenerate():
    # B. von Stengel, "Equilibrium computation for two-player games in strategic and extensive form",
    # ch. 3 of Nisan, Roughgarden, Tardos, Vazirani (eds.), Algorithmic Game Theory (CUP, 2007),
    # section 3.2: a 3 x 2 game with three equilibria, and its degenerate variant (b12 = 3), whose
    # top row has two best responses, so a whole segment of equilibria.
    a = [[3, 3], [2, 5], [0, 6]]
    assert found(bimatrix(a, [[3, 2], [2, 6], [3, 1]])) == {
        (("1", "0", "0"), ("1", "0")), (("4/5", "1/5", "0"), ("2/3", "1/3")),
        (("0", "1/3", "2/3"), ("1/3", "2/3"))}
    sol = solve(bimatrix(a, [[3, 3], [2, 6], [3, 1]]))
    assert found(sol.game) == {(("1", "0", "0"), ("1", "0")), (("1", "0", "0"), ("2/3", "1/3")),
                               (("0", "1/3", "2/3"), ("1/3", "2/3"))}
    segments = [(rows, cols) for rows, cols in sol.components if len(cols) > 1]
    assert len(segments) == 1
    rows, cols = segments[0]
    assert [sol.row_vertices[i] for i in rows] == [(1, 0, 0)]
    assert {sol.column_vertices[j] for j in cols} == {(1, 0), (F(2, 3), F(1, 3))}


def test_a_game_where_nobody_cares_is_one_component_of_everything():
    sol = solve(bimatrix([[1, 1], [1, 1]], [[5, 5], [5, 5]]))
    assert len(sol.equilibria) == 4 and len(sol.components) == 1
    rows, cols = sol.components[0]
    assert len(rows) == 2 and len(cols) == 2


def test_coordination_on_n_strategies_has_two_to_the_n_minus_one_equilibria_and_is_quick():
    # The n x n coordination game (identity payoffs) has one equilibrium per non-empty support:
    # 2^n - 1 (Quint and Shubik, "A bound on the number of Nash equilibria in a coordination
    # game", Economics Letters 1997, where it is the example attaining the bound).
    eye = np.eye(10, dtype=int).tolist()
    t0 = time.perf_counter()
    sol = solve(bimatrix(eye, eye))
    assert len(sol.equilibria) == 1023
    uniform = [e for e in sol.equilibria if all(p == F(1, 10) for p in e.strategies[0])]
    assert len(uniform) == 1 and uniform[0].payoffs == (F(1, 10), F(1, 10))
    assert time.perf_counter() - t0 < 60  # a guard against a hang, not a speed test (benchmarks/)


def test_pure_equilibria_of_a_three_player_game():
    # Three players each choose 0 or 1 and are paid 1 when all choose alike: two pure equilibria,
    # and the profiles where exactly one player differs are not equilibria (that player gains 1).
    shape = (2, 2, 2)
    same = np.empty(shape, dtype=object)
    for p in np.ndindex(*shape):
        same[p] = F(int(len(set(p)) == 1))
    game = NormalForm("unanimity", ("A", "B", "C"), (("0", "1"),) * 3, (same, same.copy(), same.copy()))
    sol = solve(game)
    assert sol.pure_only
    assert {tuple(s.index(1) for s in e.strategies) for e in sol.equilibria} == {(0, 0, 0), (1, 1, 1)}
    assert pure_equilibria(game) == list(sol.equilibria)


# --- files ------------------------------------------------------------------------------------------

def test_the_documented_example_game_reads_and_solves(capsys):
    assert main(["equilibria", str(ROOT / "docs" / "games" / "offtake.yaml")]) == 0
    out = capsys.readouterr().out
    assert "Kazakhstan" in out and "Expected payoffs" in out
    assert main(["equilibria", str(ROOT / "docs" / "games" / "offtake.yaml"), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["equilibria"] and all(set(e["strategies"]) == {"Kazakhstan", "China"} for e in data["equilibria"])
    for e in data["equilibria"]:
        for mix in e["strategies"].values():
            assert sum(F(p) for p in mix.values()) == 1


def test_the_committed_game_schema_is_current():
    committed = (ROOT / "docs" / "games" / "game.schema.json").read_text(encoding="utf-8")
    assert committed == game_schema_text(), \
        "docs/games/game.schema.json is stale: run `greatgame schema --game > docs/games/game.schema.json`"


GOOD = """title: T
players:
  - name: A
    strategies: [x, y]
  - name: B
    strategies: [l, r]
payoffs:
  - [[1, "1/3"], [0, 0.5]]
  - [[0, 0], [2, 1]]
"""


def test_payoffs_are_exact_as_written(tmp_path):
    f = tmp_path / "g.yaml"
    f.write_text(GOOD)
    game = load_game(f)
    assert game.payoffs[1][0, 0] == F(1, 3) and game.payoffs[1][0, 1] == F(1, 2)


@pytest.mark.parametrize("text, where, words", [
    (GOOD.replace("[[0, 0], [2, 1]]", "[[0, 0]]"), (9, 5), "expected 2 entries here for A playing 'y'"),
    (GOOD.replace("[0, 0.5]", "[0]"), (8, 18), "expected 2 payoffs here"),
    (GOOD.replace('"1/3"', '"a third"'), (8, 10), "payoff 'a third' is not a number"),
    (GOOD.replace("strategies: [l, r]", "strategies: [l, l]"), (6, 21), "two strategies named 'l'"),
    (GOOD.replace("title: T", "titel: T"), (1, 1), "unknown key 'titel'"),
    (GOOD.replace("payoffs:", "payofs:"), (7, 1), "unknown key 'payofs'"),
])
def test_a_mistake_in_a_game_file_is_named_with_its_line_and_column(tmp_path, text, where, words, capsys):
    f = tmp_path / "g.yaml"
    f.write_text(text)
    with pytest.raises(GameInvalid) as info:
        load_game(f)
    first = info.value.errors[0]
    assert (first.line, first.col) == where and words in first.message, str(info.value)
    assert main(["equilibria", str(f)]) == 1
    err = capsys.readouterr().err
    assert f"{f}:{where[0]}:{where[1]}: error:" in err and "Traceback" not in err


def test_gambit_nfg_files_in_both_forms(tmp_path):
    # The payoff form and the outcome form of Gambit's format, for the same Battle of the Sexes.
    payoff_form = tmp_path / "bos.nfg"
    payoff_form.write_text('NFG 1 R "BoS" { "Her" "Him" } { 2 2 }\n\n2 1 0 0 0 0 1 2\n')
    outcome_form = tmp_path / "bos2.nfg"
    outcome_form.write_text('NFG 1 R "BoS" { "Her" "Him" }\n{ { "Ballet" "Boxing" }\n{ "Ballet" "Boxing" }\n}\n""\n\n'
                            '{\n{ "" 2, 1 }\n{ "" 0, 0 }\n{ "" 1, 2 }\n}\n1 2 2 3\n')
    for f in (payoff_form, outcome_form):
        game = load_game(f)
        assert game.players == ("Her", "Him")
        assert found(game) == {(("1", "0"), ("1", "0")), (("0", "1"), ("0", "1")), (("2/3", "1/3"), ("1/3", "2/3"))}
    assert load_game(outcome_form).strategies == (("Ballet", "Boxing"), ("Ballet", "Boxing"))


def test_a_broken_nfg_file_is_named_with_its_line_and_column(tmp_path, capsys):
    f = tmp_path / "bad.nfg"
    f.write_text('NFG 1 R "BoS" { "Her" "Him" } { 2 2 }\n\n2 1 0 0 0 zero 1 2\n')
    assert main(["equilibria", str(f)]) == 1
    err = capsys.readouterr().err
    assert f"{f}:3:11: error: expected 8 payoffs, found 'zero'" in err
    assert main(["equilibria", str(tmp_path / "none.nfg")]) == 2
    assert "no such file" in capsys.readouterr().err
