"""Names in English sentences (game/scenario/english.py): articles, capitals, possessives, short forms."""
from __future__ import annotations

import pytest

from game.scenario.english import Names, indefinite, possessive

NAMES = Names(["The Western Federation", "The Eastern Republic", "The Republic of the Oases", "the Union",
               "the Great Steppe deposit", "The Republic of the Steppe", "the Black Sea pipeline",
               "the Eastern capital", "United States", "Ostria"],
              short={"The Western Federation": "the West", "The Eastern Republic": "the East",
                     "United States": "US"})


@pytest.mark.parametrize("text, reads", [
    # the engine's sentences put a name anywhere: "the" inside a sentence, "The" opening one
    ("These orders push relations with The Eastern Republic below 25: its patience will start to drain.",
     "These orders push relations with the Eastern Republic below 25: its patience will start to drain."),
    ("You conceded to The Western Federation: pressure eases to calm.",
     "You conceded to the Western Federation: pressure eases to calm."),
    ("At hard difficulty, The Western Federation's patience drains below 10.",
     "At hard difficulty, the Western Federation's patience drains below 10."),
    ("The Western Federation is losing patience.", "The Western Federation is losing patience."),
    ("Prices fall. the Union pays.", "Prices fall. The Union pays."),
    ("the Union's grants", "The Union's grants"),
    # a replaced word after "a"/"an", "the" or a possessive
    ("Join an the Union Global Gateway package", "Join a Union Global Gateway package"),
    ("Drones strike a the Black Sea pipeline pumping station", "Drones strike a Black Sea pipeline pumping station"),
    ("Easy money and a happy the Eastern capital", "Easy money and a happy Eastern capital"),
    ("protected by the the Union", "protected by the Union"),
    ("most of the forecast at The Republic of the Steppe's the Great Steppe deposit",
     "most of the forecast at the Republic of the Steppe's Great Steppe deposit"),
    ("The Republic of the Steppe's 'the Great Steppe deposit' forecast",
     "The Republic of the Steppe's 'Great Steppe deposit' forecast"),
    # possessives of names ending in s
    ("The Republic of the Oases's remittances", "The Republic of the Oases' remittances"),
    ("United States's offtake", "United States' offtake"),
    # names without "the" are left alone; labels keep their capital
    ("Relations with Ostria", "Relations with Ostria"),
    ("Last: The Western export bank sends a letter", "Last: The Western export bank sends a letter"),
    ("(The Western Federation financing stalls)", "(The Western Federation financing stalls)"),
    ("its likeliest was 'The Eastern Republic raises its quotas'", "its likeliest was 'The Eastern Republic raises its quotas'"),
])
def test_names_read_as_english(text, reads):
    assert NAMES.tidy(text) == reads


def test_a_piece_meant_for_inside_a_sentence_keeps_its_small_the():
    assert NAMES.tidy("the Eastern Republic", opening=False) == "the Eastern Republic"
    assert NAMES.tidy("the Eastern Republic") == "The Eastern Republic"


def test_possessive_and_indefinite_article():
    assert possessive("the Union") == "the Union's"
    assert possessive("the United States") == "the United States'"
    assert [indefinite(w) for w in ("Eastern", "Union", "Island", "Western", "EU-style", "oasis")] == [
        "an", "a", "an", "a", "an", "an"]
    # an initialism is read letter by letter
    assert [indefinite(w) for w in ("US president", "UN team", "FBI", "SCO summit")] == ["a", "a", "an", "an"]


def test_short_forms_keep_the_text_s_own_article():
    assert NAMES.shortened("Relations with the Western Federation") == "Relations with the West"
    assert NAMES.shortened("The Eastern Republic") == "The East"
    assert NAMES.shortened("Dependence on the United States") == "Dependence on the US"
    assert NAMES.shortened("Relations with Ostria") == "Relations with Ostria"


def test_texts_inside_views_are_tidied_and_untouched_views_are_the_same_objects():
    from game.engine.views import CauseLine

    line = CauseLine("You compensated The Western Federation", -2.0, "ladder")
    assert NAMES.tidy_all((line,))[0].text == "You compensated the Western Federation"
    same = CauseLine("Drift", 1.0, "drift")
    assert NAMES.tidy_all(same) is same
