"""What CI and the Makefile install is fixed by content, not by a name that can move.

GitHub Actions by commit SHA, CI images by digest, every Python package (transitive ones too)
by the hashes in requirements/*.txt, npm packages by package-lock.json; each CI token may do
only what its job needs.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import tarfile
import threading
import time
import tomllib
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = sorted((ROOT / ".github/workflows").glob("*.yml"))
# Where CI and the Makefile install something.
INSTALLERS = [
    ROOT / "Makefile",
    ROOT / ".gitlab-ci.yml",
    *WORKFLOWS,
    ROOT / "scripts/install-node-deps",
    ROOT / "scripts/install-test-deps",
]
LOCKED_LINE = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)")


def workflow(path: Path) -> dict:
    # PyYAML reads the key `on:` as True; only the jobs and permissions matter here.
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_every_action_is_pinned_by_commit_with_its_tag_beside_it():
    uses = [
        line.strip()
        for path in WORKFLOWS
        for line in path.read_text(encoding="utf-8").splitlines()
        if re.match(r"\s*(- )?uses:", line)
    ]
    assert uses
    loose = [
        u
        for u in uses
        if not re.fullmatch(r"(- )?uses: [\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+", u)
    ]
    assert loose == []


def test_only_the_deploy_job_may_write_to_pages_or_ask_for_an_id_token():
    granted = {}
    for path in WORKFLOWS:
        spec = workflow(path)
        assert spec.get("permissions") in ({}, {"contents": "read"}), path.name
        for name, job in spec["jobs"].items():
            granted[f"{path.stem}.{name}"] = job.get("permissions", spec["permissions"])
    writers = {job: p for job, p in granted.items() if "write" in p.values()}
    assert writers == {"pages.deploy": {"pages": "write", "id-token": "write"}}


def test_ci_containers_are_pinned_by_digest():
    images = [yaml.safe_load((ROOT / ".gitlab-ci.yml").read_text(encoding="utf-8"))["image"]]
    for path in WORKFLOWS:
        images += [
            job["container"] for job in workflow(path)["jobs"].values() if "container" in job
        ]
    assert len(images) >= 3
    assert [i for i in images if not re.fullmatch(r"[\w./-]+:[\w.-]+@sha256:[0-9a-f]{64}", i)] == []


def locked(name: str) -> dict[str, tuple[str, ...]]:
    """Package -> version of a lock file; every entry must carry at least one hash."""
    text = (ROOT / "requirements" / name).read_text(encoding="utf-8")
    entries = {}
    for block in re.split(r"\n(?=\S)", text):
        match = LOCKED_LINE.match(block)
        if not match:
            continue
        assert "--hash=sha256:" in block, f"{name}: {match[1]} ohne Hash"
        package, version = canonicalize_name(match[1]), match[2]
        # One package may be locked twice, for different Pythons (networkx): keep both.
        entries[package] = (*entries.get(package, ()), version)
    return entries


def pins(requirements: list[str]) -> dict[str, str]:
    result = {}
    for line in requirements:
        requirement = Requirement(line)
        (specifier,) = requirement.specifier
        assert specifier.operator == "==", f"nicht exakt gepinnt: {line}"
        result[canonicalize_name(requirement.name)] = specifier.version
    return result


def direct_pins() -> tuple[dict[str, str], dict[str, str]]:
    """pyproject.toml's pins plus requirements/build.in's: (for base.txt, for test.txt)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    build_in = (ROOT / "requirements/build.in").read_text(encoding="utf-8").splitlines()
    build = pins([line for line in build_in if line.strip() and not line.startswith("#")])
    base = {**pins(project["dependencies"]), **build}
    return base, {**base, **pins(project["optional-dependencies"]["test"])}


def directly_locked(name: str) -> set[str]:
    """The packages a lock file holds because pyproject.toml or build.in names them."""
    text = (ROOT / "requirements" / name).read_text(encoding="utf-8")
    direct = set()
    for block in re.split(r"\n(?=\S)", text):
        match = LOCKED_LINE.match(block)
        if match and re.search(
            r"#\s+(via )?(regional-showcase \(pyproject\.toml\)|-r requirements/build\.in)", block
        ):
            direct.add(canonicalize_name(match[1]))
    return direct


