"""Pydantic data contracts shared across modules."""
