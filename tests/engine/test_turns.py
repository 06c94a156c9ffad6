"""The turn loop as a player meets it: actions, costs, reasons, projects, powers, events, causes."""
from __future__ import annotations

import pytest

from game.engine import Game, Orders, OrdersError

from ..conftest import edited, with_values


def answers(game, state):
    return {d.id: next(o.id for o in d.options if o.available) for d in game.decisions(state)}


def test_a_game_runs_its_scenario_length_and_then_refuses_more_turns(mini):
    game = Game(mini, seed=1)
    reports = []
    while not game.over:
        reports.append(game.resolve())
    assert [r.turn for r in reports] == list(range(1, mini.model.meta.turns + 1))
    with pytest.raises(OrdersError, match="over"):
        game.resolve()


def test_every_change_of_every_indicator_sums_from_its_causes(mini):
    game = Game(mini, seed=2)
    while not game.over:
        report = game.resolve()
        for sr in report.states:
            for ch in sr.changes:
                assert ch.causes, f"{ch.name} moved without a cause"
                assert sum(c.amount for c in ch.causes) == pytest.approx(ch.delta, abs=1e-9)
                assert all(c.text for c in ch.causes)
        for ch in report.world:
            assert sum(c.amount for c in ch.causes) == pytest.approx(ch.delta, abs=1e-9)


def test_an_unavailable_action_says_why_and_cannot_be_ordered(mini):
    game = Game(mini, seed=1, humans=["p"])
    plant = next(o for o in game.options("p") if o.id == "plant")
    assert not plant.available and plant.reason == "Needs a working mine first."
    with pytest.raises(OrdersError, match="Needs a working mine first"):
        game.submit("p", Orders(("plant",)))


def test_orders_beyond_the_budget_are_refused_with_the_numbers(mini):
    game = Game(mini, seed=1, humans=["q"])  # q has 2 capital
    with pytest.raises(OrdersError, match="need 3 political capital; you have 2"):
        game.submit("q", Orders(("deal_a", "summit", "mine")))


def test_exclusive_deal_closes_the_rivals_door_and_says_by_what(mini):
    game = Game(mini, seed=1, humans=["p"])
    game.submit("p", Orders(("deal_a",), answers(game, "p")))
    game.resolve()
    deal_b = next(o for o in game.options("p") if o.id == "deal_b")
    assert not deal_b.available
    assert deal_b.reason == "Closed by 'Deal with A' (turn 1)."


def test_a_project_pays_off_only_when_complete_and_shows_turns_left(mini):
    game = Game(mini, seed=1, humans=["p"])
    game.submit("p", Orders(("mine",)))
    game.resolve()
    obs = game.observe("p")
    assert [(p.name, p.turns_left) for p in obs.projects] == [("Open a mine", 2)]
    assert game.position.values["p"]["mining"] == 0
    for _ in range(2):
        game.submit("p", Orders((), answers(game, "p")))
        game.resolve()
    assert game.position.values["p"]["mining"] == 5
    causes = game.explain("p", "mining", 3)
    assert [c.text for c in causes] == ["Open a mine (project completed)"]


def test_phased_and_delayed_effects_arrive_on_schedule(mini):
    game = Game(mini, seed=1, humans=["p"])
    game.submit("p", Orders(("summit",)))
    game.resolve()
    assert [c.amount for c in game.explain("p", "rel_a", 1) if c.text == "Summit"] == [1.0]
    assert not [c for c in game.explain("p", "rel_b", 1) if c.text == "Summit"]
    game.submit("p", Orders((), answers(game, "p")))
    game.resolve()
    assert [c.amount for c in game.explain("p", "rel_a", 2) if c.text == "Summit"] == [1.0]
    assert [c.amount for c in game.explain("p", "rel_b", 2) if c.text == "Summit"] == [2.0]


def test_dated_event_fires_on_the_turn_containing_its_date(mini):
    game = Game(mini, seed=1)
    assert "Pause lapses" not in game.announcements
    game.resolve()  # turn 1: Nov 2025 - Jan 2026; the date is 10 Feb 2026
    assert game.announcements[0] == "Pause lapses"
    assert game.position.world["controls"] == 70


