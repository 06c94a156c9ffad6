"""The strong adviser (game.engine.planner): advice a player can trust and a teacher can repeat."""
from __future__ import annotations

import numpy as np

from game.engine import Game
from game.engine.batch import play
from game.engine.orders import decisions, order_problems
from game.engine.planner import QUICK, Planner, courses, play_out
from game.engine.policies import Adviser
from game.engine.rules import Rules
from game.engine.turn import open_turn, start


def _opened(scenario, seed, difficulty="normal"):
    r = Rules(scenario, difficulty)
    pos = start(r, seed)
    open_turn(r, pos)
    return r, pos


def test_advice_is_legal_repeatable_and_leaves_the_position_alone(mini):
    r, pos = _opened(mini, 3)
    before = pos.to_dict()
    a = Planner().advise(r, pos, "p", seed=3)
    b = Planner().advise(r, pos, "p", seed=3)
    assert pos.to_dict() == before
    assert a == b
    assert not order_problems(r, pos, "p", a.orders)
    assert {d.id for d in pos.records["p"].decisions} <= set(a.orders.answers)


def test_the_chosen_orders_are_the_best_trial_and_the_first_estimate_is_among_them(mini):
    r, pos = _opened(mini, 5)
    a = Planner().advise(r, pos, "p", seed=5)
    assert a.trials[0].orders == a.orders
    quick = next(t for t in a.trials if t.label == QUICK)
    assert a.trials[0].mean >= quick.mean
    assert all(a.trials[0].mean >= t.mean - 0.05 - 1e-9 for t in a.trials)   # none clearly better
    assert len({(t.orders.actions, tuple(sorted(t.orders.answers.items()))) for t in a.trials}) == len(a.trials)


def test_a_trial_is_the_game_itself_played_on_a_copy(mini):
    """Played out with the quick adviser from the start on the game's own dice, a trial ends
    with the very score of the game the quick adviser plays."""
    r, pos = _opened(mini, 8)
    orders = Adviser().orders(r, pos.copy(), "p", pos.copy().rng.ai)
    game, _ = play(r, 8)
    assert abs(play_out(r, pos, "p", orders, pos.rng.copy(), Adviser()) - game.scores["p"]["total"]) < 1e-9


def test_the_why_names_the_orders_and_the_evidence(mini):
    r, pos = _opened(mini, 2)
    a = Planner().advise(r, pos, "p", seed=2)
    names = [r.name(x) for x in a.orders.actions]
    assert all(n in a.why for n in names)
    assert "Tried on 3 copies of the game played to its end" in a.why
    assert f"{a.trials[0].mean:.1f} points" in a.why


def test_the_game_gives_the_same_advice_every_time_it_is_asked(mini):
    g = Game(mini, seed=4, humans=["p"])
    first = g.advise("p")
    assert g.advise("p") is first
    assert Game(mini, seed=4, humans=["p"]).advise("p") == first


def test_the_planner_plays_whole_games_as_a_policy(mini):
    res, _ = play(Rules(mini, "normal"), 11, {"p": Planner(samples=2)})
    again, _ = play(Rules(mini, "normal"), 11, {"p": Planner(samples=2)})
    assert res == again
    assert res.turns == mini.model.meta.turns and res.endings["p"] is None, (res.turns, res.endings)



def test_the_planner_also_weighs_whole_courses_and_says_when_it_takes_one(busan):
    """Besides small changes to the quick adviser's orders, it plays out the first orders of a course
    toward each power and of keeping every relation level, so it sees roads the quick adviser would
    only take one step at a time (in the default scenario's opening: China's separation technology,
    licensed only until the pause lapses, for a state whose first mine is Chinese)."""
    r, pos = _opened(busan, 1)
    advice = Planner().advise(r, pos, "kz", seed=1)
    tried = {(frozenset(t.orders.actions), tuple(sorted(t.orders.answers.items()))) for t in advice.trials}
    for label, course in courses(r):
        first = course.orders(r, pos, "kz", np.random.default_rng([1, pos.turn, 0xC0]))
        assert (frozenset(first.actions), tuple(sorted(first.answers.items()))) in tried, label
    assert advice.trials[0].label == "a course toward China"
    assert "the first step of a course toward China" in advice.why


def test_the_why_never_contradicts_the_choice(busan):
    """The sentence says which orders were kept and why, in whole orders (never 'X as well' after
    'no action'), tells an answer-only difference apart, and explains a recommendation to do nothing."""
    from game.engine.planner import Trial, _why
    from game.engine.views import Orders

    r, pos = _opened(busan, 1)
    d = decisions(r, pos, "kz")[0]
    first, other = [o.id for o in d.options][:2]
    quick = Trial(QUICK, Orders(("jv_us",), {d.id: first}), 30.0, (30.0,))
    best = Trial("another answer", Orders(("jv_us",), {d.id: other}), 30.5, (30.5,))
    runner = Trial("Exploration drilling campaign as well", Orders(("jv_us", "exploration"), {d.id: first}),
                   30.52, (30.52,))
    why = _why(r, pos, "kz", best, (best, runner, quick), 3, 6)
    assert "the same actions with another answer" in why
    assert "so the adviser keeps the orders above" in why and "keeps its first idea" not in why
    assert "as well" not in why and "Mining joint venture with a US-backed firm and Exploration" in why

    idle = Trial("no action at all", Orders((), {d.id: first}), 31.0, (31.0,))
    why = _why(r, pos, "kz", idle, (idle, quick, runner), 3, 6)
    assert why.startswith("Take no action this turn")
    assert "Every action tried ended the game lower" in why
