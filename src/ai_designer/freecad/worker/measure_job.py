"""The trusted measure process: load the model's documents, recompute, measure, export.

This process never runs a script. It takes the FCStd files the untrusted model
process left, as untrusted data: each is scanned and rebuilt from what the scan
saw before FreeCAD reads it (``docscan.py``; FreeCAD opens only the rebuilt
archive), loaded and recomputed with an import guard that lets only
the already loaded type modules import, and checked again once loaded (object
types, property types, every expression and spreadsheet cell). Then every
object is recomputed, so that what is measured and exported is what the
document gives, not what the model process claimed, and the same as the
exported FCStd gives when someone recomputes it later.
"""

from __future__ import annotations

import json
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

# Only FreeCAD's own serialisation of the objects it loaded is parsed here.
from xml.etree import ElementTree  # nosec B405

import FreeCAD  # type: ignore[import-not-found]

from . import bounds, docscan, doctypes, documents, failures, guard, metrics, solids

RESULT_NAME = "result.json"
OUT_DIR = "out"
CHECKED_DIR = "checked"  # the archives rebuilt from what the checks saw: the only ones FreeCAD opens


def _live_root(doc: Any) -> ElementTree.Element:
    """A Document.xml-like tree of a loaded document, from each object's own serialisation."""
    root = ElementTree.Element("Document")
    declared = ElementTree.SubElement(root, "Objects")
    data = ElementTree.SubElement(root, "ObjectData")
    for obj in doc.Objects:
        ElementTree.SubElement(declared, "Object", type=obj.TypeId, name=obj.Name)
        content = f'<Object name="{obj.Name}">{obj.Content}</Object>'
        data.append(ElementTree.fromstring(content))  # noqa: S314  # nosec B314
    return root


def _rebuild(paths: list[str]) -> list[str]:
    """Check each document and rebuild it from what was checked; the paths FreeCAD may open."""
    checked = Path.cwd() / CHECKED_DIR
    checked.mkdir(exist_ok=True)
    rebuilt = []
    for path in paths:
        target = checked / Path(path).name
        docscan.rebuild_fcstd(path, str(target))
        rebuilt.append(str(target))
    return rebuilt


def _load(paths: list[str]) -> list[Any]:
    """Scan, rebuild, load and check each document; raise DocumentRefused when one may not be used."""
    docs = [guard.call_guarded(FreeCAD.openDocument, path) for path in _rebuild(paths)]
    for doc in docs:
        for obj in doc.Objects:  # the loaded objects, as FreeCAD understood the file
            for prop in obj.PropertiesList:
                problem = doctypes.element_type_problem("Property", obj.getTypeIdOfProperty(prop))
                if problem:
                    raise docscan.DocumentRefused(f"{obj.Name}.{prop}: {problem}")
        try:
            docscan.check_document(_live_root(doc))
        except ElementTree.ParseError as exc:
            raise docscan.DocumentRefused(f"an object of {doc.Name} could not be serialised: {exc}") from exc
    return docs


def _recompute(docs: list[Any]) -> None:
    for doc in docs:
        for obj in doc.Objects:
            obj.touch()
        guard.call_guarded(doc.recompute)


INVALID_SHAPE = (
    "the part is not valid geometry (Shape.isValid() is False): its volume and size are not well "
    "defined and the exported files would not hold what was measured (a STEP reader repairs it "
    "into a different part), so it is neither measured nor exported. Usually a face points the "
    "wrong way, or faces overlap or leave gaps (a shell built face by face, a solid from several "
    "shells): build the part from primitives and booleans (makeBox, makeCylinder, extrude, fuse, "
    "cut), or repair it with shape.fix(1e-7, 1e-7, 1e-7) and check shape.isValid() before showing it"
)


def _refuse_inside_out(result: dict[str, Any], shape: Any) -> bool:
    """Fail the job when a final solid is inside out (a STEP reader would turn it round)."""
    wrong = solids.inside_out(shape)
    if wrong:
        failures.fail(
            result,
            "exception",
            f"{len(wrong)} solid(s) of the part are inside out (their faces point inwards, so their "
            "volume is negative): build solids from outward-facing shells (Part.Solid(shell) of a "
            "closed shell, or solid.reversed() of an inside-out one)",
        )
    return bool(wrong)


