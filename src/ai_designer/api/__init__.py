"""The REST + WebSocket API (FastAPI): designs, their events, health and metrics."""
