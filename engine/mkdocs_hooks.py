"""MkDocs hooks: wire the snippet fence to the build and serve our own front-end libraries."""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from engine import fence

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
    return config


def on_files(files, config):
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
    return files


def on_page_markdown(markdown, page, **_):
    fence.current_page = page.file.src_uri
    return markdown