def test_triggered_event_waits_for_its_rearm_threshold_before_firing_again(mini):
    game = with_values(Game(mini, seed=1), "p", stability=40)
    game.resolve()
    fired_turn2 = game.position.event_fired.get(("unrest", "p"), 0)
    assert fired_turn2 == 1
    assert any(d.id == "event_unrest" for d in game.decisions("p"))
    game = with_values(game, "p", stability=45)  # still below the re-arm level (55)
    game.resolve()
    assert game.position.event_fired[("unrest", "p")] == 1


def test_powers_pick_responses_from_their_payoff_and_report_why(mini):
    game = Game(mini, seed=3)
    report = game.resolve()
    for sr in report.states:
        assert {r.power for r in sr.responses} == {"a", "b"}
        for r in sr.responses:
            assert 0 < r.probability <= 1
            assert "likely" in r.why


def test_patience_runs_out_then_the_power_climbs_and_the_state_must_answer(mini):
    game = with_values(Game(mini, seed=5, humans=["p"]), "p", rel_a=-60)
    obs = game.observe("p")
    power_a = next(p for p in obs.powers if p.id == "a")
    assert power_a.rung == 0 and power_a.next_rung_name == "Concern"
    for _ in range(2):
        game.submit("p", Orders((), answers(game, "p")))
        game.resolve()
    crisis = next(d for d in game.decisions("p") if d.id == "crisis_a")
    assert [o.id for o in crisis.options] == ["concede", "compensate", "stand_firm"]
    stand = crisis.options[2]
    assert "chance it backs down" in stand.note and "Measure" in stand.note
    # Answering is required.
    with pytest.raises(OrdersError, match="Answer"):
        game.submit("p", Orders(()))
    game.submit("p", Orders((), {"crisis_a": "concede"}))
    game.resolve()
    assert game.position.ladders[("a", "p")].rung == 0


def test_the_preview_shows_certain_effects_and_the_spread_of_replies(mini):
    game = Game(mini, seed=1, humans=["p"])
    pv = game.preview("p", Orders(("deal_a",)))
    rel_a = next(l for l in pv.lines if l.indicator == "rel_a")
    assert rel_a.certain == 8 and ("Deal with A", 8) in rel_a.causes
    dep_a = next(l for l in pv.lines if l.indicator == "dep_a")
    assert dep_a.low <= dep_a.expected <= dep_a.high and dep_a.high > dep_a.low
    assert abs(sum(r.probability for r in pv.responses if r.power == "a") - 1) < 1e-9
    assert pv.capital_left == 2 and not pv.problems
    # Preview does not change the game.
    assert game.position.values["p"]["rel_a"] == 10


def test_fictional_names_replace_the_real_ones(mini):
    game = Game(mini, seed=1, fictional=True)
    assert game.name("p") == "Ostria" and game.name("a") == "Aland"
    assert game.observe("p").state_name == "Ostria"


def test_endings_stop_a_state_and_cost_points(mini):
    game = with_values(Game(mini, seed=1, humans=["p"]), "p", stability=5)
    game.submit("p", Orders(()))
    game.resolve()
    assert game.position.records["p"].ending == "unrest"
    assert game.over  # the only human is out
    assert game.score("p")["ending"] == -20


def test_adviser_beats_a_random_player(mini):
    from game.engine import RandomPlayer

    adviser, rnd = [], []
    for seed in range(20):
        for policy, out in ((None, adviser), (RandomPlayer(), rnd)):
            game = Game(mini, seed, policies={"p": policy} if policy else None)
            while not game.over:
                game.resolve()
            out.append(game.score("p")["total"])
    assert sum(adviser) / 20 > sum(rnd) / 20 + 1


def test_an_event_aimed_at_one_state_leaves_the_others_alone(mini):
    game = Game(mini, seed=1)
    for _ in range(2):
        game.resolve()
    assert game.date_label() == "May 2026"  # the turn containing 1 Jun 2026
    assert "Border incident" in game.announcements
    assert [c.text for c in game.explain("q", "stability", game.turn)] == ["Border incident"]
    assert not game.explain("p", "stability", game.turn)
    assert [c.amount for c in game.explain(None, "price", game.turn)] == [5]


