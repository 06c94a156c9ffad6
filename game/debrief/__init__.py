"""The debrief: what each team did in a recorded game and why the numbers moved, for one save or a
whole class (`greatgame report`), and role sheets for the teams of a class (`greatgame class roles`).

`report.py` reads recorded games and builds the debrief as plain data; `render.py` writes it as a
self-contained HTML page, Markdown, CSV or JSON; `roles.py` writes the role sheets. Reading only:
nothing here changes a game (docs/architecture.md, "The debrief").
"""
