"""The lock file and the Dockerfile. There is no Docker engine where the tests run, so the
Dockerfile is checked as text, and its HEALTHCHECK command is run against a real health
endpoint."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from datetime import UTC, datetime, timedelta
from importlib import metadata
from pathlib import Path

import pytest
from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from bot.observability import HealthServer, Metrics

ROOT = Path(__file__).resolve().parents[2]
LOCK = ROOT / "requirements.lock"
PINNED = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)\s*(?:;\s*(.*?))?\s*\\?$")


def runtime_requirements() -> dict[str, Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = [Requirement(line) for line in project["dependencies"]]
    return {canonicalize_name(r.name): r for r in requirements}


class Pin:
    def __init__(self, name: str, version: str, marker: str | None) -> None:
        self.name = canonicalize_name(name)
        self.version = version
        self.marker = marker
        self.hashes = 0
        self.via: list[str] = []


def lock_entries() -> list[Pin]:
    pins: list[Pin] = []
    in_via = False
    for raw in LOCK.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        match = PINNED.match(line)
        if match:
            pins.append(Pin(*match.groups()))
            in_via = False
        elif line.startswith("--hash=sha256:"):
            pins[-1].hashes += 1
        elif line.startswith("# via"):
            rest = line.removeprefix("# via").strip()
            if rest:
                pins[-1].via.append(rest)
            in_via = not rest
        elif in_via and line.startswith("#   "):
            pins[-1].via.append(line.removeprefix("#").strip())
        elif line and not line.startswith("#"):
            raise AssertionError(f"unexpected line in requirements.lock: {raw!r}")
    return pins


def test_the_lock_pins_exactly_the_runtime_dependencies_of_pyproject() -> None:
    """Fails when pyproject.toml changed and `scripts/lock` was not run (README)."""
    wanted = runtime_requirements()
    pins = lock_entries()
    assert LOCK.read_text(encoding="utf-8").splitlines()[1].strip() == "#    scripts/lock"
    direct = {p.name for p in pins if "studybot (pyproject.toml)" in p.via}
    assert direct == set(wanted), (
        f"only in pyproject.toml: {sorted(set(wanted) - direct)}; "
        f"only in the lock: {sorted(direct - set(wanted))} — run scripts/lock"
    )
    for pin in pins:
        assert pin.hashes > 0, f"{pin.name} has no hash"
        requirement = wanted.get(pin.name)
        if requirement is not None:
            assert requirement.specifier.contains(pin.version, prereleases=True), (
                f"{pin.name}=={pin.version} in the lock does not satisfy {requirement} in "
                "pyproject.toml — run scripts/lock"
            )


def test_the_lock_holds_what_each_pinned_package_and_extra_needs() -> None:
    """Every dependency of a locked package (as installed here, when it is the locked
    version) and of a requested extra is locked too, for Python 3.11 on Linux."""
    pins = {p.name: p for p in lock_entries()}
    environment = {
        **default_environment(),
        "python_full_version": "3.11.9",
        "python_version": "3.11",
    }
    environment |= {"sys_platform": "linux", "platform_system": "Linux"}
    checked = 0
    for name, pin in pins.items():
        try:
            installed = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        if installed.version != pin.version:
            continue
        checked += 1
        for line in installed.requires or []:
            needed = Requirement(line)
            if needed.marker is None or needed.marker.evaluate({**environment, "extra": ""}):
                assert canonicalize_name(needed.name) in pins, f"{name} needs {needed}"
    for requirement in runtime_requirements().values():
        for line in metadata.requires(requirement.name) or []:
            needed = Requirement(line)
            for extra in requirement.extras:
                if needed.marker and needed.marker.evaluate({**environment, "extra": extra}):
                    assert canonicalize_name(needed.name) in pins, f"{requirement} needs {needed}"
    assert checked >= len(runtime_requirements())  # the test environment runs the lock


def dockerfile() -> list[str]:
    """Instructions, continuation lines joined, comments dropped."""
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    text = re.sub(
        r"\\\n\s*",
        " ",
        "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#")),
    )
    return [line.strip() for line in text.splitlines() if line.strip()]


def test_the_base_image_is_pinned_by_exact_version_and_digest() -> None:
    froms = [line for line in dockerfile() if line.startswith("FROM ")]
    assert froms
    for line in froms:
        assert re.fullmatch(
            r"FROM python:3\.11\.\d+-slim(-\w+)?@sha256:[0-9a-f]{64}( AS \w+)?", line
        ), line


def test_dependencies_install_from_the_lock_in_a_layer_before_the_code() -> None:
    lines = dockerfile()
    copy_lock = lines.index("COPY requirements.lock /tmp/requirements.lock")
    install = next(i for i, line in enumerate(lines) if "-r /tmp/requirements.lock" in line)
    assert "--require-hashes" in lines[install]
    first_code = next(
        i
        for i, line in enumerate(lines)
        if line.startswith("COPY") and re.search(r"\b(bot|pyproject\.toml)\b", line)
    )
    assert copy_lock < install < first_code  # a code change leaves the dependency layer cached
    project = next(
        i for i, line in enumerate(lines) if re.search(r"pip install --no-deps \.", line)
    )
    assert project > first_code
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    assert "requirements.lock" not in ignored and "bot" not in ignored


def test_it_runs_as_a_fixed_unprivileged_uid_and_python_gets_the_signals() -> None:
    lines = dockerfile()
    users = [line for line in lines if line.startswith("USER ")]
    assert users == ["USER 10001:10001"]
    assert any("useradd --uid 10001" in line for line in lines)
    assert lines[-1] == 'CMD ["python", "-m", "bot", "run"]'  # exec form: python is PID 1


def healthcheck_command() -> str:
    line = next(line for line in dockerfile() if line.startswith("HEALTHCHECK "))
    assert "--start-period=" in line and "--interval=" in line
    return line.split(" CMD ", 1)[1]


@pytest.mark.parametrize("healthy", [True, False], ids=["healthy", "unhealthy"])
async def test_the_healthcheck_command_follows_the_health_endpoint(
    tmp_path: Path, healthy: bool
) -> None:
    assert any(line.startswith("ENV ") and "HEALTH_PORT=8080" in line for line in dockerfile())
    command = healthcheck_command()
    assert "http://127.0.0.1:${HEALTH_PORT}/health" in command and "curl" not in command
    now = datetime(2026, 3, 2, 9, tzinfo=UTC)
    metrics = Metrics()
    metrics.observe_pass(now - timedelta(seconds=10 if healthy else 3600))

    async def connected() -> bool:
        return True

    server = HealthServer(metrics, {"discord": connected}, lambda: now, max_pass_age_seconds=180)
    port = await server.start("127.0.0.1", 0)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "python").symlink_to(sys.executable)  # `python`, as in the image
    env = {"PATH": f"{bin_dir}:/usr/bin:/bin", "HEALTH_PORT": str(port)}
    try:
        process = await asyncio_shell(command, env)
    finally:
        await server.stop()
    assert (process == 0) is healthy
    nothing_there = await asyncio_shell(command, {**env, "HEALTH_PORT": str(port)})
    assert nothing_there != 0


async def asyncio_shell(command: str, env: dict[str, str]) -> int:
    """Run ``command`` with /bin/sh as Docker runs a HEALTHCHECK in shell form."""
    import asyncio

    process = await asyncio.create_subprocess_exec(
        "/bin/sh", "-c", command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    return await asyncio.wait_for(process.wait(), 30)


def test_readme_says_how_to_refresh_the_lock() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "scripts/lock" in readme
    assert os.access(ROOT / "scripts" / "lock", os.X_OK)
