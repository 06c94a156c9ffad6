"""Fictional names for sensitive classrooms: the same scenario with every real name replaced.

State and power names become their `fictional_name`; `meta.fictional_words` adds the other words
(capitals, adjectives, people, places). Only prose is rewritten (names, descriptions, texts, labels,
reasons, notes); ids, formulas and the cited sources stay as they are, so rules and saves do not
change.
"""
from __future__ import annotations

import dataclasses
import re
from typing import Any

from .english import Names
from .load import LoadedScenario
from .model import Scenario

PROSE = {"name", "description", "text", "again", "summary", "briefing", "goals", "label", "reason", "note",
         "title", "questions", "supplier_name", "region_name"}
MID_SENTENCE = {"supplier_name", "region_name"}
"""Prose that the game places inside a sentence ("(China 229, others 25, ...)"): never capitalised."""


def word_table(model: Scenario) -> dict[str, str]:
    table = dict(model.meta.fictional_words)
    for actor in list(model.states) + list(model.powers):
        if actor.fictional_name:
            table.setdefault(actor.name, actor.fictional_name)
    return table


def fictional_names(model: Scenario) -> Names:
    """The names a fictional edition of `model` holds: its states' and powers' fictional names
    and short forms, and every replacement under `meta.fictional_words`."""
    actors = list(model.states) + list(model.powers)
    short = {a.fictional_name: a.fictional_short_name for a in actors
             if a.fictional_name and a.fictional_short_name}
    return Names([a.fictional_name or a.name for a in actors] + [a.fictional_short_name or "" for a in actors]
                 + list(model.meta.fictional_words.values()), short)


def fictionalize(scenario: LoadedScenario) -> LoadedScenario:
    """A copy of `scenario` whose texts use fictional names (same digest: it is the same game)."""
    table = word_table(scenario.model)
    if not table:
        return scenario
    names = fictional_names(scenario.model)
    words = sorted(table, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w])(" + "|".join(re.escape(w) for w in words) + r")(?![\w])")

    def swap(text: str, opening: bool = True) -> str:
        def replace(m: re.Match) -> str:
            new = table[m.group(1)]
            before = text[:m.start()].rstrip()
            if new.lower().startswith("the ") and before.lower().endswith((" the", "the")) \
                    and (len(before) == 3 or not before[-4:-3].isalnum()):
                new = new[4:]  # "the CPC" -> "the Black Sea pipeline", not "the the ..."
            after = text[m.end():]
            last = new.split()[-1].lower() if new.split() else ""
            if last and after.lower().lstrip().startswith(last):
                # "the CPC pipeline" -> "the Black Sea pipeline", not "... pipeline pipeline"
                new = new[: len(new) - len(last)].rstrip()
            if new[:1].islower() and ((opening and not before) or before.endswith((".", "!", "?", '"'))):
                new = new[0].upper() + new[1:]  # "the Eastern Republic" opening a sentence
            return new

        return names.tidy(pattern.sub(replace, text), opening)

    def walk(node: Any, key: str | None, path: tuple) -> Any:
        if path[:2] == ("meta", "sources"):
            return node  # citations name the real world on purpose
        if isinstance(node, dict):
            return {k: walk(v, k, path + (k,)) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(v, key, path + (i,)) for i, v in enumerate(node)]
        if isinstance(node, str) and key in PROSE:
            return swap(node, opening=key not in MID_SENTENCE)
        return node

    data = walk(scenario.model.model_dump(), None, ())
    for group in ("states", "powers"):
        for actor in data[group]:
            if actor.get("fictional_name"):
                actor["name"] = actor["fictional_name"]
                # a real short form ("US") would give the real name away
                actor["short_name"] = actor.get("fictional_short_name")
    model = Scenario.model_validate(data)
    return dataclasses.replace(scenario, model=model)


REAL_NAMES = (
    "China", "Chinese", "Beijing", "Russia", "Russian", "Moscow", "Kremlin", "United States", "America",
    "American", "Washington", "US", "USA", "Congress", "Pentagon", "White House", "Kazakhstan", "Kazakh",
    "Astana", "Almaty", "Uzbekistan", "Uzbek", "Tashkent", "Samarkand", "Kyrgyzstan", "Kyrgyz", "Bishkek",
    "Tajikistan", "Tajik", "Dushanbe", "Turkmenistan", "Turkmen", "Ashgabat", "Afghanistan", "Afghan", "Kabul",
    "Japan", "Japanese", "Tokyo", "Korea", "Korean", "Seoul", "EU", "Europe", "European", "Brussels",
    "Germany", "German", "Berlin", "UK", "Britain", "British", "London", "France", "French", "Paris",
    "Netherlands", "Dutch", "Turkey", "Turkish", "Ankara", "Istanbul", "Iran", "Iranian", "Tehran", "India",
    "Indian", "Delhi", "Ukraine", "Ukrainian", "Kyiv", "Azerbaijan", "Baku", "Georgia", "Tbilisi", "Caucasus",
    "Caspian", "Mongolia", "Trump", "Xi", "Putin", "Tokayev", "Mirziyoyev", "Busan", "Rosatom", "CSTO",
    "SCO", "NATO", "MOFCOM", "Novorossiysk", "CPC", "Australia", "Australian", "Canada", "Canadian", "Xinjiang",
    "Urumqi", "Kashgar", "Karaganda", "Kropotkinskaya", "Khorgos", "Dostyk", "Kuirektykol", "Navoi", "Eurasian",
    "Global Gateway", "DFC", "EXIM", "Lynas", "Traxys", "Re Element", "Denali", "MP Materials", "Tau-Ken Samruk",
    "Kazatomprom", "Crocus", "Gimhae", "Boeing", "Jackson-Vanik")
"""Real places, peoples, leaders and institutions a scenario about the region is likely to name:
with fictional names on, each one left in a text gives the real world away."""


def real_names_left(scenario: LoadedScenario) -> list[tuple[tuple, str]]:
    """Where real names survive in the texts once fictional names are applied: (location in the
    scenario's data, the name), for a scenario that has fictional names at all."""
    if not word_table(scenario.model):
        return []
    shown = fictionalize(scenario).model.model_dump()
    pattern = re.compile(r"(?<![\w-])(" + "|".join(re.escape(w) for w in sorted(REAL_NAMES, key=len, reverse=True))
                         + r")(?![\w])")
    found: list[tuple[tuple, str]] = []

    def walk(node: Any, key: str | None, path: tuple) -> None:
        if path[:2] == ("meta", "sources") or path[:2] == ("meta", "fictional_words"):
            return
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, k, path + (k,))
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, key, path + (i,))
        elif isinstance(node, str) and key in PROSE:
            for m in pattern.finditer(node):
                found.append((path, m.group(1)))

    walk(shown, None, ())
    return found
