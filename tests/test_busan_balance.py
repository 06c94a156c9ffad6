"""The default scenario is a good game: strategy matters, no fixed plan wins regardless, leaning
on one power is punished, and each playable state can both win and lose.

These run whole games headless (about 40 ms each), a few seeds per strategy.
"""
from __future__ import annotations

import statistics

import pytest

from game.engine import Game, Orders, RandomPlayer
from game.engine.orders import action_status, decisions, order_problems

random_orders = RandomPlayer()

SEEDS = range(1, 9)


def play(scenario, policy=None, seed=1, difficulty="normal"):
    policies = {s.id: policy for s in scenario.model.states} if policy else None
    game = Game(scenario, seed, (), difficulty, policies=policies)
    while not game.over:
        game.resolve()
    return game


def mean_score(scenario, state, policy=None, seeds=SEEDS):
    return statistics.mean(play(scenario, policy, s).score(state)["total"] for s in seeds)


class Greedy:
    """Takes the wanted actions in scenario order while the budget lasts."""

    def __init__(self, name, wanted, answer):
        self.name, self.wanted, self.answer = name, wanted, answer

    def orders(self, r, pos, state, rng):
        answers = {d.id: self.answer(d) for d in decisions(r, pos, state)}
        chosen: list[str] = []
        for a, reason in action_status(r, pos, state):
            if reason is None and self.wanted(a):
                trial = Orders(tuple(chosen + [a.id]), answers)
                if not order_problems(r, pos, state, trial):
                    chosen.append(a.id)
        return Orders(tuple(chosen), answers)


def leaning_on(power):
    def answer(d):
        avail = [o.id for o in d.options if o.available]
        if d.kind == "crisis":
            return "concede" if d.source == power and "concede" in avail else (
                "stand_firm" if "stand_firm" in avail else avail[0])
        return avail[0]

    return Greedy(f"leaning on {power}", lambda a: a.with_power == power, answer)


def always(action_id):
    def answer(d):
        return next(o.id for o in d.options if o.available)

    return Greedy(f"always {action_id}", lambda a: a.id == action_id, answer)


@pytest.fixture(scope="module")
def adviser_means(busan):
    return {s.id: mean_score(busan, s.id) for s in busan.model.states}


def test_the_adviser_clearly_beats_a_random_player(busan, adviser_means):
    for state in adviser_means:
        rnd = mean_score(busan, state, random_orders)
        assert adviser_means[state] > rnd + 5, (state, adviser_means[state], rnd)


@pytest.mark.parametrize("power", ["us", "cn", "ru"])
def test_leaning_entirely_on_one_power_is_punished(busan, adviser_means, power):
    policy = leaning_on(power)
    for state in adviser_means:
        games = [play(busan, policy, s) for s in SEEDS]
        lean = statistics.mean(g.score(state)["total"] for g in games)
        assert lean < adviser_means[state] - 4, (power, state, lean, adviser_means[state])


def test_no_single_action_repeated_wins(busan, adviser_means):
    for action in busan.model.actions:
        policy = always(action.id)
        for state in adviser_means:
            if action.who and state not in action.who:
                continue
            score = mean_score(busan, state, policy, seeds=range(1, 3))
            assert score < adviser_means[state], (action.id, state, score)


def test_each_playable_state_can_win_and_can_lose(busan):
    for st in busan.model.states:
        if not st.playable:
            continue
        verdicts = []
        for policy in (None, random_orders, leaning_on("cn")):
            for seed in range(1, 13):
                g = play(busan, policy, seed)
                verdicts.append((g.verdict(st.id), g.position.records[st.id].ending))
        assert any(v.win for v, _ in verdicts), f"{st.id} never wins"
        assert any(e is not None for _, e in verdicts), f"{st.id} never loses"


def test_hard_is_harder_and_easy_forgives_a_careless_player(busan):
    def mean_for(difficulty, policy=None):
        scores = []
        for seed in range(1, 13):
            policies = {s.id: policy for s in busan.model.states} if policy else None
            game = Game(busan, seed, (), difficulty, policies=policies)
            while not game.over:
                game.resolve()
            scores += [game.score(s.id)["total"] for s in busan.model.states]
        return statistics.mean(scores)

    assert mean_for("hard") < mean_for("normal") - 0.5
    assert mean_for("hard", random_orders) < mean_for("normal", random_orders) - 1
    assert mean_for("easy", random_orders) > mean_for("normal", random_orders)


def test_relation_texts_give_the_level_where_each_power_loses_patience(busan):
    # The indicator's hover text is what a player reads; it must agree with the ladder's threshold.
    m = busan.model
    for p in m.powers:
        ind = next(i for i in m.indicators if i.id == p.relation)
        assert f"Below {p.ladder.threshold:g} (at normal difficulty" in ind.description, (p.id, ind.description)
