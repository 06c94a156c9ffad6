"""Scenario files: the typed model, safe YAML loading with positions, validation and the schema."""
from .diagnostics import Diagnostic, ScenarioInvalid
from .load import LoadedScenario, check_scenario, load_scenario
from .schema import scenario_schema

__all__ = ["Diagnostic", "ScenarioInvalid", "LoadedScenario", "check_scenario", "load_scenario",
           "scenario_schema"]
