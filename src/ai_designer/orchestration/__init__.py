"""The design pipeline (LangGraph) and the events it emits."""
