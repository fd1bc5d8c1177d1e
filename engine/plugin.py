"""The engine as a MkDocs plugin: ``plugins: [course-engine]`` in mkdocs.yml.

It registers the ``snippet`` fence with pymdownx.superfences and the claims
extension with Markdown, companion notebooks for the pages that show snippets,
the build report page, and the front-end files taken from node_modules. The
plugin instance owns the build's state (``Build``), made anew at the start of
every build; MkDocs keeps the instance across the rebuilds of ``mkdocs serve``
(it has ``on_startup``), so the notebook render workers stay up between them.

The engine's core (runner, figures, style, cache, keys, fence, claims) imports
nothing from MkDocs; this module is the only seam, with engine/notebook_render.py
for mkdocs-jupyter.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import posixpath
import re
import shutil
import tempfile
import time
import types
from concurrent.futures import Future
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

import jinja2
from markdown import Markdown
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_relative_url

from engine import keys, ledger, not_found, notebooks, npm_assets, reading_time, report, search_index
from engine.break_points import wrappable
from engine.cache import SnippetCache, write_atomically
from engine.claim_tests import TestLedger, read_claim_tests, tests_fingerprint
from engine.claims import Claim, ClaimRecorder, ClaimsExtension, leftover_markers, page_id
from engine.diagrams import DiagramError, DiagramRenderer
from engine.errors import SnippetError
from engine.fence import BlockRecord, SnippetFence, figure_html
from engine.math_render import MathError, MathTypesetter
from engine.notebook_render import NotebookRenderer, check_mkdocs_jupyter
from engine.page_cache import PageCache, RenderedPage, build_context, page_key
from engine.runs import RunPool, SnippetRuns
from engine.stash import Stash, UnknownPlaceholder
from engine.style import figure_css

# A warning on an "mkdocs.plugins" logger is what makes `mkdocs build --strict` fail.
log = logging.getLogger("mkdocs.plugins.course-engine")

ASSETS = Path(__file__).parent / "assets"
ASSET_DIR = "assets/course-engine"
NOTEBOOK_CSS = f"{ASSET_DIR}/notebook.css"
OFF = {"off", "0", "false", "no"}
# The Markdown extensions that give a page its block structure: a snippet fence may sit in them.
BLOCK_EXTENSIONS = {
    "pymdownx.superfences",
    "admonition",
    "pymdownx.details",
    "pymdownx.tabbed",
    "md_in_html",
    "attr_list",
    "def_list",
    "footnotes",
}


class EngineConfig(base.Config):  # type: ignore[no-untyped-call]  # (MkDocs' class hook is untyped)
    """The plugin's settings in mkdocs.yml (environment variables, where given, win)."""

    cache = c.Type(bool, default=True)
    """Reuse runs and rendered blocks from the cache. SNIPPET_CACHE=off turns it off."""
    cache_dir = c.Type(str, default=".cache")
    """The cache folder, relative to mkdocs.yml. SNIPPET_CACHE_DIR overrides it."""
    notebooks = c.Type(bool, default=True)
    """A companion notebook for every page that shows snippets (needs the mkdocs-jupyter plugin)."""
    notebook_section = c.Type(str, default="Notebooks")
    """The navigation section listing the notebooks, put after a "Lessons" section if there is one."""
    snippet_workers = c.Optional(c.Type(int))
    """Processes running snippets in parallel (default: one per core; 1 runs them one after another)."""
    notebook_workers = c.Type(int, default=2)
    """Processes rendering notebooks to HTML in the background (0: mkdocs-jupyter renders them itself)."""
    report_page = c.Type(str, default="build-report.md")
    """Where the build report page goes ("" for none)."""
    claims = c.Type(bool, default=True)
    """Enforce the claim ledger: every marked claim named by a test, every named claim on a page."""
    tests_dir = c.Type(str, default="tests")
    """Where the tests that name claims are (read statically, never run by the build)."""
    course_modules = c.ListOfItems(c.Type(str), default=["snippets", "engine"])
    """Packages whose code a claim test must exercise."""
    course_fixtures = c.ListOfItems(c.Type(str), default=["run"])
    """pytest fixtures that exercise the course's code (a claim test taking one counts)."""
    npm_assets = c.Type(dict, default={})
    """Front-end files to serve: site path under npm_assets_dir -> path in node_modules (``*`` allowed)."""
    npm_assets_dir = c.Type(str, default="assets/vendor")
    """Where the front-end files go in the site."""


