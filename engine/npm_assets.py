"""Front-end files the site serves itself, taken from node_modules at build time.

The packages are pinned in package-lock.json and installed by ``npm ci`` (``./dev``
runs it); nothing third-party is committed. Each wanted file is named by where
it goes under the site's asset folder and where it comes from in node_modules;
a pattern (``*``) takes every matching file into a folder.
"""

from __future__ import annotations

from pathlib import Path


class MissingAssets(FileNotFoundError):
    """Front-end files the site needs are not installed."""


def resolve(node_modules: Path, wanted: dict[str, str]) -> dict[str, Path]:
    """Site path (under the asset folder) -> installed file, for every wanted file or pattern.

    Raises MissingAssets, naming the files and the command that installs them,
    when any is missing.
    """
    found: dict[str, Path] = {}
    missing: list[str] = []
    for site_path, package_path in wanted.items():
        if "*" in package_path:
            matches = sorted(node_modules.glob(package_path))
            found |= {f"{site_path}/{match.name}": match for match in matches}
            if not matches:
                missing.append(f"node_modules/{package_path}")
        elif (node_modules / package_path).is_file():
            found[site_path] = node_modules / package_path
        else:
            missing.append(f"node_modules/{package_path}")
    if missing:
        raise MissingAssets(
            "front-end packages are not installed (missing: "
            + ", ".join(missing)
            + "): run `npm ci` in the project folder (./dev serve and ./dev test do it for you)"
        )
    return found
