"""Formulas typeset at build time (engine/math_render.py) and read as text by search (engine/math_text.py)."""

from __future__ import annotations

import pytest
from sitebuild import ROOT

from engine.cache import SnippetCache
from engine.math_render import SHORT_FORMULA, MathError, MathTypesetter
from engine.math_text import tex_to_html, tex_to_text
from engine.stash import Stash

INLINE = r'<p>so <span class="arithmatex">\(\hat p &lt; 1\)</span>.</p>'
DISPLAY = '<div class="arithmatex">\\[\n\\frac{k}{n}\n\\]</div>'


def test_formulas_become_katex_markup_with_a_searchable_reading(tmp_path):
    typeset = MathTypesetter(ROOT, SnippetCache(tmp_path)).typeset(INLINE + DISPLAY)
    assert "\\(" not in typeset and "\\[" not in typeset
    assert typeset.count('class="katex"') == 2 and typeset.count('class="katex-display"') == 1
    assert '<span class="mrel">&lt;</span>' in typeset, "the HTML-escaped source is unescaped for KaTeX"
    assert '<div class="arithmatex" tabindex="0" role="math" aria-label="k/n">' in typeset, (
        "a display formula can be reached to scroll, and screen readers read its plain reading"
    )
    assert '<span class="arithmatex" role="math" aria-label="p̂ &lt; 1">' in typeset
    assert "<math" not in typeset, "no MathML: the label is what screen readers get"
    assert '<span class="math-text" hidden>p̂ &lt; 1</span>' in typeset
    assert '<span class="math-text" hidden>k/n</span>' in typeset


def test_the_markup_can_be_held_out_of_the_page_until_it_is_written(tmp_path):
    stash = Stash()
    held = MathTypesetter(ROOT, SnippetCache(tmp_path), hold=stash.math).typeset(INLINE)
    assert "katex" not in held and "<!-- snippet-math " in held, "the search indexer sees the plain reading"
    assert '<span class="math-text" hidden>p̂ &lt; 1</span>' in held
    written = stash.restore(held)
    assert "math-text" not in written, "the page needs no hidden copy of the reading: its aria-label has it"
    assert written == MathTypesetter(ROOT, SnippetCache(tmp_path)).typeset(INLINE).replace(
        '<span class="math-text" hidden>p̂ &lt; 1</span>', ""
    )


def test_a_typeset_page_is_left_alone_and_cached_formulas_need_no_katex(tmp_path, monkeypatch):
    math = MathTypesetter(ROOT, SnippetCache(tmp_path))
    once = math.typeset(INLINE)
    assert math.typeset(once) == once
    monkeypatch.setenv("PATH", "")  # no node: only the cache can answer
    assert MathTypesetter(ROOT, SnippetCache(tmp_path)).typeset(INLINE) == once


def test_a_formula_katex_cannot_parse_is_named():
    with pytest.raises(MathError, match=r'cannot typeset the formula "\\frac\{1\}\{"'):
        MathTypesetter(ROOT).typeset(r'<span class="arithmatex">\(\frac{1}{\)</span>')


def test_without_katex_installed_only_a_page_with_a_formula_fails(tmp_path):
    math = MathTypesetter(tmp_path)
    assert math.typeset("<p>no math</p>") == "<p>no math</p>"
    with pytest.raises(MathError, match="npm ci"):
        math.typeset(INLINE)


