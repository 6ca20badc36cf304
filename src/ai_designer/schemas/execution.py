"""ExecutionResult: what came out of running a script in the sandboxed FreeCAD engine.

The worker inside ``freecadcmd`` writes these fields as plain JSON (it cannot
import pydantic); the runner validates them into these models and adds what only
it knows (captured output, timings). Lengths are mm, angles degrees, volumes mm³.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

ExportFormat = Literal["fcstd", "step", "stl", "brep", "png", "obj", "3mf", "glb", "dxf"]
EXPORT_FORMATS: tuple[ExportFormat, ...] = ("fcstd", "step", "stl", "brep", "png", "obj", "3mf", "glb", "dxf")
#: What a design writes when no formats are named (the others are written on request or on demand).
DEFAULT_FORMATS: tuple[ExportFormat, ...] = ("fcstd", "step", "stl", "glb", "brep", "png")
PREVIEW_VIEWS: tuple[str, ...] = ("iso", "top", "front", "right", "bottom", "section")

ErrorKind = Literal[
    "rejected",  # the script policy refused the script; nothing ran
    "exception",  # the script raised
    "recompute",  # the script ran but a feature failed to recompute
    "no_shape",  # the script ran but made no solid
    "invalid_shape",  # the script made a solid that is not valid geometry: not measured or exported
    "export",  # the model was fine but writing a requested file failed
    "timeout",  # wall-clock or CPU time limit
    "memory",  # memory limit
    "disk",  # the job's folder exceeded its size or file-count limit
    "crash",  # FreeCAD died (segfault, abort) or exited without a result
    "cancelled",  # cancelled by the caller
    "infrastructure",  # no worker could be started
]

Vec3 = tuple[float, float, float]
#: The lists of a :class:`ShapeMetrics` the engine may cut short (see ``truncated``).
ListName = Literal["holes", "slots", "flats", "rounds", "chamfers"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ObjectPlacement(_Model):
    """Where an object sits: position plus rotation (axis/angle and quaternion)."""

    position: Vec3
    axis: Vec3
    angle_deg: float
    quaternion: tuple[float, float, float, float] = Field(description="x, y, z, w")


class ObjectInfo(_Model):
    """One document object after the recompute."""

    name: str
    label: str
    type_id: str
    document: str
    parents: list[str] = Field(
        default_factory=list, description="Names of the objects using this one (InList)."
    )
    children: list[str] = Field(default_factory=list, description="Names of the objects it uses (OutList).")
    placement: ObjectPlacement | None = None
    visible: bool | None = None
    state: list[str] = Field(default_factory=list, description="FreeCAD state flags, e.g. Invalid, Touched.")
    valid: bool = True
    error: str | None = Field(default=None, description="FreeCAD's error text when the object failed.")
    solids: int | None = Field(default=None, description="Solids in its shape (shape-bearing objects only).")
    volume: float | None = None


class FeatureNode(_Model):
    """A node of the feature tree: an object and the features it consumes."""

    name: str
    label: str
    type_id: str
    document: str
    children: list[FeatureNode] = Field(default_factory=list)


class BoundingBox(_Model):
    """Axis-aligned bounding box (tight where FreeCAD can compute it)."""

    min: Vec3
    max: Vec3
    size: Vec3


class HoleInfo(_Model):
    """A cylindrical hole (coaxial cylindrical faces with material around them)."""

    diameter: float = Field(description="Smallest diameter along the hole (the bore of a counterbore).")
    axis: Vec3 = Field(description="Unit direction of the hole axis.")
    start: Vec3 = Field(description="Point on the axis at one end of the hole.")
    depth: float
    through: bool
    counterbore_diameter: float | None = None
    counterbore_depth: float | None = None
    countersink_diameter: float | None = Field(default=None, description="At the surface.")
    countersink_angle: float | None = Field(default=None, description="Included angle, degrees.")


class SlotInfo(_Model):
    """A stadium slot: two concave half cylinders of one radius on parallel axes."""

    center: Vec3 = Field(description="On the slot's mid-axis, at the bottom end of its walls.")
    axis: Vec3 = Field(description="Unit direction of the walls (the slot's depth).")
    direction: Vec3 = Field(description="Unit direction of its length.")
    width: float
    length: float = Field(description="Overall, round ends included.")
    depth: float


class FlatFace(_Model):
    """A planar face normal to X, Y or Z (a pocket floor, a boss top, a step, an outer side)."""

    normal: Vec3 = Field(description="Outward unit normal, along one axis.")
    level: float = Field(description="Its coordinate along that axis.")
    center: Vec3 = Field(description="Centre of its bounding box.")
    size: Vec3
    area: float


class RoundGroup(_Model):
    """Fillet-like faces of one radius: cylinders going less than all round (not slot ends) and tori."""

    radius: float
    concave: bool = Field(description="True for a fillet in an inside corner, False for a rounded edge.")
    faces: int


class ChamferGroup(_Model):
    """Chamfer-like faces of one width: planar faces along no axis, by their width across their longest
    edge, and convex 45 degree cones, by their slant (d * sqrt(2) for a 45 degree chamfer of d)."""

    width: float
    faces: int


class ShapeFeatures(_Model):
    """Features recognised on the B-rep, besides round holes."""

    slots: list[SlotInfo] = Field(default_factory=list)
    flats: list[FlatFace] = Field(
        default_factory=list, description="The largest first, at most 60 (see ShapeMetrics.truncated)."
    )
    rounds: list[RoundGroup] = Field(default_factory=list)
    chamfers: list[ChamferGroup] = Field(default_factory=list)


class ShapeMetrics(_Model):
    """Measurements of a shape."""

    volume: float
    area: float
    bbox: BoundingBox
    center_of_mass: Vec3 | None = None
    solids: int
    shells: int
    faces: int
    edges: int
    vertices: int
    is_valid: bool
    through_holes: int = 0
    holes: list[HoleInfo] = Field(default_factory=list)
    features: ShapeFeatures = Field(default_factory=ShapeFeatures)
    truncated: dict[ListName, int] = Field(
        default_factory=dict,
        description="The lists cut short to keep the result small (holes, slots, flats, rounds, "
        "chamfers), each with its true length: such a list is not all the part has.",
    )

    def listed_all(self, name: ListName) -> bool:
        """True when the list ``name`` holds everything measured (it was not cut short)."""
        return name not in self.truncated

    def total(self, name: ListName) -> int:
        """How many entries the list ``name`` had before any was cut off."""
        entries = self.holes if name == "holes" else getattr(self.features, name)
        return self.truncated.get(name, len(entries))


class ExecutionResult(_Model):
    """Everything known about one run of a script in the engine.

    ``ok`` is True when the script ran, every feature recomputed, a solid came
    out and every requested file was written. Otherwise ``error_kind`` says
    which stage failed and ``error`` says why (with ``error_line`` in the
    script when known).
    """

    job_id: str
    ok: bool
    error: str | None = None
    error_kind: ErrorKind | None = None
    error_line: int | None = None
    traceback: str | None = Field(default=None, description="Tail of the Python traceback, if any.")
    documents: list[str] = Field(default_factory=list)
    objects: list[ObjectInfo] = Field(default_factory=list)
    feature_tree: list[FeatureNode] = Field(default_factory=list)
    roots: list[str] = Field(default_factory=list, description="Objects whose shapes make the final shape.")
    final_shape: ShapeMetrics | None = None
    per_solid: list[ShapeMetrics] = Field(default_factory=list)
    artifacts: dict[str, str] = Field(
        default_factory=dict,
        description="Written files by kind (fcstd, step, stl, brep, preview_iso, ...) to their path.",
    )
    warnings: list[str] = Field(default_factory=list)
    stdout: str = ""
    stderr: str = ""
    stdout_truncated: bool = False
    stderr_truncated: bool = False
    duration_s: float = Field(default=0.0, description="Wall time of the job, from dispatch to result.")
    script_s: float | None = Field(
        default=None, description="Time spent in the script, the recompute and the measuring."
    )
    worker_startup_s: float | None = Field(default=None, description="How long the worker took to start.")
    cold_start: bool = Field(default=False, description="True when the job waited for a worker to start.")
    freecad_version: str | None = None
    exit_code: int | None = None
