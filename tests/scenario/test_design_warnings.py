"""Design slips that `greatgame validate` warns about: what a scenario can never reach.

Every file under tests/scenarios/design/ is a copy of ../mini.yaml with one design slip, described
on its second line. Each still loads (a warning never stops a scenario) and gets exactly the one
warning the table gives: its place, words from the message and from the hint. The scenarios the
game ships, the test scenario and the starter `greatgame new` writes must stay free of them.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from game.scenario import check_scenario
from game.scenario.reach import dated_figure

from ..conftest import MINI, ROOT, SHIPPED

DESIGN = ROOT / "tests" / "scenarios" / "design"
STARTER = ROOT / "game" / "scenario" / "starter.yaml"

# file -> (line:col, in the message, in the hint)
EXPECTED: dict[str, tuple[str, str, str]] = {
    # 1. an action that can never be taken (or shown)
    "test_on_a_constant_indicator.yaml": (
        "106:35", "'coast' is never above 3: nothing in the scenario changes 'coast' from its start of 0 (p), "
        "2 (q), so action 'plant' can never be taken",
        "test a value it can reach, or give an action, event or link an effect that raises it"),
    "test_against_the_only_direction.yaml": (
        "105:37", "'dep_a' is never at most 10: no effect lowers 'dep_a' below its start of 20, so action "
        "'plant' can never be taken", "an effect that lowers it"),
    "taken_by_another_state.yaml": (
        "129:30", "'port' is only for q, and 'ferry' only for p, so action 'ferry' can never be taken",
        "add the state to the `who` of 'port', or remove this test"),
    "taken_closes_it.yaml": (
        "123:30", "taking 'deal_a' closes 'follow_up' for the rest of the game (`excludes`), so action "
        "'follow_up' can never be taken", "remove 'deal_a' from the `excludes` of 'follow_up', or remove this test"),
    "taken_itself.yaml": (
        "122:28", "'encore' would have to be taken before it can be, so action 'encore' is never shown",
        "remove this test"),
    "taken_and_not_taken.yaml": (
        "105:36", "'deal_b' cannot be both taken and not taken, so action 'plant' can never be taken",
        "remove one of the two tests"),
    "offer_nobody_makes.yaml": (
        "120:17", "no power's response offers 'gift', so this offer-only action is never shown",
        "list it under a response's `offers`, or remove `offer_only`"),
    "who_lists_no_state.yaml": (
        "120:10", "`who` lists no state, so action 'nobody' is never shown",
        "name the states that may take it, or leave `who` out for all"),
    # 2. an event that never fires
    "test_at_the_edge_of_the_range.yaml": (
        "141:38", "'dep_b' is never above 100: the range of 'dep_b' is 0 to 100, so event 'tender' never fires "
        "on its own",
        "pick a value below its max of 100"),
    "test_beyond_a_drift.yaml": (
        "130:40", "'mood' is never at least 80: no effect raises 'mood', which starts at 50 and drifts toward 70, "
        "so event 'unrest' never fires on its own", "an effect that raises it"),
    "conflicting_tests.yaml": (
        "141:69", "'dep_b' cannot be below 25 and above 30 at once, so event 'tender' never fires on its own",
        "loosen one of the two tests in `when`"),
    "turn_from_after_turn_to.yaml": (
        "147:114", "turn_from 4 comes after turn_to 2, so event 'luck' never fires on its own",
        "make `turn_from` at most `turn_to`"),
    # 3. a figure without a source
    "figure_without_source.yaml": (
        "23:95", "indicator 'stability' quotes a real-world figure (12%, with its year) but names no `source`",
        "add `source:` naming an entry of `meta.sources`, or call the figure a 'game estimate'"),
    # 4. an effect that always clamps
    "effect_always_clamped.yaml": (
        "97:40", "no effect lowers 'mining' below its start of 10, so a change of +45 always stops at its max "
        "of 50: at least 5 of it is lost every time", "give a change of at most 40, or raise `max`"),
}


def test_every_design_file_is_in_the_table():
    assert {p.name for p in DESIGN.glob("*.yaml")} == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_design_slip_gives_exactly_its_warning(name):
    where, message, hint = EXPECTED[name]
    loaded, problems = check_scenario(DESIGN / name)
    assert loaded is not None, problems
    assert len(problems) == 1, "\n".join(map(str, problems))
    [d] = problems
    assert (f"{d.line}:{d.col}", d.severity) == (where, "warning"), str(d)
    assert message in d.message, str(d)
    assert hint in d.hint, str(d)
    assert loaded.warnings == [d]


@pytest.mark.parametrize("path", [*SHIPPED, MINI, STARTER], ids=lambda p: p.stem)
def test_the_shipped_test_and_starter_scenarios_have_no_warnings(path):
    loaded, problems = check_scenario(path)
    assert loaded is not None and problems == [], "\n".join(map(str, problems))


def _mini(tmp_path: Path, *edits: tuple[str, str]) -> tuple[list[str], list]:
    text = MINI.read_text(encoding="utf-8")
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path = tmp_path / "slip.yaml"
    path.write_text(text, encoding="utf-8")
    loaded, problems = check_scenario(path)
    assert loaded is not None, problems
    return text.splitlines(), problems


SPEND = "  - id: spend\n"


def test_an_action_that_needs_an_impossible_one_is_named_too_and_the_first_warning_not_repeated(tmp_path):
    """A test on a value outside the range is already a warning; the action it closes counts as
    never taken, so an action that needs it is named, pointing at the line of the cause."""
    lines, problems = _mini(
        tmp_path,
        ("      - {indicator: mining, at_least: 1, reason: Needs a working mine first.}\n",
         "      - {indicator: mining, at_least: 60, reason: Needs a big mine.}\n"),
        (SPEND, "  - id: refinery\n    name: Refinery\n    cost: {capital: 1}\n    once: true\n"
                "    available_when: [{taken: plant, reason: Needs a plant.}]\n"
                "    effects: [{target: separation, change: 1}]\n" + SPEND))
    cause = next(n for n, line in enumerate(lines, 1) if "at_least: 60" in line)
    needs = next(n for n, line in enumerate(lines, 1) if "taken: plant" in line)
    assert [(d.line, d.message) for d in problems] == [
        (cause, "60 is outside the range of 'mining' (0 to 50), so this test never changes"),
        (needs, f"'plant' can never be taken itself ('mining' is never at least 60, line {cause}), so "
                     "action 'refinery' can never be taken"),
    ]
    assert lines[problems[1].line - 1][problems[1].col - 1:].startswith("plant,")


def test_an_any_warns_only_when_none_of_its_items_can_hold(tmp_path):
    one_dead = "      - {any: [{indicator: dep_a, below: 5}, {indicator: stability, below: 90}], reason: Either.}\n"
    both_dead = "      - {any: [{indicator: dep_a, below: 5}, {indicator: dep_a, below: 1}], reason: Neither.}\n"
    req = "      - {indicator: mining, at_least: 1, reason: Needs a working mine first.}\n"
    _, problems = _mini(tmp_path, (req, req + one_dead))
    assert problems == []
    lines, problems = _mini(tmp_path, (req, req + both_dead))
    assert [(lines[d.line - 1][d.col - 1:d.col + 1], d.message.split(":")[0]) for d in problems] == [
        ("5}", "'dep_a' is never below 5"), ("1}", "'dep_a' is never below 1")]


@pytest.mark.parametrize("test", [
    "{indicator: dep_a, at_least: 20}",      # at its start, and it only rises
    "{indicator: rel_a, above: 99}",         # moved both ways by effects
    "{indicator: autonomy, at_most: 0}",     # derived: anywhere in its range
    "{indicator: stability, above: 99}",     # moved by a link's formula
    "{indicator: budget, below: -9}",        # money: costs lower it
    "{indicator: price, above: 399}",        # set by the market
    "{indicator: mining, at_least: 50}",     # only rises, up to its max
    "{taken: deal_b}",                       # deal_b excludes nothing that needs it
])
def test_what_can_hold_is_not_flagged(tmp_path, test):
    req = "      - {indicator: mining, at_least: 1, reason: Needs a working mine first.}\n"
    _, problems = _mini(tmp_path, (req, req + "      - " + test[:-1] + ", reason: Maybe.}\n"))
    assert problems == [], problems


def test_a_per_state_start_counts_for_the_states_that_may_act(tmp_path):
    """A parameter that nothing changes is 2 for q: an action only p may take cannot need it above 1,
    but one q may take can."""
    coast = ("indicators:\n", "indicators:\n  - {id: coast, name: Coastline, min: 0, max: 10, start: {p: 0, q: 2}, "
             "hidden: true}\n")
    def with_who(who: str):
        return (SPEND, f"  - id: port\n    name: Port\n    who: [{who}]\n    cost: {{capital: 1}}\n    once: true\n"
                       "    available_when: [{indicator: coast, above: 1, reason: Needs a coast.}]\n"
                       "    effects: [{target: stability, change: 1}]\n" + SPEND)
    _, problems = _mini(tmp_path, coast, with_who("q"))
    assert problems == []
    _, problems = _mini(tmp_path, coast, with_who("p"))
    assert [d.message for d in problems] == ["'coast' is never above 1: nothing in the scenario changes 'coast' "
                                             "from its start of 0, so action 'port' can never be taken"]


@pytest.mark.parametrize("text, figure", [
    ("Uzbekistan grew 6.5% in 2024.", "6.5%"),
    ("In 2023 the budget was $4.2bn.", "$4.2bn"),
    ("Kuirektykol holds 935,400 t (2025 survey).", "935,400 t"),
    ("Exports reached 12 kt in 2022. Imports were small.", "12 kt"),
])
def test_a_dated_figure_is_found(text, figure):
    assert dated_figure(text) == figure


@pytest.mark.parametrize("text", [
    "How calm the streets are (0-100). Below 20 for two quarters the government falls.",
    "An observer since 2020.",                                  # a year, but no amount
    "Growth of 5% in 2025 is a game estimate.",                 # said to be a judgement call
    "A 2 kt/yr plant in four quarters.",                        # an amount, but no year
])
def test_what_is_no_dated_figure(text):
    assert dated_figure(text) is None
