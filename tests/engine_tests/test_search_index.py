"""The search index's accent-folded copies (engine/search_index.py): "Cramer" finds "Cramér"."""

from __future__ import annotations

import json
import re

import pytest

from engine.search_index import fold, fold_index, with_folded_words

SEPARATOR = re.compile(r"[\s\-]+")  # Material's default, as our index's config has it


@pytest.mark.parametrize(
    ("word", "folded"),
    [
        ("Cramér–Rao", "Cramer–Rao"),
        ("Bézier", "Bezier"),
        ("Fréchet", "Frechet"),
        ("Gödel", "Godel"),
        ("Łukasiewicz", "Łukasiewicz"),  # a stroke is part of the letter, not a combining mark
        ("naïve", "naive"),
        ("p̂", "p"),  # a formula's reading: p with a combining circumflex
        ("Crame\u0301r", "Cramer"),  # decomposed input (e + U+0301) folds the same
        ("plain", "plain"),
    ],
)
def test_fold_drops_combining_marks(word, folded):
    assert fold(word) == folded


def test_only_words_with_a_diacritic_get_a_hidden_copy():
    text = "<p>The Cramér–Rao bound, for p̂ &gt; 0 and naïve-ly.</p>"
    assert with_folded_words(text, SEPARATOR) == (
        "<p>The "
        '<span class="search-fold">Cramér–Rao<span hidden>Cramer–Rao</span></span> bound, for '
        '<span class="search-fold">p̂<span hidden>p</span></span> &gt; 0 and '
        '<span class="search-fold">naïve<span hidden>naive</span></span>-ly.</p>'
    )


def test_tags_entities_and_folded_text_are_left_alone():
    text = '<a title="Cramér" href="#é">x</a> &amp;é'
    once = with_folded_words(text, SEPARATOR)
    assert once.startswith('<a title="Cramér" href="#é">x</a> '), "markup is never rewritten"
    assert once.endswith('<span class="search-fold">&amp;é<span hidden>&amp;e</span></span>')
    assert with_folded_words(once, SEPARATOR) == once, "folding twice changes nothing"


def test_fold_index_rewrites_titles_and_texts(tmp_path):
    path = tmp_path / "search_index.json"
    index = {
        "config": {"separator": r"[\s\-]+", "lang": ["en"]},
        "docs": [{"location": "estimation/#crb", "title": "The Cramér–Rao bound", "text": "<p>none</p>"}],
    }
    path.write_text(json.dumps(index))
    assert fold_index(path) == 1
    doc = json.loads(path.read_text())["docs"][0]
    folded = '<span class="search-fold">Cramér–Rao<span hidden>Cramer–Rao</span></span>'
    assert doc["title"] == f"The {folded} bound"
    assert doc["text"] == "<p>none</p>" and doc["location"] == "estimation/#crb"
