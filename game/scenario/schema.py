"""The JSON Schema of scenario files, generated from the model (committed as scenarios/scenario.schema.json)."""
from __future__ import annotations

import json

from .model import Scenario


def scenario_schema() -> dict:
    schema = Scenario.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "New Great Game scenario (format 1)"
    return schema


def scenario_schema_text() -> str:
    return json.dumps(scenario_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
