"""MkDocs hooks: wire the snippet fence to the build and serve our own front-end libraries."""

from __future__ import annotations

import posixpath
import re
import tempfile
from pathlib import Path

import jinja2
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

from engine import cache, fence, notebook_render, notebooks, report
from engine.errors import SnippetError

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
    fence.config_file_name = Path(config.config_file_path).name
    config.nav = notebooks.with_notebook_nav(config.nav or [], Path(config.docs_dir))
    if "mkdocs-jupyter" in config.plugins:
        # Its cache follows ours: same switch, same folder. Uncached, it gets a fresh empty
        # folder per build, so the notebooks can still be rendered in parallel ahead of it.
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
    _add_notebooks(files, config)
    files.append(File.generated(config, report.REPORT_PAGE, content=report.report_markdown()))
    return files


def on_pre_build(config):
    fence.start_build()
    _prepared_notebooks.clear()


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


# Generated notebooks (git-ignored): the clean ones served for download, and the ones
# mkdocs-jupyter renders, whose outputs are the lesson pages' own runs.
GENERATED_DIR = ".cache/generated"
DOWNLOAD_DIR = f"{GENERATED_DIR}/download"
RENDERED_DIR = f"{GENERATED_DIR}/rendered"

# Rendered notebook path -> (its lesson's Markdown, the link back to the lesson).
_notebook_sources: dict[str, tuple[str, str]] = {}
# Lesson page -> its rendered notebook's path.
_lesson_notebooks: dict[str, str] = {}
_prepared_notebooks: set[str] = set()


def _add_notebooks(files, config) -> None:
    """One notebook per lesson page that shows snippets, from those very files."""
    root = fence.project_root
    _notebook_sources.clear()
    _lesson_notebooks.clear()
    for page in list(files.documentation_pages()):
        if not page.src_uri.endswith(".md"):
            continue
        text = Path(page.abs_src_path).read_text(encoding="utf-8")
        link = _page_link(page.src_uri)
        clean = notebooks.notebook_for(text, page_url=link, root=root)
        if clean is None:
            continue
        src_uri = notebooks.notebook_uri(page.src_uri)
        # Served beside the notebook page, as notebooks/<lesson>/<lesson>.ipynb.
        download_uri = f"{src_uri.removesuffix('.ipynb')}/{Path(src_uri).name}"
        _write_if_changed(root / DOWNLOAD_DIR / download_uri, clean)
        files.append(_file(download_uri, root / DOWNLOAD_DIR, config))
        rendered = root / RENDERED_DIR / src_uri
        files.append(_file(src_uri, root / RENDERED_DIR, config))
        _notebook_sources[str(rendered)] = (text, link)
        _lesson_notebooks[page.src_uri] = str(rendered)


def _file(src_uri: str, src_dir: Path, config) -> File:
    return File(
        src_uri, src_dir=str(src_dir), dest_dir=config.site_dir, use_directory_urls=config.use_directory_urls
    )


def _prepare_notebook(path: str, config) -> None:
    """Write the rendered notebook (outputs from this build's runs) and start rendering it."""
    if path in _prepared_notebooks:
        return
    _prepared_notebooks.add(path)
    text, link = _notebook_sources[path]
    notebook = notebooks.notebook_for(text, page_url=link, root=fence.project_root, outputs=_cell_outputs)
    _write_if_changed(Path(path), notebook)
    if "mkdocs-jupyter" in config.plugins:
        notebook_render.submit(path, config.plugins["mkdocs-jupyter"].config)


def _cell_outputs(relative: str) -> list[dict]:
    try:
        result, _ = fence.snippet_result(relative)  # this build's run of the lesson page, or the cache
    except SnippetError as error:  # the lesson page has already reported it, failing the build
        return [{"output_type": "error", "ename": "SnippetError", "evalue": str(error), "traceback": []}]
    figures = [fence.stash_figure(fence.figure_html(figure)) for figure in result["figures"]]
    return notebooks.cell_outputs(result["stdout"], figures)


def _page_link(src_uri: str) -> str:
    """Where a notebook (in notebooks/) links back to its lesson page."""
    return posixpath.relpath(src_uri, notebooks.NOTEBOOK_DIR)


@event_priority(100)  # before mkdocs-jupyter reads the notebook (its cache key is the file's bytes)
def on_pre_page(page, config, files):
    path = page.file.abs_src_path or ""
    if path in _notebook_sources:
        _prepare_notebook(path, config)
        notebook_render.wait_for(path)
    return page


def on_build_error(error):
    notebook_render.shutdown()


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
    # The clean .ipynb is served next to the notebook page (_add_notebooks).
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


def on_env(env, config, files):
    # Material's templates are compiled on every build; keep the compiled code between
    # builds (Jinja checks each template's source before it reuses it).
    if cache.enabled():
        folder = cache.cache_root(fence.project_root) / "jinja"
        folder.mkdir(parents=True, exist_ok=True)
        env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(folder))
    return env


def on_post_page(output, page, config):
    return fence.restore_stashed(output)


def on_page_content(html, page, config, files):
    if page.file.src_uri in _lesson_notebooks:  # its snippets have run: its notebook can be rendered
        _prepare_notebook(_lesson_notebooks[page.file.src_uri], config)
    if not page.file.src_uri.startswith(f"{notebooks.NOTEBOOK_DIR}/"):
        return fence.stash_highlighted_code(html)
    # The notebook repeats its lesson's code: keep search results on the lessons
    # (and the search plugin from parsing this long page).
    page.meta["search"] = {"exclude": True}
    html = _EXTERNAL_SCRIPT.sub("", html)
    for style in _STYLE.findall(html):
        _notebook_styles.setdefault(style, None)
    html = _STYLE.sub("", html)
    # Code that scrolls sideways must be reachable by keyboard (Material does this for its own blocks).
    html = html.replace(
        '<div class="highlight-ipynb hl-python"><pre>',
        '<div class="highlight-ipynb hl-python"><pre tabindex="0">',
    )
    href = posixpath.relpath(NOTEBOOK_CSS, page.url.rstrip("/") or ".")
    name = Path(page.file.src_uri).name  # the clean .ipynb is served beside the page
    download = f'<p><a class="md-button" href="{name}" download>Download notebook (.ipynb)</a></p>\n'
    return f'<link rel="stylesheet" href="{href}">\n' + download + html


def on_shutdown():
    notebook_render.shutdown()


def on_post_build(config):
    notebook_render.finish()  # the workers stay for the next rebuild under `mkdocs serve`
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
