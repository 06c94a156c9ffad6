"""New game: pick a scenario (title, summary, length, playable states), a state, a seed (shown,
editable, random by default) and a difficulty.
"""
from __future__ import annotations

import pygame
import pygame_gui
from pygame_gui.elements import UITextEntryLine

from game.engine.rules import DIFFICULTIES

from .. import draw as D
from .. import theme as T
from ..app import random_seed
from ..words import length_text
from .base import Scene


class NewGameScene(Scene):
    name = "new_game"
    confirm_key = "begin"

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
        self.text_first = 0      # the first line shown of the scenario's and the state's texts
        self.text_rect: pygame.Rect | None = None

    def shown(self, e):
        """The entry's scenario as the player reads it here (fictional names when they are on)."""
        return self.app.shown_scenario(e.scenario, self.fictional)

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
        # a scenario's title may take two lines in the list
        self.row_h = px(10) + 2 * th.line_height("body_bold") + px(2) + th.line_height("small") + px(10)
        self.list_scroll = min(self.list_scroll, self.list_scroll_max(self.list_rect, len(self.entries), self.row_h))
        self.rows = self.list_rows(self.list_rect, len(self.entries), self.row_h, self.list_scroll)
        for i, r in self.rows:
            e = self.entries[i]
            self.spot(r, f"scenario:{i}", lambda i=i: self.select(i),
                      tooltip=(self.shown(e).model.meta.summary if e.ok else "This scenario has problems."))
        self.back_button()
        ok = self.entry is not None and self.entry.ok and self.state_id is not None
        self.main_button("Begin", self.begin, "Start the game with these choices. Key: Enter", key="begin",
                         width=220, enabled=ok)
        self.seed_entry = None
        self.text_rect = None
        e = self.entry
        if e is None:
            return
        x, y = self.detail.x, self.detail.y
        self.title_lines, self.title_role = self.wrapped_title(self.app.entry_title(e, self.fictional))
        y += len(self.title_lines) * th.line_height(self.title_role) + px(8)
        if not e.ok:
            self.button(pygame.Rect(self.detail.x, y + px(200), px(220), px(40)), "Show all problems",
                        self.show_problems, key="problems")
            return
        # The detail column: title, length, the states, the texts (scrolling), then seed and difficulty.
        self.length_y = y
        y += th.line_height("small") + px(12)
        self.states_label_y = y
        y += th.line_height("tiny_bold") + px(6)
        bx = x
        for st in self.shown(e).model.states:
            if not st.playable:
                continue
            name = st.name
            bw = th.size(name, "small_bold")[0] + px(36)
            if bx + bw > self.detail.right:
                bx, y = x, y + px(42)
            self.button(pygame.Rect(bx, y, bw, px(34)), name, lambda sid=st.id: self.pick_state(sid),
                        st.goals or st.description or None,
                        style="chip_on" if st.id == self.state_id else "chip", key=f"state:{st.id}")
            bx += bw + px(8)
        self.states_bottom = y + px(34)
        y = self.options_y()
        self.text_rect = pygame.Rect(x, self.states_bottom + px(14), self.detail.w,
                                     y - th.line_height("tiny_bold") - px(22) - self.states_bottom - px(14))
        self.text_lines = self.detail_lines(e, self.detail.w)
        self.text_first_max = D.last_first_line(th, self.text_lines, self.text_rect.h)
        self.text_first = min(self.text_first, self.text_first_max)
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

    def wrapped_title(self, title: str) -> tuple[list[str], str]:
        """The scenario's title in the detail column: in the title face on one line if it fits,
        else wrapped in the heading face (never cut)."""
        th, w = self.th, self.detail.w
        if th.size(title, "title")[0] <= w:
            return [title], "title"
        return D.wrap(th, title, "heading", w), "heading"

    def detail_lines(self, e, width: int) -> list[D.Line]:
        """The scenario's summary, then the chosen state's description and goals, as whole lines."""
        th, px = self.th, self.px
        lines = D.wrap_lines(th, self.shown(e).model.meta.summary, "body", T.INK_DIM, width, after=px(10))
        st = self.selected_state()
        if st is not None:
            if st.description:
                lines += D.wrap_lines(th, st.description, "small", T.INK_DIM, width, after=px(8))
            if st.goals:
                lines.append(("GOALS", "tiny_bold", T.ACCENT, 0, px(2)))
                lines += D.wrap_lines(th, st.goals, "small", T.INK, width)
        return lines

    def options_y(self) -> int:
        """The top of the seed and difficulty controls: at the foot of the detail column."""
        return self.detail.bottom - self.px(84) - self.px(34)

    def selected_state(self):
        e = self.entry
        if e is None or not e.ok:
            return None
        return next((s for s in self.shown(e).model.states if s.id == self.state_id), None)

    # --- actions ----------------------------------------------------------------------------------

    def select(self, i: int) -> None:
        if i != self.index:
            self._read_seed()
            self.index = i
            self.text_first = 0
            self._pick_default_state()
            self.refresh()
        if not self.entries[i].ok:
            self.show_problems()

    def pick_state(self, sid: str) -> None:
        self._read_seed()
        self.state_id = sid
        self.text_first = 0
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
        self.app.push(self.app.scene("problems", self.entry))

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
        if self.text_rect is not None and self.text_rect.collidepoint(self.app.mouse):
            first = max(0, min(self.text_first_max, self.text_first - dy * 3))
            if first != self.text_first:
                self.text_first = first
                self.app.invalidate()
            return True
        mx = self.list_scroll_max(self.list_rect, len(self.entries), self.row_h)
        if mx:
            self.list_scroll = max(0, min(mx, self.list_scroll - dy * self.row_h))
            self.refresh()
            return True
        return False

    # --- drawing ----------------------------------------------------------------------------------

    def draw_scene(self, surf) -> None:
        th, px = self.th, self.px
        surf.fill(T.BG)
        self.draw_header(surf, "NEW GAME", "Choose a scenario, a state and a seed")
        D.text(surf, th, "SCENARIOS", (self.list_rect.x, self.list_rect.y - px(22)), "tiny_bold", T.INK_DIM)
        for i, r in self.rows:
            e = self.entries[i]
            D.row_box(surf, th, r, i == self.index, self.app.hover_key == f"scenario:{i}")
            y = r.y + px(10)
            title = D.wrap(th, self.app.entry_title(e, self.fictional), "body_bold", r.w - px(28))
            if len(title) > 2:
                title = [title[0], D.elide(th, " ".join(title[1:]), "body_bold", r.w - px(28))]
            for ln in title:
                D.text(surf, th, ln, (r.x + px(14), y), "body_bold", T.INK)
                y += th.line_height("body_bold")
            y += px(2)
            if e.ok:
                m = e.scenario.model.meta
                sub = f"{m.turns} turns · {len([s for s in e.scenario.model.states if s.playable])} playable"
                D.text(surf, th, sub, (r.x + px(14), y), "small", T.INK_DIM)
            else:
                n = len(e.errors) or 1
                D.text(surf, th, f"Cannot be played: {n} problem{'s' if n != 1 else ''}", (r.x + px(14), y),
                       "small", T.BAD)
        D.more_marks(surf, th, self.list_rect, self.list_scroll > 0,
                     self.list_scroll < self.list_scroll_max(self.list_rect, len(self.entries), self.row_h))
        if not self.entries:
            D.paragraph(surf, th, "No scenarios are installed. Put a scenario file in the scenarios folder "
                        "or start the game with --scenario FILE.", self.list_rect, "body", T.INK_DIM)
        e = self.entry
        if e is None:
            return
        x, y, w = self.detail.x, self.detail.y, self.detail.w
        for ln in self.title_lines:
            D.text(surf, th, ln, (x, y), self.title_role, T.INK)
            y += th.line_height(self.title_role)
        y += px(8)
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
        D.text(surf, th, length_text(e.scenario.model.meta), (x, self.length_y), "small", T.ACCENT_HI, max_width=w)
        D.text(surf, th, "YOUR STATE", (x, self.states_label_y), "tiny_bold", T.INK_DIM)
        if self.text_rect is not None:
            D.draw_lines(surf, th, self.text_lines, self.text_rect, self.text_first)
            D.more_marks(surf, th, self.text_rect, self.text_first > 0, self.text_first < self.text_first_max)
        oy = self.options_y()
        D.text(surf, th, "SEED", (x, oy - th.line_height("tiny_bold") - px(8)), "tiny_bold", T.INK_DIM)
        D.text(surf, th, "DIFFICULTY", (x + px(330), oy - th.line_height("tiny_bold") - px(8)), "tiny_bold",
               T.INK_DIM)
        D.text(surf, th, DIFFICULTIES[self.difficulty].description, (x + px(330), oy + px(46)), "small",
               T.INK_DIM, max_width=w - px(330))
        D.text(surf, th, "The same seed and choices replay the same game.", (x, oy + px(46)), "small",
               T.INK_FAINT, max_width=px(320))
