"""Compact builders for TaskGraphs in tests, and one graph that uses every operation."""

from __future__ import annotations

from typing import Any

from ai_designer.schemas.task_graph import TaskGraph


def node(node_id: str, op: str, **fields: Any) -> dict[str, Any]:
    """A node dict: ``node("plate", "box", length=60, width=40, height=8)``; ``label=`` is the node's."""
    label = fields.pop("label", None)
    out: dict[str, Any] = {"id": node_id, "operation": {"op": op, **fields}}
    if label is not None:
        out["label"] = label
    return out


def graph(*nodes: dict[str, Any], title: str = "part") -> TaskGraph:
    """A validated TaskGraph of the given node dicts."""
    return TaskGraph.model_validate({"title": title, "nodes": list(nodes)})


def at(x: float, y: float, z: float) -> dict[str, Any]:
    """A placement moved by (x, y, z)."""
    return {"offset": [x, y, z]}


def everything() -> TaskGraph:
    """One graph using every operation and profile kind, nodes in a scrambled order."""
    grid = {"kind": "grid", "columns": 2, "rows": 2, "pitch_u": 48, "pitch_v": 28}
    arch = [{"x": 0, "y": 0}, {"x": 10, "y": 0}, {"x": 10, "y": 5}, {"x": 0, "y": 5, "bulge": 0.4}]
    ring = [{"x": 3, "y": 0}, {"x": 6, "y": 0}, {"x": 6, "y": 1}, {"x": 3, "y": 1}]
    return graph(
        node("holes", "hole", target="plate", diameter=5, pattern=grid),
        node("plate", "box", length=60, width=40, height=8, label="Base plate"),
        node("cb", "hole", target="holes", diameter=4, face="front", at=[[0, 0]],
             counterbore={"diameter": 7, "depth": 2}),
        node("cs", "hole", target="cb", diameter=3, depth=5, face="left", at=[[0, 0]],
             countersink={"diameter": 6}),
        node("bolts", "hole", target="cs", diameter=2, face="bottom",
             pattern={"kind": "circular", "diameter": 20, "count": 5}),
        node("row", "hole", target="bolts", diameter=2, depth=3,
             pattern={"kind": "linear", "start": [-20, 15], "count": 3, "spacing": 5}),
        node("slot", "pocket", target="row", depth=2, at=[10, 0], rotation=30,
             profile={"shape": "slot", "length": 12, "width": 4}),
        node("boss", "boss", target="slot", height=3, at=[-10, 0],
             profile={"shape": "polygon", "sides": 6, "circumradius": 4}),
        node("round", "fillet", target="boss", radius=1, edges=["vertical"]),
        node("bevel", "chamfer", target="round", size=0.5, edges=["bottom"]),
        node("cup", "box", length=20, width=20, height=10, placement=at(0, 60, 0)),
        node("cup_shell", "shell", target="cup", thickness=1),
        node("m", "cylinder", radius=3, height=10, axis="x",
             placement={"relative_to": "bevel", "relation": "on_top_of"}),
        node("in", "sphere", radius=3, hemisphere=True,
             placement={"relative_to": "m", "relation": "beside_x", "gap": 2}),
        node("doc", "cone", radius_bottom=3, radius_top=1, height=4,
             placement={"offset": [100, 0, 0], "rotation": {"axis": "y", "angle": 30}}),
        node("ring", "torus", major_radius=6, minor_radius=1, placement=at(-100, 0, 0)),
        node("hex", "prism", sides=6, circumradius=4, height=5, placement=at(0, -60, 0)),
        node("spire", "pyramid", base_length=8, base_width=6, height=5,
             placement={"relative_to": "hex", "relation": "on_top_of"}),
        node("tab", "extrude", plane="xz", distance=2, symmetric=True, placement=at(0, -100, 0),
             profile={"shape": "rectangle", "length": 10, "width": 6, "corner_radius": 1}),
        node("disc", "extrude", plane="yz", distance=2, profile={"shape": "circle", "radius": 3},
             placement=at(0, -120, 0)),
        node("arch", "extrude", distance=2, profile={"shape": "polyline", "points": arch},
             placement=at(0, -140, 0)),
        node("washer", "revolve", angle=270, profile={"shape": "polyline", "points": ring},
             placement=at(0, -160, 0)),
        node("gear", "spur_gear", module=1, teeth=12, face_width=3, bore_diameter=3,
             placement=at(50, -60, 0)),
        node("coil", "spring", wire_diameter=1, mean_diameter=8, pitch=2, turns=3, left_handed=True,
             placement=at(80, -60, 0)),
        node("blob", "custom", description="a small cube", code="result = Part.makeBox(2, 2, 2)",
             placement=at(0, 0, 50)),
        node("pin", "cylinder", radius=1, height=3, placement=at(-60, 60, 0)),
        node("stud", "cylinder", radius=3, height=12, placement=at(-60, -60, 0)),
        node("stud_thread", "thread", target="stud", nominal=6, pitch=1, length=8),
        node("pins", "linear_pattern", target="pin", count=3, spacing=4, direction=[1, 1, 0]),
        node("studs", "grid_pattern", target="pins", columns=2, rows=2, spacing_x=20, spacing_y=20),
        node("spoke", "box", length=5, width=1, height=1, placement=at(60, 60, 0)),
        node("wheel", "polar_pattern", target="spoke", count=6, angle=300, center=[60, 60, 0]),
        node("half", "box", length=5, width=5, height=5, placement=at(0, 100, 0)),
        node("whole", "mirror", target="half", plane="xz", point=[0, 100, 0]),
        node("a", "box", length=5, width=5, height=5, placement=at(0, 130, 0)),
        node("b", "sphere", radius=3, placement=at(0, 130, 0)),
        node("c", "cylinder", radius=1, height=9, placement=at(0, 130, -2)),
        node("d", "box", length=5, width=5, height=5, placement=at(1, 131, 0)),
        node("ab", "boolean", operation="union", operands=["a", "b"]),
        node("abc", "boolean", operation="cut", operands=["ab", "c", "d"]),
        node("e", "sphere", radius=4, placement=at(0, 160, 0)),
        node("f", "box", length=5, width=5, height=5, placement=at(0, 160, 0)),
        node("ef", "boolean", operation="intersect", operands=["e", "f"]),
        title="everything",
    )  # fmt: skip
