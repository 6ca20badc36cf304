"""A FreeCAD reference written for language models: what to call, how, and what is not allowed.

Checked against FreeCAD 0.20 and 1.x (the Part API below is the same in both).
The script-policy section is built from the script validator's own whitelist so
the two cannot drift apart.
"""

from __future__ import annotations

from ai_designer.agents.script_validator import ALLOWED_MODULES

CUSTOM_CODE_CONTRACT = """\
What your code must do:
- Build ONE solid as a Part.Shape in memory and assign it to a variable named `result`
  (e.g. `result = body.cut(hole)`). Do not add document objects, do not recompute, do not export.
- Your code runs on its own, before the part's document exists: use no document
  (App.ActiveDocument, getObject, Part.show), no `global`, only names you define or import,
  and change no module (`Part.x = ...`).
- Build it at the origin as the description says; the pipeline applies the node's placement
  and combines it with the rest of the part afterwards.
- Millimetres and degrees. Put every dimension in a named variable at the top
  (`outer_d = 40.0`), so a person can edit it.
- Import what you use at the top: `import FreeCAD as App`, `import Part`, `import math`,
  `from FreeCAD import Vector`.
- `result` must be valid (`result.isValid()`) and hold exactly one solid; keep booleans robust
  by letting operands overlap slightly instead of having faces that only touch.
"""

PART_API = """\
Part workbench API (FreeCAD 0.20 and 1.x). Vector is FreeCAD.Vector; angles in degrees.

Primitives (return Solids):
- Part.makeBox(length, width, height, pnt=Vector(0,0,0), dir=Vector(0,0,1))  # min corner at pnt
- Part.makeCylinder(radius, height, pnt=base_centre, dir=axis, angle=360)
- Part.makeCone(radius1, radius2, height, pnt=base_centre, dir=axis)         # radius2 may be 0
- Part.makeSphere(radius, pnt=centre)
- Part.makeTorus(major_radius, minor_radius, pnt=centre, dir=axis)
- Part.makeWedge(xmin, ymin, zmin, z2min, x2min, xmax, ymax, zmax, z2max, x2max)

Curves, wires, faces:
- Part.LineSegment(p1, p2).toShape() -> Edge;  Part.Arc(p1, p_mid, p2).toShape() -> Edge
- Part.makeCircle(radius, centre=Vector(0,0,0), normal=Vector(0,0,1)) -> Edge
- Part.makePolygon([p1, p2, ..., p1]) -> closed Wire (repeat the first point to close it)
- Part.Wire([edge1, edge2, ...])  # edges must join end to end, in order
- Part.Face(closed_planar_wire) -> Face
- a face with holes: Part.Face([outer_wire, inner_wire], "Part::FaceMakerBullseye")
  (plain Part.Face([outer, inner]) does NOT cut the hole; extruding outer_face.cut(inner_face)
  gives a CompSolid, not a Solid)

Solids from profiles:
- face.extrude(Vector(0, 0, height)) -> Solid (prism along the vector)
- face.revolve(Vector(0,0,0), Vector(0,0,1), 360) -> Solid; the profile must touch, never cross, the axis
- Part.makeLoft([wire_bottom, wire_top, ...], True) -> Solid through closed wires at different heights
  (wires with the same number of edges loft most cleanly)
- Helix and sweep (springs, threads, coils):
    helix = Part.makeHelix(pitch, height, radius, 0, left_handed)   # along +Z, starts at (radius, 0, 0)
    edge = helix.Edges[0]
    start, tangent = edge.valueAt(edge.FirstParameter), edge.tangentAt(edge.FirstParameter)
    profile = Part.Wire(Part.makeCircle(wire_radius, start, tangent))  # normal to the path at its start
    coil = Part.Wire(helix.Edges).makePipeShell([profile], True, True)  # (profiles, solid, frenet)
- shape.makeThickness([faces_to_remove], -wall, 1e-3) -> hollow Solid (negative = walls grow inwards)

Booleans (return new shapes; operands are unchanged):
- a.fuse(b) or a.fuse([b, c]);  a.cut(b) or a.cut([b, c]);  a.common(b)
- .removeSplitter() after a fuse merges coplanar faces
- a boolean or a fillet may return a Compound holding one Solid: use `shape.Solids[0]` when
  exactly one solid is expected (check `len(shape.Solids) == 1`)
- faces that only touch make booleans fail or leave slivers: let operands overlap by 0.01 mm,
  or make cutting tools 0.02 mm longer than the material on both sides

Placement and copies:
- shape.copy() before changing a shape you still need
- s.translate(Vector(dx, dy, dz)) and s.rotate(Vector(cx, cy, cz), Vector(ax, ay, az), degrees) modify s
  in place; s.mirror(Vector(point), Vector(normal)) returns a new shape
- polar copies: for i in range(n): c = tooth.copy(); c.rotate(Vector(0,0,0), Vector(0,0,1), i * 360.0 / n)

Picking edges and faces (never by index such as Edge3: indices change when the model changes):
- by bounding box: vertical edges have e.BoundBox.XLength < 1e-6 and e.BoundBox.YLength < 1e-6;
  top edges have abs(e.BoundBox.ZMin - s.BoundBox.ZMax) < 1e-6 (and so ZMax too)
- by curve type: isinstance(e.Curve, Part.Circle), isinstance(e.Curve, Part.Line)
- a cylinder's seam is a vertical Line edge too: pick vertical edges by position as well
  (e.g. at the outer corners of a box) when the shape has round faces
- faces by normal: f.normalAt(0, 0) (e.g. == Vector(0, 0, 1) for an upward face), f.CenterOfMass
- s.makeFillet(radius, edges) and s.makeChamfer(size, edges): the radius must be smaller than half
  the shortest adjacent face; fillet outer edges before cutting holes through them

Checks: s.isValid(), s.ShapeType ('Solid', 'Compound'...), len(s.Solids), s.Volume (> 0),
s.BoundBox (can be loose on curved faces; s.optimalBoundingBox() is tight).
"""

