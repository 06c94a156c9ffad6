"""Fictional names (game/scenario/fictional.py): whole games of the default scenario, played with
them on through the public API, show no real name and read as English."""
from __future__ import annotations

import dataclasses
import re

import numpy as np
import pytest

from game.engine import Game, RandomPlayer
from game.engine.views import Orders
from game.scenario.fictional import REAL_NAMES, fictionalize

REAL = re.compile(r"(?<![\w-])(" + "|".join(re.escape(w) for w in sorted(REAL_NAMES, key=len, reverse=True))
                  + r")(?![\w])")
TEXT_METHODS = ("text", "full_text", "ladder_text", "lines", "how_to_win", "when", "basis")


def texts(obj, out: list[str]) -> list[str]:
    """Every text in a view, and what its text methods say."""
    if isinstance(obj, str):
        out.append(obj)
    elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        for f in dataclasses.fields(obj):
            texts(getattr(obj, f.name), out)
        for name in TEXT_METHODS:
            method = getattr(obj, name, None)
            if callable(method):
                texts(method(), out)
    elif isinstance(obj, dict):
        for v in obj.values():
            texts(v, out)
    elif isinstance(obj, (list, tuple)):
        for v in obj:
            texts(v, out)
    return out


def whole_game(scenario, state: str, seed: int, random_orders: bool) -> list[str]:
    """Everything a player of `state` can read in one game: briefing, actions, questions, forecasts,
    warnings, replies, reports, causes, the score and the end."""
    game = Game(scenario, seed, humans=[state], fictional=True)
    info = game.info()
    seen = texts(dataclasses.replace(info, sources=()), [])   # citations name the real world on purpose
    for sid in game.state_ids:
        texts(game.state_info(sid), seen)
    chooser = RandomPlayer()
    rng = np.random.default_rng(seed)
    while not game.over:
        texts([game.observe(state), game.options(state), game.decisions(state), game.warnings(state),
               game.score_card(state), game.announcements], seen)
        orders = (chooser.orders(game.rules, game.position, state, rng) if random_orders else game.suggest(state))
        texts(game.preview(state, orders, samples=12), seen)
        texts(game.check_orders(state, Orders(tuple(o.id for o in game.options(state))[:6])), seen)
        for d in game.decisions(state):
            for o in d.options:
                seen.append(game.decision_label(state, d.id, o.id) or "")
        if game.turn in (1, 6):
            texts(game.advise(state), seen)
        game.submit(state, orders)
        texts(game.resolve(), seen)
        for ind in game.rules.indicators:
            texts(game.explain(state, ind), seen)
            texts(game.explain(None, ind), seen)
    texts([game.observe(state), game.score_card(state), game.verdict(state), game.ending_of(state)], seen)
    return seen


@pytest.fixture(scope="module")
def played(busan) -> list[str]:
    seen: list[str] = []
    for state in ("kz", "uz"):
        for seed, random_orders in ((1, False), (2, True), (3, True)):
            seen += whole_game(busan, state, seed, random_orders)
    return sorted(set(seen))


def test_whole_games_with_fictional_names_show_no_real_name(played):
    assert len(played) > 1000   # the scan reads a great deal, not a few labels
    left = sorted({f"{m.group(1)}: {t[:120]}" for t in played for m in REAL.finditer(t)})
    assert left == []


def test_whole_games_with_fictional_names_read_as_english(busan, played):
    fict = fictionalize(busan).model
    takes_the = [a.name[4:] for a in list(fict.states) + list(fict.powers) if a.name.startswith("The ")]
    assert len(takes_the) == 5
    names = "|".join(map(re.escape, takes_the))
    wrong = {
        "a/an before 'the'": r"\b[Aa]n? (?:[a-z]+ )?[Tt]he (?:" + names + r"|Union|Eastern capital)\b",
        "doubled article": r"\b[Tt]he [Tt]he\b",
        "article after a possessive": r"'s [Tt]he (?:" + names + r"|Great Steppe)",
        "capital The inside a sentence": r"[\w,;%] The (?:" + names + r")\b",
        "small the opening a text or sentence": r"(?:^|[.!?] )the (?:" + names + r")\b",
        "name without its article": r"(?<![Tt]he )(?<!\w)(?:" + names + r")(?![\w'])",
        "s's": r"Oases's",
    }
    found = {why: sorted({t[:140] for t in played if re.search(rx, t)})[:3] for why, rx in wrong.items()}
    assert {why: hits for why, hits in found.items() if hits} == {}


def test_the_engine_s_own_sentences_set_the_names_right(busan):
    game = Game(busan, 1, humans=["kz"], difficulty="hard", fictional=True)
    assert game.name("us") == "The Western Federation"
    assert game.name("kz") == "The Republic of the Steppe"
    rel_us = next(i for i in game.observe("kz").indicators if i.id == "rel_us")
    assert rel_us.name == "Relations with the Western Federation"
    assert rel_us.description.endswith(", the Western Federation's patience drains below "
                                       f"{game.threshold(game.rules.powers['us']):g}.")
    assert "At hard difficulty, the Western Federation's patience" in rel_us.description


def test_the_default_scenario_s_texts_read_as_english_with_fictional_names(busan):
    fict = fictionalize(busan).model
    uz = next(s for s in fict.states if s.id == "uz")
    assert "Western partners (two trading and mining firms) and a Union raw-materials memorandum" in uz.description
    gateway = next(a for a in fict.actions if a.id == "eu_global_gateway")
    assert gateway.name == "Join a Union Gateway package"
    event_texts = " ".join(e.text for e in fict.events)
    assert "at the Republic of the Steppe's Great Steppe deposit were confirmed" in event_texts
    assert "Drones strike a Black Sea pipeline pumping station in the south of the Northern Federation" in event_texts
    assert fict.states[0].short_name == "the Steppe" and fict.powers[0].short_name == "the West"


def test_fictional_names_give_no_real_short_form_away(busan):
    assert next(p for p in busan.model.powers if p.id == "us").short_name == "US"
    fict = fictionalize(busan).model
    shorts = [a.short_name for a in list(fict.states) + list(fict.powers)]
    assert shorts == ["the Steppe", "the Oases", "the West", "the East", "the North"]
