"""The window's scenes, reached by name (`App.scene("report", ...)`), so that no scene imports
another: each module below is imported the first time its scene is shown."""
from __future__ import annotations

import importlib

SCENES = {
    "title": "title:TitleScene", "new_game": "new_game:NewGameScene", "scenarios": "scenarios:ScenariosScene",
    "problems": "problems:ProblemsScene", "load": "load:LoadScene", "settings": "settings:SettingsScene",
    "briefing": "briefing:BriefingScene", "main": "main:MainScene", "report": "report:ReportScene",
    "end": "end:EndScene", "history": "history:HistoryScene", "why": "why:WhyDialog", "pause": "pause:PauseScene",
    "pass": "hotseat:PassScene", "message": "dialog:MessageDialog", "confirm": "dialog:ConfirmDialog",
    "decision": "dialog:DecisionDialog", "news": "dialog:NewsDialog",
}
"""Each scene's name (its `name` attribute) and where it lives: module:class."""


def scene_class(name: str) -> type:
    """The class of the scene called `name`; KeyError for a name no scene has."""
    module, cls = SCENES[name].split(":")
    return getattr(importlib.import_module(f"{__name__}.{module}"), cls)