@pytest.mark.parametrize(("lock", "wanted"), [("base.txt", 0), ("test.txt", 1)])
def test_each_lock_holds_exactly_the_pins_of_pyproject_toml(lock, wanted):
    """After a pin changes in pyproject.toml: `make lock`, then commit requirements/."""
    expected = direct_pins()[wanted]
    entries = locked(lock)
    assert {name: entries.get(name) for name in expected} == {
        name: (version,) for name, version in expected.items()
    }, "requirements/ passt nicht zu pyproject.toml: `make lock` ausführen"
    assert directly_locked(lock) == set(expected)


def test_the_base_lock_is_the_test_lock_without_the_test_tools():
    base, test = locked("base.txt"), locked("test.txt")
    assert {name: test.get(name) for name in base} == base


def test_every_install_goes_by_a_lock_with_hashes():
    pip_lines, npm_lines = [], []
    for path in INSTALLERS:
        for line in path.read_text(encoding="utf-8").splitlines():
            if re.search(r"\bpip3? install\b", line):
                pip_lines.append(line.strip())
            if re.search(r"\bnpm (install|i|ci)\b", line):
                npm_lines.append(line.strip())
    unlocked = [
        line
        for line in pip_lines
        if "--require-hashes -r " not in line and not ("--no-deps" in line and " -e ." in line)
    ]
    assert pip_lines and unlocked == []
    # npm's packages: scripts/install-node-deps checks each against the lock's sha512 itself.
    assert [line for line in npm_lines if not line.startswith("npm ci ")] == []


def test_dependabot_proposes_updates_for_each_locked_ecosystem_weekly():
    config = yaml.safe_load((ROOT / ".github/dependabot.yml").read_text(encoding="utf-8"))
    assert {u["package-ecosystem"]: u["schedule"]["interval"] for u in config["updates"]} == {
        "pip": "weekly",
        "npm": "weekly",
        "github-actions": "weekly",
    }


# --- scripts/install-node-deps --publish: two packages, each by the lock's sha512 ---------------

SHIPPED = ("decap-cms", "yaml")  # what cms/admin.py copies into output/admin/


def fake_package(folder: Path, name: str) -> tuple[Path, str]:
    """A package tarball as npm publishes it (package/…) and its sha512 in the lock's form."""
    source = folder / f"{name}-src" / "package"
    (source / "dist").mkdir(parents=True)
    (source / "package.json").write_text(f'{{"name": "{name}", "version": "1.0.0"}}')
    (source / "dist" / "index.js").write_text(f"// {name}\n")
    tarball = folder / f"{name}-1.0.0.tgz"
    with tarfile.open(tarball, "w:gz") as archive:
        archive.add(source, arcname="package")
    digest = base64.b64encode(hashlib.sha512(tarball.read_bytes()).digest()).decode()
    return tarball, f"sha512-{digest}"


def _project_with_the_script(tmp_path: Path) -> Path:
    """A project folder with scripts/install-node-deps and an empty package.json."""
    project = tmp_path / "project"
    (project / "scripts").mkdir(parents=True)
    shutil.copy2(ROOT / "scripts/install-node-deps", project / "scripts")
    (project / "package.json").write_text("{}")
    return project


def _project_with_the_shipped_packages(tmp_path: Path) -> tuple[Path, dict, dict[str, str]]:
    """The script's project with a lock of the shipped packages as local tarballs: the project,
    the lock and each package's sha512."""
    project = _project_with_the_script(tmp_path)
    packages, real = {"": {"name": "x"}}, {}
    for name in SHIPPED:
        tarball, real[name] = fake_package(tmp_path, name)
        packages[f"node_modules/{name}"] = {
            "version": "1.0.0",
            "resolved": tarball.as_uri(),
            "integrity": real[name],
        }
    lock = {"name": "x", "lockfileVersion": 3, "packages": packages}
    (project / "package-lock.json").write_text(json.dumps(lock))
    return project, lock, real


