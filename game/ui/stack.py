"""The window's scene stack, on its own: which scenes are up, in order, and the hooks each scene
gets as it comes and goes (build, enter, cover, uncover, exit). The app supplies what a stack
cannot know: a picture of a scene for a modal one to dim (`snapshot`) and what to do after any
change (`changed`: redraw, forget the hover). No drawing, no pygame."""
from __future__ import annotations

from typing import Any, Callable, Iterable


class SceneStack:
    def __init__(self, snapshot: Callable[[int], Any], changed: Callable[[], None]):
        self.scenes: list = []
        self.snapshot = snapshot   # a picture of the scene at an index, for a modal scene's backdrop
        self.changed = changed

    @property
    def top(self):
        return self.scenes[-1] if self.scenes else None

    def push(self, scene) -> None:
        """Put `scene` on top: the one under it is hidden (a modal scene keeps a picture of it)."""
        if scene.modal and self.scenes:
            scene.backdrop = self.snapshot(len(self.scenes) - 1)
        if self.scenes:
            self.scenes[-1].show(False)
        self.scenes.append(scene)
        self.changed()
        scene.build()
        scene.on_enter()

    def pop(self) -> None:
        """Take the top scene off; the one under it shows again and is told it is uncovered."""
        if not self.scenes:
            return
        scene = self.scenes.pop()
        self.changed()
        scene.teardown()
        scene.on_exit()
        if self.scenes:
            self.scenes[-1].show(True)
            self.scenes[-1].on_uncover()

    def replace(self, scene) -> None:
        """Put `scene` in place of the top one."""
        if self.scenes:
            old = self.scenes.pop()
            old.teardown()
            old.on_exit()
        if scene.modal and self.scenes:
            self.scenes[-1].show(True)
            scene.backdrop = self.snapshot(len(self.scenes) - 1)
            self.scenes[-1].show(False)
        self.scenes.append(scene)
        self.changed()
        scene.build()
        scene.on_enter()

    def reset(self, scenes: Iterable) -> None:
        """Take every scene off, then put `scenes` up in order."""
        while self.scenes:
            s = self.scenes.pop()
            s.teardown()
            s.on_exit()
        for s in scenes:
            self.push(s)
