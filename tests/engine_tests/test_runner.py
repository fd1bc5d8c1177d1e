"""The execution engine: capture, figures, isolation, errors."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest

from engine import SnippetError, run_snippet
from engine.style import DARK_COLOURS, INK, LIGHT_STYLE


def write(tmp_path: Path, code: str, name: str = "example.py") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(code), encoding="utf-8")
    return path


def test_captures_prints_at_top_level_and_inside_functions(tmp_path):
    path = write(
        tmp_path,
        """
        def report(x):
            print(f"inside: {x}")

        if __name__ == "__main__":
            print("top level")
            report(3)
        """,
    )
    assert run_snippet(path).stdout == "top level\ninside: 3\n"


def test_runs_as_main_in_a_fresh_namespace(tmp_path):
    path = write(
        tmp_path,
        """
        import sys
        print(__name__, "leaked" in globals(), sys.modules["__main__"].__dict__ is globals())
        leaked = True
        """,
    )
    first = run_snippet(path)
    assert first.stdout == "__main__ False True\n"
    assert run_snippet(path).stdout == first.stdout
    assert first.namespace["leaked"] is True


def test_runs_without_file_like_a_notebook_cell(tmp_path):
    # A notebook cell has no __file__: a snippet relying on it would break in the companion
    # notebook, so it breaks here too, naming the file.
    path = write(tmp_path, "print(__file__)\n")
    with pytest.raises(SnippetError, match=r"example\.py raised NameError"):
        run_snippet(path)


def test_a_dataclass_in_a_snippet_works(tmp_path):
    path = write(
        tmp_path,
        """
        from dataclasses import dataclass

        @dataclass
        class Estimate:
            value: float

        print(Estimate(0.5))
        """,
    )
    assert run_snippet(path).stdout == "Estimate(value=0.5)\n"


def test_figures_become_light_and_dark_svg_with_alt_text(tmp_path):
    path = write(
        tmp_path,
        """
        import matplotlib.pyplot as plt
        fig, ax = plt.subplots()
        ax.plot([0, 1], [0, 1], color="C0", label="a line")
        ax.set_title("A rising line")
        second = plt.figure()
        second.set_label("An empty figure, described explicitly")
        """,
    )
    figures = run_snippet(path).figures
    assert [f.alt for f in figures] == ["A rising line", "An empty figure, described explicitly"]
    first = figures[0]
    assert first.light.startswith('<svg role="img" aria-label="A rising line"')
    assert "<title>A rising line</title>" in first.light
    assert "<text" in first.light, "svg.fonttype none keeps text as text"
    assert INK["light"] in first.light and INK["light"] not in first.dark
    assert DARK_COLOURS["#0072b2"] in first.dark, "C0 is swapped for its dark partner"
    # One drawing: each palette colour is a custom property whose fallback is the light colour.
    assert "var(--fig-ink,#24292f)" in first.svg and "var(--fig-c0,#0072b2)" in first.svg
    assert not re.search(r"(?<!,)#24292f|(?<!,)#0072b2", first.svg), "no palette colour outside a var()"
    assert "<metadata" not in first.light and "Date" not in first.light


def test_titles_on_the_left_or_right_of_an_axes_describe_the_figure_too(tmp_path):
    path = write(
        tmp_path,
        """
        import matplotlib.pyplot as plt
        fig, (left, right) = plt.subplots(1, 2)
        left.set_title("(a) prior", loc="left")
        right.set_title("(b) posterior", loc="right")
        """,
    )
    assert run_snippet(path).figures[0].alt == "(a) prior; (b) posterior"


def test_figure_svg_is_deterministic_and_ids_are_unique_per_figure(tmp_path):
    path = write(
        tmp_path,
        """
        import matplotlib.pyplot as plt
        for title in ("one", "two"):
            fig, ax = plt.subplots()
            ax.plot([0, 1, 2], [2, 0, 1], marker="o")
            ax.set_title(title)
        """,
    )
    first, second = run_snippet(path).figures, run_snippet(path).figures
    assert [f.light for f in first] == [f.light for f in second]
    ids = [i for f in first for i in re.findall(r'id="([^"]+)"', f.svg)]
    assert ids, "markers and clip paths keep their ids"
    assert len(ids) == len(set(ids)), "no id is repeated across figures"


def test_nothing_leaks_into_the_next_run(tmp_path):
    messy = write(
        tmp_path,
        """
        import matplotlib
        import matplotlib.pyplot as plt
        import numpy as np
        matplotlib.rcParams["lines.linewidth"] = 9
        np.random.seed(1)
        plt.figure().set_label("left open")
        print("messy")
        """,
        "messy.py",
    )
    before_width = matplotlib.rcParams["lines.linewidth"]
    before_state = np.random.get_state()[1].copy()  # noqa: NPY002 - guarding the legacy global state
    run_snippet(messy)
    assert matplotlib.rcParams["lines.linewidth"] == before_width
    assert np.array_equal(np.random.get_state()[1], before_state)  # noqa: NPY002 - guarding the legacy global state
    assert plt.get_fignums() == []


def test_style_is_applied_during_the_run(tmp_path):
    path = write(
        tmp_path, 'import matplotlib\nprint(matplotlib.rcParams["svg.fonttype"], matplotlib.get_backend())\n'
    )
    assert run_snippet(path).stdout.lower().split() == [LIGHT_STYLE["svg.fonttype"], "agg"]


def test_an_exception_is_reported_with_the_snippet_traceback(tmp_path):
    path = write(tmp_path, 'def f():\n    raise ValueError("bad input")\n\nf()\n')
    with pytest.raises(SnippetError, match=r"raised ValueError") as caught:
        run_snippet(path)
    message = str(caught.value)
    assert "bad input" in message and "example.py" in message and "line 2" in message
    assert "runpy" not in message, "the runner's own frames are not shown to the reader"


def test_a_warning_fails_the_run(tmp_path):
    path = write(tmp_path, "import numpy as np\nprint(np.log(0.0))\n")
    with pytest.raises(SnippetError, match="RuntimeWarning"):
        run_snippet(path)


def test_a_snippet_that_shows_nothing_is_an_error(tmp_path):
    path = write(tmp_path, "def helper():\n    return 1\n")
    with pytest.raises(SnippetError, match="printed nothing and drew nothing"):
        run_snippet(path)


def test_a_figure_without_title_or_description_is_an_error(tmp_path):
    path = write(tmp_path, "import matplotlib.pyplot as plt\nplt.plot([1, 2])\n")
    with pytest.raises(SnippetError, match=r"example\.py: a figure has no alt text"):
        run_snippet(path)
    assert plt.get_fignums() == []


def test_a_missing_file_is_an_error(tmp_path):
    with pytest.raises(SnippetError, match="not found"):
        run_snippet(tmp_path / "nope.py")