def test_the_player_is_warned_before_a_loss_ending(mini):
    game = Game(mini, seed=1, humans=["p"])
    assert game.observe("p").warnings == ()
    game = with_values(game, "p", dep_a=55)
    warnings = game.observe("p").warnings
    assert warnings == ("Danger, 'Capture': Dependence on A is 55; the game ends when it is at "
                        "least 60 for 2 turns.",)


def test_an_offer_opens_an_action_for_a_while_and_shows_its_strings(mini):
    game = Game(mini, seed=1, humans=["p"])
    assert "take_loan" not in {o.id for o in game.options("p")}
    # The loan is only ever offered when the power chooses it; put it on the table directly.
    game = edited(game, lambda d: d["records"]["p"]["offers"].update(take_loan=["a", game.turn + 1]))
    loan = next(o for o in game.options("p") if o.id == "take_loan")
    assert loan.available and loan.offered_by == "a"
    offers = next(p for p in game.observe("p").powers if p.id == "a").offers
    assert [(o.name, o.turns_left, o.conditions) for o in offers] == [
        ("Take A's loan", 2, ("A lends only to a stable government.",))]
    assert [e.text() for e in offers[0].effects][-1] == "Budget -1.0 $bn in 2 turns"
    game.submit("p", Orders(("take_loan",)))
    game.resolve()
    assert "take_loan" not in game.position.records["p"].offers  # accepted: off the table
    for _ in range(2):
        game.submit("p", Orders((), {d.id: d.options[0].id for d in game.decisions("p")}))
        game.resolve()
    assert ("Take A's loan (repayment)", -1.0) in [(c.text, c.amount) for c in game.explain("p", "budget", 3)]


def test_an_unaccepted_offer_lapses(mini):
    game = Game(mini, seed=1, humans=["p"])
    game = edited(game, lambda d: d["records"]["p"]["offers"].update(take_loan=["a", game.turn]))
    game.submit("p", Orders(()))
    game.resolve()
    assert "take_loan" not in {o.id for o in game.options("p")}


def test_a_power_that_chooses_an_offer_puts_it_on_the_table(mini):
    from game.engine.powers import respond

    game = Game(mini, seed=1)
    power = game.rules.powers["a"]
    lend = next(r for r in power.responses if r.id == "lend")
    only_the_loan = power.model_copy(update={"responses": [lend.model_copy(update={"when": []})]})
    pos = game.position.copy()
    respond(game.rules, pos, only_the_loan, "p")
    assert pos.records["p"].offers["take_loan"] == ("a", 3)
    assert any("offers: Take A's loan (open for 2 turns)" in n for n in pos.records["p"].news)


def test_fictional_names_reach_every_text_but_not_the_rules(mini):
    real = Game(mini, seed=1)
    game = Game(mini, seed=1, fictional=True)
    event = next(e for e in game.s.events if e.id == "q_only")
    assert event.text == "Only Vesta is hit."
    assert game.s.meta.sources[0].title == "Invented for tests"  # citations stay as they are
    assert game.scenario.digest == mini.digest
    while not game.over:
        game.resolve()
        real.resolve()
    assert game.score("p") == real.score("p")  # the same game under other names


def test_the_shipped_scenario_leaves_no_real_country_name_in_fictional_mode(busan):
    import json
    import re

    game = Game(busan, seed=1, humans=["kz"], fictional=True)
    # Everything a player can read, except the cited sources (which name the real world on purpose).
    texts = json.dumps(game.s.model_dump(mode="json", exclude={"meta": {"sources", "fictional_words"}}))
    real = (r"\b(Kazakh\w*|Uzbek\w*|China|Chinese|Russia\w*|Beijing|Moscow|Washington|America\w*|"
            r"Japan\w*|Korea\w*|Europe\w*|EU|Iran|Afghan\w*|Tajik\w*|Kyrgyz\w*|Turkmen\w*|Turkey|"
            r"Pentagon|Busan|Trump|Xi|Astana|Tashkent|Samarkand)\b")
    assert sorted(set(re.findall(real, texts))) == []
    assert not re.findall(r"\b[aA] (?:Eastern|Island)\b", texts)  # articles still agree


