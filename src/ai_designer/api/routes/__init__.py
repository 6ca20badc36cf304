"""The API's routes: designs, the design event WebSocket, operations (health, readiness, metrics)."""
