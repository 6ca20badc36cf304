"""Curated request -> TaskGraph pairs: 10 simple, 14 intermediate, 5 complex.

Every graph is a validated :class:`TaskGraph` with the measurements the result
must have in ``expected``; a test compiles each one and runs it in FreeCAD, so
no example teaches a broken pattern. ``reasoning`` is the short working the
planner is shown (and asked to keep out of the graph). ``custom_code`` holds a
reference implementation for ``custom`` nodes: it shows the code writer what a
good answer looks like and lets the test run the example.
"""

from __future__ import annotations

import math
import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ai_designer.schemas.task_graph import (
    ArcPath,
    BooleanOp,
    BossOp,
    BoxOp,
    ChamferOp,
    CircleProfile,
    CircularPattern,
    ConeOp,
    Counterbore,
    CustomOp,
    CylinderOp,
    Expectations,
    FilletOp,
    GridPattern,
    HoleOp,
    LinePath,
    LoftOp,
    LoftSection,
    OffsetBossOp,
    OffsetPocketOp,
    Operation,
    PipeOp,
    Placement,
    PocketOp,
    PolylineProfile,
    PolylineSegment,
    PrismOp,
    PyramidOp,
    RectangleProfile,
    RevolveOp,
    ShellOp,
    SlotProfile,
    SphereOp,
    SpringOp,
    SpurGearOp,
    SweepOp,
    TaskGraph,
    TaskNode,
    ThreadOp,
    TorusOp,
)

Level = Literal["simple", "intermediate", "complex"]


class FewShotExample(BaseModel):
    """One request and the plan it should produce."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    level: Level
    prompt: str
    reasoning: str
    graph: TaskGraph
    custom_code: dict[str, str] = Field(default_factory=dict)


def _node(node_id: str, operation: Operation, label: str = "") -> TaskNode:
    return TaskNode(id=node_id, operation=operation, label=label)


def _graph(
    title: str,
    nodes: list[TaskNode],
    bbox: tuple[float, float, float],
    holes: int | None = 0,
    bbox_tolerance: float = 0.1,
) -> TaskGraph:
    expected = Expectations(bbox=bbox, bbox_tolerance=bbox_tolerance, holes=holes)
    return TaskGraph(title=title, nodes=nodes, expected=expected)


def _points(*xy: tuple[float, float]) -> PolylineProfile:
    return PolylineProfile(points=[PolylineSegment(x=x, y=y) for x, y in xy])


_HEX_17_AF = 17.0 / (2 * math.cos(math.radians(30)))  # circumradius of a 17 mm across-flats hexagon
_HEX_20_AF = 20.0 / (2 * math.cos(math.radians(30)))

_TWIST_CODE = """\
import math

import FreeCAD as App
import Part
from FreeCAD import Vector

side = 20.0        # square bar, mm
length = 60.0      # mm, along Z
twist = 90.0       # degrees over the length
steps = 6

h = side / 2.0
wires = []
for k in range(steps + 1):
    turn = math.radians(twist * k / steps)
    z = length * k / steps
    corners = [
        Vector(x * math.cos(turn) - y * math.sin(turn), x * math.sin(turn) + y * math.cos(turn), z)
        for x, y in ((-h, -h), (h, -h), (h, h), (-h, h))
    ]
    wires.append(Part.makePolygon(corners + [corners[0]]))
