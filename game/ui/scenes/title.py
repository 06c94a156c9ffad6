"""The title screen: new game, continue the autosave, load, scenarios, settings, quit."""
from __future__ import annotations

import functools

import pygame

from game import __version__
from game.paths import autosave_path

from .. import draw as D
from .. import theme as T
from ..mapview import Highlight, MapView, load_map, match_states
from .base import Scene


@functools.lru_cache(maxsize=2)
def _band(w: int, h: int) -> pygame.Surface:
    """A dark gradient behind the menu so the title reads over the map."""
    band = pygame.Surface((w, h), pygame.SRCALPHA)
    for i in range(w):
        a = int(235 * max(0.0, 1 - (i / w) ** 2))
        pygame.draw.line(band, (*T.BG_DEEP, a), (i, 0), (i, h))
    return band


class TitleScene(Scene):
    name = "title"

    def layout(self) -> None:
        w, h = self.size
        px = self.px
        data = load_map()
        c5 = {c["iso"]: c["name"] for c in data.get("countries", []) if c.get("c5")}
        self.fictional = self.app.settings.fictional
        names = self.fictional_names() if self.fictional else c5
        self.map = MapView(self.th, pygame.Rect(0, 0, w, h), {iso: Highlight(T.ACCENT, False) for iso in c5}, names,
                           dim=0.25, zoom=0.82, centre=(0.63, 0.5))
        x = px(72)
        y = max(px(250), int(h * 0.40))
        bw, bh, gap = px(320), px(46), px(10)
        save = self.app.describe_save(autosave_path()) if autosave_path().is_file() else None
        self.autosave = save
        finished = bool(save and save.get("finished"))
        when = f" (saved {save['modified']:%d %b %H:%M})" if save and save.get("modified") else ""
        if save is None:
            cont_label, cont_tip = "Continue", "No game in progress yet."
        elif finished:
            # A finished game cannot be continued: the button says so and opens its results.
            cont_label = "Last game's results"
            cont_tip = (f"Your last game of {save['title']} as {', '.join(save['names']) or '?'} is "
                        f"finished: {save['finished']}{when}. See how it ended. Key: C")
        else:
            cont_label = "Continue"
            cont_tip = (f"Resume {save['title']} as {', '.join(save['names']) or '?'}, turn {save['turn']}"
                        f"{when}. Key: C")
        items = [
            ("New game", self.new_game, "Pick a scenario, a state, a seed and a difficulty. Key: N", True),
            (cont_label, self.app.continue_game, cont_tip, save is not None),
            ("Load game", self.load, "Open a saved game. Key: L", True),
            ("Scenarios", self.scenarios, "Browse the scenarios and check them for problems.", True),
            ("Settings", self.settings, "Window size, full screen, UI scale, fictional names.", True),
            ("Quit", self.app.quit, "Leave the game. Key: Q", True),
        ]
        resume = save is not None and not finished
        for i, (label, action, tip, enabled) in enumerate(items):
            key = "menu:Continue" if action == self.app.continue_game else f"menu:{label}"
            self.button(pygame.Rect(x, y + i * (bh + gap), bw, bh), label, action, tip,
                        style="primary" if i == (1 if resume else 0) else "menu", enabled=enabled, key=key)
        if self.focus_key is None:
            self.focus_key = "menu:Continue" if resume else "menu:New game"

    def fictional_names(self) -> dict[str, str]:
        """ISO3 -> the fictional name of the state a scenario puts there; no real name at all."""
        for e in self.app.catalogue():
            if not e.ok:
                continue
            states = e.scenario.model.states
            if not any(st.fictional_name for st in states):
                continue
            isos = match_states([(st.id, st.name) for st in states], e.scenario.model.map)
            return {isos[st.id]: st.fictional_name for st in states if st.id in isos and st.fictional_name}
        return {}

    def new_game(self) -> None:
        self.app.push(self.app.scene("new_game"))

    def load(self) -> None:
        self.app.push(self.app.scene("load"))

    def scenarios(self) -> None:
        self.app.push(self.app.scene("scenarios"))

    def settings(self) -> None:
        self.app.push(self.app.scene("settings"))

    def on_uncover(self) -> None:
        self.build()  # the autosave may have appeared

    def on_key(self, event) -> bool:
        keys = {pygame.K_n: self.new_game, pygame.K_l: self.load, pygame.K_q: self.app.quit}
        if event.key == pygame.K_c and self.autosave is not None:
            self.app.continue_game()
            return True
        if event.key in keys:
            keys[event.key]()
            return True
        return super().on_key(event)

    def draw_scene(self, surf: pygame.Surface) -> None:
        th, px = self.th, self.px
        w, h = self.size
        surf.fill(T.mix(T.WATER, T.BG, 0.25))
        self.map.draw_base(surf)
        self.map.draw_labels(surf, neighbours=not self.fictional)
        # a dark band behind the menu so the title reads over the map
        surf.blit(_band(px(520), h), (0, 0))
        x = px(72)
        y = max(px(70), int(h * 0.12))
        D.text(surf, th, "CENTRAL ASIA · 2025–2028", (x, y), "small_bold", T.ACCENT)
        r = D.text(surf, th, "New Great Game", (x - px(3), y + px(18)), "hero", T.INK)
        D.rule(surf, th, x, x + px(120), r.bottom + px(6), T.ACCENT)
        D.paragraph(surf, th, "Rare earths, three great powers and one year of truce"
                    + ("" if self.fictional else " after Busan") + ". "
                    "Climb the value chain without becoming anyone's client.",
                    pygame.Rect(x, r.bottom + px(18), px(400), px(80)), "body", T.INK_DIM)
        foot = load_map().get("notice", "")
        D.text(surf, th, "Map: Natural Earth (public domain) · Fonts: Noto (SIL OFL), DejaVu", (x, h - px(28)),
               "tiny", T.INK_FAINT)
        if not foot:
            D.text(surf, th, "(map data missing: run tools/make_map.py)", (x, h - px(44)), "tiny", T.WARN)
        D.text(surf, th, f"v{__version__}", (w - px(20), h - px(28)), "tiny", T.INK_FAINT, "right")
