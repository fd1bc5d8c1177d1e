"""This build's runs (engine/runs.py): in worker processes or here, the same result; failures named."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.cache import SnippetCache
from engine.errors import SnippetError
from engine.runs import RunPool, SnippetRuns, run_to_result

FIGURE = (
    '"""A seeded figure."""\nimport numpy as np\nimport matplotlib.pyplot as plt\n'
    "rng = np.random.default_rng(3)\nprint(rng.normal(size=3).round(6))\n"
    "plt.plot(rng.normal(size=20))\nplt.title('Twenty draws')\nplt.show()\n"
)


@pytest.fixture(scope="module")
def pool():
    workers = RunPool(2)
    yield workers
    workers.shutdown()


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "snippets").mkdir()
    (tmp_path / "snippets/figure.py").write_text(FIGURE)
    (tmp_path / "snippets/fails.py").write_text('raise ValueError("inside a worker")\n')
    return tmp_path


def test_a_run_in_a_worker_equals_a_run_here(project, pool):
    runs = SnippetRuns(project, None, None, pool=pool)
    runs.prefetch(["snippets/figure.py"])
    assert "snippets/figure.py" in runs._pending, "it was handed to a worker"
    in_worker, _ = runs.result("snippets/figure.py")
    here = run_to_result(project / "snippets/figure.py", "snippets/figure.py")
    assert in_worker["stdout"] == here["stdout"]
    assert in_worker["figures"] == here["figures"], "same SVG, same ids, light and dark"
    assert runs.ran == ["snippets/figure.py"]


def test_a_failure_in_a_worker_names_the_file_and_the_error(project, pool):
    runs = SnippetRuns(project, None, None, pool=pool)
    runs.prefetch(["snippets/fails.py"])
    with pytest.raises(SnippetError, match=r"fails\.py raised ValueError:[\s\S]*inside a worker"):
        runs.result("snippets/fails.py")


def test_prefetch_skips_what_the_cache_holds_and_an_edit_after_it_runs_the_new_bytes(project, pool):
    store = SnippetCache(project / ".cache")
    first = SnippetRuns(project, store, None, pool=pool)
    first.result("snippets/figure.py")
    second = SnippetRuns(project, store, None, pool=pool)
    second.prefetch(["snippets/figure.py"])
    assert second._pending == {}, "cached: nothing to run"
    edited = project / "snippets/figure.py"
    third = SnippetRuns(project, store, None, pool=pool)
    third.prefetch(["snippets/figure.py"])
    edited.write_text(FIGURE.replace("size=3", "size=2"))  # edited after the run was started
    result, _ = third.result("snippets/figure.py")
    assert len(result["stdout"].strip().strip("[]").split()) == 2, "the edited file's output: two draws"
