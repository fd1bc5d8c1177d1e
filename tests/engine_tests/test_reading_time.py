"""Reading time (engine/reading_time.py): prose words only, at 200 a minute, rounded up."""

from __future__ import annotations

from engine.reading_time import minutes, words


def test_prose_words_count_and_code_math_tags_and_markers_do_not():
    page = (
        "# A title\n\nThe MLE is [the sample mean]{claim=mle-mean}, written $\\bar x$.\n\n"
        "```snippet\nsnippets/a/b.py\n```\n\n"
        '!!! note "Aside"\n\n    ~~~python\n    print("not read")\n    ~~~\n\n'
        '$$\nx = \\frac{1}{n}\\sum_i x_i\n$$\n\n<div class="box">it\'s one well-known word</div>\n'
    )
    # A title | The MLE is the sample mean written formula | Aside | formula | it's one well-known word
    assert words(page) == 2 + 8 + 1 + 1 + 4


def test_minutes_round_up_at_200_words_a_minute():
    assert minutes("word " * 1) == 1
    assert minutes("word " * 200) == 1
    assert minutes("word " * 201) == 2
    assert minutes("") == 1
