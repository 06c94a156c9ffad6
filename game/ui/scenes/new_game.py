"""New game: pick a scenario (title, summary, length, playable states), a state, a seed (shown,
editable, random by default) and a difficulty.
"""
from __future__ import annotations

import pygame
import pygame_gui
from pygame_gui.elements import UITextEntryLine

from game.engine.game import DIFFICULTIES, add_months, quarter_label

from .. import draw as D
from .. import theme as T
from ..app import random_seed
from .base import Scene


def length_text(meta) -> str:
    end = add_months(meta.start, (meta.turns - 1) * meta.turn_months)
    kind = {3: "quarterly", 1: "monthly", 6: "half-yearly", 12: "yearly"}.get(meta.turn_months,
                                                                             f"{meta.turn_months}-month")
    return (f"{meta.turns} {kind} turns, {quarter_label(meta.start, meta.turn_months)} – "
            f"{quarter_label(end, meta.turn_months)}")


class NewGameScene(Scene):
    name = "new_game"

    def __init__(self, app, entry=None, seed: int | None = None, difficulty: str = "normal",
                 fictional: bool | None = None):
        super().__init__(app)
        self.entries = app.catalogue()
        self.index = 0
        if entry is not None:
            paths = [e.path for e in self.entries]
            if entry.path in paths:
                self.index = paths.index(entry.path)
            else:
                self.entries.insert(0, entry)
        self.seed_text = str(seed if seed is not None else random_seed())
        self.difficulty = difficulty if difficulty in DIFFICULTIES else "normal"
        self.fictional = app.settings.fictional if fictional is None else fictional
        self.state_id: str | None = None
        self._pick_default_state()
        self.list_scroll = 0

    @property
    def entry(self):
        return self.entries[self.index] if self.entries else None

    def _pick_default_state(self) -> None:
        e = self.entry
        if e is None or not e.ok:
            self.state_id = None
            return
        playable = [s.id for s in e.scenario.model.states if s.playable]
        if self.state_id not in playable:
            self.state_id = playable[0] if playable else None

    def layout(self) -> None:
        px, th = self.px, self.th
        w, h = self.size
        self.list_rect = pygame.Rect(px(48), px(130), max(px(300), int(w * 0.28)), h - px(130) - px(96))
        self.detail = pygame.Rect(self.list_rect.right + px(32), px(130), w - self.list_rect.right - px(80),
                                  h - px(130) - px(96))
        row_h = px(66)
        self.row_h = row_h
        for i, e in enumerate(self.entries):
            r = pygame.Rect(self.list_rect.x, self.list_rect.y + i * (row_h + px(6)) - self.list_scroll,
                            self.list_rect.w, row_h)
            if r.bottom <= self.list_rect.bottom + 2 and r.y >= self.list_rect.y - 2:
                self.spot(r, f"scenario:{i}", lambda i=i: self.select(i),
                          tooltip=(e.scenario.model.meta.summary if e.ok else "This scenario has problems."))
        bh = px(44)
        self.button(pygame.Rect(px(48), h - px(24) - bh, px(140), bh), "Back", self.app.pop, "Key: Esc",
                    key="back")
        ok = self.entry is not None and self.entry.ok and self.state_id is not None
        self.button(pygame.Rect(w - px(48) - px(220), h - px(24) - bh, px(220), bh), "Begin", self.begin,
                    "Start the game with these choices. Key: Enter", style="primary", enabled=ok, key="begin")
        self.seed_entry = None
        e = self.entry
        if e is None:
            return
        if not e.ok:
            self.button(pygame.Rect(self.detail.x, self.detail.y + px(200), px(220), px(40)), "Show all problems",
                        self.show_problems, key="problems")
            return
        # The detail column: states, seed, difficulty.
        x, y = self.detail.x, self.detail_y_states()
        bx = x
        for st in e.scenario.model.states:
            if not st.playable:
                continue
            name = st.fictional_name if self.fictional and st.fictional_name else st.name
            bw = th.size(name, "small_bold")[0] + px(36)
            if bx + bw > self.detail.right:
                bx, y = x, y + px(42)
            self.button(pygame.Rect(bx, y, bw, px(34)), name, lambda sid=st.id: self.pick_state(sid),
                        st.goals or st.description or None,
                        style="chip_on" if st.id == self.state_id else "chip", key=f"state:{st.id}")
            bx += bw + px(8)
        self.states_bottom = y + px(34)
        y = self.options_y()
        self.seed_entry = UITextEntryLine(pygame.Rect(x, y, px(150), px(38)), self.app.manager,
                                          container=self.container)
        self.seed_entry.set_allowed_characters("numbers")
        self.seed_entry.length_limit = 9
        self.seed_entry.set_text(self.seed_text)
        self.button(pygame.Rect(x + px(160), y, px(110), px(38)), "Random", self.random_seed,
                    "A new random seed. The same seed and choices replay the same game.", key="random")
        dx = x + px(330)
        for name, d in DIFFICULTIES.items():
            self.button(pygame.Rect(dx, y, px(96), px(38)), name.capitalize(), lambda n=name: self.pick_difficulty(n),
                        d.description, style="chip_on" if name == self.difficulty else "chip",
                        key=f"difficulty:{name}")
            dx += px(104)
        fy = y + px(84)
        self.button(pygame.Rect(x, fy, px(230), px(34)),
                    "Fictional names: " + ("on" if self.fictional else "off"), self.toggle_fictional,
                    "Use invented country names (for classrooms).", style="chip_on" if self.fictional else "chip",
                    key="fictional")

    def detail_y_states(self) -> int:
        th, px = self.th, self.px
        e = self.entry
        meta = e.scenario.model.meta
        y = self.detail.y + th.line_height("title") + px(6)
        y += th.line_height("small") + px(10)
        y += min(D.paragraph_height(th, meta.summary, "body", self.detail.w), th.line_height("body") * 4) + px(16)
        y += th.line_height("tiny_bold") + px(8)
        return y

    def options_y(self) -> int:
        th, px = self.th, self.px
        y = self.states_bottom + px(10)
        st = self.selected_state()
        if st is not None:
            text = (st.description + ("\n" + "Goals: " + st.goals if st.goals else "")).strip()
            if text:
                y += min(D.paragraph_height(th, text, "small", self.detail.w), th.line_height("small") * 5)
        y += px(20) + th.line_height("tiny_bold") + px(8)
        return y

    def selected_state(self):
        e = self.entry
        if e is None or not e.ok:
            return None
        return next((s for s in e.scenario.model.states if s.id == self.state_id), None)

    # --- actions ----------------------------------------------------------------------------------

    def select(self, i: int) -> None:
        if i != self.index:
            self._read_seed()
            self.index = i
            self._pick_default_state()
            self.refresh()
        if not self.entries[i].ok:
            self.show_problems()

    def pick_state(self, sid: str) -> None:
        self._read_seed()
        self.state_id = sid
        self.refresh()

    def pick_difficulty(self, name: str) -> None:
        self._read_seed()
        self.difficulty = name
        self.refresh()

    def toggle_fictional(self) -> None:
        self._read_seed()
        self.fictional = not self.fictional
        self.refresh()

    def random_seed(self) -> None:
        self.seed_text = str(random_seed())
        if self.seed_entry is not None:
            self.seed_entry.set_text(self.seed_text)

    def show_problems(self) -> None:
        from .problems import ProblemsScene

        self.app.push(ProblemsScene(self.app, self.entry))

    def _read_seed(self) -> None:
        if self.seed_entry is not None:
            self.seed_text = self.seed_entry.get_text()

    def seed(self) -> int:
        self._read_seed()
        try:
            return int(self.seed_text)
        except ValueError:
            s = random_seed()
            self.seed_text = str(s)
            return s

    def begin(self) -> None:
        e = self.entry
        if e is None or not e.ok or self.state_id is None:
            self.app.toast("Pick a valid scenario and a state first.", "warn")
            return
        try:
            self.app.start_game(e, self.state_id, self.seed(), self.difficulty, self.fictional)
        except ValueError as exc:  # the engine refused (unplayable state…): say so
            self.app.toast(str(exc), "bad", 5)

    def handle_event(self, event) -> bool:
        if event.type == pygame_gui.UI_TEXT_ENTRY_CHANGED and event.ui_element is self.seed_entry:
            self.seed_text = self.seed_entry.get_text()
            return True
        if event.type == pygame_gui.UI_TEXT_ENTRY_FINISHED and event.ui_element is self.seed_entry:
            self.begin()
            return True
        return super().handle_event(event)

    def on_wheel(self, dy: int) -> bool:
        total = len(self.entries) * (self.row_h + self.px(6))
        mx = max(0, total - self.list_rect.h)
        if mx:
            self.list_scroll = max(0, min(mx, self.list_scroll - dy * self.row_h))
            self.refresh()
            return True
        return False

    def on_confirm(self) -> bool:
        self.begin()
        return True

    def on_back(self) -> bool:
        self.app.pop()
        return True

    # --- drawing ----------------------------------------------------------------------------------

    def draw_scene(self, surf) -> None:
        th, px = self.th, self.px
        surf.fill(T.BG)
        D.text(surf, th, "NEW GAME", (px(48), px(40)), "tiny_bold", T.ACCENT)
        D.text(surf, th, "Choose a scenario, a state and a seed", (px(48), px(56)), "title", T.INK)
        D.text(surf, th, "SCENARIOS", (self.list_rect.x, self.list_rect.y - px(22)), "tiny_bold", T.INK_DIM)
        clip = surf.get_clip()
        surf.set_clip(self.list_rect.inflate(px(8), px(8)))
        for i, e in enumerate(self.entries):
            r = pygame.Rect(self.list_rect.x, self.list_rect.y + i * (self.row_h + px(6)) - self.list_scroll,
                            self.list_rect.w, self.row_h)
            if r.bottom < self.list_rect.y or r.y > self.list_rect.bottom:
                continue
            sel = i == self.index
            pygame.draw.rect(surf, T.mix(T.PANEL_HI, T.ACCENT, 0.14) if sel else T.PANEL, r, border_radius=px(6))
            pygame.draw.rect(surf, T.ACCENT if sel else T.PANEL_LINE, r, width=1, border_radius=px(6))
            D.text(surf, th, e.title, (r.x + px(14), r.y + px(10)), "body_bold", T.INK, max_width=r.w - px(28))
            if e.ok:
                m = e.scenario.model.meta
                sub = f"{m.turns} turns · {len([s for s in e.scenario.model.states if s.playable])} playable"
                D.text(surf, th, sub, (r.x + px(14), r.y + px(36)), "small", T.INK_DIM)
            else:
                n = len(e.errors) or 1
                D.text(surf, th, f"Cannot be played: {n} problem{'s' if n != 1 else ''}",
                       (r.x + px(14), r.y + px(36)), "small", T.BAD)
        surf.set_clip(clip)
        if not self.entries:
            D.paragraph(surf, th, "No scenarios are installed. Put a scenario file in the scenarios folder "
                        "or start the game with --scenario FILE.", self.list_rect, "body", T.INK_DIM)
        e = self.entry
        if e is None:
            return
        x, y, w = self.detail.x, self.detail.y, self.detail.w
        role = "title" if th.size(e.title, "title")[0] <= w else "heading"
        D.text(surf, th, e.title, (x, y - px(4) + (px(6) if role == "heading" else 0)), role, T.INK, max_width=w)
        y += th.line_height("title") + px(6)
        if not e.ok:
            D.text(surf, th, str(e.path), (x, y), "small", T.INK_DIM, max_width=w)
            y += th.line_height("small") + px(16)
            D.text(surf, th, "This scenario has problems and cannot be played:", (x, y), "body_bold", T.BAD)
            y += th.line_height("body_bold") + px(6)
            for d in (e.errors or e.problems)[:3]:
                y += D.paragraph(surf, th, f"line {d.line}: {d.message}", pygame.Rect(x, y, w, 999), "small", T.INK_DIM)
            if e.error:
                D.paragraph(surf, th, e.error, pygame.Rect(x, y, w, 999), "small", T.INK_DIM)
            return
        meta = e.scenario.model.meta
        D.text(surf, th, length_text(meta), (x, y), "small", T.ACCENT_HI)
        y += th.line_height("small") + px(10)
        y += D.paragraph(surf, th, meta.summary, pygame.Rect(x, y, w, 999), "body", T.INK_DIM, max_lines=4) + px(16)
        D.text(surf, th, "YOUR STATE", (x, y), "tiny_bold", T.INK_DIM)
        st = self.selected_state()
        y = self.states_bottom + px(10)
        if st is not None:
            text = (st.description + ("\n" + "Goals: " + st.goals if st.goals else "")).strip()
            if text:
                D.paragraph(surf, th, text, pygame.Rect(x, y, w, 999), "small", T.INK_DIM, max_lines=5)
        oy = self.options_y()
        D.text(surf, th, "SEED", (x, oy - th.line_height("tiny_bold") - px(8)), "tiny_bold", T.INK_DIM)
        D.text(surf, th, "DIFFICULTY", (x + px(330), oy - th.line_height("tiny_bold") - px(8)), "tiny_bold",
               T.INK_DIM)
        D.text(surf, th, DIFFICULTIES[self.difficulty].description, (x + px(330), oy + px(46)), "small",
               T.INK_DIM, max_width=w - px(330))
        D.text(surf, th, "The same seed and choices replay the same game.", (x, oy + px(46)), "small",
               T.INK_FAINT, max_width=px(320))
