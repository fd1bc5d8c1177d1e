"""MkDocs hooks: wire the snippet fence to the build and serve our own front-end libraries."""

from __future__ import annotations

import base64
import os
import posixpath
import re
import tempfile
from html import escape as html_escape
from html import unescape as html_unescape
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

from engine import cache, fence, figures, notebook_runs, notebooks, report
from engine.fence import log

# Files the site serves itself, copied from node_modules (installed from
# package-lock.json) at build time; nothing third-party is committed.
VENDOR_DIR = "assets/vendor"
VENDOR_FILES = {
    "katex/katex.min.js": "katex/dist/katex.min.js",
    "katex/katex.min.css": "katex/dist/katex.min.css",
    "katex/contrib/auto-render.min.js": "katex/dist/contrib/auto-render.min.js",
    "mermaid/mermaid.min.js": "mermaid/dist/mermaid.min.js",
}
VENDOR_GLOBS = {"katex/fonts": "katex/dist/fonts/*.woff2"}


def on_config(config):
    fence.project_root = Path(config.config_file_path).resolve().parent
    config.nav = notebooks.with_notebook_nav(config.nav or [], Path(config.docs_dir))
    # The notebook kernel (a child process) draws with the site's style too.
    generated = fence.project_root / GENERATED_DIR
    os.environ["MATPLOTLIBRC"] = str(
        _write_if_changed(generated / "matplotlibrc", notebooks.matplotlibrc_text())
    )
    profile = generated / "ipython/profile_default/ipython_kernel_config.py"
    _write_if_changed(profile, notebooks.kernel_config_text())
    os.environ["IPYTHONDIR"] = str(generated / "ipython")
    if "mkdocs-jupyter" in config.plugins:
        # Its cache follows ours: same switch, same folder. Uncached, it gets a fresh empty
        # folder per build, so the notebooks can still be executed in parallel ahead of it.
        jupyter = config.plugins["mkdocs-jupyter"].config
        jupyter["cache"] = True
        jupyter["cache_dir"] = (
            str(cache.cache_root(fence.project_root) / "mkdocs-jupyter")
            if cache.enabled()
            else tempfile.mkdtemp(prefix="notebooks-uncached-")
        )
    return config


@event_priority(100)  # before mkdocs-jupyter turns .ipynb files into pages
def on_files(files, config):
    _add_vendor_files(files, config)
    generated = _add_notebooks(files, config)
    if "mkdocs-jupyter" in config.plugins:
        notebook_runs.start(generated, config.plugins["mkdocs-jupyter"].config)
    files.append(File.generated(config, report.REPORT_PAGE, content=report.report_markdown()))
    return files


def on_pre_build(config):
    fence.blocks.clear()


def _add_vendor_files(files, config):
    node_modules = fence.project_root / "node_modules"
    wanted = {site: node_modules / package for site, package in VENDOR_FILES.items()}
    for site_folder, pattern in VENDOR_GLOBS.items():
        wanted |= {f"{site_folder}/{p.name}": p for p in sorted(node_modules.glob(pattern))}
    missing = [str(path) for path in wanted.values() if not path.is_file()]
    if missing or not any(site.startswith("katex/fonts/") for site in wanted):
        raise PluginError(
            "front-end libraries are missing (run `npm ci`, or use ./dev serve): " + ", ".join(missing)
        )
    for site_path, source in wanted.items():
        files.append(
            File(
                source.name,
                src_dir=str(source.parent),
                dest_dir=config.site_dir,
                use_directory_urls=config.use_directory_urls,
                dest_uri=f"{VENDOR_DIR}/{site_path}",
            )
        )


# Generated notebooks are written here (git-ignored) for mkdocs-jupyter to read.
GENERATED_DIR = ".cache/generated"


def _add_notebooks(files, config) -> list[str]:
    """One notebook per lesson page that shows snippets, from those very files; returns their paths."""
    root = fence.project_root
    out_dir = root / GENERATED_DIR
    generated = []
    for page in list(files.documentation_pages()):
        if not page.src_uri.endswith(".md"):
            continue
        text = Path(page.abs_src_path).read_text(encoding="utf-8")
        notebook = notebooks.notebook_for(text, page_url=_page_link(page.src_uri), root=root)
        if notebook is None:
            continue
        src_uri = notebooks.notebook_uri(page.src_uri)
        target = out_dir / src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.is_file() or target.read_text(encoding="utf-8") != notebook:
            target.write_text(notebook, encoding="utf-8")
        files.append(
            File(
                src_uri,
                src_dir=str(out_dir),
                dest_dir=config.site_dir,
                use_directory_urls=config.use_directory_urls,
            )
        )
        generated.append(str(target))
    return generated


def _page_link(src_uri: str) -> str:
    """Where a notebook (in notebooks/) links back to its lesson page."""
    return posixpath.relpath(src_uri, notebooks.NOTEBOOK_DIR)


def on_pre_page(page, config, files):
    notebook_runs.wait_for(page.file.abs_src_path or "")
    return page


def on_build_error(error):
    notebook_runs.shutdown()


def on_page_markdown(markdown, page, files, **_):
    fence.current_page = page.file.src_uri
    return _with_notebook_links(markdown, page, files)


