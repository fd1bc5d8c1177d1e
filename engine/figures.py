"""Turn a matplotlib figure into one lean, deterministic inline SVG whose colours follow the palette."""

from __future__ import annotations

import html
import io
import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from engine.style import to_dark, to_variables

if TYPE_CHECKING:
    from matplotlib.figure import Figure


class MissingAltText(ValueError):
    """A figure has neither a description nor a title to describe it with."""


@dataclass(frozen=True)
class RenderedFigure:
    """One figure as one inline SVG document, its colours CSS custom properties.

    Each colour is ``var(--fig-..., #light)``: the light drawing wherever no
    stylesheet sets the properties, the dark one under the site's dark scheme.
    """

    alt: str
    svg: str

    @property
    def light(self) -> str:
        """The figure as the light scheme shows it (the SVG itself: its fallbacks are light)."""
        return self.svg

    @property
    def dark(self) -> str:
        """The figure with the dark colours written in (for tests and tools; pages use ``svg``)."""
        return to_dark(re.sub(r"var\(--fig-[a-z0-9]+,(#[0-9a-f]{6})\)", r"\1", self.svg))


def alt_text(fig: Figure) -> str:
    """The figure's description: its label if the snippet set one, else its titles.

    A snippet describes a figure explicitly with ``fig.set_label("...")``
    (or ``plt.figure(label=...)``); otherwise the suptitle and the axes titles
    (left, centre and right) are used, since a titled figure already says what it shows.
    """
    label = str(fig.get_label() or "").strip()
    if label:
        return label
    titles = [fig.get_suptitle()]
    titles += [ax.get_title(loc=loc) for ax in fig.get_axes() for loc in ("left", "center", "right")]
    titles = [t.strip() for t in titles if t.strip()]
    if not titles:
        raise MissingAltText(
            "a figure has no alt text: give it a title (ax.set_title or fig.suptitle) "
            'or a description with fig.set_label("...")'
        )
    return "; ".join(dict.fromkeys(titles))


def render_figure(fig: Figure, figure_id: str) -> RenderedFigure:
    """Render ``fig`` to SVG; ``figure_id`` makes its element ids unique on a page."""
    alt = alt_text(fig)
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    svg = _clean_svg(buffer.getvalue())
    return RenderedFigure(alt=alt, svg=_finish_svg(to_variables(svg), alt, figure_id))


_ID = re.compile(r'\sid="([^"]+)"')
# Coordinates come with six decimals; two (a hundredth of a point) are plenty on screen.
# Only geometry attributes are touched: the text of labels keeps every digit.
_GEOMETRY = re.compile(r'(\s(?:d|x|y|x1|x2|y1|y2|transform|points|viewBox)=")([^"]*)"')
_LONG_DECIMAL = re.compile(r"(\d\.\d{2})\d+")
_REFERENCE = re.compile(r'(url\(#|href="#)([^")]+)')


def _clean_svg(svg: str) -> str:
    """Drop the XML prolog, metadata, fixed size and ids nothing refers to."""
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.S)
    tag_end = svg.index(">")
    svg = re.sub(r'\s(width|height)="[^"]*"', "", svg[:tag_end]) + svg[tag_end:]
    # matplotlib's stylesheet says "*{...}": scope it to our figures only.
    svg = svg.replace("*{stroke-linejoin", ".snippet-svg *{stroke-linejoin")
    svg = re.sub(r"\s*\n\s*", "\n", svg)  # indentation only costs bytes
    svg = re.sub(r' transform="rotate\(-?0 [^"]*\)"', "", svg)  # text that is not rotated at all
    svg = _GEOMETRY.sub(lambda m: m.group(1) + _LONG_DECIMAL.sub(r"\1", m.group(2)) + '"', svg)
    referenced = {match.group(2) for match in _REFERENCE.finditer(svg)}
    return _ID.sub(lambda m: m.group(0) if m.group(1) in referenced else "", svg)


# The page scales a figure to its column. Its smallest text never drops below MIN_TEXT_PX: a
# figure stops shrinking at the width where it would, and scrolls sideways instead (the
# figure element is the scroll box, engine/assets/engine.css). Nor does it grow past
# MAX_SCALE times its size in points, so on a wide screen 11-point text is about 16 px, the
# size of the prose. A figure that scrolls on a 390 px phone (column PHONE_COLUMN_PX wide) can
# be focused, so that the keyboard scrolls it too.
MIN_TEXT_PX = 9.0
MAX_SCALE = 1.5
PHONE_COLUMN_PX = 358
_VIEWBOX_WIDTH = re.compile(r'viewBox="[-\d.]+ [-\d.]+ ([\d.]+)')
_FONT_SIZE = re.compile(r"font-size: ?([\d.]+)px")


def size_limits(svg: str) -> tuple[float, float]:
    """The narrowest and widest the page may draw ``svg`` (CSS px), from its width and smallest text.

    matplotlib writes every text size as a ``font-size`` in the SVG's own units, mathtext's
    smaller exponents included, and scales no text with a transform.
    """
    match = _VIEWBOX_WIDTH.search(svg)
    sizes = [float(size) for size in _FONT_SIZE.findall(svg)]
    if match is None:
        raise ValueError("the figure's SVG has no viewBox")
    width = float(match.group(1))
    narrowest = MIN_TEXT_PX * width / min(sizes) + 1 if sizes else 0.0  # + 1: layout rounds sizes
    return narrowest, MAX_SCALE * width


def _finish_svg(svg: str, alt: str, prefix: str) -> str:
    """Give ids a page-unique prefix, limit the drawn size and make the drawing an accessible image."""
    svg = _ID.sub(lambda m: f' id="{prefix}-{m.group(1)}"', svg)
    svg = _REFERENCE.sub(lambda m: f"{m.group(1)}{prefix}-{m.group(2)}", svg)
    label = html.escape(alt, quote=True)
    narrowest, widest = size_limits(svg)
    focus = ' tabindex="0"' if narrowest > PHONE_COLUMN_PX else ""
    return svg.replace(
        "<svg ",
        f'<svg role="img" aria-label="{label}" class="snippet-svg"{focus}'
        f' style="min-width:{math.ceil(narrowest)}px;max-width:{math.floor(widest)}px" ',
        1,
    ).replace(">", f"><title>{label}</title>", 1)
