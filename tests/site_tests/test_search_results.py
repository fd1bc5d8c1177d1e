"""What the built search index holds: readable text, folded accents, and no notebook pages."""

from __future__ import annotations

import json
import re

CODE = re.compile(r"<pre[^>]*>.*?</pre>|<code[^>]*>.*?</code>", re.S)
RAW_LATEX = re.compile(r"\\[()\[\]]|\\[A-Za-z]{2,}|\$\$")
# A command's name left as a word by a formula's plain reading (engine/math_text.py).
COMMAND_WORD = re.compile(
    r"(?<![A-Za-z_])(?:[dt]?frac|math(?:cal|bb|rm|bf)|operatorname|q?quad|[lr]ceil|[lr]vert|underbrace"
    r"|xrightarrow)(?![A-Za-z])"
)
BUTTON_LABELS = ("Open as a notebook", "Download notebook", "notebook (.ipynb)", "minutes to read")


def _index(site):
    return json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))["docs"]


def test_every_entry_reads_as_text_outside_its_code(built_site):
    for doc in _index(built_site):
        prose = CODE.sub(" ", f"{doc['title']}\n{doc['text']}")
        assert not RAW_LATEX.search(prose), (doc["location"], RAW_LATEX.search(prose))
        assert not COMMAND_WORD.search(prose), (doc["location"], COMMAND_WORD.search(prose))
        for label in BUTTON_LABELS:
            assert label not in doc["text"], (doc["location"], label)


def test_notebook_pages_are_built_but_not_searched(built_site):
    assert sorted(built_site.glob("notebooks/*/index.html")), "the notebook pages exist"
    assert not [doc["location"] for doc in _index(built_site) if doc["location"].startswith("notebooks/")]


def test_every_accented_word_has_its_folded_copy(built_site):
    docs = [doc for doc in _index(built_site) if "Cramér" in doc["title"] + doc["text"]]
    assert len({doc["location"].split("#")[0] for doc in docs}) >= 4, "Cramér–Rao is named on several pages"
    for doc in docs:
        for name in ("title", "text"):
            shown = doc[name].count("Cramér")
            assert doc[name].count("<span hidden>Cramer") == shown, (doc["location"], name)
