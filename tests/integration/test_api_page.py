"""What the web page needs from the API: the page itself under a strict policy, the key as a
WebSocket subprotocol (never in a URL), parameters set as a new revision, plans read back, and
each revision's files (GLB for the viewer, PNG previews)."""

from __future__ import annotations

import base64
import hashlib
import json
import posixpath
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from ai_designer.api.app import create_app
from ai_designer.api.routes.page import STATIC_DIR
from ai_designer.freecad.runner import FreeCADRunner
from helpers.api_support import ScriptedPipeline, api_settings, watch
from helpers.glb import read_glb

KEY = "page-key-7c1d2e"
PLATE = "a 60 x 40 x 8 mm plate with four 5 mm holes 6 mm from the corners"
_IMPORT = re.compile(r"""^(?:import|export)\s[^;]*?\bfrom\s*["']([^"']+)["'];""", re.M)


def scripted_client(tmp_path: Path, **settings: Any) -> TestClient:
    app = create_app(api_settings(tmp_path, **settings), runner=object(), pipeline=ScriptedPipeline())  # type: ignore[arg-type]
    return TestClient(app)


def test_the_page_is_served_with_a_strict_policy_and_its_modules_resolve(tmp_path: Path) -> None:
    with scripted_client(tmp_path) as client:
        page = client.get("/")
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
        policy = page.headers["content-security-policy"]
        import_map = re.search(r'<script type="importmap">(.*?)</script>', page.text, re.S)
        assert import_map is not None
        digest = base64.b64encode(hashlib.sha256(import_map.group(1).encode()).digest()).decode()
        assert f"script-src 'self' 'sha256-{digest}'" in policy
        assert "default-src 'none'" in policy and "unsafe" not in policy
        assert page.headers["x-content-type-options"] == "nosniff"

        # every module the page loads is served, as JavaScript, and what they import resolves too
        mapped = {
            name: "/" + target.removeprefix("./")
            for name, target in json.loads(import_map.group(1))["imports"].items()
        }
        seen: set[str] = set()
        queue = ["/static/js/app.js"]
        while queue:
            path = queue.pop()
            if path in seen:
                continue
            seen.add(path)
            answer = client.get(path)
            assert answer.status_code == 200, path
            assert "javascript" in answer.headers["content-type"], path
            for spec in _IMPORT.findall(answer.text):
                queue.append(_resolve(path, spec, mapped))
        vendored = {"three.core.js", "OrbitControls.js", "GLTFLoader.js", "SkeletonUtils.js"}
        assert vendored <= {posixpath.basename(path) for path in seen}
        assert client.get("/static/style.css").status_code == 200
        assert "/" not in client.get("/openapi.json").json()["paths"]


def _resolve(importer: str, spec: str, mapped: dict[str, str]) -> str:
    """The path a module specifier names, through the page's import map."""
    for name, target in mapped.items():
        if spec == name or (name.endswith("/") and spec.startswith(name)):
            return target + spec.removeprefix(name)
    return posixpath.normpath(posixpath.join(posixpath.dirname(importer), spec))


def test_the_vendored_three_js_is_the_pinned_release_untouched() -> None:
    folder = STATIC_DIR / "vendor" / "three"
    for line in (folder / "SHA256SUMS").read_text().splitlines():
        digest, name = line.split()
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest, name
    assert "MIT License" in (folder / "LICENSE").read_text()


def test_the_page_never_puts_the_key_in_a_url() -> None:
    scripts = "".join(p.read_text() for p in (STATIC_DIR / "js").glob("*.js"))
    assert "api_key" not in scripts and "sessionStorage" in scripts and "localStorage" not in scripts


def _key_protocols(key: str) -> list[str]:
    encoded = base64.urlsafe_b64encode(key.encode()).decode().rstrip("=")
    return ["ai-designer", f"api-key.{encoded}"]


def _read_until_closed(
    client: TestClient, design_id: str, protocols: list[str]
) -> tuple[str | None, list[str], int]:
    kinds: list[str] = []
    with client.websocket_connect(f"/api/v1/ws/design/{design_id}", subprotocols=protocols) as ws:
        accepted = ws.accepted_subprotocol
        while True:
            try:
                kinds.append(ws.receive_json()["kind"])
            except WebSocketDisconnect as closed:
                return accepted, kinds, closed.code


