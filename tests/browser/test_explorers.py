"""The explorers (docs/explore/): every number they show equals what scipy computes, and
every claim their pages make holds on the running explorer.

Each case sets the inputs the way a reader does (typing in the number boxes, or
the keyboard on a slider), then compares each displayed <output> with scipy twice:
its data-value (full precision) and its text (to the precision it is shown at), and
the numbers in the chart's caption too. The charts are read back from the SVG in data
coordinates (chart.js leaves its scales on the svg) and compared with scipy's curves.
The table of cases checked is written to tests/output/explorer-cases.md. Layout,
legibility and wording at phone and desktop sizes: test_explorer_layout.py.
"""

from __future__ import annotations

import functools
import itertools
import math
import re

import numpy as np
import pytest
from harness import SCREENSHOTS
from scipy import integrate, stats
from sitebuild import ROOT
from test_pages import _axe_serious

pytestmark = pytest.mark.browser

MLE_PAGE = "explore/mle-map/"
AB_PAGE = "explore/ab-test/"
PHONE = {"width": 375, "height": 740}
TABLE = ROOT / "tests/output/explorer-cases.md"
# What was checked, for the table: explorer -> case -> quantity -> (shown, scipy).
CHECKED: dict[str, dict[str, dict[str, tuple[str, str]]]] = {"mle-map": {}, "ab": {}}
ABOUT: dict[str, str] = {}  # case -> what it is about
COLUMNS = {
    "mle-map": ["post-a", "post-b", "mle", "map", "mean", "ci-lo", "ci-hi"],
    "ab": [
        "rate-a", "rate-a-lo", "rate-a-hi", "rate-b", "rate-b-lo", "rate-b-hi", "diff", "diff-lo",
        "diff-hi", "pooled", "z", "p", "power", "n80",
    ],
}  # fmt: skip


@pytest.fixture(scope="module", autouse=True)
def _write_table():
    """Write the cases checked as Markdown tables: shown on the page (scipy)."""
    yield
    if not any(CHECKED.values()):
        return
    lines = [
        "Each cell: what the page shows (what scipy computes, 6 significant digits, in the page's"
        " unit: rates, their intervals and power in %, differences in percentage points).",
        "",
    ]
    for explorer, cases in CHECKED.items():
        if not cases:
            continue
        columns = COLUMNS[explorer]
        lines += [f"## {explorer}", "", "| case | about | " + " | ".join(columns) + " |"]
        lines.append("|" + "---|" * (len(columns) + 2))
        for case, checked in cases.items():
            cells = [f"{checked[c][0]} ({checked[c][1]})" if c in checked else "" for c in columns]
            lines.append(f"| {case} | {ABOUT.get(case, '')} | " + " | ".join(cells) + " |")
        lines.append("")
    TABLE.parent.mkdir(parents=True, exist_ok=True)
    TABLE.write_text("\n".join(lines))


# --- reading and checking what the page shows -------------------------------------------


def _outputs(page, root: str) -> dict[str, tuple[str, str]]:
    return page.evaluate(
        "root => Object.fromEntries([...document.querySelectorAll(`${root} output`)]"
        ".map(o => [o.id, [o.dataset.value, o.textContent]]))",
        root,
    )


def _number(text: str) -> float:
    return float(text.replace("\u2212", "-").replace(",", ""))


def _decimals(text: str) -> int:
    return len(text.split(".")[1]) if "." in text else 0


SUPERSCRIPTS = str.maketrans(
    "\u207b\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079", "-0123456789"
)
# A p-value below 0.0001 as the page writes it: "3.95 × 10⁻⁵⁷".
SCIENTIFIC = re.compile(r"(\d\.\d\d) \u00d7 10([\u207b\u2070\u00b9\u00b2\u00b3\u2074-\u2079]+)")


def _scientific(text: str) -> tuple[float, int]:
    """(mantissa, exponent) of "3.95 × 10⁻⁵⁷"."""
    match = SCIENTIFIC.fullmatch(text)
    assert match, f"not in the form m.mm × 10ⁿ: {text!r}"
    return float(match.group(1)), int(match.group(2).translate(SUPERSCRIPTS))


# A probability as the MLE & MAP explorer writes it: 0.3857, or 4.99 × 10⁻⁶ and 1 − 2.50 × 10⁻⁵
# within 0.001 of 0 or 1 (where four decimals would say 0.0000 or 1.0000).
ESTIMATE = r"(?:1 \u2212 )?\d\.\d\d \u00d7 10[\u207b\u2070\u00b9\u00b2\u00b3\u2074-\u2079]+|\d\.\d{4}"


def _estimate_ok(text: str, expected: float) -> bool:
    """`text` is `expected` to the precision that form promises, in the form its size calls for."""
    near_zero, near_one = 0 < expected < 0.001, 0.999 < expected < 1
    if "\u00d7" not in text:
        return not (near_zero or near_one) and _shown_as(text, expected, 4)
    from_one = text.startswith("1 \u2212 ")
    mantissa, exponent = _scientific(text.removeprefix("1 \u2212 "))
    target = 1 - expected if from_one else expected
    if not (near_one if from_one else near_zero) or exponent != math.floor(math.log10(target)):
        return False
    return abs(mantissa - target / 10**exponent) <= 0.005 * (1 + 1e-6)


def _check_log10(case: str, shown: str, log10: float) -> None:
    """The text is 10**log10 to three significant digits, however small."""
    mantissa, exponent = _scientific(shown)
    assert exponent == math.floor(log10), (case, shown, log10)
    assert abs(mantissa - 10 ** (log10 - exponent)) <= 0.005 * (1 + 1e-6), (case, shown, log10)


# How each quantity is shown: (decimals or kind, scale of the displayed number).
FORMATS = {
    "f4": (4, 1),
    "f3": (3, 1),
    "pct2": (2, 100),
    "pct1": (1, 100),
}
# A quantity that does not exist is said in words, never "undefined": "no MLE: no tosses yet".
MISSING = re.compile(r"(no [\w -]+|cannot be computed): [\w ,%()>=<≠-]+")


def _check(case: str, outputs, output_id: str, expected: float | None, kind: str, log10=None) -> None:
    value, text = outputs[output_id]
    explorer = "ab" if output_id.startswith("ab-") else "mle-map"
    quantity = output_id.removeprefix(f"{explorer}-")
    scale = FORMATS[kind][1] if kind in FORMATS else 1  # the table shows scipy in the page's unit
    scipy_text = "none" if expected is None else f"{expected * scale:.6g}"
    if log10 is not None and expected == 0:
        scipy_text = f"10^{log10:.6g}"
    CHECKED[explorer].setdefault(case, {})[quantity] = (text, scipy_text)
    if expected is None:
        assert value == "none", (case, output_id, value, text)
        assert MISSING.fullmatch(text) and "undefined" not in text, (case, output_id, text)
        return
    assert value not in (None, "none"), (case, output_id, "shown as missing, scipy gives", expected)
    assert float(value) == pytest.approx(expected, rel=1e-9, abs=1e-13), (case, output_id, value)
    shown = text.replace("\u2212", "-").replace(",", "")
    if kind == "plain":  # a shape parameter as typed, e.g. 9 or 2.5
        assert _number(shown) == pytest.approx(expected, abs=5e-5), (case, output_id, text)
    elif kind == "ceil":
        exact = expected
        allowed = {math.ceil(exact)} | ({round(exact)} if abs(exact - round(exact)) < 1e-6 else set())
        assert int(shown) in allowed, (case, output_id, text, exact)
    elif kind == "p" and expected < 1e-4:
        _check_log10(case, text, log10 if log10 is not None else math.log10(expected))
    elif kind == "f4" and explorer == "mle-map":
        assert _estimate_ok(text, expected), (case, output_id, text, expected)
    else:
        decimals, scale = FORMATS["f4" if kind == "p" else kind]
        assert _decimals(shown) == decimals, (case, output_id, text)
        target = expected * scale
        assert abs(_number(shown) - target) <= 0.5 * 10**-decimals + 1e-9 * abs(target), (
            case,
            output_id,
            text,
            target,
        )


def _shown_as(text: str, expected: float, decimals: int) -> bool:
    """A number printed with `decimals` decimals is `expected` correctly rounded."""
    return _decimals(text) == decimals and abs(_number(text) - expected) <= 0.5 * 10**-decimals + 1e-12


def _type(page, values: dict[str, float], prefix: str) -> None:
    """Type each value into its number box, then leave the box (Tab), as a reader does."""
    for name, value in values.items():
        box = page.locator(f"#{prefix}-{name}")
        box.fill(f"{value:g}" if isinstance(value, float) else str(value))
        box.press("Tab")
    for name, value in values.items():
        assert page.locator(f"#{prefix}-{name}").get_attribute("aria-invalid") is None, name
        assert _number(page.locator(f"#{prefix}-{name}").input_value()) == value


def _assert_no_nonsense(page, root: str) -> None:
    text = page.locator(root).inner_text()
    for bad in (r"NaN", r"Infinity", r"\bnull\b(?! distribution)", r"undefined", r"Undefined"):
        assert not re.search(bad, text), f"{bad} shown in {root}"


# --- reading a chart back in data coordinates ------------------------------------------------

_READ_CHART = """svg => {
  svg = document.querySelector(svg);
  if (!svg.dataset.plot) return null;
  const parse = (d) =>
    [...d.matchAll(/[ML](-?[\\d.]+),(-?[\\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
  const paths = (selector) =>
    [...svg.querySelectorAll(selector)]
      .map((p) => ({ cls: p.getAttribute("class"), px: parse(p.getAttribute("d")) }));
  return {
    x: svg.dataset.xDomain.split(" ").map(Number),
    y: svg.dataset.yDomain.split(" ").map(Number),
    plot: svg.dataset.plot.split(" ").map(Number),
    lines: paths("path.explorer-line"),
    areas: paths("path.explorer-area"),
    markers: [...svg.querySelectorAll("line.explorer-marker")].map((l) => ({
      cls: l.getAttribute("class"), px: Number(l.getAttribute("x1")) })),
    ticks: [...svg.querySelectorAll(".explorer-axes text")]
      .filter((t) => !t.classList.contains("explorer-axis-label"))
      .filter((t) => t.getAttribute("text-anchor") === "middle")
      .map((t) => [Number(t.getAttribute("x")), t.textContent]),
  };
}"""


