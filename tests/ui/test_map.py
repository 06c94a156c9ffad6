"""The map (game.ui.mapview, drawn on the main screen): a scenario's routes and deposits clear of the
capitals' names, and a scenario without powers says so and draws no routes."""
from __future__ import annotations

import pygame

from .conftest import MINI, play_args


def _powerless(tmp_path):
    import yaml

    data = yaml.safe_load(MINI.read_text(encoding="utf-8"))
    data["powers"] = []
    data["actions"] = [a for a in data["actions"] if not a.get("with_power") and not a.get("offer_only")]
    for a in data["actions"]:
        a.pop("excludes", None)
    path = tmp_path / "alone.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def test_a_scenario_without_powers_says_so_and_draws_no_routes(app, drv, tmp_path):
    path = _powerless(tmp_path)
    app.open_from_args(play_args(scenario=str(path), state="p", seed=1))
    drv.pump()
    # a scenario may have no powers: it opens on its briefing, not on a list of problems
    assert app.top.name == "briefing", (app.top.name, [d.message for d in getattr(getattr(app.top, "entry", None),
                                                                                  "problems", [])])
    drv.key(pygame.K_RETURN)
    main = next(s for s in app.stack if s.name == "main")
    assert drv.sees("No outside powers in this scenario.")
    assert not main.map.shown_corridors
    assert not any(sp.key.startswith("corridor:") for sp in main.spots)
    assert "Russian routes" not in drv.text()


def test_busan_draws_its_routes_and_deposits_clear_of_capital_names(app, drv):
    app.open_from_args(play_args(scenario="busan_pause", state="kz", seed=2))
    drv.pump()
    drv.key(pygame.K_RETURN)
    main = next(s for s in app.stack if s.name == "main")
    ids = {c["id"] for c in main.map.shown_corridors}
    assert {"middle", "china", "russia", "cpc"} <= ids
    assert main.map.deposits
    # every capital's name is clear of the deposits' diamonds
    # (a capital whose name is not drawn, r None, has nothing to collide: both are right, but
    # some names must be drawn for the check to mean anything)
    assert sum(r is not None for _, _, r in main.map.capital_labels) >= 2, main.map.capital_labels
    for _, name, r in main.map.capital_labels:
        assert r is None or r.collidelist(main.map.deposit_rects) < 0, name


def test_the_map_draws_what_the_scenario_declares_and_guesses_nothing(busan):
    from game.engine import Game
    from game.ui.mapview import match_states, places, route_indicators

    info = Game(busan, 1).info()
    assert dict(info.map.states) == {"kz": "KAZ", "uz": "UZB"}
    obs = Game(busan, 1, ["kz"]).observe("kz")
    routes = route_indicators(info.map, obs.indicators + obs.world)
    assert {r: ind.id for r, ind in routes.items()} == {"middle": "corridor_middle", "china": "corridor_china",
                                                      "russia": "corridor_russia", "cpc": "cpc_exposure"}
    assert [p["name"] for p in places(info.map)] == ["Kuirektykol", "Zhana Kazakhstan"]
    assert route_indicators(None, obs.indicators) == {} and places(None) == [], "no map: no routes, no deposits"
    declared = type(info.map)((("a", "TJK"),), (), ())
    assert match_states([("a", "Kazakhstan"), ("b", "Bland")], declared) == {"a": "TJK", "b": "KAZ"}