def test_the_websocket_takes_the_key_as_a_subprotocol(tmp_path: Path) -> None:
    with scripted_client(tmp_path, api_keys=[hashlib.sha256(KEY.encode()).hexdigest()]) as client:
        submitted = client.post("/api/v1/design", json={"prompt": "a cube"}, headers={"X-API-Key": KEY})
        design_id = submitted.json()["design_id"]
        accepted, kinds, code = _read_until_closed(client, design_id, _key_protocols(KEY))
        assert (accepted, code, kinds[-1]) == ("ai-designer", 1000, "design_completed")
        assert _read_until_closed(client, design_id, _key_protocols("wrong"))[2] == 4401
        assert _read_until_closed(client, design_id, ["ai-designer", "api-key.%%%"])[2] == 4401
        assert _read_until_closed(client, design_id, ["ai-designer"])[2] == 4401


@pytest.fixture
def client(tmp_path: Path, shared_freecad_runner: FreeCADRunner) -> Iterator[TestClient]:
    with TestClient(create_app(api_settings(tmp_path), runner=shared_freecad_runner)) as the_client:
        yield the_client


def _glb_size(client: TestClient, design_id: str, revision: int) -> tuple[float, ...]:
    answer = client.get(f"/api/v1/design/{design_id}/export", params={"format": "glb", "revision": revision})
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "model/gltf-binary"
    assert f'filename="{design_id}-r{revision}-model.glb"' in answer.headers["content-disposition"]
    return tuple(round(v, 3) for v in read_glb(answer.content).size())


@pytest.mark.freecad
def test_setting_a_parameter_makes_a_new_revision(client: TestClient) -> None:
    design_id = client.post("/api/v1/design", json={"prompt": PLATE}).json()["design_id"]
    assert watch(client, design_id).kinds[-1] == "design_completed"
    view = client.get(f"/api/v1/design/{design_id}").json()
    assert view["readback"][0] == "plate: box 60 × 40 × 8 mm"
    assert [(p["name"], p["value"], p["editable"]) for p in view["parameters"]] == [
        ("plate_length", 60.0, True),
        ("plate_width", 40.0, True),
        ("plate_height", 8.0, True),
        ("holes_from_edges_u", 6.0, True),
        ("holes_from_edges_v", 6.0, True),
        ("holes_diameter", 5.0, True),
    ]
    assert view["links"]["parameters"] == f"/api/v1/design/{design_id}/parameters"

    url = f"/api/v1/design/{design_id}/parameters"
    unknown = client.post(url, json={"values": {"plate_lenght": 80}})
    assert unknown.status_code == 422 and "plate_lenght" in unknown.json()["detail"]
    assert "plate_length" in unknown.json()["hint"]
    too_big = client.post(url, json={"values": {"holes_diameter": 45}})
    assert too_big.status_code == 422 and "does not fit" in too_big.json()["detail"]

    accepted = client.post(url, json={"values": {"plate_length": 80}})
    assert accepted.status_code == 202 and accepted.json()["revision"] == 2
    busy = client.post(url, json={"values": {"plate_width": 50}})
    assert busy.status_code == 409, busy.text
    seen = watch(client, design_id)
    assert seen.kinds[-1] == "design_completed"
    checks = next(e for e in seen.events if e["kind"] == "validation_passed")["data"]["checks"]
    assert {c["name"] for c in checks} >= {"bounding box", "holes"} and all(c["passed"] for c in checks)

    view = client.get(f"/api/v1/design/{design_id}").json()
    assert (view["revision"], view["status"], view["summary"]["size_mm"]) == (
        2,
        "completed",
        [80.0, 40.0, 8.0],
    )
    assert view["summary"]["request"] == "set plate_length to 80"
    assert view["readback"][0] == "plate: box 80 × 40 × 8 mm"
    assert view["parameters"][0]["value"] == 80.0
    earlier = client.get(f"/api/v1/design/{design_id}/history").json()["revisions"]
    assert [(r["number"], r["readback"][0]) for r in earlier] == [(1, "plate: box 60 × 40 × 8 mm")]

    assert _glb_size(client, design_id, 1) == (60.0, 40.0, 8.0)
    assert _glb_size(client, design_id, 2) == (80.0, 40.0, 8.0)
    preview = client.get(f"/api/v1/design/{design_id}/export", params={"format": "png", "revision": 1})
    assert preview.status_code == 200 and preview.content.startswith(b"\x89PNG")
    missing = client.get(f"/api/v1/design/{design_id}/export", params={"format": "glb", "revision": 3})
    assert missing.status_code == 404 and "Revision 3" in missing.json()["detail"]