result = Part.makeLoft(wires, True)
"""

SIMPLE: tuple[FewShotExample, ...] = (
    FewShotExample(
        name="block",
        level="simple",
        prompt="A 60 x 40 x 8 mm block",
        reasoning="One box; length along X, width along Y, height along Z.",
        graph=_graph("block", [_node("block", BoxOp(length=60, width=40, height=8), "Block")], (60, 40, 8)),
    ),
    FewShotExample(
        name="cylinder",
        level="simple",
        prompt="A solid cylinder 20 mm in diameter and 30 mm tall",
        reasoning="Diameter 20 means radius 10; the axis is vertical.",
        graph=_graph("cylinder", [_node("rod", CylinderOp(radius=10, height=30), "Cylinder")], (20, 20, 30)),
    ),
    FewShotExample(
        name="ball",
        level="simple",
        prompt="A ball of 30 mm diameter",
        reasoning="A sphere of radius 15.",
        graph=_graph("ball", [_node("ball", SphereOp(radius=15), "Ball")], (30, 30, 30)),
    ),
    FewShotExample(
        name="cone",
        level="simple",
        prompt="A pointed cone with a 40 mm base diameter, 40 mm tall",
        reasoning="Cone with base radius 20 and top radius 0.",
        graph=_graph(
            "cone", [_node("cone", ConeOp(radius_bottom=20, radius_top=0, height=40), "Cone")], (40, 40, 40)
        ),
    ),
    FewShotExample(
        name="ring",
        level="simple",
        prompt="A ring with a 60 mm centre-line diameter made of 10 mm round stock",
        reasoning="A torus: major radius 30 (centre line), minor radius 5 (stock); outer size 60 + 10.",
        graph=_graph("ring", [_node("ring", TorusOp(major_radius=30, minor_radius=5), "Ring")], (70, 70, 10)),
    ),
    FewShotExample(
        name="hex_bar",
        level="simple",
        prompt="A hexagonal bar 20 mm across flats and 25 mm long, standing upright",
        reasoning="Hexagonal prism; circumradius = 20 / (2 cos 30°) = 11.547, so 23.094 across corners "
        "along X and 20 across flats along Y.",
        graph=_graph(
            "hex bar",
            [_node("bar", PrismOp(sides=6, circumradius=round(_HEX_20_AF, 4), height=25), "Hex bar")],
            (round(2 * _HEX_20_AF, 3), 20, 25),
        ),
    ),
    FewShotExample(
        name="pyramid",
        level="simple",
        prompt="A square pyramid with a 40 mm base, 30 mm tall",
        reasoning="Pointed pyramid: top size 0.",
        graph=_graph(
            "pyramid",
            [_node("pyramid", PyramidOp(base_length=40, base_width=40, height=30), "Pyramid")],
            (40, 40, 30),
        ),
    ),
    FewShotExample(
        name="tube",
        level="simple",
        prompt="A tube 24 mm outside diameter, 16 mm inside, 50 mm long",
        reasoning="Cylinder of radius 12, then a 16 mm hole through its full length from the top centre.",
        graph=_graph(
            "tube",
            [
                _node("tube", CylinderOp(radius=12, height=50), "Tube"),
                _node("bore", HoleOp(target="tube", diameter=16, at=[(0, 0)]), "Bore"),
            ],
            (24, 24, 50),
            holes=1,
        ),
    ),
    FewShotExample(
        name="washer",
        level="simple",
        prompt="An M8 washer: 17 mm outside diameter, 8.4 mm hole, 1.6 mm thick",
        reasoning="Thin cylinder of radius 8.5 with a centred through hole.",
        graph=_graph(
            "M8 washer",
            [
                _node("washer", CylinderOp(radius=8.5, height=1.6), "Washer"),
                _node("hole", HoleOp(target="washer", diameter=8.4, at=[(0, 0)]), "Hole"),
            ],
            (17, 17, 1.6),
            holes=1,
        ),
    ),
    FewShotExample(
        name="rounded_block",
        level="simple",
        prompt="A 50 x 30 x 20 mm block with every edge rounded to 3 mm",
        reasoning="Box, then a 3 mm fillet on all edges (3 < half of the smallest side).",
        graph=_graph(
            "rounded block",
            [
                _node("block", BoxOp(length=50, width=30, height=20), "Block"),
                _node("round", FilletOp(target="block", radius=3, edges=["all"]), "Rounded edges"),
            ],
            (50, 30, 20),
        ),
    ),
)

INTERMEDIATE: tuple[FewShotExample, ...] = (
    FewShotExample(
        name="corner_hole_plate",
        level="intermediate",
        prompt="A 60 x 40 x 8 mm plate with four 5 mm holes 6 mm from the corners",
        reasoning="Plate first. Hole centres 6 mm in from each edge form a 2 x 2 grid centred on the "
        "top face with pitch 60 - 2*6 = 48 along X and 40 - 2*6 = 28 along Y.",
        graph=_graph(
            "mounting plate",
            [
                _node("plate", BoxOp(length=60, width=40, height=8), "Plate"),
                _node(
                    "holes",
                    HoleOp(
                        target="plate",
                        diameter=5,
                        pattern=GridPattern(columns=2, rows=2, pitch_u=48, pitch_v=28),
                    ),
                    "Corner holes",
                ),
            ],
            (60, 40, 8),
            holes=4,
        ),
    ),
    FewShotExample(
        name="flange",
        level="intermediate",
        prompt="A round flange 80 mm in diameter and 10 mm thick with a 30 mm centre bore "
        "and six 8 mm bolt holes on a 60 mm bolt circle",
        reasoning="Disc of radius 40; the centre bore; then six holes on a circular pattern of diameter 60. "
        "The bolt holes target the bored disc so both cuts stay in the part.",
        graph=_graph(
            "flange",
            [
                _node("disc", CylinderOp(radius=40, height=10), "Flange disc"),
                _node("bore", HoleOp(target="disc", diameter=30, at=[(0, 0)]), "Centre bore"),
                _node(
                    "bolt_holes",
                    HoleOp(target="bore", diameter=8, pattern=CircularPattern(diameter=60, count=6)),
                    "Bolt holes",
                ),
            ],
            (80, 80, 10),
            holes=7,
        ),
    ),
    FewShotExample(
        name="l_bracket",
        level="intermediate",
        prompt="An L bracket: a 60 x 30 x 5 mm base with a 5 mm thick upright 40 mm tall at one end, "
        "and two 5.5 mm holes in the base",
        reasoning="Base box from the origin; holes drilled in the base first, away from the upright "
        "(offsets +5 and +20 mm along X from the base's top centre, i.e. x = 35 and 50). The upright is a "
        "5 x 30 x 40 box at the origin, overlapping the base's end; the union is one solid.",
        graph=_graph(
            "L bracket",
            [
                _node("base", BoxOp(length=60, width=30, height=5), "Base"),
                _node("base_holes", HoleOp(target="base", diameter=5.5, at=[(5, 0), (20, 0)]), "Base holes"),
                _node("upright", BoxOp(length=5, width=30, height=40), "Upright"),
                _node("bracket", BooleanOp(operation="union", operands=["base_holes", "upright"]), "Bracket"),
            ],
            (60, 30, 40),
            holes=2,
        ),
    ),
    FewShotExample(
        name="open_box",
        level="intermediate",
        prompt="An open-top box 80 x 50 x 30 mm with 2 mm walls",
        reasoning="Solid box, then a 2 mm shell removing the top face.",
        graph=_graph(
            "open box",
            [
                _node("box", BoxOp(length=80, width=50, height=30), "Box"),
                _node("hollow", ShellOp(target="box", thickness=2, open_faces=["top"]), "Shell"),
            ],
            (80, 50, 30),
        ),
    ),
    FewShotExample(
        name="counterbored_spacer",
        level="intermediate",
        prompt="A 20 mm round spacer, 12 mm tall, with a counterbored hole for an M6 socket head screw",
        reasoning="M6 clearance is 6.6 mm with an 11 mm x 6.4 mm counterbore at the top.",
        graph=_graph(
            "M6 spacer",
            [
                _node("spacer", CylinderOp(radius=10, height=12), "Spacer"),
                _node(
                    "screw_hole",
                    HoleOp(
                        target="spacer",
                        diameter=6.6,
                        at=[(0, 0)],
                        counterbore=Counterbore(diameter=11, depth=6.4),
                    ),
                    "Counterbored hole",
                ),
            ],
            (20, 20, 12),
            holes=1,
        ),
    ),
    FewShotExample(
        name="slotted_plate",
        level="intermediate",
        prompt="A 100 x 50 x 6 mm plate with a 30 mm long, 8 mm wide slot through the middle",
        reasoning="Plate, then a slot-shaped pocket through all at the centre of the top face.",
        graph=_graph(
            "slotted plate",
            [
                _node("plate", BoxOp(length=100, width=50, height=6), "Plate"),
                _node("slot", PocketOp(target="plate", profile=SlotProfile(length=30, width=8)), "Slot"),
            ],
            (100, 50, 6),
            holes=None,  # a slot is not a round hole; leave the count open
        ),
    ),
    FewShotExample(
        name="stepped_shaft",
        level="intermediate",
        prompt="A stepped shaft: 20 mm diameter for the first 20 mm, then 12 mm diameter for 30 mm",
        reasoning="Turned part: revolve a half cross-section (x = radius, y = height) about Z.",
        graph=_graph(
            "stepped shaft",
            [
                _node(
                    "shaft",
                    RevolveOp(profile=_points((0, 0), (10, 0), (10, 20), (6, 20), (6, 50), (0, 50))),
                    "Shaft",
                )
            ],
            (20, 20, 50),
        ),
    ),
    FewShotExample(
        name="tee",
        level="intermediate",
        prompt="A solid tee: a 20 mm round bar 60 mm long along X with a 20 mm round branch "
        "rising 30 mm from its middle",
        reasoning="Bar along X from the origin (its axis at y = z = 0); the branch starts on that axis at "
        "x = 30 and rises along Z, so it overlaps the bar. Size: 60 x 20 x (10 below + 30 above).",
        graph=_graph(
            "tee",
            [
                _node("bar", CylinderOp(radius=10, height=60, axis="x"), "Bar"),
                _node(
                    "branch",
                    CylinderOp(radius=10, height=30, placement=Placement(offset=(30, 0, 0))),
                    "Branch",
                ),
                _node("tee", BooleanOp(operation="union", operands=["bar", "branch"]), "Tee"),
            ],
            (60, 20, 40),
        ),
    ),
    FewShotExample(
        name="chamfered_block_with_boss",
        level="intermediate",
        prompt="A 40 x 40 x 20 mm block with 2 mm chamfers on its top edges and a 16 mm round boss "
        "10 mm tall in the middle of the top",
        reasoning="Chamfer the block's top edges first, then add the boss (so the chamfer does not catch "
        "the boss edges).",
        graph=_graph(
            "block with boss",
            [
                _node("block", BoxOp(length=40, width=40, height=20), "Block"),
                _node("bevel", ChamferOp(target="block", size=2, edges=["top"]), "Top chamfer"),
                _node("boss", BossOp(target="bevel", profile=CircleProfile(radius=8), height=10), "Boss"),
            ],
            (40, 40, 30),
        ),
    ),
    FewShotExample(
        name="hex_bolt_blank",
        level="intermediate",
        prompt="An M10 hex bolt blank: 17 mm across flats, 6.4 mm head, 10 mm shank 40 mm long "
        "with a 1 mm chamfer at its end",
        reasoning="Shank cylinder from z = 0 to 40, its bottom edge chamfered; the hex head "
        "(circumradius 17 / (2 cos 30°) = 9.815) rests on top of it. 19.63 across corners along X.",
        graph=_graph(
            "M10 bolt blank",
            [
                _node("shank", CylinderOp(radius=5, height=40), "Shank"),
                _node("tip", ChamferOp(target="shank", size=1, edges=["bottom"]), "End chamfer"),
                _node(
                    "head",
                    PrismOp(
                        sides=6,
                        circumradius=round(_HEX_17_AF, 4),
                        height=6.4,
                        placement=Placement(relative_to="tip", relation="on_top_of"),
                    ),
                    "Head",
                ),
                _node("bolt", BooleanOp(operation="union", operands=["tip", "head"]), "Bolt"),
            ],
            (round(2 * _HEX_17_AF, 3), 17, 46.4),
        ),
    ),
    FewShotExample(
        name="square_to_round",
        level="intermediate",
        prompt="A solid square-to-round transition: 40 mm square at the bottom blending into a 20 mm "
        "round top, 30 mm tall",
        reasoning="A loft: a 40 x 40 rectangle section at z = 0 and a radius-10 circle section at z = 30, "
        "ruled (straight sides). Sections are centred on the Z axis, so the box is 40 x 40 x 30.",
        graph=_graph(
            "square to round transition",
            [
                _node(
                    "transition",
                    LoftOp(
                        sections=[
                            LoftSection(profile=RectangleProfile(length=40, width=40), z=0),
                            LoftSection(profile=CircleProfile(radius=10), z=30),
                        ],
                        ruled=True,
                    ),
                    "Transition",
                )
            ],
            (40, 40, 30),
            holes=None,
        ),
    ),
    FewShotExample(
        name="bent_rod",
        level="intermediate",
        prompt="A 10 mm round rod, 40 mm straight then bent through 90 degrees on a 30 mm bend radius",
        reasoning="Two sweeps of a radius-5 circle: a 40 mm line path (along +Z from the origin), and an "
        "arc path of radius 30 through 90 degrees placed at the line's end (z = 40), which bends towards "
        "+X and ends heading +X at (30, 0, 70). Union them. Box: x from -5 to 30, y -5..5, z 0..75.",
        graph=_graph(
            "bent rod",
            [
                _node(
                    "straight",
                    SweepOp(profile=CircleProfile(radius=5), path=LinePath(length=40)),
                    "Straight",
                ),
                _node(
                    "bend",
                    SweepOp(
                        profile=CircleProfile(radius=5),
                        path=ArcPath(radius=30, angle=90),
                        placement=Placement(offset=(0, 0, 40)),
                    ),
                    "Bend",
                ),
                _node("rod", BooleanOp(operation="union", operands=["straight", "bend"]), "Rod"),
            ],
            (35, 10, 75),
            holes=None,
        ),
    ),
    FewShotExample(
        name="bent_tube",
        level="intermediate",
        prompt="A 12 mm tube with 1.5 mm walls bent through 180 degrees on a 40 mm radius (a U bend)",
        reasoning="A pipe of outer diameter 12 and inner 12 - 2 * 1.5 = 9 along an arc path of radius 40 "
        "through 180 degrees: it starts at the origin heading +Z and ends at (80, 0, 0) heading -Z. "
        "Box: x from -6 to 86, y -6..6, z 0..46.",
        graph=_graph(
            "U bend tube",
            [
                _node(
                    "tube",
                    PipeOp(outer_diameter=12, inner_diameter=9, path=ArcPath(radius=40, angle=180)),
                    "U bend",
                )
            ],
            (92, 12, 46),
            holes=None,
        ),
    ),
    FewShotExample(
        name="lid_with_groove_and_rim",
        level="intermediate",
        prompt="A 80 x 50 x 8 mm lid with a 2 mm wide, 1.5 mm deep seal groove 4 mm in from the edge of "
        "the top, and a 1.5 mm rim 3 mm high around the edge of the bottom",
        reasoning="The groove follows the top face's outline: an offset pocket with inset 4, width 2, depth "
        "1.5. The rim follows the bottom face's outline right at its edge: an offset boss with inset 0, "
        "width 1.5, height 3 on the bottom face. Box: 80 x 50 x 8 + 3 = 11.",
        graph=_graph(
            "lid",
            [
                _node("lid", BoxOp(length=80, width=50, height=8), "Lid"),
                _node(
                    "groove",
                    OffsetPocketOp(target="lid", face="top", inset=4, width=2, depth=1.5),
                    "Seal groove",
                ),
                _node(
                    "rim",
                    OffsetBossOp(target="groove", face="bottom", inset=0, width=1.5, height=3),
                    "Rim",
                ),
            ],
            (80, 50, 11),
        ),
    ),
    FewShotExample(
        name="threaded_stud",
        level="intermediate",
        prompt="A 10 mm rod 40 mm long with a modelled M10 thread 20 mm long at the top",
        reasoning="A modelled (helical) external thread is a thread node on a cylinder whose diameter is the "
        "nominal size: M10 coarse has a 1.5 mm pitch (ISO 261). The thread runs 20 mm down from the top "
        "end; the box stays 10 x 10 x 40 (the crests are at the nominal diameter).",
        graph=_graph(
            "threaded stud",
            [
                _node("rod", CylinderOp(radius=5, height=40), "Rod"),
                _node(
                    "thread",
                    ThreadOp(target="rod", nominal=10, pitch=1.5, length=20, end="top"),
                    "M10 thread",
                ),
            ],
            (10, 10, 40),
        ),
    ),
)

COMPLEX: tuple[FewShotExample, ...] = (
    FewShotExample(
        name="spur_gear_with_hub",
        level="complex",
        prompt="A spur gear, module 2, 20 teeth, 10 mm wide, with a 20 mm hub standing 8 mm proud "
        "on one side and an 8 mm bore through both",
        reasoning="Gear: pitch diameter 2 * 20 = 40, tip diameter 2 * 22 = 44. The hub is a boss on the top "
        "face; the bore is drilled last so it goes through hub and gear.",
        graph=_graph(
            "spur gear",
            [
                _node("gear", SpurGearOp(module=2, teeth=20, face_width=10), "Gear"),
                _node("hub", BossOp(target="gear", profile=CircleProfile(radius=10), height=8), "Hub"),
                _node("bore", HoleOp(target="hub", diameter=8, at=[(0, 0)]), "Bore"),
            ],
            (44, 44, 18),
            bbox_tolerance=0.6,
            holes=1,
        ),
    ),
    FewShotExample(
        name="compression_spring",
        level="complex",
        prompt="A compression spring of 2 mm wire, 20 mm mean diameter, 6 mm pitch, 5 turns",
        reasoning="Spring operation; outer diameter 20 + 2 = 22, height about 5 * 6 + 2 = 32.",
        graph=_graph(
            "spring",
            [
                _node(
                    "spring",
                    SpringOp(wire_diameter=2, mean_diameter=20, pitch=6, turns=5),
                    "Spring",
                )
            ],
            (22, 22, 32),
            bbox_tolerance=0.3,
        ),
    ),
    FewShotExample(
        name="pillow_block",
        level="complex",
        prompt="A pillow block: an 80 x 30 x 10 mm base, a 30 mm wide pedestal up to a 30 mm round housing "
        "whose axis runs front to back 25 mm above the bottom, a 20 mm bore through the housing and two "
        "9 mm mounting holes 10 mm from the ends of the base",
        reasoning="Base box at the origin; a 30 x 30 x 15 pedestal from x = 25, z = 10; the housing is a "
        "cylinder along Y whose base centre is at (40, 0, 25). Union them. The bore goes in from the front "
        "face: its centre is 5 mm above that face's centre (z 25 vs 20). The mounting holes go down from "
        "the top face at x offsets of +-30 from the centre (x = 10 and 70), clear of the pedestal.",
        graph=_graph(
            "pillow block",
            [
                _node("base", BoxOp(length=80, width=30, height=10), "Base"),
                _node(
                    "pedestal",
                    BoxOp(length=30, width=30, height=15, placement=Placement(offset=(25, 0, 10))),
                    "Pedestal",
                ),
                _node(
                    "housing",
                    CylinderOp(radius=15, height=30, axis="y", placement=Placement(offset=(40, 0, 25))),
                    "Housing",
                ),
                _node("body", BooleanOp(operation="union", operands=["base", "pedestal", "housing"]), "Body"),
                _node("bore", HoleOp(target="body", diameter=20, face="front", at=[(0, 5)]), "Bore"),
                _node(
                    "mounting_holes",
                    HoleOp(target="bore", diameter=9, face="top", at=[(-30, 0), (30, 0)]),
                    "Mounting holes",
                ),
            ],
            (80, 30, 40),
            holes=3,
        ),
    ),
    FewShotExample(
        name="enclosure",
        level="complex",
        prompt="An electronics enclosure 100 x 60 x 40 mm with 2.5 mm walls, open top, 5 mm rounded "
        "vertical corners and four 3.4 mm holes in the floor 10 mm from the corners",
        reasoning="Round the vertical edges of the solid box first, then shell it (the walls follow the "
        "rounding), then drill the floor from the bottom face: a 2 x 2 grid with pitch 100 - 20 = 80 "
        "by 60 - 20 = 40.",
        graph=_graph(
            "enclosure",
            [
                _node("box", BoxOp(length=100, width=60, height=40), "Box"),
                _node("corners", FilletOp(target="box", radius=5, edges=["vertical"]), "Rounded corners"),
                _node("shell", ShellOp(target="corners", thickness=2.5, open_faces=["top"]), "Shell"),
                _node(
                    "floor_holes",
                    HoleOp(
                        target="shell",
                        diameter=3.4,
                        face="bottom",
                        pattern=GridPattern(columns=2, rows=2, pitch_u=80, pitch_v=40),
                    ),
                    "Floor holes",
                ),
            ],
            (100, 60, 40),
            holes=4,
        ),
    ),
    FewShotExample(
        name="twisted_bar",
        level="complex",
        prompt="A 20 mm square bar 60 mm long, twisted a quarter turn from one end to the other",
        reasoning="No operation twists a section along its length (loft sections are not turned), so this "
        "is a custom node, described with every dimension; half way up the square is turned 45 "
        "degrees and its corners reach 20 * sqrt(2) / 2 = 14.142 mm from the axis: the box is 28.284 square.",
        graph=_graph(
            "twisted bar",
            [
                _node(
                    "bar",
                    CustomOp(
                        description="A 20 x 20 mm square bar along Z from z = 0 to z = 60, centred on the "
                        "Z axis, its section turned steadily by 90 degrees about Z from bottom to top "
                        "(a ruled loft through squares turned 15 degrees every 10 mm)."
                    ),
                    "Twisted bar",
                )
            ],
            (28.284, 28.284, 60),
            bbox_tolerance=0.1,
        ),
        custom_code={"bar": _TWIST_CODE},
    ),
)

EXAMPLES: tuple[FewShotExample, ...] = SIMPLE + INTERMEDIATE + COMPLEX

_WORD = re.compile(r"[a-z]+")
_STOP = frozenset({"a", "an", "the", "and", "with", "of", "on", "in", "mm", "to", "at", "from", "its", "for"})


def _words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if w not in _STOP}


def select_examples(prompt: str, count: int = 4) -> list[FewShotExample]:
    """The ``count`` examples sharing the most words with ``prompt``, always including one complex one
    (ties keep the library order)."""
    wanted = _words(prompt)

    def overlap(example: FewShotExample) -> int:
        return len(wanted & _words(f"{example.name.replace('_', ' ')} {example.prompt}"))

    ranked = sorted(EXAMPLES, key=lambda e: -overlap(e))
    chosen = ranked[:count]
    if chosen and not any(e.level == "complex" for e in chosen):
        chosen[-1] = next(e for e in ranked if e.level == "complex")
    return chosen
