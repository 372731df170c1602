"""Deployment: the CI workflows, the Makefile upload targets and the upload scripts.

The S3 upload runs for real, with the AWS CLI against a local S3 server (moto) on 127.0.0.1
that the tests start themselves; rsync is replaced by a stand-in that records its arguments.
"""

from __future__ import annotations

import gzip
import importlib.machinery
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import yaml

from regional_showcase.completeness_stamp import STAMP_NAME, write_stamp

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
S3_UPLOAD = ROOT / "scripts" / "s3-upload"
RSYNC_UPLOAD = ROOT / "scripts" / "rsync-upload"

SHORT = "public, max-age=300"
LONG = "public, max-age=31536000, immutable"
HTML = "text/html; charset=utf-8"

# The fake build: site path -> (content, Content-Type, Cache-Control, Content-Encoding).
SITE = {
    "index.html": ("<!doctype html><title>Start</title>", HTML, SHORT, None),
    "regionen/allgaeu/index.html": ("<!doctype html><title>Allgäu</title>", HTML, SHORT, None),
    "feeds/alle.atom.xml": ("<feed/>", "application/atom+xml", SHORT, None),
    "feeds/alle.rss.xml": ("<rss/>", "application/rss+xml", SHORT, None),
    "feeds/alle.json": ('{"version": "1.1"}', "application/feed+json", SHORT, None),
    "theme/css/site.0123abcd.css": ("body{margin:0}", "text/css", LONG, None),
    "images/allgaeu.webp": ("RIFF----WEBP", "image/webp", SHORT, None),
    "sitemap.xml": ("<urlset/>", "application/xml", SHORT, None),
    "daten/regions.geojson": ('{"type": "FeatureCollection"}', "application/geo+json", SHORT, None),
    "daten/key-figures.csv": (
        "region,value\r\nallgaeu,804876\r\n",
        "text/csv; charset=utf-8",
        SHORT,
        None,
    ),
}
# A precompressed sibling: the original's type and cache rule, plus Content-Encoding.
GZIP_SIBLING = "theme/css/site.0123abcd.css.gz"
# What the real AWS CLI uploads: one file of each kind of rule (short and long cache, HTML last,
# a feed type, a sibling with its encoding). Each group of equal metadata is one start of the
# CLI, a second or two each; every type's rule is checked without it (test_metadata_per_file).
UPLOADED = (
    "index.html",
    "regionen/allgaeu/index.html",
    "feeds/alle.atom.xml",
    "theme/css/site.0123abcd.css",
    "daten/key-figures.csv",
)