@dataclass
class NotebookPaths:
    """Where one lesson's notebook lives: the page mkdocs-jupyter renders, the clean download."""

    lesson: str  # the lesson's src_uri
    rendered: Path
    download: Path
    src_uri: str  # the rendered notebook's src_uri (notebooks/<lesson>.ipynb)


@dataclass
class Build:
    """Everything one build knows; made anew in on_config, so a rebuild starts clean."""

    root: Path
    cache_root: Path | None  # None: the cache is off
    generated: Path  # where the notebooks are written (a temporary folder when uncached)
    fence: SnippetFence
    tests: TestLedger
    recorder: ClaimRecorder
    temporary: list[Path] = field(default_factory=list)
    claims: dict[str, ledger.PageClaims] = field(default_factory=dict)
    notebooks: dict[str, NotebookPaths] = field(default_factory=dict)  # by lesson src_uri
    notebook_pages: dict[str, NotebookPaths] = field(default_factory=dict)  # by rendered path
    prepared: set[str] = field(default_factory=set)
    expected_paths: dict[str, list[str]] = field(default_factory=dict)
    notebook_styles: dict[str, None] = field(default_factory=dict)
    page_urls: dict[str, tuple[str, str]] = field(default_factory=dict)  # src_uri -> (title, url)
    pages: PageCache | None = None  # rendered pages kept between builds (None: uncached)
    page_context: str = ""  # what every page's render depends on (set once the files are known)
    # Pages rendered afresh, to keep once rendered: src_uri -> (key, warnings so far, blocks so far).
    rendering: dict[str, tuple[str, int, int]] = field(default_factory=dict)
    reused: list[str] = field(default_factory=list)  # pages whose render came from the cache
    markdown_pages: int = 0
    math: MathTypesetter | None = None  # typesets the pages' formulas (set in on_config)
    diagrams: DiagramRenderer | None = None  # draws their Mermaid diagrams (set in on_config)


