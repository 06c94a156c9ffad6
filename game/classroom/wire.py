"""The play session's views on the wire: `plain` writes a view (game.engine.views) as JSON-ready
data for a team's page and for the desktop game that joins a class; `from_plain` reads it back
into the same dataclasses, so the window's scenes draw a hosted class's views exactly as they
draw their own (docs/architecture.md, "The classroom"). Reading only: nothing here changes a game.
"""
from __future__ import annotations

import collections.abc
import dataclasses
import math
import types
import typing
from typing import Any, Union, get_args, get_origin, get_type_hints

from pydantic import BaseModel

from game.engine.views import CostView, EffectView


class WireError(ValueError):
    """Data that does not read as the view it should be."""


def plain(obj: Any) -> Any:
    """A view as JSON-ready data: dataclasses as mappings (an effect and a cost with their words
    too), tuples as lists, numbers rounded to what a page can show."""
    if isinstance(obj, EffectView):
        out = {f.name: plain(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
        out["text"] = obj.text()
        out["favourable"] = obj.favourable
        return out
    if isinstance(obj, CostView):
        return {"capital": obj.capital, "money": round(obj.money, 4), "text": obj.text()}
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: plain(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, BaseModel):
        return plain(obj.model_dump())
    if isinstance(obj, dict):
        return {str(k): plain(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [plain(v) for v in obj]
    if isinstance(obj, float):
        return round(obj, 4) if math.isfinite(obj) else None
    return obj


_HINTS: dict[type, dict[str, Any]] = {}


def from_plain(tp: Any, data: Any) -> Any:
    """`data` (as `plain` wrote it) read back as type `tp`: a view dataclass, a tuple or mapping of
    them, or a plain value. Keys a view does not have (an effect's words) are left out; a missing
    field takes its default. Raises WireError when the data cannot be that type."""
    try:
        return _read(tp, data)
    except WireError:
        raise
    except (TypeError, ValueError, KeyError, AttributeError) as exc:
        raise WireError(f"cannot read {getattr(tp, '__name__', tp)}: {exc}") from None


def _read(tp: Any, data: Any) -> Any:
    if tp is Any:
        return data
    origin = get_origin(tp)
    if origin in (Union, types.UnionType):
        options = [a for a in get_args(tp) if a is not type(None)]
        if data is None:
            if len(options) < len(get_args(tp)):
                return None
            raise WireError(f"a value is missing where {tp} is expected")
        return _read(options[0], data)
    if data is None:
        if tp is float:   # `plain` writes a number that is not finite as null
            return math.nan
        raise WireError(f"a value is missing where {getattr(tp, '__name__', tp)} is expected")
    if origin is tuple:
        args = get_args(tp)
        _sequence(data)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_read(args[0], x) for x in data)
        if len(args) != len(data):
            raise WireError(f"expected {len(args)} values, got {len(data)}")
        return tuple(_read(a, x) for a, x in zip(args, data))
    if origin is list:
        (arg,) = get_args(tp)
        return [_read(arg, x) for x in _sequence(data)]
    if origin in (dict, collections.abc.Mapping, typing.Mapping):
        key_t, val_t = get_args(tp)
        if not isinstance(data, dict):
            raise WireError("expected a mapping")
        return {_read(key_t, k): _read(val_t, v) for k, v in data.items()}
    if dataclasses.is_dataclass(tp):
        if not isinstance(data, dict):
            raise WireError(f"expected {tp.__name__} as a mapping")
        hints = _HINTS.get(tp)
        if hints is None:
            hints = _HINTS[tp] = get_type_hints(tp)
        return tp(**{f.name: _read(hints[f.name], data[f.name]) for f in dataclasses.fields(tp)
                     if f.name in data})
    if tp is float:
        if isinstance(data, bool) or not isinstance(data, (int, float)):
            raise WireError("expected a number")
        return float(data)
    if tp is int:
        if isinstance(data, bool) or not isinstance(data, int):
            raise WireError("expected a whole number")
        return data
    if tp in (str, bool):
        if not isinstance(data, tp):
            raise WireError(f"expected {tp.__name__}")
        return data
    raise WireError(f"cannot read {tp}")


def _sequence(data: Any) -> list:
    if not isinstance(data, list):
        raise WireError("expected a list")
    return data
