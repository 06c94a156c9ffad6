"""Load a game: the saves in the player's folder, newest first, the autosave on top."""
from __future__ import annotations

import pygame

from game.paths import autosave_path, saves_dir

from .. import draw as D
from .. import theme as T
from ..session import describe_save
from .base import Scene


class LoadScene(Scene):
    name = "load"

    def __init__(self, app):
        super().__init__(app)
        self.index = 0
        self.saves = self.find()

    @staticmethod
    def find() -> list[dict]:
        d = saves_dir()
        paths = sorted(d.glob("*.json"), key=lambda p: p.stat().st_mtime if p.exists() else 0,
                       reverse=True) if d.is_dir() else []
        auto = autosave_path()
        paths = [p for p in paths if p != auto]
        if auto.is_file():
            paths.insert(0, auto)
        out = []
        for p in paths[:200]:
            info = describe_save(p)
            out.append(info if info is not None else {"path": p, "damaged": True})
        return out

    def layout(self) -> None:
        px = self.px
        w, h = self.size
        self.list_rect = pygame.Rect(px(48), px(120), w - px(96), h - px(120) - px(96))
        row_h = px(54)
        self.rows = []
        for i, info in enumerate(self.saves):
            r = pygame.Rect(self.list_rect.x, self.list_rect.y + i * (row_h + px(6)) - self.scroll, self.list_rect.w, row_h)
            self.rows.append((r, info))
            if r.y >= self.list_rect.y - 2 and r.bottom <= self.list_rect.bottom + 2:
                self.spot(r, f"save:{i}", lambda i=i: self.select(i), str(info["path"]))
        self.scroll_max = max(0, len(self.saves) * (row_h + px(6)) - self.list_rect.h)
        bh = px(44)
        self.button(pygame.Rect(px(48), h - px(24) - bh, px(140), bh), "Back", self.app.pop, "Key: Esc", key="back")
        ok = bool(self.saves) and not self.saves[self.index].get("damaged")
        self.button(pygame.Rect(w - px(48) - px(200), h - px(24) - bh, px(200), bh), "Load", self.load,
                    "Load the selected save. Key: Enter", style="primary", enabled=ok, key="load")

    def select(self, i: int) -> None:
        if i == self.index:
            self.load()
            return
        self.index = i
        self.refresh()

    def load(self) -> None:
        if not self.saves:
            return
        info = self.saves[self.index]
        if info.get("damaged"):
            self.app.toast("That file is not a readable save.", "bad")
            return
        self.app.load_session(info["path"])

    def on_wheel(self, dy: int) -> bool:
        if super().on_wheel(dy):
            self.build()
            return True
        return False

    def on_confirm(self) -> bool:
        self.load()
        return True

    def on_back(self) -> bool:
        self.app.pop()
        return True

    def draw_scene(self, surf) -> None:
        th, px = self.th, self.px
        surf.fill(T.BG)
        D.text(surf, th, "LOAD GAME", (px(48), px(36)), "tiny_bold", T.ACCENT)
        D.text(surf, th, "Your saved games", (px(48), px(52)), "title", T.INK)
        D.text(surf, th, str(saves_dir()), (px(48), px(94)), "small", T.INK_FAINT, max_width=self.size[0] - px(96))
        if not self.saves:
            D.text(surf, th, "No saved games yet. Games are saved automatically at every turn.",
                   (px(48), self.list_rect.y), "body", T.INK_DIM)
        clip = surf.get_clip()
        surf.set_clip(self.list_rect.inflate(px(4), px(4)))
        for i, (r, info) in enumerate(self.rows):
            if r.bottom < self.list_rect.y or r.y > self.list_rect.bottom:
                continue
            sel = i == self.index
            pygame.draw.rect(surf, T.mix(T.PANEL_HI, T.ACCENT, 0.14) if sel else T.PANEL, r, border_radius=px(6))
            pygame.draw.rect(surf, T.ACCENT if sel else T.PANEL_LINE, r, width=1, border_radius=px(6))
            name = "Autosave" if info["path"] == autosave_path() else info["path"].stem
            D.text(surf, th, name, (r.x + px(14), r.y + px(8)), "body_bold", T.INK, max_width=r.w // 2)
            if info.get("damaged"):
                D.text(surf, th, "Not a readable save", (r.x + px(14), r.y + px(30)), "small", T.BAD)
                continue
            sub = (f"{info['scenario']} · {', '.join(info['humans']) or 'no human player'} · turn {info['turn']} · "
                   f"seed {info['seed']} · {info['difficulty']}")
            D.text(surf, th, sub, (r.x + px(14), r.y + px(30)), "small", T.INK_DIM, max_width=r.w - px(220))
            if info.get("modified"):
                D.text(surf, th, f"{info['modified']:%d %b %Y, %H:%M}", (r.right - px(14), r.centery), "small",
                       T.INK_DIM, "right", "middle")
        surf.set_clip(clip)
