"""mkdocs-jupyter at arm's length (engine/notebook_render.py): its private API is checked, errors surface."""

from __future__ import annotations

import pytest
from mkdocs_jupyter import plugin as jupyter_plugin

from engine import notebook_render
from engine.notebook_render import NotebookRenderer, NotebookRenderError, check_mkdocs_jupyter


def test_the_installed_mkdocs_jupyter_has_the_functions_and_signatures_we_call():
    check_mkdocs_jupyter()  # raises NotebookRenderError naming the function that changed


def test_a_changed_signature_fails_loudly(monkeypatch):
    monkeypatch.setattr(jupyter_plugin, "_get_cache_path", lambda cache_dir, key, extra: None)
    with pytest.raises(NotebookRenderError, match="_get_cache_path takes"):
        check_mkdocs_jupyter()


def test_another_version_fails_loudly(monkeypatch):
    monkeypatch.setattr(notebook_render, "package_version", lambda name: "0.27.0")
    with pytest.raises(NotebookRenderError, match=r"written for mkdocs-jupyter 0\.26\.x, found 0\.27\.0"):
        check_mkdocs_jupyter()


def test_nb2html_options_come_from_its_own_signature():
    config = {"theme": "dark", "no_prompt": True, "execute": False, "cache": True, "toc_depth": 3}
    options = notebook_render.nb2html_options(config)
    assert options == {"theme": "dark", "no_prompt": True, "execute": False}, "only what nb2html takes"


def test_a_failure_in_a_worker_is_returned_not_swallowed(tmp_path):
    renderer = NotebookRenderer(workers=1)
    config = {
        "cache": True,
        "cache_dir": str(tmp_path),
        "execute": False,
        "toc_depth": 6,
        **{k: "" for k in ("kernel_name", "theme", "highlight_extra_classes", "custom_mathjax_url")},
        **{k: False for k in ("allow_errors", "no_input", "no_prompt", "include_requirejs")},
        "show_input": True,
        "remove_tag_config": {},
    }
    broken = tmp_path / "broken.ipynb"
    broken.write_text("this is not a notebook")
    try:
        renderer.submit(str(broken), config)
        error = renderer.wait_for(str(broken))
    finally:
        renderer.shutdown()
    assert isinstance(error, ValueError), error  # the worker could not read the notebook: JSONDecodeError
    assert not list(tmp_path.glob("*.json")), "a failed render writes no cache entry"
