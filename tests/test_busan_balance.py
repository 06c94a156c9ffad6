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
    """Over 60 seeds (a random player's score varies by about 5 points a game)."""
    from game.engine.batch import Job, play_jobs

    def mean_for(difficulty, policy="adviser"):
        jobs = [Job.of(range(1, 61), {s.id: policy for s in busan.model.states})]
        results = play_jobs(busan, jobs, difficulty=difficulty, workers=1)[0]
        return statistics.mean(g.scores[s.id]["total"] for g in results for s in busan.model.states)

    assert mean_for("hard") < mean_for("normal") - 0.5
    assert mean_for("hard", "random") < mean_for("normal", "random") - 1
    assert mean_for("easy", "random") > mean_for("normal", "random") + 0.5


def test_relation_texts_give_the_level_where_each_power_loses_patience(busan):
    # The indicator's hover text is what a player reads; it must agree with the ladder's threshold.
    m = busan.model
    for p in m.powers:
        ind = next(i for i in m.indicators if i.id == p.relation)
        assert f"Below {p.ladder.threshold:g} (at normal difficulty" in ind.description, (p.id, ind.description)


def test_a_loan_is_repaid_with_interest_within_the_game(busan):
    m = busan.model
    turns = m.meta.turns
    loans = [a for a in m.actions if any(e.note == "repayments" for e in a.effects)]
    assert {a.id for a in loans} >= {"accept_dfc_finance", "accept_bri_loan"}
    for a in loans:
        money = [e for e in a.effects if e.target == "budget"]
        lent = sum(e.change for e in money if e.change > 0)
        repaid = -sum(e.change for e in money if e.change < 0)
        assert repaid > lent, f"{a.id} repays {repaid} of {lent}"
        last = max(c.turn_to for c in a.available_when if c.turn_to)
        for e in money:
            if e.change < 0:
                assert last + e.delay + e.phase_in - 1 <= turns, f"{a.id}: a repayment falls after the end"
