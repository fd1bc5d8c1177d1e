"""The built site served from another address than site_url's: another origin, under a folder.

The shared build is made for http://127.0.0.1:PORT/. Here a second server, of another port,
serves the same files under /elsewhere/ and answers a missing address with the site's 404.html
and status 404, as GitHub Pages does; a third serves them at site_url's path ("/"), the way the
published site is served. Lessons must load whole and link to each other; a missing address,
however deep, must show the site's own styled 404 page, with links that lead back into the site.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from harness import LOCAL_HOSTS, SCREENSHOTS

from engine.not_found import MARKER

pytestmark = pytest.mark.browser

SITE_NAME = "Statistical Inference for Machine Learning"


class _Mounted(SimpleHTTPRequestHandler):
    """Serves the site's folder under ``prefix``; anything else, or missing, gets 404.html and 404."""

    prefix = "/"

    def log_message(self, *args: object) -> None:
        pass

    def translate_path(self, path: str) -> str:
        path = urlsplit(path).path
        if not path.startswith(self.prefix):
            return str(Path(self.directory) / "no such file")
        return super().translate_path("/" + path.removeprefix(self.prefix))

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        if code != 404:
            super().send_error(code, message, explain)
            return
        body = (Path(self.directory) / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@pytest.fixture(scope="module")
def mounts(built_site: Path) -> Iterator[dict[str, str]]:
    """Base URL of the site by mount: "/elsewhere/" on one server, "/" on another."""
    servers, bases = [], {}
    for prefix in ("/elsewhere/", "/"):
        handler = type("Handler", (_Mounted,), {"prefix": prefix})
        server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(built_site)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        bases[prefix] = f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    yield bases
    for server in servers:
        server.shutdown()
        server.server_close()


@dataclass
class Seen:
    """What one page did on the network and in its console."""

    blocked: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # responses of status 404 or more
    console_errors: list[str] = field(default_factory=list)


@pytest.fixture
def visit(browser):
    """Open a URL in a fresh context (other hosts blocked); returns (page, response, seen)."""
    contexts = []

    def _visit(url: str, *, color_scheme: str = "light", viewport=None, javascript: bool = True):
        context = browser.new_context(
            color_scheme=color_scheme,
            viewport=viewport or {"width": 1280, "height": 800},
            java_script_enabled=javascript,
        )
        contexts.append(context)
        seen = Seen()

        def route(route):
            if urlsplit(route.request.url).hostname in LOCAL_HOSTS:
                route.continue_()
            else:
                seen.blocked.append(route.request.url)
                route.abort()

        context.route("**/*", route)
        page = context.new_page()
        page.on("requestfailed", lambda request: seen.failed.append(request.url))
        page.on("response", lambda r: r.status >= 400 and seen.missing.append(r.url))
        page.on("console", lambda m: m.type == "error" and seen.console_errors.append(m.text))
        page.on("pageerror", lambda error: seen.console_errors.append(str(error)))
        response = page.goto(url, wait_until="load")
        page.wait_for_load_state("networkidle")
        return page, response, seen

    yield _visit
    for context in contexts:
        context.close()


def _assert_styled_from(page, base: str, *, scripts: bool = True) -> None:
    """Every stylesheet came from the site at ``base`` and has rules; Material's header is drawn;
    Material's script has run (when ``scripts``)."""
    sheets = page.evaluate("[...document.styleSheets].map(s => [s.href, s.cssRules.length])")
    linked = [(href, rules) for href, rules in sheets if href]
    assert linked, "no stylesheet"
    assert [href for href, rules in linked if not href.startswith(base) or rules == 0] == []
    assert any("/assets/stylesheets/main." in href for href, _ in linked), "Material's stylesheet"
    header = page.evaluate(
        "(() => { const s = getComputedStyle(document.querySelector('.md-header'));"
        " return [s.position, s.backgroundColor]; })()"
    )
    assert header[0] == "sticky" and header[1] != "rgba(0, 0, 0, 0)", f"the header is unstyled: {header}"
    assert SITE_NAME in page.locator(".md-header__title").inner_text()
    if scripts:
        page.wait_for_function("typeof document$ !== 'undefined'", timeout=10_000)


def _assert_clean(seen: Seen, *, allowed_missing: list[str] = ()) -> None:
    assert seen.blocked == [], "requests to other hosts"
    assert seen.failed == []
    assert [url for url in seen.missing if url not in allowed_missing] == []
    # The browser notes each response of status 404 on the console: nothing else may be there.
    assert [e for e in seen.console_errors if "status of 404" not in e] == []


def test_a_lesson_served_elsewhere_loads_whole_and_its_navigation_reaches_another_lesson(visit, mounts):
    base = mounts["/elsewhere/"]
    page, response, seen = visit(base + "inference/")
    assert response.status == 200
    _assert_styled_from(page, base)
    assert page.locator("article .katex").count() > 0, "the math is there"
    _assert_clean(seen)

    # (Material's script has made the links absolute by now.)
    page.locator("nav.md-nav--primary a.md-nav__link[href$='/estimation/']:not([href*=notebooks])").click()
    page.wait_for_url(base + "estimation/")
    page.wait_for_load_state("networkidle")
    assert page.title().startswith("What makes an estimator good")
    _assert_styled_from(page, base)
    _assert_clean(seen)


def _probes(base: str, path: str) -> list[str]:
    """The marker requests the 404 page may make that miss: site_url's root, then path's ancestors."""
    origin = base.removesuffix(urlsplit(base).path)
    folders, folder = [], urlsplit(base + path).path
    while folder:
        folders.append(folder)
        folder = folder.rstrip("/").rpartition("/")[0] + "/" if folder != "/" else ""
    return [origin + f + MARKER for f in folders]


@pytest.mark.parametrize("mount", ["/elsewhere/", "/"], ids=["elsewhere", "at-site-url-path"])
def test_a_missing_address_at_depth_shows_the_styled_404_page_that_leads_home(visit, mounts, mount):
    base = mounts[mount]
    missing = base + "no/such/page/"
    page, response, seen = visit(missing)
    assert response.status == 404
    _assert_styled_from(page, base)
    assert page.locator("article h1").inner_text() == "404 – Page not found"
    _assert_clean(seen, allowed_missing=[missing, *_probes(base, "no/such/page/")])
    if mount == "/":  # where the site lives at site_url's path, the first probe finds it
        assert seen.missing == [missing]

    # Material's scripts run against the site's root: the palette toggles, search finds pages there.
    page.locator("form[data-md-component=palette] label:visible").first.click()
    page.wait_for_function("document.body.dataset.mdColorScheme === 'slate'")
    page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").press_sequentially("likelihood")  # Material reads keys
    page.locator(".md-search-result__item a").first.wait_for()
    found = page.eval_on_selector_all(".md-search-result__item a", "links => links.map(a => a.href)")
    assert found and all(href.startswith(base) for href in found), found
    page.keyboard.press("Escape")

    page.locator("article a", has_text="Go to the course’s home page").click()
    page.wait_for_url(base)
    page.wait_for_load_state("networkidle")
    assert page.locator("article h1").count() == 1
    _assert_styled_from(page, base)
    assert page.url == base


def test_without_javascript_the_404_page_at_site_urls_path_is_styled_as_before(visit, mounts):
    base = mounts["/"]
    page, response, seen = visit(base + "no/such/page/", javascript=False)
    assert response.status == 404
    _assert_styled_from(page, base, scripts=False)
    assert page.locator("article a", has_text="Go to the course’s home page").evaluate("a => a.href") == base
    assert seen.missing == [base + "no/such/page/"]


def test_screenshots_of_the_404_page_served_elsewhere(visit, mounts):
    """For the eye: tests/output/screenshots/404-elsewhere-<scheme>-<width>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    base = mounts["/elsewhere/"]
    for scheme, palette in (("light", "default"), ("dark", "slate")):
        for viewport in ({"width": 1280, "height": 800}, {"width": 390, "height": 844}):
            page, _, seen = visit(base + "no/such/page/", color_scheme=scheme, viewport=viewport)
            assert page.evaluate("document.body.dataset.mdColorScheme") == palette
            _assert_styled_from(page, base)
            _assert_clean(seen, allowed_missing=[base + "no/such/page/", *_probes(base, "no/such/page/")])
            page.screenshot(path=SCREENSHOTS / f"404-elsewhere-{scheme}-{viewport['width']}.png")
