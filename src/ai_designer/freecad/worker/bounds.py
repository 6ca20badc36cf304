"""Keep the measure process's result small enough for the service to read without strain.

The model decides how many objects, links, solids, holes and other features there are and how
long their names and labels are, and the result reports them. Unbounded, a
short script makes a result of tens of megabytes that the service then parses,
validates and cleans several times over (gigabytes of memory and minutes of
work in the service, long after the job's time limit). So lists and texts are
cut to sizes no real part needs, the invalid objects are always kept, and if
the result is still larger than :data:`RESULT_BUDGET_BYTES` the details are left
out, most expendable first; each cut is stated in a warning.
"""

from __future__ import annotations

import json
from typing import Any

RESULT_BUDGET_BYTES = 4 << 20
MAX_OBJECTS = 2000
MAX_OBJECTS_OVER_BUDGET = 100  # invalid objects kept when the result is still too large
MAX_NAMES = 20  # parents and children listed per object, roots in all
MAX_SOLIDS = 500  # entries of per_solid
MAX_HOLES = 5000  # holes listed (the counts stay exact)
MAX_SLOTS = 1000  # slots listed
MAX_FLATS = 60  # flat faces listed (the largest first: they come sorted by area)
MAX_GROUPS = 200  # fillet radii and chamfer widths listed (each entry is a group of faces)
#: The lists of a shape's metrics and how many entries each keeps, in the final shape and in all
#: of per_solid together (flat faces: in each solid, as they always were). A cut list's true
#: length is kept in the metrics' ``truncated``.
LIST_CAPS = {
    "holes": MAX_HOLES,
    "slots": MAX_SLOTS,
    "flats": MAX_FLATS,
    "rounds": MAX_GROUPS,
    "chamfers": MAX_GROUPS,
}
MAX_TEXT = 200
MAX_ERROR_TEXT = 2000
MAX_WARNINGS = 50
#: The cut lists a warning names (flat faces are documented as the largest few: a gear has hundreds).
_NOTED = {"holes": "holes", "slots": "slots", "rounds": "fillet radii", "chamfers": "chamfer widths"}
_OBJECT_TEXTS = ("name", "label", "type_id", "document")
# Left out in this order while the result is over budget (invalid objects stay: they say what failed).
_EXPENDABLE = ("per_solid", "feature_tree", "objects")


def _text(value: object, limit: int = MAX_TEXT) -> str:
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _failed(info: dict[str, Any]) -> bool:
    return not info.get("valid", True) or bool(info.get("error"))


def _bound_object(info: dict[str, Any]) -> dict[str, Any]:
    bounded = {**info, **{key: _text(info[key]) for key in _OBJECT_TEXTS if key in info}}
    for key in ("parents", "children"):
        bounded[key] = [_text(name) for name in info.get(key, [])[:MAX_NAMES]]
    if info.get("error") is not None:
        bounded["error"] = _text(info["error"], MAX_ERROR_TEXT)
    return bounded


def _objects(objects: list[dict[str, Any]], limit: int, keep_valid: bool) -> list[dict[str, Any]]:
    """At most ``limit`` objects, the invalid ones first in line, in their original order."""
    order = sorted(range(len(objects)), key=lambda i: not _failed(objects[i]))
    kept = sorted(i for i in order[:limit] if keep_valid or _failed(objects[i]))
    return [_bound_object(objects[i]) for i in kept]


def _bound_tree(nodes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            **node,
            **{key: _text(node[key]) for key in _OBJECT_TEXTS if key in node},
            "children": _bound_tree(node.get("children", [])),
        }
        for node in nodes
    ]


def _bound_list(metrics: dict[str, Any] | None, key: str, room: int) -> int:
    """Cut the list ``key`` of ``metrics`` to ``room`` entries, noting its true length in
    ``metrics["truncated"]`` when cut; the room left."""
    if not metrics:
        return room
    owner = metrics
    if key != "holes":
        if not metrics.get("features"):
            return room
        # copied: the final shape and its only solid share their features dict
        owner = metrics["features"] = dict(metrics["features"])
    if key not in owner:
        return room
    entries = owner[key] or []
    kept = entries[: max(room, 0)]
    if len(kept) < len(entries):
        truncated = dict(metrics.get("truncated") or {})
        truncated[key] = max(len(entries), truncated.get(key, 0))
        metrics["truncated"] = truncated
    owner[key] = kept
    return room - len(kept)


def _bound_lists(result: dict[str, Any], notes: list[str]) -> None:
    """Cut each list of the final shape, and of all per_solid together, to its :data:`LIST_CAPS`."""
    final = result.get("final_shape")
    for key, cap in LIST_CAPS.items():
        _bound_list(final, key, cap)
        if final and key in _NOTED and key in (final.get("truncated") or {}):
            notes.append(f"{final['truncated'][key]} {_NOTED[key]}: only {cap} are listed")
        room = cap
        for metrics in result["per_solid"]:
            room = _bound_list(metrics, key, cap if key == "flats" else room)


def _size(result: dict[str, Any]) -> int:
    return len(json.dumps(result))


def bound_result(result: dict[str, Any]) -> None:
    """Cut ``result`` (the measure process's result dict) down to its bounds, in place."""
    notes: list[str] = []
    objects = result.get("objects") or []
    if len(objects) > MAX_OBJECTS:
        notes.append(f"{len(objects)} objects: only {MAX_OBJECTS} are listed (all invalid ones among them)")
    result["objects"] = _objects(objects, MAX_OBJECTS, keep_valid=True)
    result["feature_tree"] = _bound_tree(result.get("feature_tree") or [])
    roots = result.get("roots") or []
    result["roots"] = [_text(name) for name in roots[:MAX_NAMES]]
    if len(roots) > MAX_NAMES:
        notes.append(f"{len(roots)} final objects: only the first {MAX_NAMES} are named in roots")
    solids = result.get("per_solid") or []
    if len(solids) > MAX_SOLIDS:
        notes.append(f"{len(solids)} solids: only the first {MAX_SOLIDS} are measured one by one")
    result["per_solid"] = solids[:MAX_SOLIDS]
    _bound_lists(result, notes)
    for key in _EXPENDABLE:
        if _size(result) <= RESULT_BUDGET_BYTES:
            break
        if key == "objects":
            result["objects"] = _objects(objects, MAX_OBJECTS_OVER_BUDGET, keep_valid=False)
            notes.append(
                "the result was too large: only invalid objects are listed "
                f"(at most {MAX_OBJECTS_OVER_BUDGET})"
            )
        else:
            result[key] = []
            notes.append(f"the result was too large: {key} was left out")
    warnings = [_text(w, MAX_ERROR_TEXT) for w in result.get("warnings") or []]
    result["warnings"] = warnings[: MAX_WARNINGS - len(notes)] + notes
