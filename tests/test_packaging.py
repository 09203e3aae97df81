"""`pip install .` gives a package that works outside the repository: data files inside it, the seed
study's folders not assumed, dependencies declared."""

import shutil
import subprocess
import sys

import pytest

from analysis.config import PROJECT_ROOT


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """The package built from a copy of the project's files and installed into a folder of its own (no network:
    the dependencies are the test environment's)."""
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(PROJECT_ROOT / name, source / name)
    shutil.copytree(PROJECT_ROOT / "analysis", source / "analysis", ignore=shutil.ignore_patterns("__pycache__"))
    target = tmp_path_factory.mktemp("site")
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-deps", "--no-build-isolation",
         "--no-index", "--target", str(target), str(source)],
        check=True, capture_output=True,
    )
    return target


def run_installed(target, cwd, *args):
    environment = {"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin", "MPLBACKEND": "Agg"}
    return subprocess.run([sys.executable, "-m", "analysis", *args], cwd=cwd, env=environment, capture_output=True, text=True)


def test_runtime_dependencies_are_declared(installed):
    metadata = next(installed.glob("framing_analysis-*.dist-info")) / "METADATA"
    required = {line.split(":", 1)[1].split(">")[0].split("=")[0].strip().lower() for line in metadata.read_text().splitlines()
                if line.startswith("Requires-Dist:")}
    assert {"pandas", "scikit-learn", "scipy", "vadersentiment", "matplotlib", "blingfire", "pyyaml", "pyarrow"} <= required
    assert (installed / "bin" / "framing-analysis").is_file()
    assert (installed / "analysis" / "py.typed").is_file()


def test_init_then_run_outside_the_repository(installed, tmp_path):
    assert run_installed(installed, tmp_path, "init", "starter").returncode == 0
    missing = run_installed(installed, tmp_path, "run")
    assert missing.returncode == 2 and "--corpus" in missing.stderr  # no seed study to default to
    result = run_installed(installed, tmp_path, "run", "--corpus", "starter", "--quiet")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert (tmp_path / "framing-analysis-output" / "02-frame-prevalence.png").is_file()
    assert not list(installed.glob("analysis/figures*")) and not (installed / "figures").exists()  # nothing written into the package