def load_s3_upload():
    """scripts/s3-upload as a module, to check its file rules without uploading."""
    loader = importlib.machinery.SourceFileLoader("s3_upload", str(S3_UPLOAD))
    spec = importlib.util.spec_from_loader("s3_upload", loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


def workflow_triggers(workflow: dict):
    # YAML 1.1 reads the key `on` as True.
    return workflow.get("on", workflow.get(True))


def clean_env(**extra: str) -> dict[str, str]:
    """The environment for a subprocess: no make state, no real AWS or SSH settings."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("AWS_", "S3_", "SSH_", "MAKE"))
        and key not in {"MFLAGS", "OUTPUT_DIR", "AWS"}
    }
    return {**env, **extra}


def write_site(output: Path, paths=tuple(SITE)) -> None:
    for path in paths:
        (output / path).parent.mkdir(parents=True, exist_ok=True)
        (output / path).write_text(SITE[path][0], encoding="utf-8")
    css = (output / "theme/css/site.0123abcd.css").read_bytes()
    (output / GZIP_SIBLING).write_bytes(gzip.compress(css, mtime=0))
    write_stamp(output)  # a complete build, as scripts/publish leaves it


# --- CI configuration -------------------------------------------------------------------------


@pytest.mark.browser  # check-jsonschema, an external tool
def test_github_workflows_match_the_schema():
    workflows = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
    assert {path.name for path in workflows} >= {"ci.yml", "pages.yml"}
    result = subprocess.run(
        [BIN / "check-jsonschema", "--builtin-schema", "vendor.github-workflows", *workflows],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.browser  # check-jsonschema, an external tool
def test_gitlab_ci_matches_the_schema():
    result = subprocess.run(
        [BIN / "check-jsonschema", "--builtin-schema", "vendor.gitlab-ci", ROOT / ".gitlab-ci.yml"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_ci_tests_then_builds_for_production():
    workflow = yaml.safe_load((ROOT / ".github/workflows/ci.yml").read_text())
    assert set(workflow_triggers(workflow)) == {"push", "pull_request"}
    (job,) = workflow["jobs"].values()
    uses = [step["uses"] for step in job["steps"] if "uses" in step]
    # pinned: test_supply_chain; the caches: test_ci_caches_downloads_and_the_build_cache
    assert [use.split("@")[0] for use in uses] == ["actions/checkout", *["actions/cache"] * 2]
    assert job["container"].startswith("python:3.11-bookworm")  # Debian's chromium package
    runs = [step["run"] for step in job["steps"] if "run" in step]
    assert runs == ["make check", "make -j 2 test", "make lint", "make publish"]  # check first


def test_pages_workflow_deploys_only_a_tested_build():
    workflow = yaml.safe_load((ROOT / ".github/workflows/pages.yml").read_text())
    triggers = workflow_triggers(workflow)
    assert triggers["push"] == {"branches": ["main"]}
    assert "workflow_dispatch" in triggers
    assert workflow["permissions"] == {}  # each job its own: test_supply_chain
    assert workflow["concurrency"]["group"] == "pages"

    jobs = workflow["jobs"]
    assert [step.get("run") for step in jobs["test"]["steps"] if "run" in step] == [
        "make -j 2 test"
    ]
    assert jobs["build"]["needs"] == ["check", "test"]
    assert jobs["deploy"]["needs"] == "build"

    build = jobs["build"]["steps"]
    (configure,) = [
        step for step in build if step.get("uses", "").startswith("actions/configure-pages@")
    ]
    assert configure["id"] == "pages"
    (publish,) = [step for step in build if step.get("run") == "make publish"]
    assert publish["env"]["SITEURL"] == "${{ steps.pages.outputs.base_url }}"
    assert publish["env"]["FEED_ID_DOMAIN"] == "${{ vars.FEED_ID_DOMAIN || 'starke-regionen.de' }}"
    (upload,) = [
        step for step in build if step.get("uses", "").startswith("actions/upload-pages-artifact@")
    ]
    assert upload["with"]["path"] == "output"
    assert build.index(configure) < build.index(publish) < build.index(upload)

    deploy = jobs["deploy"]
    assert deploy["environment"] == {
        "name": "github-pages",
        "url": "${{ steps.deployment.outputs.page_url }}",
    }
    (step,) = deploy["steps"]
    assert step["uses"].startswith("actions/deploy-pages@")
    assert step["id"] == "deployment"


def test_pages_workflow_runs_hourly_and_builds_only_when_a_post_came_due():
    workflow = yaml.safe_load((ROOT / ".github/workflows/pages.yml").read_text())
    assert workflow_triggers(workflow)["schedule"] == [{"cron": "7 * * * *"}]
    jobs = workflow["jobs"]
    assert jobs["test"]["if"] == "github.event_name != 'schedule'"
    assert "needs.check.outputs.changed == 'true'" in jobs["build"]["if"]
    (compare,) = [step for step in jobs["check"]["steps"] if step.get("id") == "compare"]
    script = compare["run"]
    assert ".venv/bin/showcase -s publishconf.py published-set" in script
    assert 'curl -fsSL "$SITEURL/published-set.txt"' in script
    assert jobs["check"]["outputs"]["changed"] == "${{ steps.compare.outputs.changed }}"


def test_gitlab_pages_publishes_the_default_branch_only():
    config = yaml.safe_load((ROOT / ".gitlab-ci.yml").read_text())
    assert config["image"].startswith("python:3.11-bookworm@sha256:")
    assert config["test"]["stage"] == "test"
    assert config["test"]["script"] == ["make -j 2 test", "make lint"]
    # A scheduled pipeline skips the tests and publishes only what came due.
    assert config["test"]["rules"] == [{"if": '$CI_PIPELINE_SOURCE != "schedule"'}]
    pages = config["pages"]
    assert pages["stage"] == "deploy"
    assert pages["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]
    assert pages["script"][0] == 'export SITEURL="${SITEURL:-$CI_PAGES_URL}"'
    assert ".venv/bin/showcase -s publishconf.py published-set" in pages["script"][1]
    assert pages["allow_failure"] == {"exit_codes": 3}
    assert "make publish" in pages["script"]
    assert "cp -al output public" in pages["script"]
    assert pages["artifacts"]["paths"] == ["public"]


LOCKS = ("requirements/base.txt", "package-lock.json")
BUILD_CACHE_FILES = "hashFiles('requirements/base.txt', 'package-lock.json', 'plugins/**')"


def caches(steps: list[dict]) -> dict[str, dict]:
    """A job's actions/cache steps by what they keep, with their position among the steps."""
    return {
        step["with"]["path"].strip(): {**step["with"], "if": step.get("if"), "index": index}
        for index, step in enumerate(steps)
        if step.get("uses", "").startswith("actions/cache@")
    }


def test_ci_caches_downloads_and_the_build_cache_keyed_on_the_lock_files():
    pages = yaml.safe_load((ROOT / ".github/workflows/pages.yml").read_text())["jobs"]
    (ci,) = yaml.safe_load((ROOT / ".github/workflows/ci.yml").read_text())["jobs"].values()
    downloads = "~/.cache/pip\n~/.npm"
    for steps in (pages["test"]["steps"], ci["steps"]):
        test = next(i for i, step in enumerate(steps) if step.get("run") == "make -j 2 test")
        cache = caches(steps)[downloads]
        assert (
            cache["key"]
            == "downloads-test-${{ hashFiles('requirements/*.txt', 'package-lock.json') }}"
        )
        assert cache["index"] < test

    build = pages["build"]["steps"]
    publish = next(i for i, step in enumerate(build) if step.get("run") == "make publish")
    setup_python = next(step for step in build if "setup-python" in step.get("uses", ""))
    assert setup_python["with"]["cache"] == "pip"
    assert setup_python["with"]["cache-dependency-path"] == "requirements/*.txt"
    # The venv itself for this lock and Python: the hourly check and the build.
    venv = "venv-${{ runner.os }}-${{ steps.python.outputs.python-version }}-"
    for job in ("check", "build"):
        steps = pages[job]["steps"]
        python = next(i for i, step in enumerate(steps) if "setup-python" in step.get("uses", ""))
        assert steps[python]["id"] == "python"
        cache = caches(steps)[".venv"]
        assert cache["key"] == venv + "${{ hashFiles('requirements/base.txt') }}"
        assert "restore-keys" not in cache  # another lock's venv would keep its packages
        if job == "check":  # which builds a venv only on the hourly run
            assert cache["if"] == "github.event_name == 'schedule'"
        assert (
            python
            < cache["index"]
            < next(i for i, s in enumerate(steps) if "make" in s.get("run", ""))
        )
    npm = caches(build)["~/.npm"]
    assert npm["key"] == "npm-publish-${{ runner.os }}-${{ hashFiles('package-lock.json') }}"
    # The build cache: restored from the newest run with the same locks and plugin, saved anew.
    for steps, prefix in ((build, "build-${{ runner.os }}-"), (ci["steps"], "build-check-")):
        # The output the record in cache/ describes: what the next build may take over.
        cache = caches(steps)["cache\noutput"]
        assert cache["restore-keys"] == f"{prefix}${{{{ {BUILD_CACHE_FILES} }}}}-"
        assert cache["key"] == cache["restore-keys"] + "${{ github.run_id }}"
        assert cache["index"] < next(
            i for i, s in enumerate(steps) if s.get("run") == "make publish"
        )
    assert npm["index"] < publish
    # In ci.yml after the tests: they start as they always did.
    assert caches(ci["steps"])["cache\noutput"]["index"] > [
        s.get("run") for s in ci["steps"]
    ].index("make -j 2 test")

    gitlab = yaml.safe_load((ROOT / ".gitlab-ci.yml").read_text())
    assert gitlab["variables"]["npm_config_cache"] == "$CI_PROJECT_DIR/.cache/npm"
    assert gitlab["variables"]["PIP_CACHE_DIR"] == "$CI_PROJECT_DIR/.cache/pip"
    keys = {c["paths"][0]: c["key"] for c in gitlab["cache"]}
    assert keys == {
        ".cache/pip": {"prefix": "pip-test", "files": ["requirements/test.txt"]},
        ".cache/npm": {"prefix": "npm-test", "files": ["package-lock.json"]},
    }
    for job in ("pages", "review"):
        keys = {c["paths"][0]: c["key"] for c in gitlab[job]["cache"]}
        assert keys == {
            ".venv/": {"prefix": "venv", "files": ["requirements/base.txt", ".gitlab-ci.yml"]},
            ".cache/pip": {"prefix": "pip-publish", "files": ["requirements/base.txt"]},
            ".cache/npm": {"prefix": "npm-publish", "files": ["package-lock.json"]},
            "cache/": {"prefix": "build-$CI_JOB_NAME", "files": list(LOCKS)},
        }
        build_cache = next(c for c in gitlab[job]["cache"] if c["paths"][0] == "cache/")
        assert build_cache["paths"] == ["cache/", "output/"]


def test_the_publish_jobs_install_no_test_tools():
    """No Chromium, Java or 733 npm packages on the way to a deployable output/."""
    pages = yaml.safe_load((ROOT / ".github/workflows/pages.yml").read_text())["jobs"]
    gitlab = yaml.safe_load((ROOT / ".gitlab-ci.yml").read_text())
    scripts = [
        *(step.get("run", "") for step in pages["build"]["steps"]),
        *(step.get("run", "") for step in pages["check"]["steps"]),
        *gitlab["pages"]["script"],
        *gitlab["review"]["script"],
    ]
    assert [s for s in scripts if re.search(r"make test|install-test-deps|npm ", s)] == []
    assert "make publish" in scripts


@pytest.mark.build  # runs make -n in a process of its own
def test_make_publish_installs_only_the_shipped_npm_packages(tmp_path):
    """A fresh checkout: `make publish` runs the --publish install; `make cms` the full one."""
    (tmp_path / "scripts").mkdir()
    for name in (
        "Makefile",
        "pyproject.toml",
        "package.json",
        "package-lock.json",
        "scripts/install-node-deps",  # the npm stamps' prerequisite
    ):
        shutil.copy2(ROOT / name, tmp_path / name)
    shutil.copytree(ROOT / "requirements", tmp_path / "requirements")

    def dry_run(target: str) -> list[str]:
        result = subprocess.run(
            ["make", "-n", target], cwd=tmp_path, capture_output=True, text=True, env=clean_env()
        )
        assert result.returncode == 0, result.stderr
        return result.stdout.splitlines()

    for target in ("publish", "html", "serve"):
        lines = dry_run(target)
        assert "scripts/install-node-deps --publish" in lines
        assert [line for line in lines if "install-test-deps" in line] == []
        assert "scripts/install-node-deps" not in lines
    assert "scripts/install-node-deps" in dry_run("cms")  # decap-server


# --- Makefile ---------------------------------------------------------------------------------


def make_dry_run(target: str) -> list[str]:
    result = subprocess.run(
        ["make", "-n", target], cwd=ROOT, capture_output=True, text=True, env=clean_env()
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


@pytest.mark.build  # runs make -n in a process of its own
@pytest.mark.parametrize(
    ("target", "script"),
    [("s3_upload", "scripts/s3-upload"), ("rsync_upload", "scripts/rsync-upload")],
)
def test_upload_targets_build_before_uploading(target, script):
    publish = make_dry_run("publish")
    assert publish
    *build, upload = make_dry_run(target)
    assert build == publish  # the whole production build first, whatever its steps
    assert script in upload


@pytest.mark.build  # runs make in a process of its own
@pytest.mark.parametrize("target", ["s3_upload", "rsync_upload"])
def test_a_failing_build_stops_make_before_the_upload(tmp_path, target):
    """The real Makefile with a stand-in `publish` that fails, and upload scripts that record."""
    shutil.copy2(ROOT / "Makefile", tmp_path / "Makefile")
    for name in ("pyproject.toml", "package.json", "package-lock.json"):
        shutil.copy2(ROOT / name, tmp_path / name)
    shutil.copytree(ROOT / "requirements", tmp_path / "requirements")
    (tmp_path / "fake-build.mk").write_text(
        'publish:\n\t@[ -n "$$BUILD_OK" ] || { echo "CRITICAL: broken post" >&2; exit 1; }\n'
    )
    (tmp_path / "scripts").mkdir()
    for name in ("s3-upload", "rsync-upload"):
        (tmp_path / "scripts" / name).write_text("#!/bin/sh\ntouch uploaded\n")
        (tmp_path / "scripts" / name).chmod(0o755)
    # The npm stamps' prerequisite besides the package files (c1f4b35): older than them.
    shutil.copy2(ROOT / "scripts/install-node-deps", tmp_path / "scripts/install-node-deps")
    later = time.time() + 10
    # uv, the venv and the npm packages count as set up: make runs neither pip nor npm.
    # (Without uv's stamp, make installed uv into .tools/ first: 11-13 s of CPU per run.)
    modules = tmp_path / "node_modules"
    for stamp in (
        tmp_path / ".tools/uv/.installed",
        tmp_path / ".venv/.installed",
        modules / ".installed",
        modules / ".installed-publish",
    ):
        stamp.parent.mkdir(parents=True, exist_ok=True)
        stamp.touch()
        os.utime(stamp, (later, later))

    make = ["make", "-f", "Makefile", "-f", "fake-build.mk", target]
    failed = subprocess.run(make, cwd=tmp_path, capture_output=True, text=True, env=clean_env())
    assert failed.returncode != 0
    assert "broken post" in failed.stderr
    assert not (tmp_path / "uploaded").exists()

    env = clean_env(BUILD_OK="1")
    passed = subprocess.run(make, cwd=tmp_path, capture_output=True, text=True, env=env)
    assert passed.returncode == 0, passed.stderr
    assert (tmp_path / "uploaded").exists()
    # Nothing installed: only the stamps in .tools/ and .venv/.
    assert sorted(p.name for p in (tmp_path / ".tools/uv").iterdir()) == [".installed"]
    assert sorted(p.name for p in (tmp_path / ".venv").iterdir()) == [".installed"]


# --- scripts/s3-upload: the file rules --------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("index.html", (HTML, SHORT, None)),
        ("aktuelles/2026/gruene-woche/index.html", (HTML, SHORT, None)),
        ("feeds/alle.atom.xml", ("application/atom+xml", SHORT, None)),
        ("feeds/regionen/allgaeu.rss.xml", ("application/rss+xml", SHORT, None)),
        ("sitemap.xml", ("application/xml", SHORT, None)),
        ("feeds/alle.json", ("application/feed+json", SHORT, None)),
        ("feeds/themen/projekt.json", ("application/feed+json", SHORT, None)),
        ("data/regions.json", ("application/json", SHORT, None)),
        ("daten/regions.json", ("application/json", SHORT, None)),
        ("daten/regions.schema.json", ("application/json", SHORT, None)),
        ("daten/datapackage.json", ("application/json", SHORT, None)),
        ("daten/regions/allgaeu.json", ("application/json", SHORT, None)),
        ("daten/regions.geojson", ("application/geo+json", SHORT, None)),
        ("daten/key-figures.csv", ("text/csv; charset=utf-8", SHORT, None)),
        ("theme/css/site.css", ("text/css", SHORT, None)),
        ("theme/css/site.3f2a9c1b.css", ("text/css", LONG, None)),
        ("theme/js/menu.3f2a9c1b0d.js", ("text/javascript", LONG, None)),
        ("theme/js/menu.js", ("text/javascript", SHORT, None)),
        ("theme/fonts/inter.0123abcd.woff2", ("font/woff2", LONG, None)),
        ("theme/img/logo.0123abcd.svg", ("image/svg+xml", LONG, None)),
        ("theme/img/logo.svg", ("image/svg+xml", SHORT, None)),
        ("images/karte.0123abcd.png", ("image/png", LONG, None)),
        ("images/karte.png", ("image/png", SHORT, None)),
        ("images/see.0123abcd.webp", ("image/webp", LONG, None)),
        ("images/see.0123abcd.jpg", ("image/jpeg", LONG, None)),
        ("images/see.jpeg", ("image/jpeg", SHORT, None)),
        ("feeds/style.xsl", ("text/xsl", SHORT, None)),
        ("robots.txt", ("text/plain; charset=utf-8", SHORT, None)),
        ("termine/alle.ics", ("text/calendar; charset=utf-8", SHORT, None)),
        ("termine/alle.ics.gz", ("text/calendar; charset=utf-8", SHORT, "gzip")),
        # Not fingerprints: too short, upper case, or not an asset type.
        ("theme/css/site.0123abc.css", ("text/css", SHORT, None)),
        ("theme/css/site.0123ABCD.css", ("text/css", SHORT, None)),
        ("archiv.0123abcd.html", (HTML, SHORT, None)),
        # Precompressed siblings (their originals are in the tree too).
        ("index.html.gz", (HTML, SHORT, "gzip")),
        ("feeds/alle.atom.xml.br", ("application/atom+xml", SHORT, "br")),
        ("theme/css/site.3f2a9c1b.css.br", ("text/css", LONG, "br")),
        # A .gz without its original next to it is an ordinary download.
        ("downloads/daten.csv.gz", ("application/octet-stream", SHORT, None)),
    ],
)
def test_metadata_per_file(path, expected):
    s3_upload = load_s3_upload()
    originals = {path.removesuffix(".gz").removesuffix(".br")} - {"downloads/daten.csv"}
    assert s3_upload.metadata(path, originals | {path}) == expected


