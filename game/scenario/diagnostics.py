"""Diagnostics: the problems found in a scenario file, each with its place and a hint."""
from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Iterable, Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem in a scenario file, printed as `path:line:col: severity: message`."""

    path: str
    line: int
    col: int
    severity: Severity
    message: str
    hint: str = ""

    def __str__(self) -> str:
        text = f"{self.path}:{self.line}:{self.col}: {self.severity}: {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return text


class ScenarioInvalid(Exception):
    """Raised when a scenario has errors; carries every diagnostic found in one pass."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = sorted(set(diagnostics))
        super().__init__("\n".join(str(d) for d in self.diagnostics))

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A 'did you mean' hint for an unknown name, or '' when nothing is close."""
    close = difflib.get_close_matches(str(word), sorted(set(choices)), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""
