"""Load a game: the games in the player's saves folder, each once at its latest point (newest
first), or every save file of them; and deleting a game's saves."""
from __future__ import annotations

import pygame

from game.paths import autosave_path, save_kind, saves_dir

from .. import draw as D
from .. import theme as T
from game.session import delete_saves, games_of, save_status
from .base import Scene

REPLAYED = 30   # the newest saves are replayed to tell finished games (cached); older ones by turn only


class LoadScene(Scene):
    name = "load"
    confirm_key = "load"
    scroll_rebuilds = True

    def __init__(self, app):
        super().__init__(app)
        self.index = 0
        self.every = False   # every save file, rather than each game once
        self.files = self.find(app)
        self.saves = self.shown()

    def shown(self) -> list[dict]:
        """The rows: each game once at its latest point, or every file (each a game of one file)."""
        return [{**f, "files": [f["path"]]} for f in self.files] if self.every else games_of(self.files)

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
        self.spot(pygame.Rect(px(48), px(86), w - px(96), px(20)), "folder", None,
                  [("Your saves folder", "small_bold", T.INK), (str(saves_dir()), "small", T.INK_DIM)], focus=False)
        self.back_button()
        ok = bool(self.saves) and not self.saves[self.index].get("damaged")
        self.main_button("Load", self.load, "Load the selected game at its latest point. Key: Enter" if not self.every
                         else "Load the selected save. Key: Enter", key="load", enabled=ok, width=180)
        self.main_button("Delete…", self.delete, "Delete the selected game's saves (it asks first). Key: Delete"
                         if not self.every else "Delete the selected save file (it asks first). Key: Delete",
                         key="delete", enabled=bool(self.saves), style=None, slot=1, width=180)
        self.main_button("Every save" if not self.every else "Each game once", self.switch,
                         "Show every save file, to load an earlier point of a game. Key: E" if not self.every
                         else "Show each game once, at its latest point. Key: E", key="every", style=None, slot=2,
                         width=180)

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

    def switch(self) -> None:
        self.every = not self.every
        self.saves, self.index, self.scroll = self.shown(), 0, 0
        self.refresh()

    def delete(self) -> None:
        if not self.saves:
            return
        info = self.saves[self.index]
        files = info["files"]
        what = (f"{info['path'].stem}: not a readable save" if info.get("damaged") else
                f"{', '.join(info.get('names') or info['humans']) or 'no human player'} · "
                f"{info.get('title') or info['scenario']} · {save_status(info)}")
        self.app.push(self.app.scene(
            "confirm", "Delete this game?" if len(files) > 1 else "Delete this save?", what, "Delete",
            lambda: self._delete(files), "Keep it",
            detail=(f"Its {len(files)} save files are deleted: " if len(files) > 1 else "The file is deleted: ")
            + ", ".join(p.name for p in files) + ". This cannot be undone.", kind="bad", careful=True))

    def _delete(self, files) -> None:
        problems = delete_saves(files)
        if problems:
            self.app.toast(problems[0], "bad", 6)
        else:
            self.app.toast("Deleted." if len(files) == 1 else f"Deleted {len(files)} save files.", "good")
        self.files = self.find(self.app)
        self.saves = self.shown()
        self.index = min(self.index, max(0, len(self.saves) - 1))
        self.refresh()

    def on_key(self, event) -> bool:
        if event.key == pygame.K_DELETE:
            self.delete()
            return True
        if event.key == pygame.K_e:
            self.switch()
            return True
        return super().on_key(event)

    def draw_scene(self, surf) -> None:
        th, px = self.th, self.px
        surf.fill(T.BG)
        self.draw_header(surf, "LOAD GAME", "Your saved games" if not self.every else "Every save file")
        D.text(surf, th, "Saved automatically at every turn; hover here for the folder.", (px(48), px(94)), "small",
               T.INK_FAINT, max_width=self.size[0] - px(96))
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
            if len(info.get("files", ())) > 1:
                sub += f" · {len(info['files'])} saves (Every save shows them)"
            D.text(surf, th, sub, (r.x + px(14), r.y + px(30)), "small", T.ACCENT_HI if info.get("finished") else T.INK_DIM,
                   max_width=r.w - px(220))
            if info.get("modified"):
                D.text(surf, th, f"{info['modified']:%d %b %Y, %H:%M}", (r.right - px(14), r.y + px(8)), "small",
                       T.INK_DIM, "right")
            D.text(surf, th, info["path"].stem, (r.right - px(14), r.y + px(31)), "tiny", T.INK_FAINT, "right",
                   max_width=px(200))
        D.more_marks(surf, th, self.list_rect, self.scroll > 0, self.scroll < self.scroll_max)
