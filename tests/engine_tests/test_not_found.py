"""The 404 page made to work at any address (engine/not_found.py); the browser side is in
tests/browser/test_served_elsewhere.py."""

from __future__ import annotations

import json
import re

from engine.not_found import HEADING, HOME_LINK, MARKER, marker_text, relocatable, root_path

# What Material 9 writes for 404.html, cut down to every part the rewrite touches.
MATERIAL_404 = """<!doctype html><html><head><meta charset="utf-8">
<link rel="icon" href="/course/assets/images/favicon.png">
<link rel="stylesheet" href="/course/assets/stylesheets/main.css">
<script>__md_scope=new URL("/course/",location),__md_get=()=>null</script></head><body>
<a href="/course/." class="md-logo">logo</a><a href="/course/inference/">A lesson</a>
<a href="https://example.org/">away</a><a href="/other/">another site</a><a href="//cdn.example/">cdn</a>
<article><h1>404 - Not found</h1></article>
<script id="__config" type="application/json">{"base": "/course/", "features": ["navigation.instant",
 "navigation.instant.prefetch", "navigation.top"], "search": "/course/assets/javascripts/search.js"}</script>
<script src="/course/assets/javascripts/bundle.js"></script></body></html>"""

SITE_URL = "https://someone.github.io/course/"


def test_links_under_site_urls_path_become_relative_to_a_base_found_at_run_time():
    html, problems = relocatable(MATERIAL_404, SITE_URL)
    assert problems == []
    assert 'href="assets/stylesheets/main.css"' in html and 'src="assets/javascripts/bundle.js"' in html
    assert '<a href="." class="md-logo">' in html and 'href="inference/"' in html
    for untouched in ("https://example.org/", "/other/", "//cdn.example/"):
        assert f'href="{untouched}"' in html
    # Without JavaScript the base is site_url's path, as the links were; with it, the finder moves
    # it, and it comes before anything that loads.
    head = html.split('<link rel="icon"')[0]
    bases = '<noscript><base href="/course/"></noscript><base id="course-root" href="about:blank">'
    assert bases + "<script>" in head
    assert json.dumps(MARKER) in head and json.dumps(marker_text(SITE_URL).strip()) in head
    assert '__md_scope=new URL(".",document.baseURI)' in html
    assert HOME_LINK in html.split("</article>")[0]
    assert HEADING in html and "404 - Not found" not in html, "Material's heading, typeset with an en dash"


def test_materials_settings_follow_the_base_and_instant_navigation_is_off_on_the_page():
    html, _ = relocatable(MATERIAL_404, SITE_URL)
    settings = json.loads(re.search(r'<script id="__config"[^>]*>(.*?)</script>', html, re.S)[1])
    assert settings == {"base": ".", "features": ["navigation.top"], "search": "assets/javascripts/search.js"}
    after = html.split('<script id="__config"')[1].split("</script>", 1)[1]
    assert after.startswith("<script>") and "document.baseURI" in after.split("</script>")[0]


def test_a_page_without_the_expected_parts_is_reported_part_by_part():
    html, problems = relocatable("<html><head></head><body><h1>Gone</h1></body></html>", SITE_URL)
    assert len(problems) == 5
    for part in ("no link under '/course/'", "palette scope", "__config", "404 - Not found", "meta charset"):
        assert any(part in problem for problem in problems), part
    assert "<base" not in html


def test_the_root_and_the_marker_follow_site_url():
    assert root_path("https://someone.github.io/course") == "/course/"
    assert root_path("https://example.com/") == root_path(None) == "/"
    assert marker_text(SITE_URL) != marker_text("http://127.0.0.1:8000/")
    assert marker_text(SITE_URL) == marker_text(SITE_URL)  # the same build, the same bytes
