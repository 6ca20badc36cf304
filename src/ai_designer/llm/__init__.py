"""The LLM layer: one provider over litellm, the per-role model routing, and image messages."""