def test_upload_order_assets_first_html_last():
    s3_upload = load_s3_upload()
    files = [*SITE, GZIP_SIBLING]
    steps = s3_upload.steps(files)
    assert [sorted(path for group in step.values() for path in group) for step in steps] == [
        ["theme/css/site.0123abcd.css", GZIP_SIBLING],
        sorted(path for path in SITE if not path.endswith((".html", ".css"))),
        ["index.html", "regionen/allgaeu/index.html"],
    ]


# --- scripts/s3-upload against a local S3 server ---------------------------------------------


@pytest.fixture(scope="module")
def s3_endpoint():
    # Imported here: moto takes seconds to import, and only the server tests need it.
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_endpoint):
    import boto3

    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="us-east-1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
    )
    name = f"site-{uuid.uuid4().hex[:12]}"
    client.create_bucket(Bucket=name)
    return client, name


def keys(client, name: str) -> set[str]:
    pages = client.get_paginator("list_objects_v2").paginate(Bucket=name)
    return {item["Key"] for page in pages for item in page.get("Contents", [])}


def s3_upload(output: Path, endpoint: str, bucket: str, tmp_path: Path):
    env = clean_env(
        S3_BUCKET=bucket,
        S3_ENDPOINT=endpoint,
        OUTPUT_DIR=str(output),
        AWS_ACCESS_KEY_ID="test",
        AWS_SECRET_ACCESS_KEY="test",
        AWS_DEFAULT_REGION="us-east-1",
        # Nothing from a real AWS setup, and no lookups beyond the local server.
        AWS_CONFIG_FILE=str(tmp_path / "no-aws-config"),
        AWS_SHARED_CREDENTIALS_FILE=str(tmp_path / "no-aws-credentials"),
        AWS_EC2_METADATA_DISABLED="true",
        NO_PROXY="127.0.0.1,localhost",
        no_proxy="127.0.0.1,localhost",
    )
    return subprocess.run([S3_UPLOAD], cwd=tmp_path, env=env, capture_output=True, text=True)