def test_drift_toward_start_returns_each_state_to_its_own_start(busan):
    game = with_values(with_values(Game(busan, seed=1), "uz", remittances=10.0), "kz", remittances=1.0)
    game.resolve()
    uz = {c.text: c.amount for c in game.explain("uz", "remittances", 1)}
    kz = {c.text: c.amount for c in game.explain("kz", "remittances", 1)}
    assert uz["Remittances drifts toward 14"] == 1.0  # a quarter of the way back
    assert kz["Remittances drifts toward 0.13"] == pytest.approx(-(1.0 - 0.13) / 4)


def test_orders_naming_an_unknown_action_are_refused_not_crashed(mini):
    game = Game(mini, seed=1, humans=["p"])
    with pytest.raises(OrdersError, match="There is no action 'no_such_action'"):
        game.submit("p", Orders(("no_such_action", "summit")))


def test_an_indicator_shown_for_some_states_only_is_still_tracked_for_all(busan):
    game = Game(busan, seed=1, humans=["uz"])
    assert "cpc_exposure" not in {i.id for i in game.observe("uz").indicators}
    assert "cpc_exposure" in {i.id for i in game.observe("kz").indicators}
    assert game.position.values["uz"]["cpc_exposure"] == 0


def test_an_event_question_says_what_the_event_does_whatever_the_answer(mini):
    # Unrest lowers stability by itself; its answers only add to that. The question must say so,
    # or an answer that "restores calm" reads as a gain rather than the undoing of a loss.
    game = with_values(Game(mini, seed=1, humans=["p"]), "p", stability=40)
    game.submit("p", Orders(()))
    game.resolve()
    d = game.decisions("p")[0]
    assert [(e.indicator, e.amount) for e in d.effects] == [("stability", -2.0)]
    assert d.full_text().endswith("Whatever you answer: Stability -2.")


def test_a_power_says_how_its_pressure_moves(mini):
    game = Game(mini, seed=1, humans=["p"])
    p = game.observe("p").powers[0]
    assert f"drains each turn relations stay below {p.threshold:g}" in p.ladder_text()
    assert "does not ease by itself" not in p.ladder_text()      # calm: nothing to ease
    game = edited(game, lambda d: next(x for x in d["ladders"] if x["power"] == p.id and x["state"] == "p")
                  .update(rung=1))
    raised = game.observe("p").powers[0]
    assert "does not ease by itself: it steps down when you concede" in raised.ladder_text()


def test_a_delayed_effect_shows_as_coming_until_it_lands(busan):
    # The US joint venture adds mining capacity three turns later: the player must see it coming.
    game = Game(busan, seed=5, humans=["kz"])
    answers = {d.id: d.options[0].id for d in game.decisions("kz")}
    game.submit("kz", Orders(("jv_us",), answers))
    game.resolve()
    obs = game.observe("kz")
    mining = next(st for st in obs.chain if st.capacity == 0 and st.coming)
    assert any("in " in c.text() and "joint venture" in c.text().lower() for c in mining.coming), \
        [c.text() for c in mining.coming]
    assert set(obs.coming) >= set(mining.coming)
    while game.observe("kz").coming and not game.over:
        game.submit("kz", Orders((), {d.id: d.options[0].id for d in game.decisions("kz")}))
        game.resolve()
    assert game.position.values["kz"]["mining"] > 0


def test_an_event_question_shows_the_amounts_the_event_applied(mini, tmp_path):
    # A formula effect reads the indicator it changes: the question must show the value used when
    # the event fired, not one recomputed afterwards.
    from game.scenario import load_scenario

    from ..conftest import MINI as MINI_PATH

    path = tmp_path / "mini_f.yaml"
    path.write_text(MINI_PATH.read_text(encoding="utf-8").replace(
        'effects: [{target: stability, change: -2}]', 'effects: [{target: stability, formula: "-stability / 10"}]'),
        encoding="utf-8")
    game = with_values(Game(load_scenario(path), seed=1, humans=["p"]), "p", stability=40)
    game.submit("p", Orders(()))
    before = game.position.values["p"]["stability"]
    report = game.resolve()
    d = game.decisions("p")[0]
    applied = [c.amount for c in game.explain("p", "stability", game.turn) if c.text == "Unrest"]
    assert [e.amount for e in d.effects] == pytest.approx(applied, abs=1e-9), (before, report)