class Chart:
    """A drawn chart: its scales, and its paths and markers in data coordinates."""

    def __init__(self, raw):
        self.x0, self.x1 = raw["x"]
        self.y0, self.y1 = raw["y"]
        self.left, self.top, self.width, self.height = raw["plot"]
        self.raw = raw

    def x(self, px: float) -> float:
        return self.x0 + (px - self.left) / self.width * (self.x1 - self.x0)

    def px(self, x: float) -> float:
        return self.left + (x - self.x0) / (self.x1 - self.x0) * self.width

    def y(self, py: float) -> float:
        return self.y0 + (self.top + self.height - py) / self.height * (self.y1 - self.y0)

    def py(self, y: float) -> float:
        return self.top + self.height - (y - self.y0) / (self.y1 - self.y0) * self.height

    def line(self, name: str) -> np.ndarray:
        """The pixel points [[px, py], ...] of the one line whose class ends in --name."""
        found = [p["px"] for p in self.raw["lines"] if p["cls"].endswith(f"--{name}")]
        assert len(found) == 1, (name, [p["cls"] for p in self.raw["lines"]])
        return np.array(found[0])

    def areas(self, name: str) -> list[np.ndarray]:
        """Shaded areas: the curve's pixel points, without the two closing baseline points."""
        return [np.array(p["px"][:-2]) for p in self.raw["areas"] if p["cls"].endswith(f"--{name}")]

    def marker(self, name: str) -> float:
        found = [m["px"] for m in self.raw["markers"] if m["cls"].endswith(f"--{name}")]
        assert len(found) == 1, name
        return found[0]

    def markers(self, name: str) -> list[float]:
        return sorted(self.x(m["px"]) for m in self.raw["markers"] if m["cls"].endswith(f"--{name}"))

    def ticks(self) -> list[tuple[float, str]]:
        return [(self.x(px), text) for px, text in self.raw["ticks"]]

    def assert_curve(self, points: np.ndarray, density, what: str) -> None:
        """Each drawn point inside the plot lies on `density` (pixel rounding allowed for)."""
        xs = np.array([self.x(px) for px, _ in points])
        inside = points[:, 1] >= self.top  # above the top the path is clipped away
        half_px = 0.006 * (self.x1 - self.x0) / self.width  # the path is written to 0.01 px
        spots = np.stack(
            [density(np.clip(xs + d, 0, 1) if self.x0 >= 0 else xs + d) for d in (-half_px, 0, half_px)]
        )
        expected = np.stack([[self.py(max(min(v, 1.5 * self.y1), self.y0)) for v in row] for row in spots])
        low, high = expected.min(axis=0) - 0.02, expected.max(axis=0) + 0.02
        bad = inside & ((points[:, 1] < low) | (points[:, 1] > high))
        assert not bad.any(), (what, xs[bad][:5], points[bad][:5], low[bad][:5])


def _chart(page, svg: str) -> Chart | None:
    raw = page.evaluate(_READ_CHART, svg)
    return None if raw is None else Chart(raw)


# --- MLE & MAP ---------------------------------------------------------------------------------

# (n, k, a, b): what each case is about.
MLE_CASES = [
    (10, 7, 2, 2, "the page's default: interior MLE and MAP"),
    (2, 1, 1, 1, "flat prior: posterior Beta(2, 2), MAP = MLE = 0.5"),
    (3, 1, 0.2, 0.2, "prior shapes below 1, posterior peak inside"),
    (0, 0, 2, 3, "n = 0: no MLE, the posterior is the prior"),
    (0, 0, 1, 1, "n = 0, a = b = 1: flat posterior, no MAP"),
    (0, 0, 0.5, 0.5, "n = 0, a = b = 0.5: U-shaped, no MAP"),
    (0, 0, 0.5, 2, "n = 0, a < 1: MAP at 0, density unbounded there"),
    (0, 0, 0.5, 1, "n = 0, a < 1 = b: MAP at 0, density unbounded there"),
    (0, 0, 1, 0.5, "n = 0, a = 1 > b: MAP at 1, density unbounded there"),
    (10, 0, 1, 1, "k = 0: MLE 0; posterior Beta(1, 11), MAP at 0"),
    (10, 10, 1, 1, "k = n: MLE 1; posterior Beta(11, 1), MAP at 1"),
    (5, 0, 0.5, 0.5, "k = 0, a < 1: posterior Beta(0.5, 5.5), MAP at 0 (unbounded)"),
    (5, 5, 2, 0.3, "k = n, b < 1: posterior Beta(7, 0.3), MAP at 1 (unbounded)"),
    (4, 4, 1, 0.5, "k = n, b < 1: posterior Beta(5, 0.5), MAP at 1"),
    (1, 0, 0.3, 0.7, "one toss, tail: posterior Beta(0.3, 1.7), MAP at 0"),
    (1000, 1, 0.1, 20, "rare heads: posterior Beta(1.1, 1019)"),
    (100000, 31234, 0.1, 0.1, "large n: a narrow posterior"),
    (100000, 31234, 1000, 1000, "large n, strong prior far from the data"),
    (100000, 0, 0.5, 0.5, "large n, no heads: everything near 0"),
    (7, 3, 12.5, 37.5, "a strong prior pulls the MAP from the MLE"),
]


def mle_expected(n: int, k: int, a: float, b: float) -> dict[str, float | None]:
    """What scipy says for k heads in n tosses and a Beta(a, b) prior."""
    alpha, beta = a + k, b + n - k
    posterior = stats.beta(alpha, beta)
    if alpha > 1 and beta > 1:
        mode = (alpha - 1) / (alpha + beta - 2)
    elif (alpha == 1 and beta == 1) or (alpha < 1 and beta < 1):
        mode = None
    else:  # the density falls from p = 0 (alpha <= 1 <= beta) or rises to p = 1
        mode = 0.0 if alpha <= 1 <= beta else 1.0
    _check_mode_with_scipy(posterior, alpha, beta, mode)
    if n:
        _check_mle_maximises_the_likelihood(n, k)
    return {
        "mle-map-post-a": alpha,
        "mle-map-post-b": beta,
        "mle-map-mle": k / n if n else None,
        "mle-map-map": mode,
        "mle-map-mean": posterior.mean(),
        "mle-map-ci-lo": posterior.ppf(0.025),
        "mle-map-ci-hi": posterior.ppf(0.975),
    }


