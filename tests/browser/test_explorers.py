"""The explorers (docs/explore/): every number they show equals what scipy computes.

Each case sets the inputs the way a reader does (typing in the number boxes, or
the keyboard on a slider), then compares each displayed <output> with scipy twice:
its data-value (full precision) and its text (to the precision it is shown at).
The table of cases checked is written to tests/output/explorer-cases.txt.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pytest
from harness import SCREENSHOTS
from scipy import stats
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


# How each quantity is shown: (decimals or kind, scale of the displayed number).
FORMATS = {
    "f4": (4, 1),
    "f3": (3, 1),
    "pct2": (2, 100),
    "pct1": (1, 100),
}


def _check(case: str, outputs, output_id: str, expected: float | None, kind: str) -> None:
    value, text = outputs[output_id]
    explorer = "ab" if output_id.startswith("ab-") else "mle-map"
    quantity = output_id.removeprefix(f"{explorer}-")
    scale = FORMATS[kind][1] if kind in FORMATS else 1  # the table shows scipy in the page's unit
    scipy_text = "undefined" if expected is None else f"{expected * scale:.6g}"
    CHECKED[explorer].setdefault(case, {})[quantity] = (text, scipy_text)
    if expected is None:
        assert value == "undefined" and text == "undefined", (case, output_id, value, text)
        return
    assert value not in (None, "undefined"), (case, output_id, "shown as undefined, scipy gives", expected)
    assert float(value) == pytest.approx(expected, rel=1e-9, abs=1e-13), (case, output_id, value)
    shown = text.replace("\u2212", "-").replace(",", "")
    if kind == "plain":  # a shape parameter as typed, e.g. 9 or 2.5
        assert _number(shown) == pytest.approx(expected, abs=5e-5), (case, output_id, text)
    elif kind == "ceil":
        exact = expected
        allowed = {math.ceil(exact)} | ({round(exact)} if abs(exact - round(exact)) < 1e-6 else set())
        assert int(shown) in allowed, (case, output_id, text, exact)
    elif kind == "p" and 0 < expected < 1e-4:
        match = re.fullmatch(r"(\d\.\d\d)e(-\d+)", shown)
        assert match, (case, output_id, text)
        exponent = int(match.group(2))
        assert abs(float(shown) - expected) <= 0.5e-2 * 10**exponent * (1 + 1e-9), (case, output_id, text)
        assert exponent == math.floor(math.log10(expected)), (case, output_id, text)
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
    for bad in (r"NaN", r"Infinity", r"\bnull\b(?! distribution)"):
        assert not re.search(bad, text), f"{bad} shown in {root}"


# --- MLE & MAP ---------------------------------------------------------------------------------

# (n, k, a, b): what each case is about.
MLE_CASES = [
    (10, 7, 2, 2, "the page's default: interior MLE and MAP"),
    (2, 1, 1, 1, "flat prior: posterior Beta(2, 2), MAP = MLE = 0.5"),
    (3, 1, 0.2, 0.2, "prior shapes below 1, posterior peak inside"),
    (0, 0, 2, 3, "n = 0: no MLE, the posterior is the prior"),
    (0, 0, 1, 1, "n = 0, a = b = 1: flat posterior, MAP undefined"),
    (0, 0, 0.5, 0.5, "n = 0, a = b = 0.5: U-shaped, MAP undefined"),
    (0, 0, 0.5, 2, "n = 0, a < 1: MAP at 0, density unbounded there"),
    (10, 0, 1, 1, "k = 0: MLE 0; posterior Beta(1, 11), MAP at 0"),
    (10, 10, 1, 1, "k = n: MLE 1; posterior Beta(11, 1), MAP at 1"),
    (5, 0, 0.5, 0.5, "k = 0, a < 1: posterior Beta(0.5, 5.5), MAP at 0 (unbounded)"),
    (5, 5, 2, 0.3, "k = n, b < 1: posterior Beta(7, 0.3), MAP at 1 (unbounded)"),
    (4, 4, 1, 0.5, "k = n, b < 1: posterior Beta(5, 0.5), MAP at 1"),
    (1, 0, 0.3, 0.7, "one toss, tail: posterior Beta(0.3, 1.7), MAP at 0"),
    (1000, 1, 0.1, 20, "rare heads: posterior Beta(1.1, 1019)"),
    (100000, 31234, 0.1, 0.1, "large n: a narrow posterior"),
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
    else:
        mode = 0.0 if alpha <= 1 else 1.0
    _check_mode_with_scipy(posterior, alpha, beta, mode)
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
    """The mode formula agrees with where scipy's density is highest."""
    grid = np.linspace(1e-6, 1 - 1e-6, 200_001)
    density = posterior.pdf(grid)
    if mode is None:
        flat = np.ptp(density) < 1e-9 * density.max()
        u_shaped = density[0] > density[len(grid) // 2] < density[-1]
        assert flat or u_shaped, (alpha, beta)
    else:
        assert abs(grid[np.argmax(density)] - mode) < 1e-4, (alpha, beta)


MLE_FORMATS = {"post-a": "plain", "post-b": "plain"}


@pytest.fixture
def mle_page(open_page):
    page, watched = open_page(MLE_PAGE)
    page.locator("#mle-map-explorer[data-explorer-ready]").wait_for()
    yield page
    assert watched.blocked == []
    assert watched.console_errors == []


def test_mle_map_shows_what_scipy_computes(mle_page):
    page = mle_page
    for n, k, a, b, about in MLE_CASES:
        case = f"n={n} k={k} a={a:g} b={b:g}"
        ABOUT[case] = about
        _type(page, {"n": n, "k": k, "a": float(a), "b": float(b)}, "mle-map")
        outputs = _outputs(page, "#mle-map-explorer")
        for output_id, expected in mle_expected(n, k, a, b).items():
            kind = MLE_FORMATS.get(output_id.removeprefix("mle-map-"), "f4")
            _check(case, outputs, output_id, expected, kind)
        _assert_no_nonsense(page, "#mle-map-explorer")
        mle_note = page.locator("#mle-map-mle-note").inner_text()
        map_note = page.locator("#mle-map-map-note").inner_text()
        if n == 0:
            assert "no tosses" in mle_note.lower(), about
        elif k in (0, n):
            assert "boundary" in mle_note.lower(), about
        alpha, beta = a + k, b + n - k
        if alpha == beta == 1:
            assert "flat" in map_note, about
        elif alpha < 1 and beta < 1:
            assert "U-shaped" in map_note, about
        elif alpha <= 1 or beta <= 1:
            assert "boundary" in map_note, about
        else:
            assert map_note == "", about
        description = page.locator("#mle-map-chart-desc").inner_text()
        assert ("curves coincide" in description) == (a == b == 1 and n > 0), about


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
    # The n slider below k drags k down with it.
    page.locator("#mle-map-n").fill("8")
    page.locator("#mle-map-n").press("Tab")
    page.focus("#mle-map-n-range")
    page.keyboard.press("ArrowLeft")
    assert page.locator("#mle-map-n").input_value() == "7"
    assert page.locator("#mle-map-k").input_value() == "7"
    # Every control is reachable with Tab.
    reached = set()
    page.focus("#mle-map-n-range")
    for _ in range(8):
        reached.add(page.evaluate("document.activeElement.id"))
        page.keyboard.press("Tab")
    assert {"mle-map-n", "mle-map-k-range", "mle-map-k", "mle-map-a-range", "mle-map-b"} <= reached


def test_mle_map_bad_input_is_explained_not_computed(mle_page):
    page = mle_page
    good = _outputs(page, "#mle-map-explorer")
    box = page.locator("#mle-map-a")
    box.fill("-1")
    assert box.get_attribute("aria-invalid") == "true"
    assert "from 0.1 to 1000" in page.locator("#mle-map-a-error").inner_text()
    assert page.locator("#mle-map-status").inner_text() != ""
    assert _outputs(page, "#mle-map-explorer") == good, "results keep the last valid inputs"
    assert _axe_serious(page) == []
    box.press("Tab")  # leaving the box restores the last valid value
    assert box.input_value() == "2" and box.get_attribute("aria-invalid") is None
    assert page.locator("#mle-map-status").inner_text() == ""
    # Heads above tosses: explained while typing, repaired (k = n) on leaving the box.
    page.locator("#mle-map-k").fill("12")
    assert "from 0 to 10" in page.locator("#mle-map-k-error").inner_text()
    page.locator("#mle-map-k").press("Tab")
    assert page.locator("#mle-map-k").input_value() == "7"
    page.locator("#mle-map-n").fill("5")
    assert "at least the heads k = 7" in page.locator("#mle-map-n-error").inner_text()
    page.locator("#mle-map-n").press("Tab")
    assert page.locator("#mle-map-k").input_value() == "5"
    _check("n 10→5 with k=7", _outputs(page, "#mle-map-explorer"), "mle-map-mle", 1.0, "f4")


# --- A/B test ----------------------------------------------------------------------------------

# (n_A, x_A, n_B, x_B, alpha, alternative): what each case is about.
AB_CASES = [
    (1000, 100, 1000, 130, 0.05, "two", "the page's default"),
    (1000, 100, 1000, 130, 0.05, "greater", "one-sided, B > A: half the two-sided p"),
    (1000, 100, 1000, 130, 0.05, "less", "one-sided, B < A: the wrong way, p large"),
    (1000, 100, 1000, 100, 0.05, "two", "equal rates: z = 0, p = 1, power = alpha, n undefined"),
    (1000, 100, 1000, 100, 0.05, "greater", "equal rates, one-sided: p = 0.5"),
    (500, 0, 500, 12, 0.05, "two", "zero conversions in A: A's interval has zero width"),
    (500, 0, 500, 0, 0.05, "two", "zero conversions in both: z, p, power, n undefined"),
    (200, 200, 300, 300, 0.05, "two", "everyone converts: z, p, power, n undefined"),
    (50, 0, 40, 40, 0.05, "two", "rates 0 and 1: z defined, power undefined"),
    (2000, 240, 1500, 150, 0.01, "greater", "B below A, H1: B > A: n undefined"),
    (2000, 240, 1500, 150, 0.10, "less", "B below A, H1: B < A, alpha = 0.10"),
    (10000, 1000, 10000, 1300, 0.001, "two", "a tiny p-value, alpha = 0.001"),
    (80, 3, 120, 9, 0.2, "two", "small counts, alpha = 0.2, interval below 0"),
    (1234, 56, 987, 65, 0.025, "greater", "unequal groups, alpha = 0.025"),
]


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
        p = {"two": 2 * norm.sf(abs(z)), "greater": norm.sf(z), "less": norm.cdf(z)}[side]
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
    }