@pytest.mark.parametrize(
    ("tex", "text"),
    [
        (r"\hat p = 7/40", "p̂ = 7/40"),
        (r"\frac{a + k - 1}{a + b + n - 2}", "(a + k - 1)/(a + b + n - 2)"),
        (r"\mathbb{E}[\hat\sigma^2] = \frac{n-1}{n}\sigma^2", "E[σ̂^2] = (n-1)/nσ^2"),
        (r"\frac{\sigma}{\sqrt{n}}", "σ/(√n)"),
        (r"\text{Beta}(a + k,\, b + n - k)", "Beta(a + k, b + n - k)"),
        (r"\theta \le \lambda \approx \infty", "θ ≤ λ ≈ ∞"),
        (r"k\log p + \binom{n}{k}", "k log p + C(n, k)"),
        # No command's name is left as a word, and \log\frac{p}{q} is not read as "logp".
        (r"\frac1n\sum_i \ell(\theta) - \tfrac12", "1/nΣ_i ℓ(θ) - 1/2"),
        (r"\log\frac{p}{1-p} + \frac{2}{\delta}e", "log p/(1-p) + 2/δe"),
        (r"\Phi\!\left(\frac{z_{1-\alpha/2}}{\sigma_1}\right)", "Φ((z_1-α/2)/(σ_1))"),
        (r"\qquad\text{so}\qquad x^\top w = D^{-\top}w", "so xᵀ w = D^-ᵀw"),
        (r"\begin{aligned} a &= b, \\ c &\ge \mathcal N \end{aligned}", "a = b, c ≥ N"),
        (r"\underbrace{\sigma^2}_{\text{noise}}", "σ^2 (noise)"),
        (r"\sqrt n(\hat\theta - \theta) \xrightarrow{\;d\;} 0", "√ n(θ̂ - θ) →(d) 0"),
        (r"n = \left\lceil x \right\rceil, \ H_0\colon \lvert\hat p\rvert", "n = ⌈ x ⌉, H_0: |p̂|"),
    ],
)
def test_tex_reads_as_plain_text(tex, text):
    assert tex_to_text(tex) == text


@pytest.mark.parametrize(
    ("tex", "markup"),
    [
        (r"\Phi\!\left(\frac{z_{1-\alpha/2}}{\sigma_1}\right)", "Φ((z<sub>1-α/2</sub>)/(σ<sub>1</sub>))"),
        (r"\mathbb{E}[\hat\sigma^2] < 10^{-4}", "E[σ̂<sup>2</sup>] &lt; 10<sup>-4</sup>"),
        (
            r"\chi^2_1,\ \hat p_{B}^{*} \text{ and } x^\top",
            "χ<sup>2</sup><sub>1</sub>, p̂<sub>B</sub><sup>*</sup> and xᵀ",
        ),
    ],
)
def test_tex_reads_as_html_with_its_scripts_raised_and_lowered(tex, markup):
    """The build report's ledger shows a formula as this reading: each index or exponent a <sub>
    or <sup> around exactly its group, the rest escaped, no command left as a word."""
    assert tex_to_html(tex) == markup


def test_punctuation_after_an_inline_formula_stays_on_its_line(tmp_path):
    """A full stop or comma after an inline formula is kept with it in one unbreakable span;
    after a display formula, or with none, the markup is unchanged."""
    math = MathTypesetter(ROOT, SnippetCache(tmp_path))
    page = INLINE.replace("</span>.</p>", "</span>), and more.</p>") + DISPLAY + "."
    typeset = math.typeset(page)
    assert typeset.count('<span class="math-nobr">') == 1
    assert '</span></span>),</span> and more.</p>' in typeset, "the marks ride with the formula"
    assert typeset.endswith("</div>."), "a display formula's full stop is left where it was"
    long = r"\sum_i (y_i - p_i)\,x_i = -n\,\nabla J(w) + \lambda w"
    bare = math.typeset(f'<p><span class="arithmatex">\\({long}\\)</span> tosses</p>')
    assert "math-nobr" not in bare and bare.endswith("</span> tosses</p>"), "a long formula may break"


def test_a_short_inline_formula_never_breaks_across_lines(tmp_path):
    """``power = 1 − β`` is one unbreakable span, with or without punctuation after it; a formula
    whose reading is longer than SHORT_FORMULA may still break after a relation."""
    math = MathTypesetter(ROOT, SnippetCache(tmp_path))
    short = math.typeset('<p><span class="arithmatex">\\(\\text{power} = 1 - \\beta\\)</span> here</p>')
    assert short.startswith('<p><span class="math-nobr"><span class="arithmatex"') and short.endswith(
        "</span></span> here</p>"
    )
    assert len(tex_to_text(r"\text{power} = 1 - \beta")) <= SHORT_FORMULA
