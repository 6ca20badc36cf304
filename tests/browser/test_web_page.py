"""The web page, as a person uses it, in a real browser against a real `ai-designer serve`:
design a plate and watch it build, turn it, change a parameter, download the STEP, be told
why gibberish was refused, and use an API key that never shows up in a URL."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from helpers.freecad_probe import measure_step
from helpers.png import variance
from helpers.processes import Cluster
from helpers.web_page import ARTIFACTS, DESIGN_TIMEOUT_MS, shot, start_server

pytestmark = [pytest.mark.browser, pytest.mark.freecad]

PLATE = "a 60 x 40 x 8 mm plate with four 5 mm holes 6 mm from the corners"
KEY = "web-page-key-5a7e91"


def design(page: Page, prompt: str) -> None:
    page.get_by_label("Describe a part, with its sizes").fill(prompt)
    page.get_by_role("button", name="Design a new part").click()


def test_a_plate_is_designed_turned_changed_and_downloaded(
    server: Cluster, page: Page, tmp_path: Path
) -> None:
    page.goto(server.base + "/")
    blank = variance(page.locator("#viewer").screenshot())
    design(page, PLATE)
    expect(page.locator("#viewer[data-loaded$='/1']")).to_be_attached(timeout=DESIGN_TIMEOUT_MS)

    # live progress, then the checks, the plan in words and the feature tree
    expect(page.locator("#stages li[data-state='done']")).to_have_count(4)
    expect(page.locator("#events")).to_contain_text("design completed")
    expect(page.locator("#checks li.pass")).to_have_count(8)  # holes where planned, no sealed void
    expect(page.locator("#checks")).to_contain_text("sealed cavities")
    expect(page.locator("#checks li.fail")).to_have_count(0)
    expect(page.locator("#readback")).to_contain_text("plate: box 60 × 40 × 8 mm")
    expect(page.locator("#tree")).to_contain_text("Finished plate")  # labels carry no sizes
    expect(page.locator("#bbox")).to_have_text("Bounding box 60 × 40 × 8 mm")
    expect(page.locator("#summary")).to_contain_text("145.79 g (steel, assumed)")
    page.wait_for_timeout(300)  # let the first frame reach the screen
    drawn = page.locator("#viewer").screenshot()
    (ARTIFACTS / "plate-canvas.png").write_bytes(drawn)
    shot(page, "plate")
    assert variance(drawn) > 20 * max(blank, 1.0), (blank, variance(drawn))  # blank: background and a hint

    # the keyboard turns the view; the section plane cuts it
    page.locator("#viewer").focus()
    for _ in range(4):
        page.keyboard.press("ArrowLeft")
    assert page.locator("#viewer").screenshot() != drawn
    page.get_by_label("Section").check()
    page.get_by_label("Position").fill("300")
    shot(page, "plate-section")
    page.get_by_label("Section").uncheck()
    page.get_by_role("button", name="Fit to view").click()

    # a parameter: revision 2 with the new size
    length = page.get_by_label("plate length")
    expect(length).to_have_value("60")
    length.fill("80")
    page.get_by_role("button", name="Apply as a new revision").click()
    expect(page.locator("#viewer[data-loaded$='/2']")).to_be_attached(timeout=DESIGN_TIMEOUT_MS)
    expect(page.locator("#bbox")).to_have_text("Bounding box 80 × 40 × 8 mm")
    expect(page.locator("#summary")).to_contain_text("2 of 2")
    expect(page.locator("#readback")).to_contain_text("plate: box 80 × 40 × 8 mm")
    expect(page.locator("#revisions li")).to_have_count(2)
    expect(page.locator("#revisions li:last-child img[src^='blob:']")).to_be_visible()
    shot(page, "plate-revision-2")

    # the STEP of revision 2
    with page.expect_download() as downloading:
        page.get_by_role("button", name="Download STEP").click()
    step = tmp_path / downloading.value.suggested_filename
    downloading.value.save_as(step)
    assert step.name.endswith("-model.step") and step.read_bytes().startswith(b"ISO-10303-21")
    measured = measure_step(step)
    assert [round(measured[axis], 3) for axis in "xyz"] == [80.0, 40.0, 8.0]

    # an earlier revision can be looked at again
    page.get_by_role("button", name=re.compile("^Revision 1:")).click()
    expect(page.locator("#viewer[data-loaded$='/1']")).to_be_attached()
    expect(page.locator("#bbox")).to_have_text("Bounding box 60 × 40 × 8 mm")


def test_gibberish_is_refused_with_the_words_quoted(server: Cluster, page: Page) -> None:
    page.goto(server.base + "/")
    design(page, "blorp fizzle wug")
    message = page.get_by_role("alert")
    expect(message).to_contain_text("Could not plan “blorp fizzle wug”", timeout=DESIGN_TIMEOUT_MS)
    expect(message).to_contain_text("these words were not understood: 'blorp', 'fizzle', 'wug'")
    expect(page.locator("#stages li[data-stage='planner']")).to_have_attribute("data-state", "failed")
    expect(page.get_by_role("button", name="Download STEP")).to_be_disabled()
    shot(page, "refusal")


def test_every_control_has_a_label(server: Cluster, page: Page) -> None:
    page.goto(server.base + "/")
    for control in page.locator("input, select, textarea, button, canvas").all():
        if control.is_visible():
            name = control.get_attribute("aria-label") or control.evaluate(
                "e => (e.labels && e.labels.length ? e.labels[0].textContent : e.textContent).trim()"
            )
            assert name, control.evaluate("e => e.outerHTML")


@pytest.fixture(scope="module")
def keyed_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    digest = hashlib.sha256(KEY.encode()).hexdigest()
    cluster = start_server(tmp_path_factory.mktemp("keyed"), API_KEYS=f'["{digest}"]')
    yield cluster
    cluster.stop_all()


def test_the_api_key_is_asked_for_kept_in_the_tab_and_never_put_in_a_url(
    keyed_server: Cluster, browser: BrowserContext
) -> None:
    page = browser.new_page()
    urls: list[str] = []
    frames: list[str] = []
    page.on("request", lambda request: urls.append(request.url))

    def on_socket(socket: object) -> None:
        urls.append(socket.url)  # type: ignore[attr-defined]
        socket.on("framereceived", lambda payload: frames.append(str(payload)))  # type: ignore[attr-defined]

    page.on("websocket", on_socket)
    page.goto(keyed_server.base + "/")
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("API key")
    page.get_by_label("Key", exact=True).fill(KEY)
    page.get_by_role("button", name="Use this key").click()
    expect(dialog).to_be_hidden()

    design(page, "a 20 mm cube")
    expect(page.locator("#viewer[data-loaded$='/1']")).to_be_attached(timeout=DESIGN_TIMEOUT_MS)
    expect(page.locator("#bbox")).to_have_text("Bounding box 20 × 20 × 20 mm")
    assert frames, "the progress came over the WebSocket"
    assert any("/ws/design/" in url for url in urls)
    assert not [url for url in urls if KEY in url or "api_key" in url]
    assert page.evaluate("() => sessionStorage.getItem('ai-designer.api-key')") == KEY
    shot(page, "api-key")
    page.close()