def _check_mode_with_scipy(posterior, alpha, beta, mode) -> None:
    """The mode formula agrees with where scipy's density is highest (flat, U-shaped, or an edge)."""
    grid = np.linspace(1e-6, 1 - 1e-6, 200_001)
    if posterior.std() < 1e-3:  # narrow: look where the mass is
        grid = np.clip(posterior.mean() + posterior.std() * np.linspace(-12, 12, 200_001), 1e-12, 1 - 1e-12)
    density = posterior.pdf(grid)
    if mode is None:
        flat = np.ptp(density) < 1e-9 * density.max()
        u_shaped = density[0] > density[len(grid) // 2] < density[-1]
        assert flat or u_shaped, (alpha, beta)
    else:
        step = grid[1] - grid[0]
        assert abs(grid[np.argmax(density)] - mode) < max(1e-4, 2 * step), (alpha, beta)


def _check_mle_maximises_the_likelihood(n: int, k: int) -> None:
    """k/n is where scipy's binomial likelihood of k heads in n tosses is highest."""
    grid = np.linspace(0, 1, 1_000_001)
    best = grid[np.argmax(stats.binom.logpmf(k, n, grid))]
    assert abs(best - k / n) <= 1e-6, (n, k, best)


MLE_FORMATS = {"post-a": "plain", "post-b": "plain"}


def _check_mle_caption(case: str, page, expected) -> None:
    """The numbers in the chart's caption are scipy's, to the decimals shown."""
    text = page.locator("#mle-map-chart-desc").inner_text()
    interval = re.search(rf"shaded from ({ESTIMATE}) to ({ESTIMATE})\. ", text)
    assert interval, (case, text)
    assert _estimate_ok(interval.group(1), expected["mle-map-ci-lo"]), (case, text)
    assert _estimate_ok(interval.group(2), expected["mle-map-ci-hi"]), (case, text)
    for name, key in [("MLE", "mle-map-mle"), ("MAP", "mle-map-map"), ("posterior mean", "mle-map-mean")]:
        if expected[key] is None:
            assert f"no {name}" in text, (case, name, text)
        else:
            number = re.search(rf"\b{name} ({ESTIMATE}) \(", text)
            assert number and _estimate_ok(number.group(1), expected[key]), (case, name, text)
    shapes = re.search(r"posterior Beta\(([\d.]+), ([\d.]+)\)", text)
    assert shapes, (case, text)
    assert float(shapes.group(1)) == pytest.approx(expected["mle-map-post-a"], abs=5e-5)
    assert float(shapes.group(2)) == pytest.approx(expected["mle-map-post-b"], abs=5e-5)


@pytest.fixture
def mle_page(open_page):
    page, watched = open_page(MLE_PAGE)
    page.locator("#mle-map-explorer[data-explorer-ready]").wait_for()
    yield page
    assert watched.blocked == []
    assert watched.console_errors == []


@pytest.mark.claim(
    "explore/index/checked-against-scipy",
    "explore/mle-map/checked-against-scipy",
    "explore/mle-map/mle-is-k-over-n",
    "explore/mle-map/estimates-are-formulas",
    "explore/mle-map/shapes-at-most-one",
    "explore/mle-map/says-which-mode",
    "explore/mle-map/no-mle-without-tosses",
    "explore/mle-map/credible-interval-quantiles",
)
def test_mle_map_shows_what_scipy_computes(mle_page):
    page = mle_page
    for n, k, a, b, about in MLE_CASES:
        case = f"n={n} k={k} a={a:g} b={b:g}"
        ABOUT[case] = about
        _type(page, {"n": n, "k": k, "a": float(a), "b": float(b)}, "mle-map")
        outputs = _outputs(page, "#mle-map-explorer")
        expected = mle_expected(n, k, a, b)
        for output_id, value in expected.items():
            kind = MLE_FORMATS.get(output_id.removeprefix("mle-map-"), "f4")
            _check(case, outputs, output_id, value, kind)
        _check_mle_caption(case, page, expected)
        _assert_no_nonsense(page, "#mle-map-explorer")
        mle_note = page.locator("#mle-map-mle-note").inner_text()
        map_note = page.locator("#mle-map-map-note").inner_text()
        if n == 0:
            assert outputs["mle-map-mle"][1] == "no MLE: no tosses yet", about
            assert "no tosses" in mle_note.lower() and "no single MLE" in mle_note, about
        elif k in (0, n):
            assert "boundary" in mle_note.lower(), about
        alpha, beta = a + k, b + n - k
        if alpha == beta == 1:
            assert outputs["mle-map-map"][1] == "no MAP: the posterior is flat", about
            assert "flat" in map_note and "no single mode" in map_note, about
        elif alpha < 1 and beta < 1:
            assert outputs["mle-map-map"][1] == "no MAP: the posterior is U-shaped", about
            assert "U-shaped" in map_note and "no single mode" in map_note, about
        elif alpha <= 1 or beta <= 1:
            edge = "0" if alpha <= 1 <= beta else "1"
            assert "boundary" in map_note and f"p = {edge}" in map_note, about
            assert ("without bound" in map_note) == (min(alpha, beta) < 1), about
        else:
            assert map_note == "", about
        description = page.locator("#mle-map-chart-desc").inner_text()
        assert ("curves coincide" in description) == (a == b == 1 and n > 0), about
        if n > 0:  # counts of one in the singular
            heads, tosses = f"{k:,} head{'' if k == 1 else 's'}", f"{n:,} toss{'' if n == 1 else 'es'}"
            assert f"the likelihood of {heads} in {tosses}" in description, about


@pytest.mark.claim("explore/index/keyboard-alone", "explore/index/slider-and-box")
def test_mle_map_keyboard_alone(mle_page):
    page = mle_page
    before = _outputs(page, "#mle-map-explorer")["mle-map-mle"]
    page.focus("#mle-map-k-range")
    page.keyboard.press("ArrowRight")
    assert page.locator("#mle-map-k").input_value() == "8"
    outputs = _outputs(page, "#mle-map-explorer")
    assert outputs["mle-map-mle"] != before
    expected = mle_expected(10, 8, 2, 2)
    for output_id, value in expected.items():
        _check("keys: k 7→8", outputs, output_id, value, MLE_FORMATS.get(output_id[8:], "f4"))
    # Tab onwards to the prior's a slider and step it: 2 → 2.1.
    page.focus("#mle-map-a-range")
    page.keyboard.press("ArrowRight")
    assert page.locator("#mle-map-a").input_value() == "2.1"
    outputs = _outputs(page, "#mle-map-explorer")
    for output_id, value in mle_expected(10, 8, 2.1, 2).items():
        _check("keys: a 2→2.1", outputs, output_id, value, MLE_FORMATS.get(output_id[8:], "f4"))
    # Page Up and Page Down take bigger steps than the arrows (a tenth of the slider).
    page.focus("#mle-map-n-range")
    page.keyboard.press("PageUp")
    assert page.locator("#mle-map-n").input_value() == "30"
    page.keyboard.press("PageDown")
    assert page.locator("#mle-map-n").input_value() == "10"
    # Every slider is paired with a number box: the box follows the slider and the other way round.
    for name in ("n", "k", "a", "b"):
        slider, box = page.locator(f"#mle-map-{name}-range"), page.locator(f"#mle-map-{name}")
        slider.focus()
        page.keyboard.press("ArrowLeft")
        assert _number(box.input_value()) == float(slider.input_value()), name
    _type(page, {"n": 40, "k": 12, "a": 3.5}, "mle-map")
    for name, value in {"n": 40, "k": 12, "a": 3.5}.items():
        assert float(page.locator(f"#mle-map-{name}-range").input_value()) == value, name
    # Every control is reachable with Tab.
    reached = set()
    page.focus("#mle-map-n-range")
    for _ in range(8):
        reached.add(page.evaluate("document.activeElement.id"))
        page.keyboard.press("Tab")
    assert {"mle-map-n-range", "mle-map-n", "mle-map-k-range", "mle-map-k", "mle-map-a-range", "mle-map-a",
            "mle-map-b-range", "mle-map-b"} <= reached  # fmt: skip


def _results_shown(page, root: str) -> bool:
    return page.locator(f"{root} .explorer-results dl").is_visible()


@pytest.mark.claim("explore/index/inconsistent-input-refused")
def test_mle_map_bad_input_is_refused_not_computed(mle_page):
    page = mle_page
    box = page.locator("#mle-map-a")
    box.fill("-1")
    assert box.get_attribute("aria-invalid") == "true"
    assert page.locator("#mle-map-a-error").inner_text() == "Enter a number from 0.1 to 1000."
    assert "see the message under Prior a" in page.locator("#mle-map-status").inner_text()
    assert not _results_shown(page, "#mle-map-explorer"), "no results from an input out of range"
    assert _chart(page, "#mle-map-chart") is None, "no curves either"
    assert _axe_serious(page) == []
    box.press("Tab")  # leaving the box keeps what was typed, and the refusal
    assert box.input_value() == "-1" and box.get_attribute("aria-invalid") == "true"
    assert not _results_shown(page, "#mle-map-explorer")
    box.fill("3")  # a valid value brings the results back
    assert box.get_attribute("aria-invalid") is None
    assert page.locator("#mle-map-status").inner_text() == ""
    assert _results_shown(page, "#mle-map-explorer")
    for output_id, value in mle_expected(10, 7, 3, 2).items():
        _check(
            "a back to 3",
            _outputs(page, "#mle-map-explorer"),
            output_id,
            value,
            MLE_FORMATS.get(output_id[8:], "f4"),
        )


@pytest.mark.claim(
    "explore/mle-map/more-heads-than-tosses-refused", "explore/index/inconsistent-input-refused"
)
def test_mle_map_more_heads_than_tosses_is_refused(mle_page):
    page = mle_page
    message = "Heads k = 7 is more than tosses n = 5: raise n or lower k."
    # Typing fewer tosses than heads: refused, and k stays 7.
    page.locator("#mle-map-n").fill("5")
    page.locator("#mle-map-n").press("Tab")
    assert page.locator("#mle-map-n-error").inner_text() == message
    assert page.locator("#mle-map-k").input_value() == "7", "k is left as it was"
    assert page.locator("#mle-map-n").get_attribute("aria-invalid") == "true"
    assert page.locator("#mle-map-k").get_attribute("aria-invalid") == "true"
    assert "mle-map-n-error" in page.locator("#mle-map-k").get_attribute("aria-describedby")
    assert not _results_shown(page, "#mle-map-explorer")
    assert _chart(page, "#mle-map-chart") is None
    assert "No chart: " + message == page.locator("#mle-map-chart-desc").inner_text()
    # Lowering k to 5 makes the inputs agree: 5 heads in 5 tosses.
    page.locator("#mle-map-k").fill("5")
    assert page.locator("#mle-map-n-error").is_hidden()
    assert _results_shown(page, "#mle-map-explorer")
    _check("n = k = 5", _outputs(page, "#mle-map-explorer"), "mle-map-mle", 1.0, "f4")
    # The n slider moved below k: refused the same way, k untouched.
    page.focus("#mle-map-n-range")
    page.keyboard.press("ArrowLeft")
    assert page.locator("#mle-map-n").input_value() == "4"
    assert page.locator("#mle-map-k").input_value() == "5"
    assert (
        page.locator("#mle-map-n-error").inner_text()
        == "Heads k = 5 is more than tosses n = 4: raise n or lower k."
    )
    assert not _results_shown(page, "#mle-map-explorer")
    page.keyboard.press("ArrowRight")
    assert _results_shown(page, "#mle-map-explorer")
    assert page.locator("#mle-map-k").input_value() == "5"


def _set(page, prefix: str, values: dict[str, float]) -> None:
    for name, value in values.items():
        page.locator(f"#{prefix}-{name}").fill(f"{value:g}" if isinstance(value, float) else str(value))


@pytest.mark.claim("explore/index/mle-map-chart")
def test_mle_map_chart_draws_the_three_curves_and_the_estimates(mle_page):
    page = mle_page
    for n, k, a, b in [(10, 7, 2, 2), (40, 9, 3, 5), (100000, 31234, 1000, 1000)]:
        _set(page, "mle-map", {"n": n, "k": k, "a": float(a), "b": float(b)})
        chart = _chart(page, "#mle-map-chart")
        expected = mle_expected(n, k, a, b)
        for name in ("prior", "likelihood", "posterior"):
            assert len(chart.line(name)) > 100, name
        for name, key in [("mle", "mle-map-mle"), ("map", "mle-map-map"), ("mean", "mle-map-mean")]:
            assert abs(chart.marker(name) - chart.px(expected[key])) <= 0.01, (n, name)
        (area,) = chart.areas("posterior")
        assert abs(area[0, 0] - chart.px(expected["mle-map-ci-lo"])) <= 0.01
        assert abs(area[-1, 0] - chart.px(expected["mle-map-ci-hi"])) <= 0.01


def _mle_curves(page, n, k, a, b):
    _set(page, "mle-map", {"n": n, "k": k, "a": float(a), "b": float(b)})
    return _chart(page, "#mle-map-chart")


def _integral(f, alpha: float, beta: float) -> float:
    """The integral of f over [0, 1] by quadrature, where f has the mass of a Beta(alpha, beta)
    (its mean and sd only say where to look; the value is quadrature's)."""
    mean = alpha / (alpha + beta)
    sd = math.sqrt(alpha * beta / ((alpha + beta) ** 2 * (alpha + beta + 1)))
    span = (max(0.0, mean - 15 * sd), min(1.0, mean + 15 * sd))
    value, error = integrate.quad(f, *span, points=[mean], limit=400, epsabs=0, epsrel=1e-11)
    assert error < 1e-9 * value
    return value


def _same_curve(one: np.ndarray, other: np.ndarray) -> bool:
    """The same drawn curve, one of them with a few extra points on it (the interval's ends)."""
    small, large = sorted([one, other], key=len)
    return len(large) - len(small) <= 2 and {tuple(p) for p in small} <= {tuple(p) for p in large}


def _likelihood_kernel(p, n: int, k: int, peak: float = 0.0):
    """p^k (1 − p)^(n − k), divided by exp(peak) to stay in range."""
    p = np.clip(p, 1e-300, 1 - 1e-16)
    return np.exp(k * np.log(p) + (n - k) * np.log1p(-p) - peak)


def _prior_times_likelihood(p, n: int, k: int, a: float, b: float):
    """Bayes' numerator: the Beta(a, b) prior density times the binomial likelihood."""
    p = np.clip(p, 1e-12, 1 - 1e-12)
    return stats.beta.pdf(p, a, b) * stats.binom.pmf(k, n, p)


@pytest.mark.claim("explore/mle-map/likelihood-drawn-as-beta")
def test_mle_map_likelihood_is_drawn_as_a_beta_density(mle_page):
    page = mle_page
    for n, k, a, b in [(10, 7, 2, 2), (3, 0, 1, 1), (200, 150, 2, 2), (100000, 31234, 2, 2)]:
        chart = _mle_curves(page, n, k, a, b)
        # p^k (1 - p)^(n - k) scaled to integrate to 1 (the integral by quadrature, not by a formula)...
        peak = k * math.log(k / n) + (n - k) * math.log1p(-k / n) if 0 < k < n else 0.0
        kernel = functools.partial(_likelihood_kernel, n=n, k=k, peak=peak)
        area = _integral(kernel, k + 1, n - k + 1)
        chart.assert_curve(
            chart.line("likelihood"), lambda p, f=kernel, c=area: f(p) / c, f"likelihood {n} {k}"
        )
        # ...which is the Beta(k + 1, n - k + 1) density.
        chart.assert_curve(chart.line("likelihood"), stats.beta(k + 1, n - k + 1).pdf, f"Beta n={n} k={k}")


@pytest.mark.claim("explore/mle-map/posterior-is-beta")
def test_mle_map_posterior_is_prior_times_likelihood(mle_page):
    page = mle_page
    for n, k, a, b in [(10, 7, 2, 2), (12, 2, 0.5, 3), (40, 33, 12.5, 37.5), (2000, 700, 30, 10)]:
        chart = _mle_curves(page, n, k, a, b)
        outputs = _outputs(page, "#mle-map-explorer")
        assert float(outputs["mle-map-post-a"][0]) == pytest.approx(a + k, rel=1e-12)
        assert float(outputs["mle-map-post-b"][0]) == pytest.approx(b + n - k, rel=1e-12)
        # Bayes' rule by quadrature: prior density times binomial likelihood, normalised.
        numerator = functools.partial(_prior_times_likelihood, n=n, k=k, a=a, b=b)
        evidence = _integral(numerator, a + k, b + n - k)
        posterior = lambda p, f=numerator, c=evidence: f(p) / c  # noqa: E731
        chart.assert_curve(chart.line("posterior"), posterior, f"posterior n={n} k={k}")


@pytest.mark.claim("explore/mle-map/no-data")
def test_mle_map_with_no_tosses_the_posterior_is_the_prior(mle_page):
    page = mle_page
    for a, b in [(2, 2), (2, 3), (0.5, 0.5), (5, 1)]:
        chart = _mle_curves(page, 0, 0, a, b)
        likelihood = chart.line("likelihood")
        inside = likelihood[:, 1] >= chart.top
        assert np.ptp(likelihood[inside, 1]) <= 0.01, "the likelihood is flat"
        chart.assert_curve(likelihood, lambda p: np.ones_like(p), "flat likelihood")
        assert page.locator("#mle-map-mle").inner_text() == "no MLE: no tosses yet"
        assert _same_curve(chart.line("posterior"), chart.line("prior")), "the posterior is the prior"
        caption = page.locator("#mle-map-chart-desc").inner_text()
        assert "With no tosses the posterior is the prior" in caption, "and the caption says so"
        outputs = _outputs(page, "#mle-map-explorer")
        assert (float(outputs["mle-map-post-a"][0]), float(outputs["mle-map-post-b"][0])) == (a, b)


@pytest.mark.claim("explore/mle-map/all-tails-mle-zero", "explore/mle-map/beta-2-2-map")
def test_mle_map_all_tails_and_the_beta_2_2_prior(mle_page):
    page = mle_page
    for n, k in [(1, 0), (3, 0), (10, 0), (10, 7), (25, 25), (200, 13)]:
        _set(page, "mle-map", {"n": n, "k": k, "a": 2.0, "b": 2.0})
        outputs = _outputs(page, "#mle-map-explorer")
        if k == 0:
            assert float(outputs["mle-map-mle"][0]) == 0 and outputs["mle-map-mle"][1] == "0.0000"
        map_value = float(outputs["mle-map-map"][0])
        assert map_value == pytest.approx((k + 1) / (n + 2), rel=1e-12), (n, k)
        assert 0 < map_value < 1


@pytest.mark.claim("explore/mle-map/flat-prior")
def test_mle_map_flat_prior_posterior_is_the_likelihood(mle_page):
    page = mle_page
    for n, k in [(1, 0), (2, 1), (10, 7), (10, 10), (150, 40)]:
        chart = _mle_curves(page, n, k, 1, 1)
        assert _same_curve(chart.line("posterior"), chart.line("likelihood")), (n, k)
        outputs = _outputs(page, "#mle-map-explorer")
        assert outputs["mle-map-map"] == outputs["mle-map-mle"], (n, k)


@pytest.mark.claim("explore/mle-map/prior-piles-up", "explore/mle-map/shapes-below-one")
def test_mle_map_shapes_below_one(mle_page):
    page = mle_page
    chart = _mle_curves(page, 10, 7, 0.5, 0.5)
    prior = chart.line("prior")
    heights = {round(chart.x(px), 3): chart.y(py) for px, py in prior}
    assert heights[0.01] > heights[0.1] > heights[0.5] < heights[0.9] < heights[0.99], "piles up at 0 and 1"
    caption = page.locator("#mle-map-chart-desc").inner_text()
    assert (
        "the prior rises without bound at p = 0" in caption
        and "the prior rises without bound at p = 1" in caption
    )
    for n in (1, 5, 20):
        _set(page, "mle-map", {"n": n, "k": 0})
        assert float(_outputs(page, "#mle-map-explorer")["mle-map-map"][0]) == 0, n
        note = page.locator("#mle-map-map-note").inner_text()
        assert "At the boundary" in note and "rises without bound at p = 0" in note, n
    _set(page, "mle-map", {"n": 0, "k": 0})
    assert page.locator("#mle-map-map").inner_text() == "no MAP: the posterior is U-shaped"
    assert "no single mode" in page.locator("#mle-map-map-note").inner_text()


@pytest.mark.claim("explore/mle-map/more-data")
def test_mle_map_more_data_narrows_and_forgets_the_prior(mle_page):
    page = mle_page
    for a, b in [(2.0, 5.0), (0.5, 0.5), (30.0, 10.0)]:
        widths, mean_gaps, map_gaps = [], [], []
        for n in (10, 100, 1000, 10000, 100000):
            _set(page, "mle-map", {"n": n, "k": 7 * n // 10, "a": a, "b": b})  # k/n = 0.7 throughout
            outputs = {key: float(value) for key, (value, _) in _outputs(page, "#mle-map-explorer").items()}
            widths.append(outputs["mle-map-ci-hi"] - outputs["mle-map-ci-lo"])
            mean_gaps.append(abs(outputs["mle-map-mean"] - outputs["mle-map-mle"]))
            map_gaps.append(abs(outputs["mle-map-map"] - outputs["mle-map-mle"]))
        for series in (widths, mean_gaps, map_gaps):
            assert all(later < earlier for earlier, later in itertools.pairwise(series)), (a, b, series)
        assert mean_gaps[-1] < 1e-3 and map_gaps[-1] < 1e-3, (a, b, "the prior is forgotten")


def _mass(a: float, b: float) -> tuple[float, float]:
    return stats.beta.ppf(0.0005, a, b), stats.beta.ppf(0.9995, a, b)


@pytest.mark.claim(
    "explore/mle-map/axis-follows-mass",
    "explore/mle-map/axis-starts-whole",
    "explore/mle-map/caption-says-prior-cut",
)
def test_mle_map_x_axis_follows_the_mass_of_the_curves(open_page):
    for viewport in ({"width": 1280, "height": 800}, {"width": 390, "height": 844}):
        page, watched = open_page(MLE_PAGE, viewport=viewport)
        page.locator("#mle-map-explorer[data-explorer-ready]").wait_for()
        chart = _chart(page, "#mle-map-chart")
        assert (chart.x0, chart.x1) == (0, 1), "the starting 7 heads in 10 tosses: the whole of [0, 1]"
        for n, k, a, b in [
            (10, 7, 2, 2), (200, 150, 2, 2), (2000, 1400, 2, 2), (100000, 31234, 2, 2),
            (100000, 31234, 1000, 1000), (100000, 0, 0.5, 0.5), (100000, 99990, 1, 1), (500, 250, 1000, 10),
            (50, 5, 0.2, 30), (0, 0, 300, 700),
        ]:  # fmt: skip
            chart = _mle_curves(page, n, k, a, b)
            case = (viewport["width"], n, k, a, b)
            result = mle_expected(n, k, a, b)
            spans = [_mass(a + k, b + n - k)] + ([_mass(k + 1, n - k + 1)] if n else [])
            estimates = [
                v
                for key, v in result.items()
                if key in ("mle-map-mle", "mle-map-map", "mle-map-mean") and v is not None
            ]
            lo = min([s[0] for s in spans] + estimates)
            hi = max([s[1] for s in spans] + estimates)
            span = hi - lo
            prior = _mass(a, b)
            # Widened towards the prior by at most twice the span on each side, within [0, 1]...
            want_lo = max(0, min(lo, max(prior[0], lo - 2 * span)))
            want_hi = min(1, max(hi, min(prior[1], hi + 2 * span)))
            assert chart.x0 <= want_lo * (1 + 1e-9) and chart.x1 >= want_hi * (1 - 1e-9), (
                case,
                chart.x0,
                chart.x1,
            )
            # ...then rounded out to the nearest ticks: both ends are tick values, less than a step away.
            ticks = chart.ticks()
            step = ticks[1][0] - ticks[0][0]
            assert ticks[0][0] == pytest.approx(chart.x0, abs=1e-9) and ticks[-1][0] == pytest.approx(
                chart.x1, abs=1e-9
            )
            assert want_lo - chart.x0 < step * (1 + 1e-9) and chart.x1 - want_hi < step * (1 + 1e-9), case
            for value, text in ticks:
                assert _number(text) == pytest.approx(value, abs=1e-9), (case, text)
            caption = page.locator("#mle-map-chart-desc").inner_text()
            cut = prior[0] < chart.x0 - 1e-12 or prior[1] > chart.x1 + 1e-12
            assert ("central 99.9% of the prior" in caption) == cut, (case, caption)
            if cut:
                shown = re.search(rf"prior, ({ESTIMATE}) to ({ESTIMATE}), reaches beyond", caption)
                assert _estimate_ok(shown.group(1), prior[0]) and _estimate_ok(shown.group(2), prior[1]), (
                    caption
                )
            if (chart.x0, chart.x1) != (0, 1):
                ends = re.search(r"The axis shows p from (\S+) to (\S+), where", caption)
                assert ends and (ends.group(1), ends.group(2)) == (ticks[0][1], ticks[-1][1]), caption
        assert watched.blocked == [] and watched.console_errors == []


@pytest.mark.claim("explore/mle-map/large-n-mle-and-map-apart")
def test_mle_map_at_large_n_mle_and_map_stand_apart(open_page):
    n, k, a, b = 100000, 31234, 1000, 1000
    posterior = stats.beta(a + k, b + n - k)
    result = mle_expected(n, k, a, b)
    assert (result["mle-map-map"] - result["mle-map-mle"]) / posterior.std() > 2, (
        "more than two posterior sds"
    )
    for viewport in ({"width": 1280, "height": 800}, {"width": 390, "height": 844}):
        page, _ = open_page(MLE_PAGE, viewport=viewport)
        page.locator("#mle-map-explorer[data-explorer-ready]").wait_for()
        chart = _mle_curves(page, n, k, a, b)
        assert chart.marker("map") - chart.marker("mle") > 10, viewport  # more than ten pixels apart
        on_screen = page.evaluate(
            "() => ['mle', 'map'].map(name => document.querySelector("
            "`#mle-map-chart line.explorer-marker--${name}`).getBoundingClientRect().x)"
        )
        assert on_screen[1] - on_screen[0] > 10, (viewport, on_screen)  # as the reader sees it


# --- A/B test ----------------------------------------------------------------------------------

# (n_A, x_A, n_B, x_B, alpha, alternative): what each case is about.
AB_CASES = [
    (1000, 100, 1000, 130, 0.05, "two", "the page's default"),
    (1000, 100, 1000, 130, 0.05, "greater", "one-sided, B > A: half the two-sided p"),
    (1000, 100, 1000, 130, 0.05, "less", "one-sided, B < A: the wrong way, p large"),
    (1000, 100, 1000, 100, 0.05, "two", "equal rates: z = 0, p = 1, power = alpha, no sample size"),
    (1000, 100, 1000, 100, 0.05, "greater", "equal rates, one-sided: p = 0.5"),
    (500, 0, 500, 12, 0.05, "two", "zero conversions in A: A's interval has zero width"),
    (500, 0, 500, 0, 0.05, "two", "zero conversions in both: no z, p, power or sample size"),
    (200, 200, 300, 300, 0.05, "two", "everyone converts: no z, p, power or sample size"),
    (50, 0, 40, 40, 0.05, "two", "rates 0 and 1: z defined, no power"),
    (2000, 240, 1500, 150, 0.01, "greater", "B below A, H1: B > A: no sample size"),
    (2000, 240, 1500, 150, 0.10, "less", "B below A, H1: B < A, alpha = 0.10"),
    (10000, 1000, 10000, 1300, 0.001, "two", "a tiny p-value, alpha = 0.001"),
    (10000, 500, 10000, 3000, 0.05, "two", "p below 1e-308: computed from its log"),
    (10000, 500, 10000, 3000, 0.05, "less", "p within a hair of 1, the wrong way"),
    (1000000, 0, 1000000, 1000000, 0.05, "greater", "p near 10^-217000"),
    (80, 3, 120, 9, 0.2, "two", "small counts, alpha = 0.2, interval below 0"),
    (1234, 56, 987, 65, 0.025, "greater", "unequal groups, alpha = 0.025"),
    (200, 20, 2000, 300, 0.05, "two", "the test and the interval disagree"),
]


def _log10_p(z: float, side: str) -> float:
    """log10 of the p-value from scipy's log tails, exact where the p-value underflows."""
    log_p = {
        "two": math.log(2) + stats.norm.logsf(abs(z)),
        "greater": stats.norm.logsf(z),
        "less": stats.norm.logcdf(z),
    }[side]
    return min(0.0, log_p) / math.log(10)


def ab_expected(na, xa, nb, xb, alpha, side) -> dict[str, float | None]:
    """scipy's two-proportion pooled z-test, Wald intervals and normal power formulas."""
    norm = stats.norm
    pa, pb = xa / na, xb / nb
    diff = pb - pa
    z_ci = norm.ppf(1 - alpha / 2)
    z_crit = z_ci if side == "two" else norm.ppf(1 - alpha)
    se_a, se_b = math.sqrt(pa * (1 - pa) / na), math.sqrt(pb * (1 - pb) / nb)
    se = math.sqrt(pa * (1 - pa) / na + pb * (1 - pb) / nb)
    pooled = (xa + xb) / (na + nb)
    se0 = math.sqrt(pooled * (1 - pooled) * (1 / na + 1 / nb))
    z = p = power = n80 = None
    if se0 > 0:
        z = diff / se0
        p = {"two": min(1.0, 2 * norm.sf(abs(z))), "greater": norm.sf(z), "less": norm.cdf(z)}[side]
    if se > 0:
        shift = diff / se
        power = {
            "two": norm.cdf(abs(shift) - z_crit) + norm.cdf(-abs(shift) - z_crit),
            "greater": norm.cdf(shift - z_crit),
            "less": norm.cdf(-shift - z_crit),
        }[side]
    wrong_way = (side == "greater" and diff < 0) or (side == "less" and diff > 0)
    if diff != 0 and not wrong_way:
        mean = (pa + pb) / 2
        root = z_crit * math.sqrt(2 * mean * (1 - mean)) + norm.ppf(0.8) * math.sqrt(
            pa * (1 - pa) + pb * (1 - pb)
        )
        n80 = root**2 / diff**2
    return {
        "ab-rate-a": pa,
        "ab-rate-a-lo": pa - z_ci * se_a,
        "ab-rate-a-hi": pa + z_ci * se_a,
        "ab-rate-b": pb,
        "ab-rate-b-lo": pb - z_ci * se_b,
        "ab-rate-b-hi": pb + z_ci * se_b,
        "ab-diff": diff,
        "ab-diff-lo": diff - z_ci * se,
        "ab-diff-hi": diff + z_ci * se,
        "ab-pooled": pooled,
        "ab-z": z,
        "ab-p": p,
        "ab-power": power,
        "ab-n80": n80,
        # not shown as outputs: for the caption and the p-value's log
        "se0": se0,
        "z-crit": z_crit,
        "log10-p": None if z is None else _log10_p(z, side),
    }


AB_FORMATS = {"ab-z": "f3", "ab-p": "p", "ab-power": "pct1", "ab-n80": "ceil"}


def _check_ab_caption(case: str, page, expected, alpha: float, side: str) -> None:
    """The numbers in the chart's caption are scipy's, to the decimals shown."""
    text = page.locator("#ab-chart-desc").inner_text()
    if expected["se0"] == 0:
        assert text.startswith("No null distribution to draw: the pooled rate is"), (case, text)
        return
    numbers = re.search(
        r"pooled rate (\S+)%: normal with mean 0 and standard deviation (\S+) percentage points\. "
        r"The observed difference, (\S+) points, .* area p = (.+?)\. .* at α = (\S+), ([±+−])(\S+) points\.",
        text,
    )
    assert numbers, (case, text)
    pooled, sd, diff, p, alpha_text, sign, critical = numbers.groups()
    assert _shown_as(pooled, 100 * expected["ab-pooled"], 2), (case, text)
    assert _shown_as(sd, 100 * expected["se0"], 2), (case, text)
    assert _shown_as(diff, 100 * expected["ab-diff"], 2), (case, text)
    assert p == page.locator("#ab-p").inner_text(), (case, text)  # checked against scipy with the outputs
    assert float(alpha_text) == alpha
    assert sign == {"two": "±", "greater": "+", "less": "−"}[side]
    assert _shown_as(critical, 100 * expected["z-crit"] * expected["se0"], 2), (case, text)


def _check_ab(case, page, expected, alpha=None, side=None) -> None:
    outputs = _outputs(page, "#ab-explorer")
    for output_id, value in expected.items():
        if output_id.startswith("ab-"):
            log10 = expected["log10-p"] if output_id == "ab-p" else None
            _check(case, outputs, output_id, value, AB_FORMATS.get(output_id, "pct2"), log10=log10)
    if expected["log10-p"] is not None:
        shown = float(page.locator("#ab-p").get_attribute("data-log10"))
        assert shown == pytest.approx(expected["log10-p"], rel=1e-9, abs=1e-12), case
    if alpha is not None:
        _check_ab_caption(case, page, expected, alpha, side)
    _assert_no_nonsense(page, "#ab-explorer")


@pytest.fixture
def ab_page(open_page):
    page, watched = open_page(AB_PAGE)
    page.locator("#ab-explorer[data-explorer-ready]").wait_for()
    yield page
    assert watched.blocked == []
    assert watched.console_errors == []


def _ab_case(page, na, xa, nb, xb, alpha, side):
    page.check(f"#ab-sided-{side}")
    _type(page, {"na": na, "xa": xa, "nb": nb, "xb": xb, "alpha": float(alpha)}, "ab")
    return ab_expected(na, xa, nb, xb, alpha, side)


@pytest.mark.claim(
    "explore/index/checked-against-scipy",
    "explore/index/ab-test-results",
    "explore/ab-test/checked-against-scipy",
    "explore/ab-test/p-value-formula",
    "explore/ab-test/rejects-when-p-at-most-alpha",
    "explore/ab-test/wald-intervals",
    "explore/ab-test/power-formula",
    "explore/ab-test/wald-edges-flagged",
    "explore/ab-test/tiny-p-exact",
)
def test_ab_test_shows_what_scipy_computes(ab_page):
    page = ab_page
    for na, xa, nb, xb, alpha, side, about in AB_CASES:
        case = f"A {xa}/{na} B {xb}/{nb} α={alpha:g} {side}"
        ABOUT[case] = about
        expected = _ab_case(page, na, xa, nb, xb, alpha, side)
        _check_ab(case, page, expected, alpha, side)
        outputs = _outputs(page, "#ab-explorer")
        if expected["ab-z"] is None:
            why = "no visitor converted" if xa + xb == 0 else "every visitor converted"
            assert outputs["ab-z"][1] == f"no z: {why}" and outputs["ab-p"][1] == f"no p-value: {why}", about
            assert (
                page.locator("#ab-z-note").inner_text().startswith("There is no test: the pooled rate is")
            ), about
        if expected["ab-power"] is None:
            assert outputs["ab-power"][1] == "cannot be computed: both rates are 0% or 100%", about
        if expected["ab-n80"] is None:
            assert outputs["ab-n80"][1].startswith("no sample size: "), about
            assert "no sample size gives 80% power" in page.locator("#ab-n80-note").inner_text().lower(), (
                about
            )
        rate_note = page.locator("#ab-rate-note").inner_text()  # after the list, for both groups
        zero_width = min(xa, xb) == 0 or xa == na or xb == nb
        assert ("zero width" in rate_note) == zero_width, about
        outside = any(expected[f"ab-rate-{g}-lo"] < 0 or expected[f"ab-rate-{g}-hi"] > 1 for g in "ab")
        assert ("reaches below 0%" in rate_note or "reaches above 100%" in rate_note) == outside, about
        decision = page.locator("#ab-decision").inner_text()
        if expected["ab-p"] is not None:
            assert decision.startswith("p ≤ α" if expected["ab-p"] <= alpha else "p > α"), about
        for level in page.locator(".ab-level").all_inner_texts():  # the intervals' level, 1 − α
            assert float(level) == pytest.approx(100 * (1 - alpha)), about
        if expected["log10-p"] is not None and expected["log10-p"] < -308:
            assert float(outputs["ab-p"][0]) == 0, "below the smallest double..."
            _check_log10(case, outputs["ab-p"][1], expected["log10-p"])  # ...and still shown exactly


@pytest.mark.claim("explore/index/keyboard-alone", "explore/index/slider-and-box")
def test_ab_test_keyboard_alone(ab_page):
    page = ab_page
    page.focus("#ab-xb-range")
    page.keyboard.press("ArrowRight")
    assert page.locator("#ab-xb").input_value() == "131"
    _check_ab("keys: x_B 130→131", page, ab_expected(1000, 100, 1000, 131, 0.05, "two"))
    two_sided = float(_outputs(page, "#ab-explorer")["ab-p"][0])
    page.focus("#ab-sided-two")
    page.keyboard.press("ArrowDown")  # radio group: the arrow keys move the choice
    assert page.locator("#ab-sided-greater").is_checked()
    one_sided = float(_outputs(page, "#ab-explorer")["ab-p"][0])
    assert one_sided == pytest.approx(two_sided / 2, rel=1e-12)
    _check_ab("keys: B > A", page, ab_expected(1000, 100, 1000, 131, 0.05, "greater"))
    page.focus("#ab-alpha-range")
    page.keyboard.press("ArrowLeft")
    assert page.locator("#ab-alpha").input_value() == "0.049"
    _check_ab("keys: α 0.05→0.049", page, ab_expected(1000, 100, 1000, 131, 0.049, "greater"))
    # Page Up and Page Down take bigger steps than the arrows (a tenth of the slider).
    page.focus("#ab-na-range")
    page.keyboard.press("PageUp")
    assert page.locator("#ab-na").input_value() == "1500"
    page.keyboard.press("PageDown")
    assert page.locator("#ab-na").input_value() == "1000"
    for name in ("na", "xa", "nb", "xb", "alpha"):
        slider, box = page.locator(f"#ab-{name}-range"), page.locator(f"#ab-{name}")
        slider.focus()
        page.keyboard.press("ArrowLeft")
        assert _number(box.input_value()) == float(slider.input_value()), name
    reached = set()
    page.focus("#ab-na-range")
    for _ in range(12):
        reached.add(page.evaluate("document.activeElement.id"))
        page.keyboard.press("Tab")
    assert {f"ab-{n}{s}" for n in ("na", "xa", "nb", "xb", "alpha") for s in ("", "-range")} <= reached


@pytest.mark.claim("explore/index/inconsistent-input-refused")
def test_ab_test_edges_are_explained_and_accessible(ab_page):
    page = ab_page
    _type(page, {"xa": 0, "xb": 0}, "ab")
    assert "pooled rate is 0% (no conversions in either group)" in page.locator("#ab-z-note").inner_text()
    assert "No null distribution" in page.locator("#ab-chart-desc").inner_text()
    assert page.locator("#ab-chart text.explorer-chart-message").count() == 1
    assert page.locator("#ab-power").inner_text() == "cannot be computed: both rates are 0% or 100%"
    assert not page.locator("#ab-power + .explorer-unit").is_visible(), "no unit after words"
    assert page.locator("#ab-pooled + .explorer-unit").is_visible()
    page.locator("#ab-na").fill("0")
    assert page.locator("#ab-na-error").inner_text() == "Enter a whole number from 1 to 10000000."
    assert not _results_shown(page, "#ab-explorer")
    assert _axe_serious(page) == []


@pytest.mark.claim(
    "explore/ab-test/more-conversions-than-visitors-refused", "explore/index/inconsistent-input-refused"
)
def test_ab_test_more_conversions_than_visitors_is_refused(ab_page):
    page = ab_page
    # The reader's case: 100 conversions, then 50 visitors typed. Refused, the conversions kept.
    page.locator("#ab-na").fill("50")
    page.locator("#ab-na").press("Tab")
    message = "Group A has 100 conversions but only 50 visitors: raise the visitors or lower the conversions."
    assert page.locator("#ab-na-error").inner_text() == message
    assert page.locator("#ab-xa").input_value() == "100", "the conversions are left as they were"
    assert page.locator("#ab-status").inner_text() == (
        "No results until the inputs are consistent: see the message under Visitors in group A."
    )
    assert not _results_shown(page, "#ab-explorer"), "no result from 50 visitors and 100 conversions"
    assert not page.locator("#ab-rate-note").is_visible()
    assert _chart(page, "#ab-chart") is None
    assert page.locator("#ab-chart-desc").inner_text() == f"No chart: {message}"
    page.locator("#ab-na").fill("1")
    assert page.locator("#ab-na-error").inner_text().startswith(
        "Group A has 100 conversions but only 1 visitor:"
    ), "a count of one in the singular"
    # Conversions typed above B's visitors: the message under B's conversions.
    page.locator("#ab-na").fill("1000")
    assert _results_shown(page, "#ab-explorer")
    page.locator("#ab-xb").fill("1200")
    assert (
        page.locator("#ab-xb-error")
        .inner_text()
        .startswith("Group B has 1,200 conversions but only 1,000 visitors")
    )
    assert page.locator("#ab-nb").input_value() == "1000"
    assert not _results_shown(page, "#ab-explorer")
    page.locator("#ab-xb").fill("130")
    # The visitors slider dragged below the conversions: refused the same way.
    page.locator("#ab-xa").fill("900")
    page.locator("#ab-na").fill("901")
    page.focus("#ab-na-range")
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    assert page.locator("#ab-na").input_value() == "899" and page.locator("#ab-xa").input_value() == "900"
    assert page.locator("#ab-na-error").is_visible() and not _results_shown(page, "#ab-explorer")
    page.keyboard.press("ArrowRight")
    assert _results_shown(page, "#ab-explorer")
    _check_ab("A 900/900", page, ab_expected(900, 900, 1000, 130, 0.05, "two"))


@pytest.mark.claim("explore/ab-test/chart-shows-null-and-tail", "explore/index/ab-test-results")
def test_ab_test_chart_is_the_null_distribution_and_its_tail(ab_page):
    page = ab_page
    for na, xa, nb, xb, alpha, side in [
        (1000, 100, 1000, 130, 0.05, "two"), (1000, 100, 1000, 130, 0.05, "greater"),
        (1000, 100, 1000, 130, 0.05, "less"), (2000, 240, 1500, 150, 0.10, "two"),
        (80, 3, 120, 9, 0.2, "two"),
    ]:  # fmt: skip
        expected = _ab_case(page, na, xa, nb, xb, alpha, side)
        chart = _chart(page, "#ab-chart")
        sd = 100 * expected["se0"]  # percentage points
        observed = 100 * expected["ab-diff"]
        null = stats.norm(0, sd)
        chart.assert_curve(chart.line("null"), null.pdf, f"null {side}")
        assert abs(chart.x(chart.marker("observed")) - observed) * chart.width / (chart.x1 - chart.x0) <= 0.01
        critical = 100 * expected["z-crit"] * expected["se0"]
        wanted = {"two": [-critical, critical], "greater": [critical], "less": [-critical]}[side]
        assert chart.markers("critical") == pytest.approx(
            wanted, abs=(chart.x1 - chart.x0) / chart.width * 0.01
        )
        # The shaded tails start at the observed difference (both sides when two-sided)...
        tails = sorted(chart.areas("tail"), key=lambda a: a[0, 0])
        edges = {"two": [(chart.x0, -abs(observed)), (abs(observed), chart.x1)],
                 "greater": [(observed, chart.x1)], "less": [(chart.x0, observed)]}[side]  # fmt: skip
        assert len(tails) == len(edges), side
        area = 0.0
        for tail, (lo, hi) in zip(tails, edges, strict=True):
            xs = np.array([chart.x(px) for px, _ in tail])
            ys = np.array([chart.y(py) for _, py in tail])
            pixel = (chart.x1 - chart.x0) / chart.width * 0.006  # the path is written to 0.01 px
            assert xs[0] == pytest.approx(lo, abs=pixel) and xs[-1] == pytest.approx(hi, abs=pixel)
            area += np.trapezoid(ys, xs)
        # ...and their area is the p-value (within 0.001: the drawing grid, and the tails past the axis).
        assert area == pytest.approx(expected["ab-p"], abs=1e-3), (side, area, expected["ab-p"])


@pytest.mark.claim("explore/ab-test/tiny-p-exact")
def test_ab_test_a_p_value_below_the_smallest_double_is_shown_exactly(ab_page):
    page = ab_page
    expected = _ab_case(page, 10000, 500, 10000, 3000, 0.05, "two")
    _check_ab("p < 1e-308", page, expected)
    value, text = _outputs(page, "#ab-explorer")["ab-p"]
    assert float(value) == 0, "the p-value itself underflows a double..."
    mantissa, exponent = _scientific(text)  # ...yet it is shown to three digits, from its log
    log10 = float(page.locator("#ab-p").get_attribute("data-log10"))
    assert exponent == -472 and round(10 ** (log10 + 472), 1) == 1.7, text  # "about 1.7 × 10⁻⁴⁷²"
    assert abs(mantissa - 10 ** (log10 + 472)) <= 0.005, text
    assert round(float(_outputs(page, "#ab-explorer")["ab-z"][0]), 1) == 46.5  # "z ≈ 46.5"
    assert "<" not in text and "bound" not in page.locator("#ab-explorer").inner_text()


@pytest.mark.claim("explore/ab-test/test-and-interval-can-disagree")
def test_ab_test_test_and_interval_can_disagree(ab_page):
    page = ab_page
    expected = _ab_case(page, 200, 20, 2000, 300, 0.05, "two")
    _check_ab("disagree", page, expected)
    assert expected["ab-p"] > 0.05 and page.locator("#ab-decision").inner_text().startswith("p > α")
    assert float(_outputs(page, "#ab-explorer")["ab-diff-lo"][0]) > 0, "the 95% interval excludes 0"
    assert page.locator(".ab-level").first.inner_text() == "95"


def _planned_power(pa: float, pb: float, z_crit: float, n: int) -> float:
    """With n per group and true rates pa, pb: reject when |Δ̂| passes z* s0/√n, Δ̂ ~ N(Δ, s1²/n)
    (the far tail, rejecting in the wrong direction, left out)."""
    mean = (pa + pb) / 2
    s0 = math.sqrt(2 * mean * (1 - mean))
    s1 = math.sqrt(pa * (1 - pa) + pb * (1 - pb))
    return stats.norm.cdf((abs(pb - pa) * math.sqrt(n) - z_crit * s0) / s1)


@pytest.mark.claim("explore/ab-test/sample-size-is-smallest")
def test_ab_test_sample_size_is_the_smallest_with_80_percent_power(ab_page):
    page = ab_page
    for na, xa, nb, xb, alpha, side in [
        (1000, 100, 1000, 130, 0.05, "two"), (1000, 100, 1000, 130, 0.01, "greater"),
        (2000, 240, 1500, 150, 0.10, "less"), (300, 150, 300, 120, 0.05, "two"),
        (5000, 50, 5000, 80, 0.2, "two"),
    ]:  # fmt: skip
        _ab_case(page, na, xa, nb, xb, alpha, side)
        n80 = int(_outputs(page, "#ab-explorer")["ab-n80"][1].replace(",", ""))
        z_crit = stats.norm.ppf(1 - alpha / 2 if side == "two" else 1 - alpha)
        power = functools.partial(_planned_power, xa / na, xb / nb, z_crit)
        assert power(n80) >= 0.8 > power(n80 - 1), (na, xa, nb, xb, alpha, side, n80)


def _ab_power_at_exact_p(page, n: int, rate_a: float, alpha: float) -> dict:
    """The explorer's own abTest with equal groups of n and B's conversions (not whole) set so that p = α."""
    return page.evaluate(
        """async ([n, rateA, alpha]) => {
            const S = await import(new URL("../../assets/javascripts/explorers/stats.js", location.href));
            const xA = rateA * n;
            let lo = xA, hi = n;  // B ahead of A: p falls from 1 as xB rises
            for (let i = 0; i < 200; i += 1) {
              const mid = (lo + hi) / 2;
              if (S.abTest(n, xA, n, mid, alpha, "two").p > alpha) lo = mid; else hi = mid;
            }
            const result = S.abTest(n, xA, n, (lo + hi) / 2, alpha, "two");
            return {p: result.p, power: result.power, se0: result.sePooled, se: result.seDiff, z: result.z};
        }""",
        [n, rate_a, alpha],
    )


@pytest.mark.claim(
    "explore/ab-test/observed-power-is-a-function-of-p", "explore/ab-test/power-at-the-threshold"
)
def test_ab_test_observed_power_is_the_p_value_in_disguise(ab_page):
    page = ab_page
    rng = np.random.default_rng(3)
    cases = [
        (int(rng.integers(20, 5000)), int(rng.integers(20, 5000)), *rng.uniform(0.02, 0.98, 2))
        for _ in range(40)
    ]
    got = page.evaluate(
        """async (cases) => {
            const S = await import(new URL("../../assets/javascripts/explorers/stats.js", location.href));
            return cases.map(([nA, nB, pA, pB]) => {
              const r = S.abTest(nA, Math.round(pA * nA), nB, Math.round(pB * nB), 0.05, "two");
              return [r.p, r.power, r.sePooled, r.seDiff];
            });
        }""",
        cases,
    )
    z_crit = stats.norm.ppf(0.975)
    for p, power, se0, se in got:
        # The power depends on the data only through p and the ratio of the two standard errors...
        z_p = stats.norm.isf(p / 2)
        ratio = se0 / se
        assert power == pytest.approx(
            stats.norm.cdf(ratio * z_p - z_crit) + stats.norm.cdf(-ratio * z_p - z_crit), abs=1e-9
        )
    # ...so with equal standard errors (ratio 1) it is a function of p alone. At p = α it is then
    # 1/2 + Φ(−2z*), between 50% and 50.1% for any α up to 0.1 (the course's Φ and Φ⁻¹).
    alphas = np.geomspace(0.001, 0.1, 60)
    at_threshold = page.evaluate(
        """async (alphas) => {
            const S = await import(new URL("../../assets/javascripts/explorers/stats.js", location.href));
            return alphas.map((alpha) => {
              const z = S.normalQuantile(1 - alpha / 2);
              return S.normalCdf(z - z) + S.normalCdf(-z - z);
            });
        }""",
        alphas.tolist(),
    )
    for alpha, power in zip(alphas, at_threshold, strict=True):
        assert power == pytest.approx(0.5 + stats.norm.cdf(-2 * stats.norm.isf(alpha / 2)), abs=1e-12)
        assert 0.5 < power <= 0.501, alpha


@pytest.mark.claim("explore/ab-test/power-near-half-here")
def test_ab_test_power_at_p_equal_alpha_is_within_a_point_of_half(ab_page):
    page = ab_page
    for n in (400, 1000, 10000, 1000000):  # equal groups of 400 visitors or more
        for rate_a in (0.001, 0.01, 0.1, 0.3, 0.5, 0.8):
            for alpha in (0.001, 0.01, 0.05, 0.1):  # alpha up to 0.1
                result = _ab_power_at_exact_p(page, n, rate_a, alpha)
                assert result["p"] == pytest.approx(alpha, rel=1e-6)
                assert abs(result["power"] - 0.5) <= 0.01, (
                    n,
                    rate_a,
                    alpha,
                    result,
                )  # within a percentage point


@pytest.mark.claim("explore/ab-test/equal-rates")
def test_ab_test_equal_rates(ab_page):
    page = ab_page
    for alpha in (0.05, 0.01, 0.2):
        _ab_case(page, 1000, 100, 1000, 100, alpha, "two")
        outputs = _outputs(page, "#ab-explorer")
        assert float(outputs["ab-z"][0]) == 0 and outputs["ab-z"][1] == "0.000"
        assert float(outputs["ab-p"][0]) == 1 and outputs["ab-p"][1] == "1.0000"
        assert float(outputs["ab-power"][0]) == pytest.approx(alpha, rel=1e-9), "the power equals α"
        assert outputs["ab-n80"] == ["none", "no sample size: the rates are equal"]


@pytest.mark.claim("explore/ab-test/zero-conversions-one-group", "explore/ab-test/zero-conversions-both")
def test_ab_test_zero_conversions(ab_page):
    page = ab_page
    _ab_case(page, 500, 0, 500, 12, 0.05, "two")
    outputs = _outputs(page, "#ab-explorer")
    assert float(outputs["ab-rate-a-lo"][0]) == float(outputs["ab-rate-a-hi"][0]) == 0, "a point"
    assert float(outputs["ab-rate-b-hi"][0]) > float(outputs["ab-rate-b-lo"][0])
    _ab_case(page, 500, 0, 500, 0, 0.05, "two")
    outputs = _outputs(page, "#ab-explorer")
    assert float(outputs["ab-pooled"][0]) == 0
    assert outputs["ab-z"][0] == outputs["ab-p"][0] == "none"
    assert page.locator("#ab-z-note").inner_text().startswith("There is no test")
    assert page.locator("#ab-decision").inner_text() == ""


@pytest.mark.claim("explore/ab-test/one-sided-halves")
def test_ab_test_one_sided_p_values(ab_page):
    page = ab_page
    for xa, xb in [(100, 130), (100, 105), (300, 420)]:
        p = {}
        for side in ("two", "greater", "less"):
            _ab_case(page, 1000, xa, 1000, xb, 0.05, side)
            p[side] = float(_outputs(page, "#ab-explorer")["ab-p"][0])
        assert p["greater"] == pytest.approx(p["two"] / 2, rel=1e-12), "halves when B is ahead"
        assert p["less"] == pytest.approx(1 - p["two"] / 2, rel=1e-12), "one minus that half"


@pytest.mark.claim("explore/ab-test/four-times-halves")
def test_ab_test_four_times_the_data_halves_the_interval(ab_page):
    page = ab_page
    for na, xa, nb, xb in [(1000, 100, 1000, 130), (250, 40, 400, 90)]:
        widths = []
        for factor in (1, 4):
            _ab_case(page, factor * na, factor * xa, factor * nb, factor * xb, 0.05, "two")
            outputs = _outputs(page, "#ab-explorer")
            widths.append(float(outputs["ab-diff-hi"][0]) - float(outputs["ab-diff-lo"][0]))
        assert widths[1] / widths[0] == pytest.approx(0.5, rel=1e-12)


# --- both explorers ----------------------------------------------------------------------------

# Each input, the results that depend on it (and so must change when it moves), and the ones
# that must not; "chart:<class>" is a drawn path or marker.
MLE_DEPENDS = {
    "n": {"mle-map-post-b", "mle-map-mle", "mle-map-map", "mle-map-mean", "mle-map-ci-lo", "mle-map-ci-hi",
          "chart:likelihood", "chart:posterior", "chart:mle", "chart:map", "chart:mean"},
    "k": {"mle-map-post-a", "mle-map-post-b", "mle-map-mle", "mle-map-map", "mle-map-mean", "mle-map-ci-lo",
          "mle-map-ci-hi", "chart:likelihood", "chart:posterior", "chart:mle", "chart:map", "chart:mean"},
    "a": {"mle-map-post-a", "mle-map-map", "mle-map-mean", "mle-map-ci-lo", "mle-map-ci-hi",
          "chart:prior", "chart:posterior", "chart:map", "chart:mean"},
    "b": {"mle-map-post-b", "mle-map-map", "mle-map-mean", "mle-map-ci-lo", "mle-map-ci-hi",
          "chart:prior", "chart:posterior", "chart:map", "chart:mean"},
}  # fmt: skip
_AB_GROUP = {"ab-diff", "ab-diff-lo", "ab-diff-hi", "ab-pooled", "ab-z", "ab-p", "ab-power", "ab-n80",
             "chart:null", "chart:observed", "chart:critical", "chart:tail"}  # fmt: skip
AB_DEPENDS = {
    "na": _AB_GROUP | {"ab-rate-a", "ab-rate-a-lo", "ab-rate-a-hi"},
    "xa": _AB_GROUP | {"ab-rate-a", "ab-rate-a-lo", "ab-rate-a-hi"},
    "nb": _AB_GROUP | {"ab-rate-b", "ab-rate-b-lo", "ab-rate-b-hi"},
    "xb": _AB_GROUP | {"ab-rate-b", "ab-rate-b-lo", "ab-rate-b-hi"},
    "alpha": {"ab-rate-a-lo", "ab-rate-a-hi", "ab-rate-b-lo", "ab-rate-b-hi", "ab-diff-lo", "ab-diff-hi",
              "ab-power", "ab-n80", "chart:critical"},
}  # fmt: skip

# One step of a slider and what the explorer shows just after it, read in the same task (no
# timer or frame in between): "at once". The chart is read in data coordinates.
_STEP_AND_READ = """([root, slider]) => {
  const read = () => {
    const shown = {};
    for (const o of document.querySelectorAll(`${root} output`)) shown[o.id] = o.dataset.value;
    const svg = document.querySelector(`${root} svg.explorer-chart`);
    const [x0, x1] = svg.dataset.xDomain.split(" ").map(Number);
    const [y0, y1] = svg.dataset.yDomain.split(" ").map(Number);
    const [left, top, width, height] = svg.dataset.plot.split(" ").map(Number);
    const x = (px) => x0 + ((px - left) / width) * (x1 - x0);
    const y = (py) => y0 + ((top + height - py) / height) * (y1 - y0);
    const chart = {};
    for (const e of svg.querySelectorAll('[class*="--"]')) {
      const name = "chart:" + e.getAttribute("class").split("--")[1];
      const points = e.getAttribute("d")
        ? [...e.getAttribute("d").matchAll(/[ML](-?[\\d.]+),(-?[\\d.]+)/g)]
            .map((m) => [x(Number(m[1])), y(Number(m[2]))])
        : [[x(Number(e.getAttribute("x1"))), 0]];
      chart[name] = [...(chart[name] ?? []), ...points];
    }
    // How far one pixel reaches in data units, to tell a change from pixel rounding.
    return { shown, chart, pixel: [(x1 - x0) / width, (y1 - y0) / height] };
  };
  const before = read();
  const range = document.querySelector(slider);
  // A tenth of the slider (as Page Up does), so that every change shows by more than a pixel.
  range.stepUp(Math.max(1, Math.round((range.max - range.min) / 10 / range.step)));
  range.dispatchEvent(new Event("input", { bubbles: true }));
  return [before, read()];
}"""


def _changed(before, after) -> set[str]:
    """What the step changed: outputs, and chart items that moved by more than a tenth of a pixel."""
    changed = {
        key
        for key in before["shown"].keys() | after["shown"].keys()
        if before["shown"].get(key) != after["shown"].get(key)
    }
    px, py = after["pixel"]
    for name in before["chart"].keys() | after["chart"].keys():
        old, new = np.array(before["chart"].get(name, [])), np.array(after["chart"].get(name, []))
        if old.shape != new.shape or (np.abs(old - new) / [px, py] > 0.1).any():
            changed.add(name)
    return changed


@pytest.mark.claim("explore/index/updates-at-once", "explore/mle-map/curves-follow-inputs")
@pytest.mark.parametrize(("path", "root", "prefix", "depends"), [
    (MLE_PAGE, "#mle-map-explorer", "mle-map", MLE_DEPENDS), (AB_PAGE, "#ab-explorer", "ab", AB_DEPENDS),
])  # fmt: skip
def test_every_result_that_depends_on_an_input_updates_at_once(open_page, path, root, prefix, depends):
    page, watched = open_page(path)
    page.locator(f"{root}[data-explorer-ready]").wait_for()
    for name, dependent in depends.items():
        before, after = page.evaluate(_STEP_AND_READ, [root, f"#{prefix}-{name}-range"])
        changed = _changed(before, after)
        assert changed == dependent, (name, sorted(changed ^ dependent))
    assert watched.console_errors == []


@pytest.mark.claim("explore/index/nothing-sent")
def test_explorers_fetch_from_no_other_host_and_send_nothing(open_page):
    for path, prefix, moves in [
        (MLE_PAGE, "mle-map", {"n": 50, "k": 20, "a": 3.5, "b": 0.5}),
        (AB_PAGE, "ab", {"na": 3000, "xa": 310, "nb": 2900, "xb": 330, "alpha": 0.01}),
    ]:
        page, watched = open_page(path)
        page.locator("[data-explorer-ready]").wait_for()
        assert watched.blocked == [], "nothing fetched from another host while loading"
        requests: list[str] = []
        page.on("request", lambda request, seen=requests: seen.append(request.url))
        _type(page, moves, prefix)
        for name in moves:
            page.focus(f"#{prefix}-{name}-range")
            for key in ("ArrowRight", "PageUp", "ArrowLeft"):
                page.keyboard.press(key)
        page.wait_for_timeout(500)
        assert requests == [], f"requests while the explorer was used: {requests}"
        assert watched.blocked == [] and watched.console_errors == []


# --- Instant navigation, phone width, dark palette -----------------------------------------------


def test_explorers_work_after_instant_navigation(open_page):
    page, watched = open_page("")  # the test site is built for this server, so links are instant
    page.evaluate("window.__sameDocument = true")
    page.locator("nav.md-nav--primary a.md-nav__link[href$='mle-map/']").first.click()
    page.wait_for_url("**/explore/mle-map/")
    page.locator("#mle-map-explorer[data-explorer-ready]").wait_for()
    assert page.evaluate("window.__sameDocument") is True, "Material's instant navigation, no reload"
    page.focus("#mle-map-k-range")
    page.keyboard.press("ArrowLeft")
    _check("after navigation", _outputs(page, "#mle-map-explorer"), "mle-map-mle", 0.6, "f4")
    assert page.locator("#mle-map-chart path.explorer-line--posterior").count() == 1

    page.locator("nav.md-nav--primary a.md-nav__link[href$='ab-test/']").first.click()
    page.wait_for_url("**/explore/ab-test/")
    page.locator("#ab-explorer[data-explorer-ready]").wait_for()
    assert page.evaluate("window.__sameDocument") is True
    _type(page, {"xb": 150}, "ab")
    _check_ab("after navigation", page, ab_expected(1000, 100, 1000, 150, 0.05, "two"))
    assert page.locator("#ab-chart path.explorer-area--tail").count() == 2

    # Back to the first explorer: a fresh page, set up again, with its defaults.
    page.go_back()
    page.wait_for_url("**/explore/mle-map/")
    page.locator("#mle-map-explorer[data-explorer-ready]").wait_for()
    _check("back again", _outputs(page, "#mle-map-explorer"), "mle-map-mle", 0.7, "f4")
    assert watched.blocked == []
    assert watched.console_errors == []


def _stroke(page, selector: str) -> str:
    return page.evaluate(f"getComputedStyle(document.querySelector({selector!r})).stroke")


@pytest.mark.parametrize(
    ("name", "path", "line"),
    [
        ("mle-map", MLE_PAGE, "#mle-map-chart .explorer-line--posterior"),
        ("ab-test", AB_PAGE, "#ab-chart .explorer-line--null"),
    ],
)
def test_explorer_light_dark_and_phone(open_page, name, path, line):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    root = f"#{'mle-map' if name == 'mle-map' else 'ab'}-explorer"
    for variant, scheme, viewport, blue in [
        ("light", "light", None, "rgb(0, 114, 178)"),
        ("dark", "dark", None, "rgb(86, 180, 233)"),
        ("phone", "light", PHONE, "rgb(0, 114, 178)"),
    ]:
        page, watched = open_page(path, color_scheme=scheme, viewport=viewport)
        page.locator(f"{root}[data-explorer-ready]").wait_for()
        assert _stroke(page, line) == blue, variant
        chart = page.locator(f"{root} svg.explorer-chart").bounding_box()
        article = page.locator("article").bounding_box()
        assert chart["width"] > 200 and chart["x"] + chart["width"] <= article["x"] + article["width"] + 1
        if variant == "phone":
            assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
            slider = page.locator(f"{root} input[type=range]").first
            slider.focus()
            page.keyboard.press("ArrowRight")
            assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        if variant == "dark":
            assert _axe_serious(page) == []
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=SCREENSHOTS / f"explore-{name}-{variant}.png", full_page=True)
        assert watched.blocked == [] and watched.console_errors == []


# --- the maths itself, over many more cases than the page shows ----------------------------------


def test_stats_module_matches_scipy_over_a_sweep(open_page):
    page, _ = open_page("explore/")
    rng = np.random.default_rng(7)
    shapes = np.exp(rng.uniform(np.log(0.1), np.log(1e5), size=(300, 2)))
    qs = rng.choice([0.025, 0.975, 0.5, 0.001, 0.9], size=300)
    xs = rng.uniform(size=300)
    zs = np.linspace(-37, 37, 371)
    ps = np.concatenate([np.linspace(0.001, 0.999, 101), 10.0 ** -np.arange(4, 300, 5)])
    tails = np.concatenate([np.linspace(-8, 8, 161), np.geomspace(8, 5e4, 200)])  # far past underflow
    got = page.evaluate(
        """async ([shapes, qs, xs, zs, ps, tails]) => {
            const S = await import(new URL("../assets/javascripts/explorers/stats.js", location.href));
            return {
              quantile: shapes.map(([a, b], i) => S.betaQuantile(qs[i], a, b)),
              cdf: shapes.map(([a, b], i) => S.betaCdf(xs[i], a, b)),
              normalCdf: zs.map(S.normalCdf),
              normalQuantile: ps.map(S.normalQuantile),
              logNormalSf: tails.map(S.logNormalSf),
            };
        }""",
        [shapes.tolist(), qs.tolist(), xs.tolist(), zs.tolist(), ps.tolist(), tails.tolist()],
    )
    a, b = shapes.T
    np.testing.assert_allclose(got["quantile"], stats.beta.ppf(qs, a, b), rtol=1e-9, atol=1e-300)
    np.testing.assert_allclose(got["cdf"], stats.beta.cdf(xs, a, b), rtol=1e-9, atol=1e-14)
    np.testing.assert_allclose(got["normalCdf"], stats.norm.cdf(zs), rtol=1e-12, atol=0)
    np.testing.assert_allclose(got["normalQuantile"], stats.norm.ppf(ps), rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(got["logNormalSf"], stats.norm.logsf(tails), rtol=1e-12, atol=1e-15)
