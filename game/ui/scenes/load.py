"""Load a game: the saves in the player's folder, newest first, the autosave on top."""
from __future__ import annotations

import pygame

from game.paths import autosave_path, save_kind, saves_dir

from .. import draw as D
from .. import theme as T
from game.session import save_status
from .base import Scene

REPLAYED = 30   # the newest saves are replayed to tell finished games (cached); older ones by turn only


class LoadScene(Scene):
    name = "load"
    confirm_key = "load"
    scroll_rebuilds = True

    def __init__(self, app):
        super().__init__(app)
        self.index = 0
        self.saves = self.find(app)

    @staticmethod
    def find(app=None) -> list[dict]:
        from game.session import describe_save

        d = saves_dir()
        paths = sorted(d.glob("*.json"), key=lambda p: p.stat().st_mtime if p.exists() else 0,
                       reverse=True) if d.is_dir() else []
        auto = autosave_path()
        paths = [p for p in paths if p != auto]
        if auto.is_file():
            paths.insert(0, auto)
        out = []
        for i, p in enumerate(paths[:200]):
            info = app.describe_save(p) if app is not None and i < REPLAYED else describe_save(p)
            out.append(info if info is not None else {"path": p, "damaged": True})
        return out

    def layout(self) -> None:
        px = self.px
        w, h = self.size
        self.list_rect = pygame.Rect(px(48), px(120), w - px(96), h - px(120) - px(96))
        row_h = px(54)
        self.rows = self.list_rows(self.list_rect, len(self.saves), row_h, self.scroll)
        for i, r in self.rows:
            self.spot(r, f"save:{i}", lambda i=i: self.select(i), str(self.saves[i]["path"]))
        self.scroll_max = self.list_scroll_max(self.list_rect, len(self.saves), row_h)
        self.back_button()
        ok = bool(self.saves) and not self.saves[self.index].get("damaged")
        self.main_button("Load", self.load, "Load the selected save. Key: Enter", key="load", enabled=ok)

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

    def draw_scene(self, surf) -> None:
        th, px = self.th, self.px
        surf.fill(T.BG)
        self.draw_header(surf, "LOAD GAME", "Your saved games")
        D.text(surf, th, str(saves_dir()), (px(48), px(94)), "small", T.INK_FAINT, max_width=self.size[0] - px(96))
        if not self.saves:
            D.text(surf, th, "No saved games yet. Games are saved automatically at every turn.",
                   (px(48), self.list_rect.y), "body", T.INK_DIM)
        for i, r in self.rows:
            info = self.saves[i]
            D.row_box(surf, th, r, i == self.index, self.app.hover_key == f"save:{i}")
            if info.get("damaged"):
                D.text(surf, th, info["path"].stem, (r.x + px(14), r.y + px(8)), "body_bold", T.INK,
                       max_width=r.w // 2)
                D.text(surf, th, "Not a readable save", (r.x + px(14), r.y + px(30)), "small", T.BAD)
                continue
            # what the game is, in the player's words (the file name is in the tooltip)
            names = ", ".join(info.get("names") or info["humans"]) or "no human player"
            title = info.get("title") or info["scenario"]
            name = f"{names} · {title} ({save_kind(info['path'])})"
            D.text(surf, th, name, (r.x + px(14), r.y + px(8)), "body_bold", T.INK, max_width=r.w - px(220))
            sub = f"{save_status(info)} · seed {info['seed']} · {info['difficulty']}"
            D.text(surf, th, sub, (r.x + px(14), r.y + px(30)), "small", T.ACCENT_HI if info.get("finished") else T.INK_DIM,
                   max_width=r.w - px(220))
            if info.get("modified"):
                D.text(surf, th, f"{info['modified']:%d %b %Y, %H:%M}", (r.right - px(14), r.y + px(8)), "small",
                       T.INK_DIM, "right")
            D.text(surf, th, info["path"].stem, (r.right - px(14), r.y + px(31)), "tiny", T.INK_FAINT, "right",
                   max_width=px(200))
        D.more_marks(surf, th, self.list_rect, self.scroll > 0, self.scroll < self.scroll_max)