def test_the_news_of_an_event_says_what_it_did_to_the_numbers(mini):
    # Events open a turn, before the turn's report starts: their news carries their amounts.
    game = Game(mini, seed=1, humans=["p"])
    while not game.over:
        lapse = [n for n in game.observe("p").news if n.startswith("Pause lapses:")]
        if lapse:
            break
        game.submit("p", Orders((), {d.id: d.options[0].id for d in game.decisions("p")}))
        game.resolve()
    assert lapse == ["Pause lapses: Controls return. [Export controls +30; Relations with A -2]"]


def test_building_holds_while_a_project_is_under_way_and_not_after(mini):
    from game.engine.conditions import holds
    from game.scenario.model import Condition

    building = Condition(building="mine")
    game = Game(mini, seed=1, humans=["p"])
    assert not holds(building, game.rules.facts(game.position, "p"))
    game.submit("p", Orders(("mine",)))
    game.resolve()
    seen = [holds(building, game.rules.facts(game.position, "p"))]
    while game.observe("p").projects:
        game.submit("p", Orders((), answers(game, "p")))
        game.resolve()
        seen.append(holds(building, game.rules.facts(game.position, "p")))
    assert seen == [True, True, False]        # two turns of building, then the mine is open
    assert holds(Condition(taken="mine"), game.rules.facts(game.position, "p"))


def test_the_forecast_warns_of_a_project_that_cannot_finish_before_the_game_ends(mini):
    game = Game(mini, seed=1, humans=["p"])
    assert not any("finished after the last turn" in w for w in game.preview("p", Orders(("mine",))).warnings)
    while game.turn < mini.model.meta.turns - 1:
        game.submit("p", Orders((), answers(game, "p")))
        game.resolve()
    warnings = game.preview("p", Orders(("mine",))).warnings
    assert any("'Open a mine' takes 2 turns: it would be finished after the last turn (6)" in w
               for w in warnings), warnings


def test_the_forecast_sees_a_project_ordered_this_turn_as_under_way(mini, tmp_path):
    # A reply that answers only a project under way: ordering the project makes it likely at once,
    # in the forecast as in the turn itself.
    from game.scenario import load_scenario

    from ..conftest import MINI as MINI_PATH

    path = tmp_path / "mini_b.yaml"
    path.write_text(MINI_PATH.read_text(encoding="utf-8").replace(
        "      - {id: wait, name: Waits, kind: restraint}\n",
        "      - {id: wait, name: Waits, kind: restraint}\n"
        "      - {id: inspect, name: Inspects the mine, kind: pressure, bias: 50, when: [{building: mine}]}\n"),
        encoding="utf-8")
    game = Game(load_scenario(path), seed=1, humans=["p"])
    likely = {r.response: r.probability for r in game.preview("p", Orders(("mine",))).responses}
    assert likely.get("inspect", 0) > 0.9
    assert "inspect" not in {r.response for r in game.preview("p", Orders(())).responses}


def test_no_power_offers_a_security_pact_to_a_state_that_declared_neutrality(busan):
    from game.engine.powers import candidates

    game = Game(busan, seed=2, humans=["kz"])
    game.submit("kz", Orders(("neutrality",), {d.id: d.options[0].id for d in game.decisions("kz")}))
    game.resolve()
    env = game.rules.env(game.position, "kz")
    for p in game.rules.s.powers:
        offered = {c.response.kind for c in candidates(game.rules, game.position, p, "kz", env)}
        assert "security" not in offered, p.id


def test_a_project_under_way_says_so_not_already_done(mini):
    game = Game(mini, seed=1, humans=["p"])
    game.submit("p", Orders(("mine",)))
    game.resolve()
    mine = next(o for o in game.options("p") if o.id == "mine")
    assert not mine.available and mine.reason == "Under way: finished in 1 turn."
    assert [c.effect.delay for c in game.observe("p").coming if c.effect.indicator == "mining"] == [1]


def test_an_effect_spread_over_turns_reads_as_a_person_says_it():
    from game.engine.views import EffectView

    assert EffectView("b", "Budget", -0.6, 5, 3, False, "$bn", 1).text() == \
        "Budget -0.6 $bn spread over 3 turns, the first in 5 turns"
    assert EffectView("r", "Relations", 2.0, 0, 2, False).text() == "Relations +2 spread over 2 turns"
    assert EffectView("r", "Relations", 2.0, 1, 1, False).text() == "Relations +2 in 1 turn"