PARTDESIGN_RULES = """\
How a good parametric model is organised:
- Base solid first (the biggest, simplest body), then added material (bosses, ribs, unions), then
  rounded or chamfered outer edges, then holes, pockets and cuts (so edge selectors never catch hole
  edges), then copies (patterns, mirror). Never fillet with a radius >= half a wall thickness.
- One part is one connected solid: every added piece overlaps or touches the body it joins.
- Each hole, pocket and boss sits fully inside its face with material around it (a 5 mm hole 6 mm
  from an edge leaves 3.5 mm).
- Thin walls below 1 mm, fillets bigger than the faces they round and coplanar booleans make
  recomputes fail.
- Standard sizes: clearance holes M3 3.4, M4 4.5, M5 5.5, M6 6.6, M8 9 mm; socket-head counterbores
  M3 6.5 x 3.3, M4 8 x 4.4, M5 10 x 5.4, M6 11 x 6.4, M8 15 x 8.6.
"""

_ALLOWED = ", ".join(sorted(ALLOWED_MODULES))

SCRIPT_POLICY = f"""\
The script policy (checked before anything runs; a violation rejects the whole script):
- Imports: only {_ALLOWED} (`import FreeCAD as App` and `from FreeCAD import Vector` are fine).
  No os, sys, subprocess, numpy, Draft, FreeCADGui, Import, Spreadsheet imports.
- No names or attributes with double underscores (__class__, __import__, __dict__, ...).
- Only the FreeCAD modelling API's attributes; no `match` class patterns, metaclasses, class bases
  other than plain class names, or type() with more than one argument.
- No exec, eval, compile, open, globals, locals, vars, input, breakpoint, exit, delattr, memoryview;
  getattr/setattr only with a literal attribute name.
- No file or GUI APIs: no save/saveAs/export/import/read/write/open/load/insert calls on anything,
  no FreeCAD.Console (use print), no Gui/ActiveView, no ParamGet. The engine exports files itself.
- No document objects whose type mentions File, Link, Python, Import or Export.
- No `while True:` without a break, no astronomically large numbers or sequences.
Plain Python is fine: functions, loops, comprehensions, f-strings, math.
"""
