"""Measured checks of an execution result against what the TaskGraph expects (no LLM)."""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel

from ai_designer.agents.feature_checks import Expected, check_features
from ai_designer.schemas.execution import ExecutionResult
from ai_designer.schemas.task_graph import Expectations
from ai_designer.schemas.validation import GeometryCheck, ValidationIssue

_VOLUME_SLACK = 0.005
#: The best score a result with a failed check can get: in the refine band, never a pass.
FAILED_CHECK_CAP = 0.75  # relative, on top of the expected bounds (tessellation-free B-rep volumes)


class GeometryReport(BaseModel):
    """The outcome of the geometric checks."""

    checks: list[GeometryCheck]
    issues: list[ValidationIssue]

    @property
    def accuracy(self) -> float:
        """Fraction of checks passed, kept below the pass mark when any check failed.

        Every check is a hard fact about the part (size, volume, solids, holes), so
        one failure is enough to stop a "pass", however many others held.
        """
        if not self.checks:
            return 0.0
        fraction = sum(c.passed for c in self.checks) / len(self.checks)
        return fraction if fraction == 1.0 else min(fraction, FAILED_CHECK_CAP)


def _fmt(v: tuple[float, ...] | list[float]) -> str:
    return " x ".join(f"{x:.2f}" for x in v)


def _bbox_matches(
    actual: tuple[float, ...], expected: tuple[float, ...], tol: float, any_order: bool
) -> bool:
    if any_order:
        return all(abs(a - e) <= tol for a, e in zip(sorted(actual), sorted(expected), strict=True))
    return all(abs(a - e) <= tol for a, e in zip(actual, expected, strict=True))


def check_geometry(
    execution: ExecutionResult | None,
    expected: Expectations,
    features: Sequence[Expected] = (),
    *,
    cavities: int | None = None,
) -> GeometryReport:
    """Compare what FreeCAD measured with what the plan said the part should be: size, volume,
    solids, holes, sealed voids (``cavities``; None: not checked), and each of ``features``
    (position and size)."""
    checks: list[GeometryCheck] = []
    issues: list[ValidationIssue] = []

    def add(name: str, passed: bool, exp: str, act: str, issue: str, suggestion: str = "") -> None:
        checks.append(GeometryCheck(name=name, passed=passed, expected=exp, actual=act))
        if not passed:
            issues.append(ValidationIssue(category="geometry", message=issue, suggestion=suggestion))

    if execution is None or not execution.ok or execution.final_shape is None:
        why = "no execution" if execution is None else (execution.error or "the script made no solid")
        kind = "" if execution is None else f" ({execution.error_kind})"
        checks.append(GeometryCheck(name="executed", passed=False, expected="a solid", actual=why))
        issues.append(
            ValidationIssue(
                category="execution",
                message=f"FreeCAD run failed{kind}: {why}",
                suggestion="Fix the failing feature; the error names the line or object.",
            )
        )
        return GeometryReport(checks=checks, issues=issues)

    shape = execution.final_shape
    failed_objects = [o for o in execution.objects if not o.valid or o.error]
    add(
        "recompute clean",
        not failed_objects,
        "no failed features",
        ", ".join(f"{o.label}: {o.error or 'invalid'}" for o in failed_objects) or "none",
        "Features failed to recompute: " + ", ".join(o.label for o in failed_objects),
    )
    add(
        "valid solid",
        shape.is_valid,
        "valid",
        "valid" if shape.is_valid else "invalid",
        "The solid is invalid.",
    )
    if expected.solids is not None:
        add(
            "solid count",
            shape.solids == expected.solids,
            str(expected.solids),
            str(shape.solids),
            f"Expected {expected.solids} solid(s), got {shape.solids}.",
            "Parts meant to be one piece must touch or overlap.",
        )
    if expected.bbox is not None:
        size = shape.bbox.size
        add(
            "bounding box",
            _bbox_matches(size, expected.bbox, expected.bbox_tolerance, expected.bbox_any_orientation),
            _fmt(expected.bbox),
            _fmt(size),
            f"Overall size is {_fmt(size)} mm, expected {_fmt(expected.bbox)} mm.",
        )
    if expected.volume_min is not None or expected.volume_max is not None:
        lo = (expected.volume_min or 0.0) * (1 - _VOLUME_SLACK)
        hi = expected.volume_max * (1 + _VOLUME_SLACK) if expected.volume_max is not None else float("inf")
        upper = f"{expected.volume_max:.1f}" if expected.volume_max is not None else "inf"
        exp = f"{expected.volume_min or 0:.1f}..{upper}"
        add(
            "volume",
            lo <= shape.volume <= hi,
            exp,
            f"{shape.volume:.1f}",
            f"Volume is {shape.volume:.1f} mm³, expected {exp} mm³.",
        )
    if expected.holes is not None:
        found = shape.total("holes")  # the true count, also when the list of holes was cut short
        add(
            "holes",
            found == expected.holes,
            str(expected.holes),
            str(found),
            f"Expected {expected.holes} hole(s), found {found}.",
        )
    if cavities is not None:
        sealed = shape.shells - shape.solids
        add(
            "sealed cavities",
            sealed == cavities,
            str(cavities),
            str(sealed),
            f"The part has {sealed} sealed void(s) inside it, expected {cavities}: a cut goes into a "
            "face that another shape covers, so it never opens to the outside.",
            "Cut into the outside face of the joined part, or place the shapes so the face is free.",
        )
    feature_checks, feature_issues = check_features(shape, features)
    checks += feature_checks
    issues += feature_issues
    return GeometryReport(checks=checks, issues=issues)