class _WarningCounter(logging.Handler):
    """Counts the warnings MkDocs and its plugins log (a page rendered with one is not kept)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def _cache_settings(config: EngineConfig, root: Path) -> tuple[bool, Path]:
    enabled = config.cache and os.environ.get("SNIPPET_CACHE", "on").lower() not in OFF
    folder = Path(os.environ.get("SNIPPET_CACHE_DIR") or root / config.cache_dir)
    return enabled, folder


def _toc_tokens(toc: Any) -> list[dict[str, Any]]:
    """A table of contents as the tokens MkDocs builds one from."""
    return [{"level": a.level, "id": a.id, "name": a.title, "children": _toc_tokens(a.children)} for a in toc]


def _link(url: str, from_url: str) -> str:
    """A relative link from one page to another; a folder URL keeps its trailing slash ("../", not "..")."""
    link = get_relative_url(url, from_url)
    return link + "/" if (url == "" or url.endswith("/")) and not link.endswith("/") else link


class EnginePlugin(BasePlugin[EngineConfig]):  # type: ignore[no-untyped-call]
    """Run the snippets, check the claims, build notebooks and the report."""

    def __init__(self) -> None:
        self.renderer: NotebookRenderer | None = None
        self.pool: RunPool | None = None
        self.build: Build | None = None
        self.serving = False  # under `mkdocs serve`: notebook pages do not hold a rebuild up
        # Under serve, a folder the server watches, written to when a notebook has rendered.
        trigger_folder = Path(tempfile.gettempdir()) / f"course-engine-{os.getpid()}"
        self._rebuild_trigger = trigger_folder / "notebook-ready"
        self._notebook_done = False
        self._warnings = _WarningCounter()
        logging.getLogger("mkdocs").addHandler(self._warnings)

    # --- lifetime -------------------------------------------------------------------

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        """Note the command; defining this keeps the instance (and its workers) across serve rebuilds."""
        self.serving = command == "serve"

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        """Watch what the pages show (snippets), the claim tests and the engine; and notebooks rendered.

        A change of any snippet file, claim test or engine module rebuilds (an engine
        change then asks for a restart); a notebook finished in the background
        rebuilds too, so the browser reloads it.
        """
        assert self.build is not None
        root = self.build.root
        folders = {(root / path).parent for paths in self.build.expected_paths.values() for path in paths}
        folders |= {root / self.config.tests_dir, keys.ENGINE_DIR}
        for folder in sorted(f for f in folders if f.is_dir()):
            server.watch(str(folder))
        self._rebuild_trigger.parent.mkdir(parents=True, exist_ok=True)
        server.watch(str(self._rebuild_trigger.parent))
        if self.pool:
            self.pool.warm()  # the first edit then pays only its snippet's own run
        if self._notebook_done:  # the first build ran before the server: its renders may be done
            self._notebook_ready()
        return server

    def _notebook_ready(self) -> None:
        self._notebook_done = True
        if self._rebuild_trigger.parent.is_dir():
            self._rebuild_trigger.write_text(str(time.time()), encoding="utf-8")  # the server rebuilds

    def on_shutdown(self) -> None:
        """Stop the snippet and notebook workers."""
        shutil.rmtree(self._rebuild_trigger.parent, ignore_errors=True)
        if self.renderer:
            self.renderer.shutdown()
        if self.pool:
            self.pool.shutdown()

    def on_build_error(self, *, error: Exception) -> None:
        """Drop the queued runs, stop the notebook workers, remove this build's temporary folders."""
        if self.build:
            self.build.fence.runs.cancel()
            if self.build.diagrams:
                self.build.diagrams.close()
        if self.renderer:
            self.renderer.shutdown()
        self._remove_temporary()

    # --- configuration --------------------------------------------------------------

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Start a build: fresh state, the fence and the claims extension registered."""
        changed = keys.changed_engine_modules()
        if changed:
            log.warning(
                "engine code changed since this process started (%s): restart `mkdocs serve` "
                "(./dev serve) so that the build uses it",
                ", ".join(changed),
            )
        if "pymdownx.superfences" not in config.markdown_extensions:
            raise PluginError("course-engine needs the pymdownx.superfences Markdown extension")
        root = Path(config.config_file_path).resolve().parent
        cached, cache_root = _cache_settings(self.config, root)
        store = SnippetCache(cache_root / "snippets") if cached else None
        generated = cache_root / "generated" if cached else Path(tempfile.mkdtemp(prefix="course-engine-"))
        if self.pool is None or self.pool.workers != (self.config.snippet_workers or os.cpu_count() or 1):
            if self.pool:
                self.pool.shutdown()
            self.pool = RunPool(self.config.snippet_workers)
        runs = SnippetRuns(root, store, memo_dir=cache_root / "keys" if cached else None, pool=self.pool)
        fence = SnippetFence(
            root,
            runs,
            Stash(),
            log,
            block_store=store,
            render_fingerprint=keys.render_fingerprint(Path(config.config_file_path)),
        )
        tests = (
            self._claim_tests(root, cache_root if cached else None) if self.config.claims else TestLedger()
        )
        # The marks are held out of the page until it is written, as figures are (engine/stash.py).
        recorder = ClaimRecorder(tests_for=tests.tests_for, hold=fence.stash.mark)
        self.build = Build(root, cache_root if cached else None, generated, fence, tests, recorder)
        self.build.diagrams = DiagramRenderer(root, SnippetCache(cache_root / "diagrams") if cached else None)
        self.build.math = MathTypesetter(
            root, SnippetCache(cache_root / "katex") if cached else None, hold=fence.stash.math
        )
        if cached:
            self.build.pages = PageCache(SnippetCache(cache_root / "pages-rendered"))
        if not cached:
            self.build.temporary.append(generated)
        fences = config.mdx_configs.setdefault("pymdownx.superfences", {}).setdefault("custom_fences", [])
        if any(entry.get("name") == "snippet" for entry in fences):
            raise PluginError("remove the `snippet` custom fence from mkdocs.yml: course-engine registers it")
        fences.append(
            {"name": "snippet", "class": "snippet", "validator": fence.validate, "format": fence.format}
        )
        config.markdown_extensions.append(ClaimsExtension(recorder))  # type: ignore[arg-type]
        config.extra_css.insert(0, f"{ASSET_DIR}/engine.css")
        config.extra_css.insert(1, f"{ASSET_DIR}/figures.css")
        config.extra_javascript.append(f"{ASSET_DIR}/claims.js")
        if self.config.notebooks:
            self._configure_notebooks(config)
        return config

    def _claim_tests(self, root: Path, cache_root: Path | None) -> TestLedger:
        """The tests' claims, read statically; kept in the cache by the bytes of every test file."""
        tests_dir = root / self.config.tests_dir
        if not tests_dir.is_dir():
            return TestLedger()
        settings = (self.config.course_modules, self.config.course_fixtures)
        store = SnippetCache(cache_root / "ledger") if cache_root else None
        key = tests_fingerprint(tests_dir, *settings) if store else ""
        known = store.get(key) if store else None
        if known is not None:
            return TestLedger.from_json(known)
        ledger = read_claim_tests(tests_dir, root, course_modules=settings[0], course_fixtures=settings[1])
        if store:
            store.put(key, ledger.to_json())
        return ledger

    def _configure_notebooks(self, config: MkDocsConfig) -> None:
        if "mkdocs-jupyter" not in config.plugins:
            raise PluginError(
                "course-engine's notebooks need the mkdocs-jupyter plugin (or set notebooks: false)"
            )
        try:
            check_mkdocs_jupyter()
        except RuntimeError as error:
            raise PluginError(str(error)) from None
        assert self.build is not None
        # mkdocs-jupyter's cache follows ours: same switch, same folder. Uncached, it gets a
        # fresh folder per build (removed after it), so notebooks still render in parallel.
        jupyter = config.plugins["mkdocs-jupyter"].config
        jupyter["cache"] = True
        if self.build.cache_root:
            jupyter["cache_dir"] = str(self.build.cache_root / "mkdocs-jupyter")
        else:
            folder = Path(tempfile.mkdtemp(prefix="course-engine-notebooks-"))
            self.build.temporary.append(folder)
            jupyter["cache_dir"] = str(folder)
        if self.renderer is None or self.renderer.workers != self.config.notebook_workers:
            if self.renderer:
                self.renderer.shutdown()
            self.renderer = NotebookRenderer(self.config.notebook_workers)

    # --- files and navigation -------------------------------------------------------

    @event_priority(100)  # before mkdocs-jupyter turns .ipynb files into pages
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Add front-end files, the notebooks of pages that show snippets, and the report page."""
        assert self.build is not None
        self._add_npm_assets(files, config)
        for name in ("engine.css", "claims.js"):
            files.append(File.generated(config, f"{ASSET_DIR}/{name}", abs_src_path=str(ASSETS / name)))
        files.append(File.generated(config, f"{ASSET_DIR}/figures.css", content=figure_css()))
        # What the 404 page looks for to find the site's root, wherever it is served.
        files.append(File.generated(config, not_found.MARKER, content=not_found.marker_text(config.site_url)))
        shown = self._snippet_paths_by_page(files, config)
        self.build.expected_paths = shown
        self.build.page_context = build_context(
            self.build.fence.render_fingerprint,
            keys.engine_fingerprint(tuple(sorted(keys._LOADED))),
            json.dumps(self.build.tests.to_json(), sort_keys=True),
            "\n".join(sorted(f"{f.src_uri} {f.dest_uri}" for f in files)),
            f"mkdocs=={keys.package_version('mkdocs')}",
            f"katex=={self.build.math.version if self.build.math else None}",
            f"mermaid=={self.build.diagrams.version if self.build.diagrams else None}",
        )
        # Every snippet the pages show starts running in the workers now, while pages render.
        self.build.fence.runs.prefetch([path for paths in shown.values() for path in paths])
        if self.config.notebooks:
            config.nav = notebooks.with_notebook_nav(
                config.nav or [], set(shown), section=self.config.notebook_section
            )
            for lesson in shown:
                self._add_notebook(lesson, files, config)
            # mkdocs-jupyter renders what its `include` patterns match (PurePath.match, one folder
            # level per "*"): make sure they match every notebook, lessons in sub-folders included.
            include = config.plugins["mkdocs-jupyter"].config["include"]
            for lesson in shown:
                pattern = f"{posixpath.dirname(notebooks.notebook_uri(lesson))}/*.ipynb"
                if pattern not in include:
                    include.append(pattern)
        if self.config.report_page:
            files.append(File.generated(config, self.config.report_page, content=report.report_markdown()))
        return files

    def _add_npm_assets(self, files: Files, config: MkDocsConfig) -> None:
        if not self.config.npm_assets:
            return
        assert self.build is not None
        try:
            found = npm_assets.resolve(self.build.root / "node_modules", self.config.npm_assets)
        except npm_assets.MissingAssets as error:
            raise PluginError(str(error)) from None
        for site_path, source in found.items():
            dest = f"{self.config.npm_assets_dir}/{site_path}"
            files.append(File.generated(config, dest, abs_src_path=str(source)))

    def _snippet_paths_by_page(self, files: Files, config: MkDocsConfig) -> dict[str, list[str]]:
        """Which snippet files each page shows, learned by the same parser, running nothing.

        Each page is converted by superfences and the fence in record-only mode,
        with the site's own block extensions (those a fence can sit in: admonitions,
        collapsed blocks, tabs, HTML blocks) and none of the rest (math, tables,
        inline patterns cannot hide or add a fence, and would cost a full render).
        The answer is kept in the cache by the page's bytes and the render
        fingerprint, so a warm build converts nothing.
        """
        assert self.build is not None
        fence = self.build.fence
        structure = [
            name
            for name in config.markdown_extensions
            if isinstance(name, str) and (name in BLOCK_EXTENSIONS or name.startswith("pymdownx.blocks"))
        ]
        settings = {name: config.mdx_configs[name] for name in structure if name in config.mdx_configs}
        store = SnippetCache(self.build.cache_root / "pages") if self.build.cache_root else None
        shown: dict[str, list[str]] = {}
        fence.record_only = True
        try:
            for file in files.documentation_pages():
                if not file.src_uri.endswith(".md"):
                    continue
                text = file.content_string
                key = hashlib.sha256(f"{fence.render_fingerprint}\n{text}".encode()).hexdigest()
                paths = store.get(key) if store else None
                if paths is None:
                    fence.page = file.src_uri
                    fence.paths.pop(file.src_uri, None)
                    Markdown(extensions=structure, extension_configs=settings).convert(text)
                    paths = fence.paths.pop(file.src_uri, [])
                    if store:
                        store.put(key, paths)
                if paths:
                    shown[file.src_uri] = paths
        finally:
            fence.record_only = False
            fence.paths.clear()
        return shown

    def _add_notebook(self, lesson: str, files: Files, config: MkDocsConfig) -> None:
        assert self.build is not None
        src_uri = notebooks.notebook_uri(lesson)
        # The clean .ipynb is served beside the notebook page: notebooks/<lesson>/<lesson>.ipynb.
        download_uri = f"{src_uri.removesuffix('.ipynb')}/{Path(src_uri).name}"
        rendered_dir, download_dir = self.build.generated / "rendered", self.build.generated / "download"
        for uri, folder in ((download_uri, download_dir), (src_uri, rendered_dir)):
            if not (folder / uri).is_file():  # written for real once the lesson has run (_prepare_notebook)
                write_atomically(folder / uri, "{}")
            files.append(
                File(
                    uri,
                    src_dir=str(folder),
                    dest_dir=config.site_dir,
                    use_directory_urls=config.use_directory_urls,
                )
            )
        paths = NotebookPaths(lesson, rendered_dir / src_uri, download_dir / download_uri, src_uri)
        self.build.notebooks[lesson] = paths
        self.build.notebook_pages[str(paths.rendered)] = paths

    # --- pages ----------------------------------------------------------------------

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Tell the fence and the claims which page this is; put the notebook links under the title."""
        assert self.build is not None
        rendered = self.build.notebook_pages.get(str(page.file.abs_src_path or ""))
        if rendered and self.serving and self.renderer:
            self._hold_notebook_page(page, self.renderer.in_progress(str(rendered.rendered)))
        self.build.fence.page = page.file.src_uri
        self.build.recorder.start_page(page_id(page.file.src_uri))
        notebook = self.build.notebooks.get(page.file.src_uri)
        markdown = self._with_notebook_links(markdown, page, notebook, files) if notebook else markdown
        if self.build.pages and page.file.src_uri.endswith(".md"):
            self._reuse_or_watch_render(page, markdown, files)
        return markdown

    def _reuse_or_watch_render(self, page: Page, markdown: str, files: Files) -> None:
        """Give the page its cached render if its key is known; otherwise note it, to keep it after."""
        assert self.build is not None and self.build.pages is not None
        src_uri = page.file.src_uri
        paths = self.build.expected_paths.get(src_uri, [])
        if not all(self.build.fence.runs.exists(path) for path in paths):
            return  # the render itself reports the missing file, naming page and path
        run_keys = [self.build.fence.runs.key(path) for path in paths]
        key = page_key(src_uri, markdown, dict(page.meta), self.build.page_context, run_keys)
        cached = self.build.pages.get(key)
        if cached is None:
            self.build.rendering[src_uri] = (key, self._warnings.count, len(self.build.fence.blocks))
            return
        self.build.reused.append(src_uri)
        fence, recorder = self.build.fence, self.build.recorder
        fence.paths[src_uri] = list(cached.paths)
        fence.blocks += [BlockRecord(**{**row, "status": "cached"}) for row in cached.blocks]
        fence.stash.adopt(cached.stashed)
        recorder.claims = [Claim(recorder.page, claim_id, text) for claim_id, text in cached.claims]

        def render(page_self: Page, config: MkDocsConfig, files: Files) -> None:
            page_self.content = cached.content
            page_self.toc = get_toc(cached.toc)  # type: ignore[arg-type]  # (tokens as MkDocs made them)
            page_self._title_from_render = cached.title
            page_self.present_anchor_ids = set(cached.anchors)
            page_self.links_to_anchors = {
                target: links
                for uri, links in cached.links_to_anchors.items()
                if (target := files.get_file_from_path(uri)) is not None
            }

        page.render = types.MethodType(render, page)  # type: ignore[method-assign]

    def _keep_render(self, page: Page, html: str) -> None:
        """Keep a page rendered without a warning, with everything its render recorded."""
        assert self.build is not None and self.build.pages is not None
        key, warnings, first_block = self.build.rendering.pop(page.file.src_uri)
        if self._warnings.count != warnings:
            return  # the warning must show again next time
        src_uri = page.file.src_uri
        rendered = RenderedPage(
            content=html,
            toc=_toc_tokens(page.toc),
            title=page._title_from_render,
            anchors=sorted(page.present_anchor_ids or ()),
            links_to_anchors={f.src_uri: dict(links) for f, links in (page.links_to_anchors or {}).items()},
            claims=[[c.id, c.text] for c in self.build.recorder.claims],
            paths=list(self.build.fence.paths.get(src_uri, [])),
            blocks=[asdict(block) for block in self.build.fence.blocks[first_block:]],
            stashed=self.build.fence.stash.referenced(html),
        )
        self.build.pages.put(key, rendered)

    def _hold_notebook_page(self, page: Page, rendering: Future[None] | None) -> None:
        """Under `serve`, a notebook still rendering shows a notice, never its previous outputs.

        The rebuild that its render triggers when done (``on_serve``) shows the
        notebook, and reloads the page in the browser.
        """
        if rendering is None:
            return  # rendered already: mkdocs-jupyter finds it in its cache
        rendering.add_done_callback(lambda _: self._notebook_ready())

        def notice(page_self: Page, config: MkDocsConfig, files: Files) -> None:
            page_self.content = (
                '<p class="notebook-pending"><strong>This notebook is being rendered</strong> with the '
                "new outputs of its snippets. The page reloads itself when it is ready (or reload it "
                "in a moment).</p>"
            )
            page_self.toc = get_toc([])

        page.render = types.MethodType(notice, page)  # type: ignore[method-assign]

    def _with_notebook_links(self, markdown: str, page: Page, notebook: NotebookPaths, files: Files) -> str:
        """Under a lesson's title: its reading time, and the links to its notebook (not for search)."""
        notebook_file = files.get_file_from_path(notebook.src_uri)
        open_url = _link(notebook_file.url, page.url) if notebook_file else ""
        download = posixpath.relpath(
            f"{notebook.src_uri.removesuffix('.ipynb')}/{Path(notebook.src_uri).name}",
            page.url.rstrip("/") or ".",
        )
        read = reading_time.minutes(markdown)
        tools = (
            '\n\n<div class="lesson-tools" data-search-exclude>\n'
            f'<p class="reading-time">About {read} minute{"s" if read > 1 else ""} to read.</p>\n'
            f'<p><a class="md-button" href="{open_url}">Open as a notebook</a>\n'
            f'<a class="md-button" href="{download}" download>Download notebook (.ipynb)</a></p>\n'
            "</div>\n\n"
        )
        title = re.search(r"^#\s+.+$", markdown, re.M)
        at = title.end() if title else 0
        return markdown[:at] + tools + markdown[at:]

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Record the page's claims, start its notebook, and stash heavy markup from the search indexer."""
        assert self.build is not None
        src_uri = page.file.src_uri
        self.build.page_urls[src_uri] = (page.title or src_uri, page.url)
        if src_uri.endswith(".md"):
            self.build.markdown_pages += 1
            try:
                html = self.build.math.typeset(html) if self.build.math else html
                html = self.build.diagrams.render_in(html) if self.build.diagrams else html
            except (MathError, DiagramError) as error:
                raise PluginError(f"{page.file.src_uri}: {error}") from error
            if src_uri in self.build.rendering:
                self._keep_render(page, html)
            if self.config.claims:
                self.build.claims[src_uri] = ledger.PageClaims(
                    f"{config.docs_dir.rstrip('/').rsplit('/', 1)[-1]}/{src_uri}",
                    page.markdown or "",
                    self.build.recorder.in_page_order(html),
                    leftover_markers(html),
                )
            notebook = self.build.notebooks.get(src_uri)
            if notebook:
                self._prepare_notebook(notebook, page, config)
            return self.build.fence.stash.highlighted_code_in(html)
        if str(page.file.abs_src_path) in self.build.notebook_pages:
            return self._notebook_page_content(html, page)
        return html

    def _prepare_notebook(self, notebook: NotebookPaths, page: Page, config: MkDocsConfig) -> None:
        """Write the lesson's two notebooks from the fence's record and this build's runs; start rendering."""
        assert self.build is not None
        if notebook.lesson in self.build.prepared:
            return
        self.build.prepared.add(notebook.lesson)
        fence = self.build.fence
        paths = fence.paths.get(notebook.lesson, [])
        if paths != self.build.expected_paths.get(notebook.lesson):
            log.warning(
                "%s: the page showed other snippets than it named when the build began", notebook.lesson
            )
        title = page.title or notebook.lesson
        notebook_page_url = notebooks.notebook_uri(notebook.lesson).removesuffix(".ipynb") + "/"
        back = posixpath.relpath(page.url or ".", notebook_page_url) + "/"
        site = (config.site_url or "").rstrip("/")
        download_link = f"{site}/{page.url}" if site else back

        def outputs(relative: str) -> list[dict[str, Any]]:
            try:
                result, _ = fence.runs.result(relative)  # this build's run of the lesson page
            except SnippetError as error:  # the lesson page has already reported it
                return [
                    {"output_type": "error", "ename": "SnippetError", "evalue": str(error), "traceback": []}
                ]
            figures = [fence.stash.figure(figure_html(figure)) for figure in result["figures"]]
            return notebooks.cell_outputs(result["stdout"], figures)

        # The two notebooks are a function of these; written again only when one of them changed.
        inputs = json.dumps(
            [
                title,
                back,
                download_link,
                paths,
                [fence.runs.key(p) for p in paths],
                keys.notebook_fingerprint(),
            ]
        )
        key = hashlib.sha256(
            (inputs + keys.engine_fingerprint(("notebooks.py", "fence.py"))).encode()
        ).hexdigest()
        stamp = notebook.rendered.with_suffix(".key")
        unchanged = (
            stamp.is_file()
            and stamp.read_text(encoding="utf-8") == key
            and notebook.download.is_file()
            and fence.stash.knows_all(notebook.rendered.read_text(encoding="utf-8"))
        )
        if not unchanged:
            clean = notebooks.notebook_for(title, download_link, paths, self.build.root)
            rendered = notebooks.notebook_for(title, back, paths, self.build.root, outputs=outputs)
            for path, text in ((notebook.download, clean), (notebook.rendered, rendered)):
                if text is not None and (not path.is_file() or path.read_text(encoding="utf-8") != text):
                    write_atomically(path, text)
            write_atomically(stamp, key)
        if self.renderer and "mkdocs-jupyter" in config.plugins:
            self.renderer.submit(str(notebook.rendered), config.plugins["mkdocs-jupyter"].config)

    @event_priority(100)  # before mkdocs-jupyter reads the notebook (its cache key is the file's bytes)
    def on_pre_page(self, page: Page, *, config: MkDocsConfig, files: Files) -> Page:
        """A notebook page waits for its render (not under `serve`); a failed render fails the build."""
        assert self.build is not None
        notebook = self.build.notebook_pages.get(str(page.file.abs_src_path or ""))
        if notebook and self.renderer:
            path = str(notebook.rendered)
            error = self.renderer.failure(path) if self.serving else self.renderer.wait_for(path)
            if error is not None:
                log.warning(
                    "%s: rendering its notebook %s failed: %s", notebook.lesson, notebook.src_uri, error
                )
        return page

    # nbconvert's template adds MathJax and Mermaid from a CDN (the site renders math with its
    # own KaTeX) and ~600 kB of inline CSS per page (served once, as a file).
    _EXTERNAL_SCRIPT = re.compile(
        r"<script[^>]*>(?:(?!</script>).)*?https?://(?:(?!</script>).)*</script>"
        r'|<script src="">\s*</script>'
        r'|<script type="text/x-mathjax-config">.*?</script>',
        re.S,
    )
    _STYLE = re.compile(r"<style[^>]*>.*?</style>", re.S)
    _FILE_NAME = re.compile(r"<p><code>(snippets/[\w/]+\.py)</code></p>")

    def _notebook_page_content(self, html: str, page: Page) -> str:
        assert self.build is not None
        # The notebook repeats its lesson's code: keep search results on the lessons.
        page.meta["search"] = {"exclude": True}
        html, styles = self._lean_notebook_html(html)
        for style in styles:
            self.build.notebook_styles.setdefault(style, None)
        href = posixpath.relpath(NOTEBOOK_CSS, page.url.rstrip("/") or ".")
        name = Path(page.file.src_uri).name  # the clean .ipynb is served beside the page
        download = f'<p><a class="md-button" href="{name}" download>Download notebook (.ipynb)</a></p>\n'
        heading_end = html.find("</h1>")  # the button goes under the notebook's title
        at = heading_end + len("</h1>") if heading_end >= 0 else 0
        return f'<link rel="stylesheet" href="{href}">\n' + html[:at] + download + html[at:]

    def _lean_notebook_html(self, html: str) -> tuple[str, list[str]]:
        """Nbconvert's page without CDN scripts and inline styles (returned apart); cached by its bytes."""
        assert self.build is not None
        store = SnippetCache(self.build.cache_root / "notebook-pages") if self.build.cache_root else None
        key = hashlib.sha256(html.encode() + keys.engine_fingerprint(("plugin.py",)).encode()).hexdigest()
        known = store.get(key) if store else None
        if known is not None:
            return known["html"], known["styles"]
        # mkdocs-jupyter appends nbconvert's highlight styles, already in a <style> of their own,
        # again as a Python list's repr; its "[" makes browsers drop the rule after it, which was
        # the first of ours (notebooks.css: no prompt column on a phone).
        styles = [
            style
            for style in self._STYLE.findall(html)
            if not re.sub(r"<style[^>]*>", "", style).lstrip().startswith("['")
        ]
        lean = self._STYLE.sub("", self._EXTERNAL_SCRIPT.sub("", html))
        # Code that scrolls sideways must be reachable by keyboard (Material does this for its own blocks).
        lean = lean.replace(
            '<div class="highlight-ipynb hl-python"><pre>',
            '<div class="highlight-ipynb hl-python"><pre tabindex="0">',
        )
        # A snippet's file name, in the Markdown cell over its code, wraps after / and _ on a phone.
        lean = self._FILE_NAME.sub(lambda m: f"<p><code>{wrappable(m.group(1))}</code></p>", lean)
        if store:
            store.put(key, {"html": lean, "styles": styles})
        return lean, styles

    def on_env(self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        """Keep the themes' compiled templates between builds (Jinja checks each source first)."""
        assert self.build is not None
        if self.build.cache_root:
            folder = self.build.cache_root / "jinja"
            folder.mkdir(parents=True, exist_ok=True)
            env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(folder))
        return env

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """Put the stashed markup back; fill in the build report."""
        assert self.build is not None
        if self.config.report_page and page.file.src_uri == self.config.report_page:
            links = {src: (title, _link(url, page.url)) for src, (title, url) in self.build.page_urls.items()}
            output = output.replace(
                report.BLOCKS_PLACEHOLDER, report.blocks_html(self.build.fence.blocks, links)
            )
            claims = ledger.report_html(self.build.claims, self.build.tests, links)
            output = output.replace(report.LEDGER_PLACEHOLDER, claims)
        try:
            return self.build.fence.stash.restore(output)
        except UnknownPlaceholder as error:
            log.warning("%s: %s", page.file.src_uri, error)
            return output

    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        """Make Material's 404 page work at any address, not only under site_url (engine/not_found.py)."""
        if template_name != "404.html" or config.theme.name != "material":
            return output_content
        html, problems = not_found.relocatable(output_content, config.site_url)
        for problem in problems:
            log.warning("404.html: %s", problem)
        return html

    @event_priority(-100)  # after the search plugin has written its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Fold the search index's accents; report ledger faults and failed renders; write notebook CSS."""
        assert self.build is not None
        index = Path(config.site_dir) / "search" / "search_index.json"
        if index.is_file():  # "Cramer" finds "Cramér" (engine/search_index.py says how)
            search_index.fold_index(index)
        if self.build.diagrams:
            self.build.diagrams.close()
        if self.renderer and not self.serving:  # (the workers stay, for the next rebuild under serve)
            for path, error in self.renderer.finish().items():
                log.warning("%s: rendering the notebook failed: %s", path, error)
        if self.build.pages:
            log.info(
                "course-engine: %d pages rendered, %d from the cache",
                self.build.markdown_pages - len(self.build.reused),
                len(self.build.reused),
            )
        if self.config.claims:
            for problem in ledger.ledger_problems(self.build.claims, self.build.tests):
                log.warning("claim ledger: %s", problem)
        if self.build.notebook_styles:
            css = "\n".join(re.sub(r"</?style[^>]*>", "", s).strip() for s in self.build.notebook_styles)
            ours = (ASSETS / "notebooks.css").read_text(encoding="utf-8")  # after nbconvert's, to win
            write_atomically(Path(config.site_dir) / NOTEBOOK_CSS, css + "\n" + ours)
        self._remove_temporary()

    def _remove_temporary(self) -> None:
        if self.build:
            for folder in self.build.temporary:
                shutil.rmtree(folder, ignore_errors=True)
            self.build.temporary.clear()
