"""What the script policy says about a FreeCAD script: allowed, or the list of violations."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

ViolationRule = Literal[
    "syntax",
    "too-long",
    "import",
    "dunder",
    "builtin",
    "dynamic-attribute",
    "file-api",
    "gui-api",
    "reflection",
    "format-template",
    "expression",
    "object-type",
    "property-type",
    "infinite-loop",
    "resource-bomb",
    "attribute",
    "class-definition",
    "unverifiable",
]


class ScriptViolation(BaseModel):
    """One construct the policy refuses, where it is, and what to do instead."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    line: int = Field(ge=0, description="1-based line in the script (0 when not tied to a line).")
    col: int = Field(ge=0, description="0-based column.")
    rule: ViolationRule
    message: str = Field(description="What is wrong and what to write instead.")

    def describe(self) -> str:
        """``line:col message`` as shown to users and fed back to the generator."""
        return f"{self.line}:{self.col} {self.message}"


class ScriptCheck(BaseModel):
    """The verdict on a script: ``ok`` only when there is no violation."""

    model_config = ConfigDict(extra="forbid")

    ok: bool
    violations: list[ScriptViolation] = Field(default_factory=list)

    def describe(self) -> str:
        """Every violation on its own line (empty when the script is allowed)."""
        return "\n".join(v.describe() for v in self.violations)
