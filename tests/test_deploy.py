"""The site is built for the address it is served at: the deploy workflow passes the address
GitHub Pages reports, and `./dev serve` its own (no build needed to check either)."""

from __future__ import annotations

import re

import yaml
from sitebuild import ROOT

WORKFLOW = ROOT / ".github/workflows/deploy.yml"


def _build_job() -> tuple[list[dict], int]:
    """The steps of the job that runs `mkdocs build`, and the index of that step."""
    workflow = yaml.load(WORKFLOW.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    for job in workflow["jobs"].values():
        steps = job.get("steps", [])
        for index, step in enumerate(steps):
            if "mkdocs build" in step.get("run", ""):
                return steps, index
    raise AssertionError(f"no step of {WORKFLOW.name} runs mkdocs build")


def test_mkdocs_reads_its_address_from_site_url():
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert re.search(r"^site_url: !ENV \[SITE_URL, ", config, re.M)


def test_the_deploy_build_gets_site_url_from_configure_pages_run_before_it():
    steps, build = _build_job()
    pages = [i for i, step in enumerate(steps) if step.get("uses", "").startswith("actions/configure-pages@")]
    assert pages, "the build job runs actions/configure-pages"
    assert pages[0] < build, "configure-pages runs before the build, which needs its output"
    step_id = steps[pages[0]].get("id")
    assert step_id, "the configure-pages step has an id, so that its outputs can be read"
    # base_url comes without a trailing slash ("https://octocat.github.io/my-repo"); site_url has one.
    assert steps[build].get("env", {}).get("SITE_URL") == f"${{{{ steps.{step_id}.outputs.base_url }}}}/"
    assert steps[build]["env"].get("SNIPPET_CACHE") == "off", "the deployed build runs every snippet afresh"
    assert "--strict" in steps[build]["run"]


def test_the_deploy_build_dates_the_sitemap_by_the_commit():
    steps, build = _build_job()
    script = steps[build]["run"]
    epoch = script.find('export SOURCE_DATE_EPOCH="$(git log -1 --format=%ct)"')
    assert 0 <= epoch < script.find("mkdocs build"), "the commit's time, set before the build"
    upload = "actions/upload-pages-artifact@"
    uploads = [i for i, step in enumerate(steps) if step.get("uses", "").startswith(upload)]
    assert uploads and uploads[0] > build, "what is uploaded is what was built"


def test_dev_serve_builds_for_the_address_it_serves():
    dev = (ROOT / "dev").read_text(encoding="utf-8")
    match = re.search(r'SITE_URL=(\S+) exec "\$VENV/bin/mkdocs" serve --dev-addr (\S+)', dev)
    assert match, "./dev serve sets SITE_URL"
    assert match[1] == f"http://{match[2]}/"
