"""A formula's LaTeX as plain text, for the search index (KaTeX's own markup reads badly there)."""

from __future__ import annotations

import html
import re
from functools import lru_cache

_GREEK = str.split(
    "alpha α beta β gamma γ delta δ epsilon ε varepsilon ε zeta ζ eta η theta θ vartheta θ iota ι "
    "kappa κ lambda λ mu μ nu ν xi ξ pi π rho ρ sigma σ tau τ upsilon υ phi φ varphi φ chi χ psi ψ "
    "omega ω Gamma Γ Delta Δ Theta Θ Lambda Λ Xi Ξ Pi Π Sigma Σ Phi Φ Psi Ψ Omega Ω"
)
_SYMBOLS = {
    **dict(zip(_GREEK[::2], _GREEK[1::2], strict=True)),  # Greek letters, as learners read them
    "sum": "Σ", "prod": "Π", "int": "∫", "infty": "∞", "partial": "∂", "nabla": "∇",
    "le": "≤", "leq": "≤", "ge": "≥", "geq": "≥", "ne": "≠", "neq": "≠", "approx": "≈",
    "sim": "~", "propto": "∝", "times": "×", "cdot": "·", "cdots": "…", "ldots": "…", "dots": "…",
    "pm": "±", "to": "→", "rightarrow": "→", "mapsto": "↦", "in": "∈", "mid": "|", "lvert": "|",
    "rvert": "|", "lVert": "‖", "rVert": "‖", "langle": "⟨", "rangle": "⟩", "sqrt": "√",
    "Longrightarrow": "⇒", "Rightarrow": "⇒", "quad": " ", "qquad": " ",
    "ell": "ℓ", "top": "ᵀ", "Vert": "‖", "vert": "|", "leftarrow": "←", "gets": "←", "ast": "*",
    "otimes": "⊗", "succeq": "⪰", "preceq": "⪯", "colon": ":", "lceil": "⌈", "rceil": "⌉",
    "lfloor": "⌊", "rfloor": "⌋", "blacksquare": "∎", "xrightarrow": "→",
}  # fmt: skip
_ACCENTS = {"hat": "\u0302", "widehat": "\u0302", "bar": "\u0304", "overline": "\u0304", "tilde": "\u0303"}
_GROUP = r"\{([^{}]*)\}"
_ARG = rf"(?:{_GROUP}|(\\[A-Za-z]+|[A-Za-z0-9]))"  # a group, or one symbol: \frac12, \frac1n
# Put between a reduced group and its neighbours, so that \log\frac{p}{q} is not read as a
# command "\logp" (a command name is all the letters after its backslash); removed at the end.
_JOIN = "\x00"


# Where tex_to_html puts a script: these marks survive the reduction and HTML escaping.
_SCRIPT_TAGS = {"\x01": "<sub>", "\x02": "</sub>", "\x03": "<sup>", "\x04": "</sup>"}
_SCRIPT_MARKS = {"_": ("\x01", "\x02"), "^": ("\x03", "\x04")}


def tex_to_text(tex: str) -> str:
    r"""``\\hat p = \\frac{k}{n}`` -> ``p̂ = k/n``: readable, searchable, never exact typesetting."""
    return _reading(tex, scripts=False)


def tex_to_html(tex: str) -> str:
    r"""The same reading as HTML, its indices and exponents as <sub> and <sup>.

    ``z_{1-\\alpha/2}`` reads z<sub>1-α/2</sub>, where tex_to_text gives the flat z_1-α/2.
    """
    text = html.escape(_reading(tex, scripts=True), quote=False)
    return re.sub("[\x01-\x04]", lambda m: _SCRIPT_TAGS[m.group()], text)


