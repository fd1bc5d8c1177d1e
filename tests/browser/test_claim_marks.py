"""The claims' marks as a reader meets them: unobtrusive, one gesture to see the test, any device."""

from __future__ import annotations

import pytest
from harness import AXE, SCREENSHOTS
from sitebuild import ROOT, page_url

from engine.check_claims import plugin_settings
from engine.claim_tests import read_claim_tests

pytestmark = pytest.mark.browser

SETTINGS = plugin_settings(ROOT / "mkdocs.yml")
TESTS = read_claim_tests(
    ROOT / SETTINGS["tests_dir"],
    ROOT,
    course_modules=SETTINGS["course_modules"],
    course_fixtures=SETTINGS["course_fixtures"],
)
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


def _first_mark(page):
    mark = page.locator("button.claim-mark").first
    mark.scroll_into_view_if_needed()
    return mark, page.locator(f"#{mark.get_attribute('aria-describedby')}")


def _expected_text(page, mark) -> str:
    full_id = mark.get_attribute("data-claim")
    refs = TESTS.tests_for(full_id)
    assert refs, f"{full_id}: the page shows a claim whose tests the ledger does not know"
    return "Checked by " + " ".join(f"{ref.name} in {ref.file}" for ref in refs)


def _inside_viewport(page, tip) -> None:
    box = tip.bounding_box()
    width = page.viewport_size["width"]
    height = page.viewport_size["height"]
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= width + 0.5, f"tooltip cut at an edge: {box}"
    assert box["y"] >= 0 and box["y"] + box["height"] <= height + 0.5, f"tooltip off screen: {box}"


@pytest.mark.claim("index/claims-marked")
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_claims_test_shows_on_focus_and_on_tap_named_and_on_screen(open_page, scheme, viewport):
    page, _ = open_page(page_url("inference.md"), color_scheme=scheme, viewport=viewport)
    mark, tip = _first_mark(page)
    expected = _expected_text(page, mark)
    assert not tip.is_visible(), "the test's name is hidden until asked for"
    box = mark.bounding_box()
    assert box and 8 <= box["width"] <= 24, "a small mark"

    mark.focus()  # keyboard focus (Tab) shows it
    assert tip.is_visible()
    assert " ".join(tip.inner_text().split()) == expected
    _inside_viewport(page, tip)
    page.keyboard.press("Escape")
    assert not tip.is_visible(), "Escape dismisses it, though the mark keeps the focus"
    page.locator("h1").first.click()  # moves focus away
    assert not tip.is_visible()

    mark.click()  # a click or a tap toggles it (touch screens have no hover)
    assert mark.get_attribute("aria-expanded") == "true" and tip.is_visible()
    _inside_viewport(page, tip)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    name = f"claim-mark-{scheme}-{'phone' if viewport is PHONE else 'desktop'}.png"
    page.screenshot(path=SCREENSHOTS / name)
    page.add_script_tag(path=str(AXE))
    serious = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".filter(v => ['serious', 'critical'].includes(v.impact))"
        ".map(v => `${v.id}: ${v.help} ${v.nodes[0].target}`)"
    )
    assert serious == []
    page.keyboard.press("Escape")
    assert mark.get_attribute("aria-expanded") == "false"
    assert not tip.is_visible(), "Escape dismisses it, though the pointer is still on the mark"
    page.mouse.move(0, 0)
    mark.hover()
    assert tip.is_visible(), "and it shows again when the pointer comes back"


def test_the_mark_is_described_for_screen_readers(open_page):
    page, _ = open_page(page_url("inference.md"))
    mark, _ = _first_mark(page)
    name = page.evaluate(
        "(el) => [el.getAttribute('aria-label'),"
        " document.getElementById(el.getAttribute('aria-describedby')).textContent]",
        mark.element_handle(),
    )
    assert name[0].startswith("Show the test") and name[1].startswith("Checked by ")
    assert mark.evaluate("el => el.tagName") == "BUTTON"


def test_marks_stay_off_a_printed_page(open_page):
    page, _ = open_page(page_url("inference.md"))
    assert page.locator("button.claim-mark").count() > 0
    page.emulate_media(media="print")
    assert not page.locator("button.claim-mark").first.is_visible()
    assert page.locator(".claim").first.is_visible(), "the claim's text prints"


def test_every_lesson_page_marks_its_claims(built_site):
    for lesson in ["inference.md", "power.md"]:
        html = (built_site / page_url(lesson) / "index.html").read_text()
        assert html.count('class="claim-mark"') >= 10, lesson
        assert "{claim=" not in html.replace("data-claim=", ""), f"{lesson}: a marker left as text"
