r"""Accent-folded copies of words in the search index, so that "Cramer" finds "Cramér".

Material's search builds its lunr index in the reader's browser (a web worker) from
``search/search_index.json``, and has no hook on the query or on lunr's pipeline: its
``pipeline`` option only removes some of stemmer, stopWordFilter and trimmer, and
custom search transforms and workers were removed in Material 9.0. So the folding is
done here, once, in the index: after the build writes it, each word with a diacritic
(a combining mark once decomposed, NFKD) gets its folded form beside it, hidden:

    <span class="search-fold">Cramér–Rao<span hidden>Cramer–Rao</span></span>

Material's tokenizer splits text at tags, so the hidden copy is a word of its own
that an unaccented query matches, while an accented query matches the word itself.
Results are inserted as HTML, so the copy is never shown; engine.css marks the
visible word when the copy is what matched. Words are split with the index's own
separator, as the tokenizer splits them. What this does not do is fold the query:
a word the page writes without its accent is not found by a query typed with one.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from pathlib import Path

from engine.cache import write_atomically

_TAG = re.compile(r"(<[^>]*>)")


def fold(text: str) -> str:
    """``text`` decomposed (NFKD) without its combining marks: "Cramér" -> "Cramer", "p̂" -> "p"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def has_diacritic(word: str) -> bool:
    """Whether ``word`` decomposes (NFKD) into anything with a combining mark."""
    if word.isascii():  # (most words: ASCII has no combining marks, nor decomposes into any)
        return False
    return any(unicodedata.combining(c) for c in unicodedata.normalize("NFKD", word))


def with_folded_words(markup: str, separator: re.Pattern[str]) -> str:
    """``markup`` (an index entry's HTML) with a hidden folded copy after each word with a diacritic."""
    if markup.isascii() or 'class="search-fold"' in markup:  # nothing to fold, or folded already
        return markup
    parts = _TAG.split(markup)
    for i in range(0, len(parts), 2):  # the text between tags; tags are left as they are
        parts[i] = _fold_words(parts[i], separator)
    return "".join(parts)


def _fold_words(text: str, separator: re.Pattern[str]) -> str:
    if text.isascii():
        return text
    # Words and the gaps between them, alternately (the separator captured as one group; a
    # separator with groups of its own is split by its matches instead).
    if separator.groups == 0:
        pieces = re.split(f"({separator.pattern})", text, flags=separator.flags)
    else:
        gaps = list(separator.finditer(text))
        starts, ends = [0, *(g.end() for g in gaps)], [*(g.start() for g in gaps), len(text)]
        pieces = [p for i, (a, b) in enumerate(zip(starts, ends, strict=True)) for p in (
            (text[a:b], gaps[i].group()) if i < len(gaps) else (text[a:b],))]
    for i in range(0, len(pieces), 2):
        word = pieces[i]
        if word and has_diacritic(word):
            # The word is escaped HTML: fold its characters, not its entities.
            copy = html.escape(fold(html.unescape(word)), quote=False)
            pieces[i] = f'<span class="search-fold">{word}<span hidden>{copy}</span></span>'
    return "".join(pieces)


def fold_index(path: Path) -> int:
    """Add the folded copies to the titles and texts of the index at ``path``; returns the words folded."""
    index = json.loads(path.read_text(encoding="utf-8"))
    separator = re.compile(index["config"].get("separator") or r"[\s\-]+")
    folded = 0
    for doc in index["docs"]:
        for name in ("title", "text"):
            if isinstance(doc.get(name), str):
                new = with_folded_words(doc[name], separator)
                folded += new.count('class="search-fold"') - doc[name].count('class="search-fold"')
                doc[name] = new
    # As Material writes it (compact); read only by its search worker.
    write_atomically(path, json.dumps(index, separators=(",", ":")))
    return folded