AB_FORMATS = {"ab-z": "f3", "ab-p": "p", "ab-power": "pct1", "ab-n80": "ceil"}


def _check_ab(case, page, expected) -> None:
    outputs = _outputs(page, "#ab-explorer")
    for output_id, value in expected.items():
        _check(case, outputs, output_id, value, AB_FORMATS.get(output_id, "pct2"))
    _assert_no_nonsense(page, "#ab-explorer")


@pytest.fixture
def ab_page(open_page):
    page, watched = open_page(AB_PAGE)
    page.locator("#ab-explorer[data-explorer-ready]").wait_for()
    yield page
    assert watched.blocked == []
    assert watched.console_errors == []


def test_ab_test_shows_what_scipy_computes(ab_page):
    page = ab_page
    for na, xa, nb, xb, alpha, side, about in AB_CASES:
        case = f"A {xa}/{na} B {xb}/{nb} α={alpha:g} {side}"
        ABOUT[case] = about
        page.check(f"#ab-sided-{side}")
        _type(page, {"na": na, "xa": xa, "nb": nb, "xb": xb, "alpha": float(alpha)}, "ab")
        expected = ab_expected(na, xa, nb, xb, alpha, side)
        _check_ab(case, page, expected)
        notes = {
            name: page.locator(f"#ab-{name}").inner_text() for name in ("z-note", "power-note", "n80-note")
        }
        assert ("Undefined" in notes["z-note"]) == (expected["ab-z"] is None), about
        assert ("Undefined" in notes["power-note"]) == (expected["ab-power"] is None), about
        assert ("Undefined" in notes["n80-note"]) == (expected["ab-n80"] is None), about
        rate_note = page.locator("#ab-rate-note").inner_text()  # after the list, for both groups
        assert ("zero width" in rate_note) == (min(xa, xb) == 0 or xa == na or xb == nb), about
        decision = page.locator("#ab-decision").inner_text()
        if expected["ab-p"] is not None:
            assert decision.startswith("p ≤ α" if expected["ab-p"] <= alpha else "p > α"), about
        level = page.locator(".ab-level").first.inner_text()
        assert float(level) == pytest.approx(100 * (1 - alpha)), about


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


