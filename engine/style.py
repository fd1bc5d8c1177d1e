"""The one plotting style of the site, and its dark twin.

Snippets only use matplotlib's colour cycle ("C0", "C1", ...) and default
text colours, so a copied snippet runs anywhere with matplotlib's defaults.
On the site, the engine draws every figure once under LIGHT_STYLE and turns
each colour of the light palette into a CSS custom property whose fallback is
that colour (``to_variables``); the dark scheme sets the properties to their
dark-palette partners (``DARK_COLOURS``, ``figure_css``). So a page carries
one copy of each figure, and an SVG taken out of the page is the light one.
"""

from __future__ import annotations

import re

# Text, axes and ticks; the light value is also what black ("k") becomes.
INK = {"light": "#24292f", "dark": "#e2e4e9"}
# Grid lines and other quiet structure.
QUIET = {"light": "#d0d7de", "dark": "#3d434d"}
# The page background: histogram edges drawn in white blend into it.
PAPER = {"light": "#ffffff", "dark": "#1e2129"}

# Okabe & Ito's colour-blind-safe palette for light pages, each paired with
# a lighter tint that keeps its hue on Material's dark ("slate") background.
PALETTE = [
    ("#0072b2", "#56b4e9"),  # blue
    ("#d55e00", "#ff8f4f"),  # vermillion
    ("#009e73", "#3fd0a6"),  # bluish green
    ("#cc79a7", "#f0a8d0"),  # reddish purple
    ("#e69f00", "#f6c343"),  # orange
    ("#6e7781", "#a3abb5"),  # grey
]

# Text sizes are in points, and a figure's SVG measures 72 units per inch of its size; the
# page scales that SVG to the column (engine/figures.py). At most 5.5 inches wide with no text
# under 11 points, a figure's smallest text stays at 9 CSS px or more on a 390 px phone, whose
# column is 358 px: 11 * 358 / (5.5 * 72) = 9.9. Wider figures or smaller text scroll there.
LIGHT_STYLE = {
    "figure.figsize": (5.5, 3.6),
    "figure.dpi": 100,
    "figure.facecolor": "none",
    "axes.facecolor": "none",
    "savefig.facecolor": "none",
    "savefig.transparent": True,
    "savefig.bbox": "tight",
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],  # ships with matplotlib; the browser falls back to sans-serif
    "font.size": 11,
    "figure.titlesize": 12,
    "axes.titlesize": 12,
    "axes.labelsize": 11,
    "xtick.labelsize": 11,
    "ytick.labelsize": 11,
    "legend.fontsize": 11,
    "legend.title_fontsize": 11,
    "lines.linewidth": 2.0,
    "axes.linewidth": 0.8,
    "axes.prop_cycle": "cycler('color', [{}])".format(", ".join(repr(light) for light, _ in PALETTE)),
    "text.color": INK["light"],
    "axes.labelcolor": INK["light"],
    "axes.edgecolor": INK["light"],
    "xtick.color": INK["light"],
    "ytick.color": INK["light"],
    "grid.color": QUIET["light"],
    "grid.linewidth": 0.8,
    "axes.grid": True,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "legend.frameon": False,
    "patch.edgecolor": PAPER["light"],
    "hist.bins": 40,
    "svg.fonttype": "none",
    "svg.hashsalt": "stats-course",
    "path.simplify": True,
}

DARK_COLOURS = {
    INK["light"]: INK["dark"],
    "#000000": INK["dark"],
    QUIET["light"]: QUIET["dark"],
    PAPER["light"]: PAPER["dark"],
    **dict(PALETTE),
}

_HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}\b")


def to_dark(svg: str) -> str:
    """Return the dark variant of an SVG drawn in the light style."""
    return _HEX_COLOUR.sub(lambda m: DARK_COLOURS.get(m.group(0).lower(), m.group(0)), svg)


# The CSS custom property that stands for each light colour in a figure.
VARIABLES = {
    INK["light"]: "--fig-ink",
    "#000000": "--fig-black",
    QUIET["light"]: "--fig-quiet",
    PAPER["light"]: "--fig-paper",
    **{light: f"--fig-c{index}" for index, (light, _) in enumerate(PALETTE)},
}


def to_variables(svg: str) -> str:
    """Write each palette colour of a light-style SVG as ``var(--fig-..., #light)``."""

    def replace(match: re.Match[str]) -> str:
        colour = match.group(0).lower()
        variable = VARIABLES.get(colour)
        return f"var({variable},{colour})" if variable else match.group(0)

    return _HEX_COLOUR.sub(replace, svg)


# The Mermaid diagrams' colours (engine/diagrams.py): custom property -> (light, dark).
DIAGRAM_COLOURS = {
    "--diagram-fill": ("#e8eaf6", "#2a2f45"),  # boxes: Material's indigo, quietly
    "--diagram-border": ("#3f51b5", "#8c9eff"),
    "--diagram-text": (INK["light"], INK["dark"]),
    "--diagram-line": ("#57606a", "#a3abb5"),
    "--diagram-paper": (PAPER["light"], PAPER["dark"]),  # behind edge labels
}


def figure_css(dark_selector: str = '[data-md-color-scheme="slate"]') -> str:
    """The stylesheet that gives figures and diagrams their dark colours under ``dark_selector``."""
    pairs = "".join(f"{VARIABLES[light]}:{DARK_COLOURS[light]};" for light in VARIABLES)
    pairs += "".join(f"{name}:{dark};" for name, (_, dark) in DIAGRAM_COLOURS.items())
    names = [*VARIABLES.values(), *DIAGRAM_COLOURS]
    return (
        "/* Generated from engine/style.py: the dark palette of every figure. */\n"
        f"{dark_selector}{{{pairs}}}\n"
        # Printed pages are light whatever the screen's scheme.
        f"@media print{{{dark_selector}{{{''.join(f'{v}:initial;' for v in names)}}}}}\n"
    )