# The real AWS CLI (installed into .venv/awscli on first use) against the local server.
@pytest.mark.browser
@pytest.mark.long
def test_s3_upload_sets_type_and_cache_and_deletes_removed_files(tmp_path, s3_endpoint, bucket):
    client, name = bucket
    # The bucket as the last deploy left it: a page the site no longer has, and the old home
    # page with other metadata. One upload replaces the one and removes the other.
    gone = "regionen/entfernt/index.html"
    client.put_object(Bucket=name, Key=gone, Body=b"<!doctype html><title>Alt</title>")
    client.put_object(
        Bucket=name,
        Key="index.html",
        Body=b"alt",
        ContentType="text/plain",
        CacheControl="no-store",
    )
    output = tmp_path / "output"
    write_site(output, UPLOADED)

    result = s3_upload(output, s3_endpoint, name, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert keys(client, name) == {*UPLOADED, GZIP_SIBLING, STAMP_NAME}  # `gone` is gone
    for path in UPLOADED:
        content, content_type, cache_control, encoding = SITE[path]
        head = client.head_object(Bucket=name, Key=path)
        assert (head["ContentType"], head["CacheControl"]) == (content_type, cache_control), path
        assert head.get("ContentEncoding") == encoding, path
        body = client.get_object(Bucket=name, Key=path)["Body"].read()
        assert body == content.encode("utf-8"), path
    head = client.head_object(Bucket=name, Key=GZIP_SIBLING)
    assert (head["ContentType"], head["CacheControl"]) == ("text/css", LONG)
    assert head["ContentEncoding"] == "gzip"


@pytest.mark.browser  # a local S3 server
@pytest.mark.parametrize("state", ["missing", "empty", "no index.html"])
def test_s3_upload_refuses_without_a_finished_build(tmp_path, s3_endpoint, bucket, state):
    client, name = bucket
    output = tmp_path / "output"
    if state != "missing":
        output.mkdir()
    if state == "no index.html":  # a build that broke halfway
        (output / "feeds").mkdir()
        (output / "feeds" / "alle.atom.xml").write_text("<feed/>")

    result = s3_upload(output, s3_endpoint, name, tmp_path)
    assert result.returncode != 0
    assert "index.html" in result.stderr
    assert "nothing was uploaded" in result.stderr
    assert keys(client, name) == set()


@pytest.mark.build  # runs scripts/s3-upload in a process of its own
def test_s3_upload_needs_a_bucket(tmp_path):
    output = tmp_path / "output"
    write_site(output)
    env = clean_env(OUTPUT_DIR=str(output))
    result = subprocess.run([S3_UPLOAD], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert result.returncode == 2
    assert "S3_BUCKET is not set" in result.stderr


# --- scripts/rsync-upload ---------------------------------------------------------------------


@pytest.fixture
def fake_rsync(tmp_path):
    """A stand-in `rsync` first on PATH that writes its arguments, one per line."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    record = tmp_path / "rsync-args"
    (bin_dir / "rsync").write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > "{record}"\n')
    (bin_dir / "rsync").chmod(0o755)
    return f"{bin_dir}{os.pathsep}{os.environ['PATH']}", record


SSH = {"SSH_HOST": "www.example.org", "SSH_USER": "deploy", "SSH_TARGET_DIR": "/var/www/site"}


@pytest.mark.build  # runs scripts/rsync-upload in a process of its own
def test_rsync_upload_command(tmp_path, fake_rsync):
    path, record = fake_rsync
    output = tmp_path / "output"
    write_site(output)
    env = clean_env(PATH=path, OUTPUT_DIR=str(output), SSH_PORT="2222", **SSH)
    result = subprocess.run([RSYNC_UPLOAD], env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert record.read_text().splitlines() == [
        "-e",
        "ssh -p 2222",
        "-P",
        "-rvzc",
        "--delete",
        f"{output}/",
        "deploy@www.example.org:/var/www/site",
    ]


@pytest.mark.build  # runs scripts/rsync-upload in a process of its own
@pytest.mark.parametrize("missing", sorted(SSH))
def test_rsync_upload_names_missing_settings(tmp_path, fake_rsync, missing):
    path, record = fake_rsync
    output = tmp_path / "output"
    write_site(output)
    settings = {key: value for key, value in SSH.items() if key != missing}
    env = clean_env(PATH=path, OUTPUT_DIR=str(output), **settings)
    result = subprocess.run([RSYNC_UPLOAD], env=env, capture_output=True, text=True)
    assert result.returncode == 2
    assert f"not set: {missing}" in result.stderr
    assert not record.exists()


@pytest.mark.build  # runs scripts/rsync-upload in a process of its own
def test_rsync_upload_refuses_without_a_finished_build(tmp_path, fake_rsync):
    path, record = fake_rsync
    env = clean_env(PATH=path, OUTPUT_DIR=str(tmp_path / "output"), **SSH)
    result = subprocess.run([RSYNC_UPLOAD], env=env, capture_output=True, text=True)
    assert result.returncode != 0
    assert "index.html" in result.stderr
    assert not record.exists()