def test_ab_test_edges_are_explained_and_accessible(ab_page):
    page = ab_page
    _type(page, {"xa": 0, "xb": 0}, "ab")
    assert "pooled rate is 0 %" in page.locator("#ab-z-note").inner_text()
    assert "No null distribution" in page.locator("#ab-chart-desc").inner_text()
    assert page.locator("#ab-chart text.explorer-chart-message").count() == 1
    assert page.locator("#ab-power").inner_text() == "undefined"
    assert not page.locator("#ab-power + .explorer-unit").is_visible(), "no unit after 'undefined'"
    assert page.locator("#ab-pooled + .explorer-unit").is_visible()
    page.locator("#ab-na").fill("0")
    assert "from 1 to 10000000" in page.locator("#ab-na-error").inner_text()
    assert _axe_serious(page) == []


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
    got = page.evaluate(
        """async ([shapes, qs, xs, zs, ps]) => {
            const S = await import(new URL("../assets/javascripts/explorers/stats.js", location.href));
            return {
              quantile: shapes.map(([a, b], i) => S.betaQuantile(qs[i], a, b)),
              cdf: shapes.map(([a, b], i) => S.betaCdf(xs[i], a, b)),
              normalCdf: zs.map(S.normalCdf),
              normalQuantile: ps.map(S.normalQuantile),
            };
        }""",
        [shapes.tolist(), qs.tolist(), xs.tolist(), zs.tolist(), ps.tolist()],
    )
    a, b = shapes.T
    np.testing.assert_allclose(got["quantile"], stats.beta.ppf(qs, a, b), rtol=1e-9, atol=1e-300)
    np.testing.assert_allclose(got["cdf"], stats.beta.cdf(xs, a, b), rtol=1e-9, atol=1e-14)
    np.testing.assert_allclose(got["normalCdf"], stats.norm.cdf(zs), rtol=1e-12, atol=0)
    np.testing.assert_allclose(got["normalQuantile"], stats.norm.ppf(ps), rtol=1e-12, atol=1e-15)
