"""The TaskGraph's JSON Schema: what planners (and LLMs) are told to produce and the compiler reads."""

from __future__ import annotations

from typing import Any

from ai_designer.schemas.task_graph import TaskGraph

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def task_graph_json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a TaskGraph, with every field description."""
    return {"$schema": JSON_SCHEMA_DIALECT, **TaskGraph.model_json_schema()}
