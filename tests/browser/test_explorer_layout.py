"""The explorers as a reader sees them, at 1280×800 and 390×844, light and dark.

- The chart stays in view while any control is used: beside the controls on a wide
  screen, pinned under the header on a narrow one. Each control is brought into view
  the ways a reader does (Tab forwards, Shift+Tab backwards, scrolling it to the top or
  the middle of the window), and each time the whole chart and the control are visible.
- An inconsistent input is refused next to its box: no result and no curve until the
  inputs agree, and no other box changes.
- The chart's text is legible (at least 11 px at 1280 px wide, 9 px at 390 px), tick
  labels do not collide, no text is cut off; the MLE & MAP axis follows the curves.
- No wording a reader took for a bug: "undefined", "1e−308", "marked in red", "95 %".

Screenshots of each state go to $EXPLORER_SHOTS (default tests/output/screenshots).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from harness import SCREENSHOTS, scroll_to_each_control, walk_controls_by_keyboard
from test_explorers import _chart, _outputs, _type

pytestmark = pytest.mark.browser

SHOTS = Path(os.environ.get("EXPLORER_SHOTS", SCREENSHOTS))
VIEWPORTS = {"1280x800": {"width": 1280, "height": 800}, "390x844": {"width": 390, "height": 844}}
SMALLEST_TEXT_PX = {"1280x800": 11, "390x844": 9}
# name: (path, root, prefix of the ids, the controls a reader moves)
EXPLORERS = {
    "mle-map": ("explore/mle-map/", "#mle-map-explorer", "mle-map", ["n", "k", "a", "b"]),
    "ab-test": ("explore/ab-test/", "#ab-explorer", "ab", ["na", "xa", "nb", "xb", "alpha"]),
}
CASES = [(name, size, scheme) for name in EXPLORERS for size in VIEWPORTS for scheme in ("light", "dark")]
IDS = [f"{name}-{size}-{scheme}" for name, size, scheme in CASES]


def _open(open_page, name: str, size: str, scheme: str):
    path, root, prefix, controls = EXPLORERS[name]
    page, watched = open_page(path, color_scheme=scheme, viewport=VIEWPORTS[size])
    page.locator(f"{root}[data-explorer-ready]").wait_for()
    return page, watched, root, prefix, controls


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"explorer-{name}.png")


# --- the chart in view while a control is used ------------------------------------------------

_IN_VIEW = """([root, id]) => {
  const header = document.querySelector(".md-header").getBoundingClientRect().bottom;
  const chart = document.querySelector(`${root} svg.explorer-chart`).getBoundingClientRect();
  const control = document.getElementById(id);
  const box = control.getBoundingClientRect();
  const hit = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
  const shown = Math.max(0, Math.min(chart.bottom, innerHeight) - Math.max(chart.top, header));
  return {
    chart: shown / chart.height,
    chartInside: chart.left >= 0 && chart.right <= innerWidth + 0.5,
    control: box.top >= header - 0.5 && box.bottom <= innerHeight + 0.5
      && (hit === control || control.contains(hit)),
    where: [Math.round(box.top), Math.round(chart.top), Math.round(chart.bottom), Math.round(header)],
    hit: hit ? `${hit.tagName}#${hit.id}.${hit.className}` : null,
  };
}"""


def _assert_together(page, root: str, control: str, how: str) -> None:
    seen = page.evaluate(_IN_VIEW, [root, control])
    assert seen["control"], (how, control, "the control itself is hidden", seen["hit"], seen["where"])
    assert seen["chart"] >= 0.999 and seen["chartInside"], (
        how,
        control,
        "the chart is not all in view",
        seen,
    )


@pytest.mark.claim("explore/index/chart-stays-in-view")
@pytest.mark.parametrize(("name", "size", "scheme"), CASES, ids=IDS)
def test_chart_stays_in_view_while_each_control_is_used(open_page, name, size, scheme):
    page, watched, root, prefix, controls = _open(open_page, name, size, scheme)
    ids = [f"{prefix}-{c}{suffix}" for c in controls for suffix in ("-range", "")]
    if name == "ab-test":
        ids += ["ab-sided-two"]
    # The layout: beside the controls when wide, above them and pinned when narrow.
    layout = page.evaluate(
        """root => {
            const box = (s) => document.querySelector(`${root} ${s}`).getBoundingClientRect();
            const figure = document.querySelector(`${root} .explorer-figure`);
            return {chart: box("svg.explorer-chart"), controls: box(".explorer-controls"),
                    position: getComputedStyle(figure).position};
        }""",
        root,
    )
    assert layout["position"] == "sticky"
    if size == "1280x800":
        assert layout["chart"]["left"] >= layout["controls"]["right"], "side by side"
    else:
        assert layout["chart"]["bottom"] <= layout["controls"]["top"], "the chart above the controls"
    walk_controls_by_keyboard(
        page, ids, lambda control, key: _assert_together(page, root, control, key), before=2
    )
    scroll_to_each_control(page, ids, lambda control, block: _assert_together(page, root, control, block))
    # While a slider moves under the mouse, the chart is in view and follows it.
    slider = page.locator(f"#{prefix}-{controls[0]}-range")
    page.evaluate(
        "id => document.getElementById(id).scrollIntoView({block: 'center'})", slider.get_attribute("id")
    )
    before = page.locator(f"{root} svg.explorer-chart").inner_html()
    box = slider.bounding_box()
    page.mouse.move(box["x"] + 4, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.6, box["y"] + box["height"] / 2, steps=5)
    _assert_together(page, root, slider.get_attribute("id"), "mouse")
    page.mouse.up()
    assert page.locator(f"{root} svg.explorer-chart").inner_html() != before, "the chart followed the slider"
    _shot(page, f"{name}-{size}-{scheme}-slider")
    assert watched.blocked == [] and watched.console_errors == []


# --- an inconsistent input is refused ---------------------------------------------------------

# explorer: (the box typed into, its value, the box it conflicts with, the message under the first)
CONFLICTS = {
    "mle-map": ("n", "5", "k", "Heads k = 7 is more than tosses n = 5: raise n or lower k."),
    "ab-test": ("na", "50", "xa", "Group A has 100 conversions but only 50 visitors: "
                "raise the visitors or lower the conversions."),
}  # fmt: skip


@pytest.mark.claim("explore/index/inconsistent-input-refused")
@pytest.mark.parametrize(("name", "size", "scheme"), CASES, ids=IDS)
def test_inconsistent_input_is_refused_next_to_its_box(open_page, name, size, scheme):
    page, watched, root, prefix, _ = _open(open_page, name, size, scheme)
    field, value, other, message = CONFLICTS[name]
    ids = page.locator(f"{root} input[type=number]").evaluate_all("boxes => boxes.map(b => b.id)")
    before = {i: page.locator(f"#{i}").input_value() for i in ids}
    box = page.locator(f"#{prefix}-{field}")
    box.fill(value)
    box.press("Tab")
    error = page.locator(f"#{prefix}-{field}-error")
    assert error.inner_text() == message
    page.evaluate("id => document.getElementById(id).scrollIntoView({block: 'center'})", f"{prefix}-{field}")
    # The message sits right under its box, visible, and the box says it is invalid.
    field_box, error_box = box.bounding_box(), error.bounding_box()
    assert 0 <= error_box["y"] - (field_box["y"] + field_box["height"]) <= 24, (field_box, error_box)
    assert error_box["y"] + error_box["height"] <= VIEWPORTS[size]["height"]
    assert box.get_attribute("aria-invalid") == "true"
    assert f"{prefix}-{field}-error" in box.get_attribute("aria-describedby")
    # No other box changed; no result, no curve; the status and the chart say why.
    after = {i: page.locator(f"#{i}").input_value() for i in before}
    assert after == {**before, f"{prefix}-{field}": value}
    assert not page.locator(f"{root} .explorer-results dl").is_visible()
    assert _chart(page, f"{root} svg.explorer-chart") is None
    lines = page.locator(f"{root} .explorer-chart-message tspan").all_text_contents()
    assert " ".join(lines) == f"No chart: {message}"
    assert page.locator(f"{root} .explorer-status").is_visible()
    _shot(page, f"{name}-{size}-{scheme}-refused")
    # Putting the other box right brings everything back.
    page.locator(f"#{prefix}-{other}").fill(value)
    assert page.locator(f"{root} .explorer-results dl").is_visible()
    assert _chart(page, f"{root} svg.explorer-chart") is not None
    assert not error.is_visible() and box.get_attribute("aria-invalid") is None
    assert watched.blocked == [] and watched.console_errors == []


# --- legible, uncut text; the axis follows the mass ---------------------------------------------

_TEXT = """root => {
  const svg = document.querySelector(`${root} svg.explorer-chart`);
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  const frame = svg.getBoundingClientRect();
  const texts = [...svg.querySelectorAll("text")].map((t) => {
    const b = t.getBoundingClientRect();
    return { text: t.textContent, size: parseFloat(getComputedStyle(t).fontSize) * scale,
             box: [b.left, b.top, b.right, b.bottom], tick: !t.classList.length };
  });
  const legend = [...document.querySelectorAll(`${root} .explorer-legend li`)]
    .map((li) => parseFloat(getComputedStyle(li).fontSize));
  return { texts, legend, frame: [frame.left, frame.top, frame.right, frame.bottom] };
}"""


def _overlap(a, b, gap: float = 2.0) -> bool:
    return a[0] < b[2] + gap and b[0] < a[2] + gap and a[1] < b[3] and b[1] < a[3]


def _assert_legible(page, root: str, size: str, state: str) -> None:
    found = page.evaluate(_TEXT, root)
    smallest = SMALLEST_TEXT_PX[size]
    assert found["texts"], state
    for text in found["texts"]:
        assert text["size"] >= smallest, (state, text)
        left, top, right, bottom = found["frame"]
        box = text["box"]
        inside = (
            box[0] >= left - 0.5 and box[2] <= right + 0.5 and box[1] >= top - 0.5 and box[3] <= bottom + 0.5
        )
        assert inside, (state, "text cut off", text)
    for size_px in found["legend"]:
        assert size_px >= smallest, (state, "legend", size_px)
    texts = [t for t in found["texts"] if t["text"]]
    for i, one in enumerate(texts):
        for other in texts[i + 1 :]:
            if one["box"] != other["box"] and not (
                one["text"] in other["text"] or other["text"] in one["text"]
            ):
                assert not _overlap(one["box"], other["box"]), (state, "labels collide", one, other)


# explorer: [(state, values typed, the side for the A/B test)]
STATES = {
    "mle-map": [
        ("start", {}),
        ("no-tosses-u-shaped", {"n": 0, "k": 0, "a": 0.5, "b": 0.5}),
        ("large-n-strong-prior", {"n": 100000, "k": 31234, "a": 1000, "b": 1000}),
        ("large-n-no-heads", {"n": 100000, "k": 0, "a": 0.5, "b": 0.5}),
        ("large-n-all-heads", {"n": 100000, "k": 99999, "a": 2, "b": 2}),
    ],
    "ab-test": [
        ("start", {}),
        ("tiny-p", {"na": 10000, "xa": 500, "nb": 10000, "xb": 3000}),
        ("no-conversions", {"xa": 0, "xb": 0}),
        ("equal-rates", {"xa": 100, "xb": 100}),
        ("all-converted", {"na": 200, "xa": 200, "nb": 300, "xb": 300}),
    ],
}
# What a reader took for a bug, and must not read again.
BAD_WORDING = {
    "undefined": re.compile(r"undefined", re.IGNORECASE),
    "NaN or Infinity": re.compile(r"\bNaN\b|Infinity"),
    "a bound dressed as a number": re.compile(r"‹|1e[−-]?\d|\de[−-]\d"),
    "a colour name (the palette changes)": re.compile(r"\b(red|orange|green|blue)\b", re.IGNORECASE),
    "a space before %": re.compile(r"\d\s%"),
}


@pytest.mark.parametrize(("name", "size", "scheme"), CASES, ids=IDS)
def test_chart_text_is_legible_and_wording_is_plain(open_page, name, size, scheme):
    page, watched, root, prefix, _ = _open(open_page, name, size, scheme)
    for state, values in STATES[name]:
        if values:
            _type(page, {k: float(v) if isinstance(v, float) else v for k, v in values.items()}, prefix)
        page.evaluate("root => document.querySelector(root).scrollIntoView()", root)
        _assert_legible(page, root, size, state)
        text = page.locator(root).inner_text()
        for what, pattern in BAD_WORDING.items():
            assert not pattern.search(text), (state, what, pattern.search(text).group())
        _shot(page, f"{name}-{size}-{scheme}-{state}")
    # The refused state's status and chart message too; and the page's prose.
    field, value, _, _ = CONFLICTS[name]
    page.locator(f"#{prefix}-{field}").fill(value)
    _assert_legible(page, root, size, "refused")
    article = page.locator("article").inner_text()
    for what, pattern in BAD_WORDING.items():
        assert not pattern.search(page.locator(root).inner_text()), ("refused", what)
        assert not pattern.search(article), ("page", what, pattern.search(article).group())
    assert watched.blocked == [] and watched.console_errors == []


@pytest.mark.parametrize(("size", "scheme"), [(s, c) for s in VIEWPORTS for c in ("light", "dark")])
def test_percent_signs_and_levels_are_written_one_way(open_page, size, scheme):
    page, watched, root, prefix, _ = _open(open_page, "ab-test", size, scheme)
    text = page.locator(root).inner_text()
    assert text.count("95% CI") == 3 and "95 %" not in text
    assert "80% power" in text
    _type(page, {"alpha": 0.1}, prefix)
    assert page.locator(root).inner_text().count("90% CI") == 3
    mle, *_ = _open(open_page, "mle-map", size, scheme)
    assert "95% credible interval" in mle.locator("#mle-map-explorer").inner_text()
    assert watched.blocked == [] and watched.console_errors == []


@pytest.mark.parametrize(("size", "scheme"), [(s, c) for s in VIEWPORTS for c in ("light", "dark")])
def test_mle_map_axis_separates_mle_and_map_at_large_n(open_page, size, scheme):
    page, watched, root, prefix, _ = _open(open_page, "mle-map", size, scheme)
    _type(page, {"n": 100000, "k": 31234, "a": 1000.0, "b": 1000.0}, prefix)
    chart = _chart(page, "#mle-map-chart")
    outputs = _outputs(page, root)
    mle, map_ = float(outputs["mle-map-mle"][0]), float(outputs["mle-map-map"][0])
    # The axis zooms to the curves: at [0, 1] these two would be under two pixels apart.
    assert chart.x1 - chart.x0 <= 0.1
    assert chart.px(map_) - chart.px(mle) == pytest.approx(
        chart.marker("map") - chart.marker("mle"), abs=0.01
    )
    assert chart.marker("map") - chart.marker("mle") > 10
    page.evaluate("root => document.querySelector(root).scrollIntoView()", root)
    _shot(page, f"mle-map-{size}-{scheme}-mle-and-map-apart")
    assert watched.blocked == [] and watched.console_errors == []


# --- the shaded tail stands out from the page -------------------------------------------------

_TAIL_CONTRAST = """(root) => {
  const rgb = c => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const luminance = c => c.map(v => v / 255).map(v => v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)
    .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  const page = rgb(getComputedStyle(document.body).backgroundColor);
  return [...document.querySelectorAll(`${root} .explorer-area--tail`)].map(tail => {
    const style = getComputedStyle(tail), alpha = Number(style.fillOpacity);
    const drawn = rgb(style.fill).map((v, i) => alpha * v + (1 - alpha) * page[i]);
    const [light, dark] = [luminance(drawn), luminance(page)].sort((a, b) => b - a);
    return (light + 0.05) / (dark + 0.05);
  });
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(
    ("path", "root"), [("explore/ab-test/", "#ab-explorer"), ("explore/two-groups/", "#two-groups-explorer")]
)
def test_the_shaded_tail_stands_out_from_the_page(open_page, path, root, scheme):
    """The tail that is the p-value, drawn over the page's own background, has at least the 3:1
    contrast that WCAG asks of a graphic a reader needs (1.4.11), in both palettes."""
    page, _ = open_page(path, color_scheme=scheme, viewport=VIEWPORTS["390x844"])
    page.locator(f"{root}[data-explorer-ready]").wait_for()
    contrasts = page.evaluate(_TAIL_CONTRAST, root)
    assert contrasts, "the default experiment shades a tail"
    assert min(contrasts) >= 3, f"{scheme}: the tail's contrast with the page is {min(contrasts):.2f}:1"
