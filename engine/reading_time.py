"""How long a lesson takes to read, from its own words (computed at build time, never typed).

The words are the page's prose: code blocks, snippet fences, HTML tags,
admonition types and claim markers are not read as text; a formula counts as
one word. At 200 words
a minute (a careful pace for technical prose), rounded up to whole minutes.
"""

from __future__ import annotations

import math
import re

WORDS_PER_MINUTE = 200
_FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<mark>`{3,}|~{3,}).*?^(?P=indent)(?P=mark)[ \t]*$", re.M | re.S)
_DISPLAY_MATH = re.compile(r"\$\$.+?\$\$", re.S)
_INLINE_MATH = re.compile(r"\$[^$\n]+\$")
_TAG = re.compile(r"<[^>]+>")
_CLAIM_MARKER = re.compile(r"\{claim=[^}]*\}")
# In "!!! note" or "??? success", the type is no word of the text.
_ADMONITION_TYPE = re.compile(r"^([ \t]*(?:!!!|\?\?\?\+?)[ \t]+)[\w-]+", re.M)
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


def words(markdown: str) -> int:
    """The number of words a reader reads on the page."""
    text = _ADMONITION_TYPE.sub(r"\1", _FENCE.sub(" ", markdown))
    text = _DISPLAY_MATH.sub(" formula ", text)
    text = _INLINE_MATH.sub(" formula ", text)
    text = _CLAIM_MARKER.sub(" ", _TAG.sub(" ", text))
    return len(_WORD.findall(text))


def minutes(markdown: str) -> int:
    """Reading time in whole minutes (at least one)."""
    return max(1, math.ceil(words(markdown) / WORDS_PER_MINUTE))