@lru_cache(maxsize=16384)  # a pure function; a formula often recurs (a page's, the build report's)
def _reading(tex: str, *, scripts: bool) -> str:
    text = re.sub(r"\\(?:begin|end)\s*\{[A-Za-z*]+\}", " ", tex)  # an environment's name is not text
    text = re.sub(r"\^\s*(?:\{\s*\\top\s*\}|\\top\b)", "ᵀ", text)  # x^\top reads xᵀ
    for _ in range(5):  # groups nest a few levels at most in our formulas
        text = re.sub(rf"\\underbrace\s*{_GROUP}\s*_{_GROUP}", r"\1 (\2)", text)
        if scripts:
            text = re.sub(rf"([_^]){_GROUP}", _script, text)
        else:
            # z_{1-\alpha/2}: its braces stop nothing
            text = re.sub(rf"([_^]){_GROUP}", rf"\1\2{_JOIN}", text)
        text = re.sub(rf"\\binom\s*{_GROUP}\s*{_GROUP}", rf"{_JOIN}C(\1, \2){_JOIN}", text)
        text = re.sub(rf"\\sqrt\s*{_GROUP}", lambda m: f"{_JOIN}√{_wrap(m.group(1))}{_JOIN}", text)
        text = re.sub(
            rf"\\[dt]?frac\s*{_ARG}\s*{_ARG}",
            lambda m: f"{_JOIN}{_wrap(m.group(1) or m.group(2))}/{_wrap(m.group(3) or m.group(4))}{_JOIN}",
            text,
        )
        text = re.sub(
            rf"\\(?:text|mathrm|mathbf|mathbb|mathcal|operatorname\*?|boldsymbol|mathit){_GROUP}",
            rf"{_JOIN}\1{_JOIN}",
            text,
        )
        text = re.sub(r"\\(?:mathbb|mathcal|mathrm|mathbf|boldsymbol)\s*([A-Za-z0-9])", rf"{_JOIN}\1", text)
        text = re.sub(
            rf"\\({'|'.join(_ACCENTS)})\s*(?:{_GROUP}|(\\[A-Za-z]+|[A-Za-z]))",
            lambda m: _JOIN + _accent(m.group(2) or m.group(3), _ACCENTS[m.group(1)]),
            text,
        )
        text = re.sub(
            rf"\\xrightarrow\s*(?:\[([^\[\]]*)\])?\s*{_GROUP}",
            lambda m: _arrow(m.group(2).strip() or (m.group(1) or "").strip()),
            text,
        )
    if scripts:  # x_0, x^2, \sigma^2: a one-symbol script
        text = re.sub(r"([_^])\s*(\\[A-Za-z]+|[A-Za-z0-9])", _script, text)
    # Sizes of delimiters go, the delimiters stay (\\left\\lVert is \\lVert; \\right. is nothing).
    text = re.sub(r"\\(?:left|right|[bB]igg?[lr]?)\b\s*(?:\\(?=[{}|])|\.)?", "", text)
    text = re.sub(r"\\[,;: ]", " ", text.replace("\\!", ""))  # spaces; \\! is a negative one
    # A named operator (\\log, \\max, ...) reads as a word: keep it apart from its neighbours.
    text = re.sub(r"\\([A-Za-z]+)", lambda m: _SYMBOLS.get(m.group(1), f" {m.group(1)} "), text)
    text = text.replace("\\\\", " ").replace("&", " ").replace("{", "").replace("}", "").replace("\\", "")
    return re.sub(r"\s+", " ", text.replace(_JOIN, "")).strip()


def _script(match: re.Match[str]) -> str:
    """``_{...}`` or ``^x`` -> the script between its marks (tex_to_html makes them tags)."""
    start, end = _SCRIPT_MARKS[match.group(1)]
    return f"{start}{match.group(2)}{end}"


def _accent(base: str, mark: str) -> str:
    base = _SYMBOLS.get(base.lstrip("\\"), base.lstrip("\\")) if base.startswith("\\") else base
    return base + mark if len(base) == 1 else base


def _arrow(label: str) -> str:
    r"""``\xrightarrow{d}`` -> ``→(d)``: the arrow with its label, if any."""
    label = re.sub(r"\\[,;:! ]", "", label).strip()
    return f"→({label})" if label else "→"


def _wrap(part: str) -> str:
    """A fraction's numerator or denominator, in brackets when it is more than one symbol."""
    part = part.strip()
    return part if re.fullmatch(r"\\?[A-Za-z0-9]+", part.replace(_JOIN, "")) else f"({part})"
