"""The 404 page, working wherever the built site is served.

A static server answers a missing address, at any depth, with the site's 404.html. So MkDocs
writes that page's links as absolute paths under site_url's path (a relative link would resolve
against the missing address). Served from anywhere else (another server, another folder), those
paths miss: the page comes unstyled and its links lead nowhere.

Here the page's links become relative to a ``<base>`` element, which a small script right
after it (before any stylesheet) points at the site's root: it asks the missing address's
folders, the nearest first, for a marker file that only this site's root holds (site_url's
folder first, when the address is under it: one request where the site lives there). The
requests are synchronous, so that every stylesheet and script after them loads from the
right place; they need no network beyond the server itself. Until the script has run, the
base is about:blank, against which no relative URL resolves, so the browser's look-ahead
fetches nothing from a wrong folder; without JavaScript, a ``<noscript>`` base of site_url's
path gives what the page gave before. Material's own settings on the page (its base URL, the
palette's storage scope) follow the base; its instant navigation is off on this page, so
that no next page inherits the base.

Material writes the page; each rewrite here finds the text it expects or says what it missed
(the plugin makes that a warning, which fails the strict build).
"""

from __future__ import annotations

import hashlib
import json
import re
from urllib.parse import urlsplit

MARKER = "assets/course-engine/site-root.txt"
"""Where the site's root holds its marker (written by the plugin)."""


def marker_text(site_url: str | None) -> str:
    """The marker's content: names the engine and this site (a fallback page answering 200 is no root)."""
    digest = hashlib.sha256((site_url or "/").encode()).hexdigest()[:16]
    return f"course-engine site root {digest}\n"


def root_path(site_url: str | None) -> str:
    """site_url's path, with its trailing slash: where the site lives on its own server."""
    path = urlsplit(site_url or "/").path or "/"
    return path if path.endswith("/") else path + "/"


# Asks each candidate folder for the marker; the first that holds it becomes the base.
_FINDER = """<script>(function () {
  var known = %(known)s, marker = %(marker)s, token = %(token)s, root = known;
  var dir = location.pathname.replace(/[^\\/]*$/, ""), candidates = dir.indexOf(known) === 0 ? [known] : [];
  for (; dir; dir = dir.replace(/[^\\/]*\\/$/, "")) candidates.push(dir);
  for (var i = 0; i < candidates.length; i++) {
    if (i > 0 && candidates[i] === known) continue;
    try {
      var request = new XMLHttpRequest();
      request.open("GET", location.origin + candidates[i] + marker, false);  // (the base is not set yet)
      request.send();
      if (request.status === 200 && request.responseText.trim() === token) {
        root = candidates[i];
        break;
      }
    } catch (error) {}
  }
  document.getElementById("course-root").setAttribute("href", root);
})();</script>"""

# Material resolves its base URL against the address, not the document's base: resolve it here.
_CONFIG_FIX = (
    "<script>(function (c) { var j = JSON.parse(c.textContent);"
    " j.base = new URL(j.base, document.baseURI).href; j.search = new URL(j.search, document.baseURI).href;"
    ' c.textContent = JSON.stringify(j); })(document.getElementById("__config"));</script>'
)

_CHARSET = re.compile(r'<meta charset="[^"]*">')
_CONFIG = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S)
_HEADING = "<h1>404 - Not found</h1>"  # Material's own, replaced by a typeset one
HEADING = "<h1>404 – Page not found</h1>"
HOME_LINK = '<p>This address is not a page of the course. <a href=".">Go to the course’s home page</a>.</p>'


def relocatable(html: str, site_url: str | None) -> tuple[str, list[str]]:
    """404.html as Material wrote it -> the page that works at any address; and what was not found."""
    root = root_path(site_url)
    problems: list[str] = []

    def relative(match: re.Match[str]) -> str:
        return f'{match[1]}{match[2] or "."}"'

    html, links = re.subn(rf'(\s(?:href|src)="){re.escape(root)}(?!/)([^"]*)"', relative, html)
    if not links:
        problems.append(f"no link under {root!r} to make relative")

    scope = f'__md_scope=new URL("{root}",location)'
    if scope not in html:
        problems.append(f"Material's palette scope ({scope}) not found")
    html = html.replace(scope, '__md_scope=new URL(".",document.baseURI)')

    config = _CONFIG.search(html)
    if config:
        settings = json.loads(config[2])
        settings["base"] = "."
        settings["search"] = settings["search"].removeprefix(root)
        settings["features"] = [f for f in settings["features"] if not f.startswith("navigation.instant")]
        replaced = config[1] + json.dumps(settings) + config[3] + _CONFIG_FIX
        html = html[: config.start()] + replaced + html[config.end() :]
    else:
        problems.append("Material's settings (script#__config) not found")

    if _HEADING in html:
        html = html.replace(_HEADING, HEADING + HOME_LINK, 1)
    else:
        problems.append(f"the heading {_HEADING} not found")

    charset = _CHARSET.search(html)
    if charset:
        finder = _FINDER % {
            "known": json.dumps(root),
            "marker": json.dumps(MARKER),
            "token": json.dumps(marker_text(site_url).strip()),
        }
        head = f'<noscript><base href="{root}"></noscript><base id="course-root" href="about:blank">{finder}'
        html = html[: charset.end()] + head + html[charset.end() :]
    else:
        problems.append("no <meta charset> to put the base after")
    return html, problems
