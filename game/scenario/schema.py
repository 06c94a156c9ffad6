"""The JSON Schema of scenario files, generated from the model (committed as
scenarios/scenario.schema.json), and the same schema for one scenario, which also knows that
scenario's ids (`greatgame schema --for FILE`): an editor then completes `target:`, `with_power:`,
`excludes:` and the rest from the file's own indicators, powers and actions, and underlines a
misspelled id as you type.
"""
from __future__ import annotations

import copy
import json
from typing import Any, Iterable

from .model import Scenario

SCHEMA_TITLE = "New Great Game scenario (format 1)"

# (definition, property) -> the kind of id it holds; "keys:" for a mapping's keys.
REFERENCES: dict[tuple[str, str], str] = {
    ("Effect", "target"): "indicator",
    ("Link", "target"): "indicator",
    ("Condition", "indicator"): "indicator", ("Requirement", "indicator"): "indicator",
    ("Condition", "taken"): "action", ("Requirement", "taken"): "action",
    ("Condition", "not_taken"): "action", ("Requirement", "not_taken"): "action",
    ("Condition", "building"): "action", ("Requirement", "building"): "action",
    ("Condition", "power"): "power", ("Requirement", "power"): "power",
    ("Power", "relation"): "indicator", ("Power", "dependence"): "indicator",
    ("Response", "offers"): "action",
    ("Action", "who"): "state", ("Action", "with_power"): "power", ("Action", "excludes"): "action",
    ("Action", "source"): "source", ("Event", "source"): "source", ("Indicator", "source"): "source",
    ("Event", "who"): "state",
    ("Indicator", "shown_for"): "state",
    ("Stage", "capacity"): "indicator",
    ("Market", "price"): "indicator", ("Market", "controls"): "indicator",
    ("Market", "revenue_to"): "indicator", ("Market", "value_added"): "indicator",
    ("Market", "source"): "source",
    ("Scenario", "money"): "indicator",
    ("StateStrategy", "priorities"): "action", ("StateStrategy", "states"): "state",
    ("PowerStrategy", "power"): "power", ("PowerStrategy", "priorities"): "response",
    ("Payoff", "weights"): "keys:indicator",
    ("Indicator", "start"): "keys:state",
}


def scenario_schema() -> dict:
    schema = Scenario.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = SCHEMA_TITLE
    return schema


def scenario_schema_text() -> str:
    return _text(scenario_schema())


def _text(schema: dict) -> str:
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def ids_of(data: Any) -> dict[str, list[str]]:
    """The ids a scenario's data declares, by kind (from raw data: a file with mistakes still has
    most of its ids, and those are what an editor should complete)."""
    def ids(items: Any) -> list[str]:
        if not isinstance(items, list):
            return []
        return sorted({str(x["id"]) for x in items if isinstance(x, dict) and isinstance(x.get("id"), str)})

    data = data if isinstance(data, dict) else {}
    powers = data.get("powers") if isinstance(data.get("powers"), list) else []
    responses = sorted({r for p in powers if isinstance(p, dict) for r in ids(p.get("responses"))})
    meta = data.get("meta") if isinstance(data.get("meta"), dict) else {}
    return {"indicator": ids(data.get("indicators")), "state": ids(data.get("states")), "power": ids(powers),
            "action": ids(data.get("actions")), "event": ids(data.get("events")), "response": responses,
            "source": ids(meta.get("sources"))}


def scenario_schema_for(data: Any, name: str = "") -> dict:
    """The scenario schema, each reference limited to the ids `data` declares."""
    schema = copy.deepcopy(scenario_schema())
    known = ids_of(data)
    if name:
        schema["title"] = f"{SCHEMA_TITLE}, with the ids of {name}"
    defs = schema.get("$defs", {})
    for (definition, prop), kind in REFERENCES.items():
        target = schema if definition == "Scenario" else defs.get(definition)
        if target is None or prop not in target.get("properties", {}):
            continue
        keys = kind.startswith("keys:")
        values = known[kind.removeprefix("keys:")]
        if not values:
            continue   # nothing declared yet: leave the field open rather than refuse everything
        _limit(target["properties"][prop], values, keys)
    return schema


def scenario_schema_for_text(data: Any, name: str = "") -> str:
    return _text(scenario_schema_for(data, name))


def _limit(node: Any, values: Iterable[str], keys: bool) -> None:
    """Put `enum: values` on every plain string in `node` (or on the keys of every mapping)."""
    values = list(values)
    if isinstance(node, dict):
        if keys and node.get("type") == "object":
            node["propertyNames"] = {"enum": values}
        if not keys and node.get("type") == "string" and "enum" not in node and "pattern" not in node:
            node["enum"] = values
        for key in ("anyOf", "oneOf", "allOf", "items"):
            child = node.get(key)
            if isinstance(child, list):
                for c in child:
                    _limit(c, values, keys)
            elif isinstance(child, dict):
                _limit(child, values, keys)
