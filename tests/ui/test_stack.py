"""The scene stack on its own (game.ui.stack): what each scene is told as it comes and goes, which
scene shows, and a modal scene's picture of what it covers."""
from __future__ import annotations

from game.ui.stack import SceneStack


class Fake:
    def __init__(self, name: str, log: list, modal: bool = False):
        self.name, self.log, self.modal = name, log, modal
        self.shown = None
        self.backdrop = None

    def __getattr__(self, hook):   # build, on_enter, teardown, on_exit, on_uncover
        if hook.startswith("__"):
            raise AttributeError(hook)
        return lambda: self.log.append(f"{self.name}.{hook}")

    def show(self, on: bool) -> None:
        self.shown = on
        self.log.append(f"{self.name}.show({on})")


def test_push_pop_replace_reset():
    log: list[str] = []
    changes = []
    stack = SceneStack(snapshot=lambda i: f"picture of {stack.scenes[i].name}", changed=lambda: changes.append(1))
    title, main, dialog = Fake("title", log), Fake("main", log), Fake("dialog", log, modal=True)
    stack.push(title)
    stack.push(main)
    assert log == ["title.build", "title.on_enter", "title.show(False)", "main.build", "main.on_enter"]
    assert stack.top is main and title.shown is False
    log.clear()
    stack.push(dialog)
    assert dialog.backdrop == "picture of main", "a modal scene dims a picture of what it covers"
    stack.pop()
    assert log == ["main.show(False)", "dialog.build", "dialog.on_enter", "dialog.teardown", "dialog.on_exit",
                   "main.show(True)", "main.on_uncover"]
    log.clear()
    report = Fake("report", log)
    stack.replace(report)
    assert [s.name for s in stack.scenes] == ["title", "report"]
    assert log == ["main.teardown", "main.on_exit", "report.build", "report.on_enter"]
    log.clear()
    stack.reset([Fake("title2", log)])
    assert [s.name for s in stack.scenes] == ["title2"]
    assert log == ["report.teardown", "report.on_exit", "title.teardown", "title.on_exit", "title2.build",
                   "title2.on_enter"]
    stack.pop()
    stack.pop()   # popping an empty stack does nothing
    assert stack.top is None and len(changes) == 7


def test_every_scene_is_reached_by_its_name(app):
    from game.ui.scenes import SCENES, scene_class

    for name in SCENES:
        assert scene_class(name).name == name, name