def _inspect(result: dict[str, Any], docs: list[Any]) -> tuple[list[Any], Any | None, bool]:
    """Measure every document; return (final objects, final shape, whether a feature failed)."""
    result["documents"] = [doc.Name for doc in docs]
    result["objects"] = documents.all_objects(docs)
    result["feature_tree"], tree_warnings = documents.feature_tree(docs)
    result["warnings"].extend(tree_warnings)
    failed = documents.failed_objects(docs)
    finals, warnings = documents.final_objects(docs)
    result["warnings"].extend(warnings)
    result["roots"] = [obj.Name for obj in finals]
    spread = sorted({obj.Document.Name for obj in finals})
    if len(spread) > 1:  # model.FCStd holds one document: it would recompute to part of the report
        failures.fail(
            result,
            "exception",
            f"the part's solids are in {len(spread)} documents ({', '.join(spread)}): build the whole part "
            "in one document (use App.ActiveDocument, or create a single document with App.newDocument)",
        )
        return finals, None, True
    shape, invalid = None, False
    if finals:
        shape, fuse_warnings = metrics.fuse([documents.placed_shape(obj) for obj in finals])
        result["warnings"].extend(fuse_warnings)
        if _refuse_inside_out(result, shape):
            return finals, None, True
        shape, left_out = solids.solids_only(shape)
        if left_out:
            result["warnings"].append(
                f"{left_out} faces, edges or vertices outside the part's solids were left out of "
                "the measurements and the exported files"
            )
        result["final_shape"], result["per_solid"] = metrics.measure(shape)
        if not result["final_shape"]["is_valid"]:
            # its measurements are not what any exported file holds: state none of them
            result["final_shape"], result["per_solid"], invalid = None, [], True
    if failed:
        details = "; ".join(f"{obj.Label} ({obj.TypeId}): {obj.getStatusString()}" for obj in failed)
        failures.fail(result, "recompute", f"{len(failed)} feature(s) failed to recompute: {details}")
    elif invalid:
        failures.fail(result, "invalid_shape", INVALID_SHAPE)
    elif shape is None:
        failures.fail(
            result,
            "no_shape",
            "the script made no solid: create a Part or PartDesign feature with a solid shape, "
            "or show a solid with Part.show(shape)",
        )
    return finals, None if invalid else shape, bool(failed) or invalid


def _export(
    job: dict[str, Any], result: dict[str, Any], docs: list[Any], finals: list[Any], shape: Any
) -> None:
    """Write the requested files (only the FCStd when a feature failed)."""
    from . import export

    metadata = {str(k): str(v) for k, v in job.get("metadata", {}).items()}
    metadata.setdefault("freecad_version", result["freecad_version"])
    metadata.setdefault("created_utc", datetime.now(timezone.utc).isoformat(timespec="seconds"))
    main_doc = finals[0].Document if finals else (docs[0] if docs else None)
    try:
        result["artifacts"] = export.write_artifacts(
            list(job.get("formats", [])),
            shape,
            docs,
            main_doc,
            Path.cwd() / OUT_DIR,
            metadata,
            float(job.get("stl_tolerance_mm", 0.05)),
            int(job.get("preview_size", 512)),
        )
    except MemoryError as exc:
        failures.fail(result, "memory", "exporting ran out of memory (the memory limit was reached)", exc)
    except Exception as exc:
        failures.fail(result, "export", f"writing the requested files failed: {failures.describe(exc)}")


def measure(job: dict[str, Any], freecad_version: str) -> dict[str, Any]:
    """Load, check, recompute, measure and export the model's documents; the result dict."""
    result: dict[str, Any] = {
        "job_id": job["job_id"],
        "ok": True,
        "freecad_version": freecad_version,
        "warnings": [],
        "artifacts": {},
    }
    started = time.monotonic()
    try:
        docs = _load([str(path) for path in job.get("documents", [])])
    except docscan.DocumentRefused as exc:
        failures.fail(result, "exception", f"the model's document was refused: {exc}")
        return result
    try:
        _recompute(docs)
        finals, shape, failed = _inspect(result, docs)
        if job.get("script_ok", True):  # a script that raised gets its objects listed, no files
            _export(job, result, docs, finals, None if failed else shape)
    except MemoryError as exc:
        failures.fail(
            result, "memory", "measuring the model ran out of memory (the memory limit was reached)", exc
        )
    except Exception as exc:
        if result["ok"]:
            failures.fail(result, "exception", f"the model could not be inspected: {failures.describe(exc)}")
    result["script_s"] = time.monotonic() - started
    return result


def run(job: dict[str, Any], freecad_version: str) -> None:
    """Measure and write the result file (atomically, within its bounds)."""
    result = measure(job, freecad_version)
    bounds.bound_result(result)
    path = Path.cwd() / RESULT_NAME
    partial = path.with_name(path.name + ".partial")
    partial.write_text(json.dumps(result), encoding="utf-8")
    partial.replace(path)