def _with_notebook_links(markdown, page, files):
    """Put "Open as a notebook" and "Download notebook" under a lesson's title."""
    stem = Path(page.file.src_uri).with_suffix("").as_posix()
    notebook_uri = notebooks.notebook_uri(page.file.src_uri)
    if files.get_file_from_path(notebook_uri) is None:
        return markdown
    page_dir = posixpath.dirname(page.file.src_uri)
    # mkdocs-jupyter copies the .ipynb next to the notebook page (include_source).
    download = posixpath.relpath(
        f"{notebooks.NOTEBOOK_DIR}/{stem}/{Path(stem).name}.ipynb", page.url.rstrip("/") or "."
    )
    links = (
        f"\n\n[Open as a notebook]({posixpath.relpath(notebook_uri, page_dir or '.')}){{ .md-button }}\n"
        f'<a class="md-button" href="{download}" download>Download notebook (.ipynb)</a>\n\n'
    )
    title = notebooks.TITLE.search(markdown)
    at = title.end() if title else 0
    return markdown[:at] + links + markdown[at:]


def _write_if_changed(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
    return path


# --- notebook pages: keep them lean and free of third-party requests -------------------

# nbconvert's template adds MathJax and Mermaid from a CDN (the site renders math
# with its own KaTeX) and ~600 kB of inline CSS per page (served once, as a file).
_EXTERNAL_SCRIPT = re.compile(
    r"<script[^>]*>(?:(?!</script>).)*?https?://(?:(?!</script>).)*</script>"
    r'|<script src="">\s*</script>'
    r'|<script type="text/x-mathjax-config">.*?</script>',
    re.S,
)
_STYLE = re.compile(r"<style[^>]*>.*?</style>", re.S)
NOTEBOOK_CSS = "assets/notebook/notebook.css"
_notebook_styles: dict[str, None] = {}


def on_post_page(output, page, config):
    return fence.restore_figures(output)


def on_page_content(html, page, config, files):
    if not page.file.src_uri.startswith(f"{notebooks.NOTEBOOK_DIR}/"):
        return html
    # The notebook repeats its lesson's code: keep search results on the lessons
    # (and the search plugin from parsing this long page).
    page.meta["search"] = {"exclude": True}
    html = _EXTERNAL_SCRIPT.sub("", html)
    html = _lean_notebook_figures(html)
    for style in _STYLE.findall(html):
        _notebook_styles.setdefault(style, None)
    html = _STYLE.sub("", html)  # (its CSS names the stderr class too, so check after this)
    if 'data-mime-type="application/vnd.jupyter.stderr"' in html:
        # A cell that warns is as broken as one that raises (allow_errors only catches raises).
        log.warning(
            "%s: a notebook cell wrote to stderr (a warning?); see the page for the text", page.file.src_uri
        )
    # Code that scrolls sideways must be reachable by keyboard (Material does this for its own blocks).
    html = html.replace(
        '<div class="highlight-ipynb hl-python"><pre>',
        '<div class="highlight-ipynb hl-python"><pre tabindex="0">',
    )
    href = posixpath.relpath(NOTEBOOK_CSS, page.url.rstrip("/") or ".")
    name = Path(page.file.src_uri).name  # include_source puts the .ipynb beside the page
    download = f'<p><a class="md-button" href="{name}" download>Download notebook (.ipynb)</a></p>\n'
    return f'<link rel="stylesheet" href="{href}">\n' + download + html


_SVG_IMAGE = re.compile(r'<img alt="[^"]*" src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)"')
_EXAMPLE_HEADING = re.compile(r"<h2[^>]*>(.*?)<a class=\"anchor-link\"", re.S)


def _lean_notebook_figures(html: str) -> str:
    """The kernel's SVG figures, made lean like the pages' and described by their example."""
    parts, position = [], 0
    for match in _SVG_IMAGE.finditer(html):
        headings = _EXAMPLE_HEADING.findall(html, 0, match.start())
        example = html_unescape(re.sub(r"<[^>]+>", "", headings[-1])).strip() if headings else "the example"
        svg = figures.lean_svg(base64.b64decode(match.group(1)).decode("utf-8"))
        encoded = base64.b64encode(svg.encode("utf-8")).decode("ascii")
        alt = html_escape(f"Figure drawn by the example: {example}", quote=True)
        parts += [
            html[position : match.start()],
            f'<img alt="{alt}" src="data:image/svg+xml;base64,{encoded}"',
        ]
        position = match.end()
    return "".join(parts) + html[position:]


def on_post_build(config):
    notebook_runs.shutdown()
    page = Path(config.site_dir) / Path(report.REPORT_PAGE).stem / "index.html"
    if page.is_file():
        page.write_text(
            page.read_text(encoding="utf-8").replace(report.PLACEHOLDER, report.report_table(fence.blocks)),
            encoding="utf-8",
        )
    if _notebook_styles:
        css = "\n".join(re.sub(r"</?style[^>]*>", "", style).strip() for style in _notebook_styles)
        target = Path(config.site_dir) / NOTEBOOK_CSS
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(css + "\n", encoding="utf-8")
    _notebook_styles.clear()
