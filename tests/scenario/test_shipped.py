"""Every scenario shipped in scenarios/ is a worked example: it validates with no errors and no
warnings, cites real article addresses for its sources, and plays to its last turn."""
from __future__ import annotations

import pytest

from game.engine import Game
from game.scenario import check_scenario

from ..conftest import SHIPPED


def test_the_library_holds_the_shipped_scenarios():
    assert {p.stem for p in SHIPPED} >= {"busan_pause", "snapback", "northern_pressure", "kyrgyz", "c5_together"}


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_a_shipped_scenario_validates_without_errors_or_warnings(path):
    loaded, problems = check_scenario(path)
    assert loaded is not None and problems == [], [f"{p.line}:{p.col}: {p.severity}: {p.message}" for p in problems]
    assert loaded.model.meta.id == path.stem
    assert path.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=scenario.schema.json\n")


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_a_shipped_scenario_cites_articles_not_bare_domains(path):
    loaded, _ = check_scenario(path)
    sources = loaded.model.meta.sources
    assert sources
    for s in sources:
        assert s.url.startswith("https://"), (s.id, s.url)
        rest = s.url.split("://", 1)[1]
        assert "/" in rest and rest.split("/", 1)[1].strip("/"), f"{s.id}: {s.url} is a bare domain"


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_a_shipped_scenario_plays_to_its_last_turn(path):
    loaded, _ = check_scenario(path)
    game = Game(loaded, 1)
    while not game.over:
        game.resolve()
    assert len(game.reports) == loaded.model.meta.turns
    for st in loaded.model.states:
        if st.playable:
            assert game.score(st.id)["total"] > 0, st.id