@pytest.mark.build  # runs scripts/install-node-deps in a process of its own
def test_the_publish_install_unpacks_the_locked_tarballs_and_refuses_a_changed_one(tmp_path):
    project, lock, real = _project_with_the_shipped_packages(tmp_path)
    packages = lock["packages"]
    env = {**os.environ, "npm_config_cache": str(tmp_path / "npm-cache")}
    install = [project / "scripts/install-node-deps", "--publish"]

    done = subprocess.run(install, capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    modules = project / "node_modules"
    assert sorted(p.name for p in modules.iterdir()) == [".installed-publish", *SHIPPED]
    assert (modules / "yaml/dist/index.js").read_text() == "// yaml\n"

    # A tarball that is not the one locked is not unpacked, and nothing counts as installed.
    (tmp_path / "other").mkdir()
    locked = fake_package(tmp_path / "other", "decap-cms")[1]
    packages["node_modules/decap-cms"]["integrity"] = locked
    (project / "package-lock.json").write_text(json.dumps(lock))
    refused = subprocess.run(install, capture_output=True, text=True, env=env)
    assert refused.returncode != 0
    url = packages["node_modules/decap-cms"]["resolved"]
    assert refused.stderr == (
        f"decap-cms@1.0.0: Das geladene Paket hat die Prüfsumme {real['decap-cms']}, "
        f"package-lock.json verlangt {locked}. Es wird nicht installiert. Prüfen Sie "
        f"package-lock.json (git diff) und die Adresse {url}.\n"
    )
    assert list(modules.iterdir()) == []


@pytest.mark.build  # runs scripts/install-node-deps in a process of its own
def test_the_install_runs_again_only_after_the_lock_or_the_installer_changed(tmp_path):
    # A changed installer may install other packages (RUN_PACKAGES): its stamp is then stale,
    # for the script itself and for make.
    project, _, _ = _project_with_the_shipped_packages(tmp_path)
    env = {**os.environ, "npm_config_cache": str(tmp_path / "npm-cache")}
    script, stamp = (
        project / "scripts/install-node-deps",
        project / "node_modules/.installed-publish",
    )
    shutil.copy2(ROOT / "Makefile", project / "Makefile")

    def install() -> int:
        done = subprocess.run([script, "--publish"], capture_output=True, text=True, env=env)
        assert done.returncode == 0, done.stderr
        return stamp.stat().st_mtime_ns

    def make_would_install() -> bool:
        dry = subprocess.run(
            ["make", "-n", "node_modules/.installed-publish"],
            cwd=project,
            capture_output=True,
            text=True,
            env=env,
        )
        assert dry.returncode == 0, dry.stderr
        return "scripts/install-node-deps --publish" in dry.stdout.splitlines()

    past = time.time_ns() - 100 * 10**9
    for name in ("package.json", "package-lock.json", "scripts/install-node-deps"):
        os.utime(project / name, ns=(past, past))
    install()
    assert not make_would_install()
    kept = past + 10 * 10**9  # newer than the lock and the installer, older than now
    os.utime(stamp, ns=(kept, kept))
    assert install() == kept  # nothing changed: nothing installed, the stamp as it was
    os.utime(script, ns=(kept + 10**9, kept + 10**9))
    assert make_would_install()
    assert install() > kept + 10**9


# --- scripts/install-node-deps: what runs under Node.js, with its dependencies ------------------

RUN_WITH_NODE = ("decap-server", "gray-matter", "axe-core", "ical.js", "vnu-jar")


@pytest.mark.build  # runs scripts/install-node-deps in a process of its own
def test_the_install_for_node_takes_what_runs_with_its_dependencies_where_the_lock_has_them(
    tmp_path,
):
    project = _project_with_the_script(tmp_path)
    packages = {"": {"name": "x"}}

    def add(path: str, name: str, **dependencies: str) -> None:
        tarball, integrity = fake_package(tmp_path / "tarballs" / path, name)
        packages[path] = {"version": "1.0.0", "resolved": tarball.as_uri(), "integrity": integrity}
        if dependencies:
            packages[path]["dependencies"] = dependencies

    for name in (*SHIPPED, *RUN_WITH_NODE):
        add(f"node_modules/{name}", name)
    packages["node_modules/decap-cms"]["dependencies"] = {"react": "1.0.0"}  # in its bundle
    add("node_modules/react", "react")
    packages["node_modules/decap-server"]["dependencies"] = {"express": "1.0.0"}
    add("node_modules/express", "express", debug="1.0.0")
    add("node_modules/express/node_modules/debug", "debug", ms="1.0.0")  # its own, nested
    add("node_modules/debug", "debug")  # the other packages' debug
    add("node_modules/ms", "ms")  # found one folder up from express's debug
    lock = {"name": "x", "lockfileVersion": 3, "packages": packages}
    (project / "package-lock.json").write_text(json.dumps(lock))
    env = {**os.environ, "npm_config_cache": str(tmp_path / "npm-cache")}
    install = [project / "scripts/install-node-deps"]

    done = subprocess.run(install, capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    modules = project / "node_modules"
    installed = {str(p.parent.relative_to(modules)) for p in modules.rglob("package.json")}
    assert installed == {*SHIPPED, *RUN_WITH_NODE, "express", "express/node_modules/debug", "ms"}
    assert (modules / "express/node_modules/debug/dist/index.js").read_text() == "// debug\n"
    assert (modules / ".installed").is_file() and (modules / ".installed-publish").is_file()

    # A dependency the lock lacks: nothing is installed.
    del packages["node_modules/ms"]
    (project / "package-lock.json").write_text(json.dumps(lock))
    refused = subprocess.run(install, capture_output=True, text=True, env=env)
    assert refused.returncode != 0
    assert refused.stderr == (
        "package-lock.json: kein Eintrag mit Version und sha512-Prüfsumme für ms. "
        "Erzeugen Sie die Datei mit npm neu und committen Sie sie.\n"
    )
    assert list(modules.iterdir()) == []


@pytest.mark.build  # runs scripts/install-node-deps in a process of its own
def test_a_tarball_the_lock_places_at_several_paths_is_fetched_once(tmp_path):
    # The real lock has debug@2.6.9 and ms@2.0.0 at five paths each: two threads fetching
    # one tarball at once wrote the same partial file, and the later rename failed.
    project = _project_with_the_script(tmp_path)
    packages, served, asked = {"": {"name": "x"}}, {}, Counter()

    def add(path: str, name: str, **dependencies: str) -> None:
        tarball, integrity = fake_package(tmp_path / "tarballs" / path, name)
        served[f"/{name}/-/{name}-1.0.0.tgz"] = tarball.read_bytes()
        packages[path] = {"version": "1.0.0", "integrity": integrity}  # from the registry
        if dependencies:
            packages[path]["dependencies"] = dependencies

    for name in (*SHIPPED, *RUN_WITH_NODE):
        add(f"node_modules/{name}", name)
    packages["node_modules/decap-server"]["dependencies"] = {"a": "1.0.0", "b": "1.0.0"}
    add("node_modules/a", "a", debug="1.0.0")
    add("node_modules/b", "b", debug="1.0.0")
    add("node_modules/a/node_modules/debug", "debug")
    packages["node_modules/b/node_modules/debug"] = packages["node_modules/a/node_modules/debug"]
    lock = {"name": "x", "lockfileVersion": 3, "packages": packages}
    (project / "package-lock.json").write_text(json.dumps(lock))

    class Registry(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            asked[self.path] += 1
            time.sleep(1)  # both paths' fetches are under way before either has its tarball
            body = served[self.path]
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    with ThreadingHTTPServer(("127.0.0.1", 0), Registry) as registry:
        threading.Thread(target=registry.serve_forever, daemon=True).start()
        env = {
            **os.environ,
            "npm_config_cache": str(tmp_path / "npm-cache"),
            "npm_config_registry": f"http://127.0.0.1:{registry.server_address[1]}/",
            "no_proxy": "127.0.0.1",
            "NO_PROXY": "127.0.0.1",
        }
        done = subprocess.run(
            [project / "scripts/install-node-deps"], capture_output=True, text=True, env=env
        )
        registry.shutdown()
    assert done.returncode == 0, done.stderr
    assert asked["/debug/-/debug-1.0.0.tgz"] == 1
    modules = project / "node_modules"
    for parent in ("a", "b"):
        assert (modules / parent / "node_modules/debug/dist/index.js").read_text() == "// debug\n"


def _shipped_from_files(tarballs: Path) -> dict:
    """A lock's packages: the shipped ones, each from a tarball in `tarballs`/<name>/."""
    packages: dict = {"": {"name": "x"}}
    for name in SHIPPED:
        tarball, integrity = fake_package(tarballs / name, name)
        packages[f"node_modules/{name}"] = {
            "version": "1.0.0",
            "resolved": tarball.as_uri(),
            "integrity": integrity,
        }
    return packages


def _refused_publish(project: Path, packages: dict, npm_cache: Path) -> subprocess.CompletedProcess:
    """install-node-deps --publish with this lock, which it refuses."""
    lock = {"name": "x", "lockfileVersion": 3, "packages": packages}
    (project / "package-lock.json").write_text(json.dumps(lock))
    env = {**os.environ, "npm_config_cache": str(npm_cache)}
    install = [project / "scripts/install-node-deps", "--publish"]
    refused = subprocess.run(install, capture_output=True, text=True, env=env)
    assert refused.returncode != 0
    return refused


@pytest.mark.build  # runs scripts/install-node-deps in a process of its own
@pytest.mark.parametrize("kind", ["outside", "link"])
def test_a_tarball_with_a_path_outside_its_folder_or_a_link_is_not_unpacked(tmp_path, kind):
    project = _project_with_the_script(tmp_path)
    tarballs = tmp_path / "tarballs"
    packages = _shipped_from_files(tarballs)
    # yaml's tarball gets one more entry: a file two folders up, or a link to one.
    tarball = tarballs / "yaml" / "yaml-1.0.0.tgz"
    entry = tarfile.TarInfo("package/../../escaped" if kind == "outside" else "package/link")
    if kind == "link":
        entry.type, entry.linkname = tarfile.SYMTYPE, "../../escaped"
    with tarfile.open(tarball, "w:gz") as archive:
        archive.add(tarballs / "yaml" / "yaml-src" / "package", arcname="package")
        archive.addfile(entry, io.BytesIO(b""))
    digest = base64.b64encode(hashlib.sha512(tarball.read_bytes()).digest()).decode()
    packages["node_modules/yaml"]["integrity"] = f"sha512-{digest}"
    refused = _refused_publish(project, packages, tmp_path / "npm-cache")
    assert refused.stderr == (
        f"yaml@1.0.0: unerwarteter Eintrag {entry.name!r} im Paket; nichts installiert.\n"
    )
    assert list((project / "node_modules").iterdir()) == []
    assert not (project / "escaped").exists() and not (project / "node_modules/yaml").exists()


@pytest.mark.build  # runs scripts/install-node-deps in a process of its own
def test_a_tarball_that_cannot_be_fetched_is_named_with_its_address(tmp_path):
    project = _project_with_the_script(tmp_path)
    packages = _shipped_from_files(tmp_path / "tarballs")
    (tmp_path / "tarballs/yaml/yaml-1.0.0.tgz").unlink()
    refused = _refused_publish(project, packages, tmp_path / "npm-cache")
    url = packages["node_modules/yaml"]["resolved"]
    assert refused.stderr.startswith(f"yaml@1.0.0: nicht geladen von {url} (")
    assert refused.stderr.endswith(
        "). Prüfen Sie die Verbindung zur npm-Registry (oder npm_config_registry).\n"
    )
    assert list((project / "node_modules").iterdir()) == []


@pytest.mark.build  # runs scripts/install-node-deps in a process of its own
def test_a_shipped_package_the_lock_lacks_is_named(tmp_path):
    project = _project_with_the_script(tmp_path)
    packages = _shipped_from_files(tmp_path / "tarballs")
    del packages["node_modules/yaml"]["integrity"]
    refused = _refused_publish(project, packages, tmp_path / "npm-cache")
    assert refused.stderr == (
        "package-lock.json: kein Eintrag mit Version und sha512-Prüfsumme für yaml. "
        "Erzeugen Sie die Datei mit npm neu und committen Sie sie.\n"
    )
    assert list((project / "node_modules").iterdir()) == []