def test_a_relation_s_description_gives_this_game_s_threshold(busan):
    hard = Game(busan, seed=1, humans=["kz"], difficulty="hard")
    rel = next(i for i in hard.observe("kz").indicators if i.id == "rel_cn")
    threshold = hard.threshold(hard.rules.powers["cn"])
    assert rel.description.endswith(f"At hard difficulty, China's patience drains below {threshold:g}.")
    normal = Game(busan, seed=1, humans=["kz"])
    assert "difficulty, China's patience" not in next(i for i in normal.observe("kz").indicators
                                                      if i.id == "rel_cn").description


def test_a_power_s_reasons_read_in_words_first_with_the_numbers_last(mini):
    import re

    game = Game(mini, seed=3)
    for _ in range(3):
        for sr in game.resolve().states:
            for r in sr.responses:
                assert re.fullmatch(r"It (serves|costs|changes) .+; (its clear choice|its likeliest reply|a less "
                                    r"likely reply) .+\. \[interests [-+]?\d+\.\d, circumstances [-+]?\d+\.\d\]",
                                    r.why), r.why


def test_a_power_crossed_again_remembers_and_runs_out_of_patience_sooner(mini):
    game = with_values(Game(mini, seed=5, humans=["p"]), "p", rel_a=-60)
    pmax = game.rules.patience_max["a"]
    lines, patience = [], []
    while len(lines) < 3 and not game.over:
        ans = {d.id: ("compensate" if d.id == "crisis_a" else d.options[0].id) for d in game.decisions("p")}
        game.submit("p", Orders((), ans))
        rep = game.resolve().for_state("p")
        lad = game.position.ladders[("a", "p")]
        for line in rep.ladder:
            if "escalated" in line or "keeps up" in line:
                lines.append(line)
                patience.append(lad.patience)
    assert patience[0] == pmax
    assert patience[1] == max(1, pmax - 1) and "second escalation against you" in lines[1]
    assert "its patience now lasts" in lines[1]
    crisis = next(d for d in game.decisions("p") if d.id == "crisis_a")
    assert "remembers each: after this crisis its patience lasts" in crisis.text
    compensate = next(o for o in crisis.options if o.id == "compensate")
    assert "it remembers being crossed" in compensate.note


def test_a_power_never_offers_what_the_state_can_no_longer_take(busan):
    """The Rosatom plant, once accepted (`once`), is not offered again; a purchase of raw
    concentrate does not come after its export is banned."""
    from game.engine.batch import play
    from game.engine.rules import Rules

    r = Rules(busan, "normal")
    for seed in range(1, 13):
        res, pos = play(r, seed)
        for sid in r.state_ids:
            taken = {a: t for t, a in reversed(res.actions[sid])}
            for t, power, state, reply in res.replies:
                if state != sid:
                    continue
                resp = next(x for x in r.powers[power].responses if x.id == reply)
                for aid in resp.offers:
                    if r.actions[aid].once and aid in taken:
                        assert t <= taken[aid], f"seed {seed}: {power} offered {aid} again on turn {t}"
                if reply == "concentrate_purchase" and "value_add_mandate" in taken:
                    assert t <= taken["value_add_mandate"], f"seed {seed}: concentrate bought after the ban"


def test_an_action_too_late_to_count_says_so_on_its_card(mini):
    game = Game(mini, seed=2, humans=["p"])
    plant = next(o for o in game.options("p") if o.id == "plant")
    assert plant.late is None                                  # turn 1: it has time
    while game.turn < mini.model.meta.turns - 1:
        game.submit("p", Orders((), answers(game, "p")))
        game.resolve()
    plant = next(o for o in game.options("p") if o.id == "plant")
    assert plant.late == (f"'{plant.name}' takes 2 turns: it would be finished after the last turn "
                          f"({mini.model.meta.turns}) and bring nothing in this game.")
    game.submit("p", Orders((), answers(game, "p")))
    game.resolve()
    assert game.turn == mini.model.meta.turns                  # the last turn warns on the card too
    plant = next(o for o in game.options("p") if o.id == "plant")
    assert plant.late_in_full and "finished after the last turn" in plant.late
