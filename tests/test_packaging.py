"""resources/package.sh and deploy.sh: the zip's layout, and the unzipped plugin running in qgis_process.bin."""
import configparser
import json
import os
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import pytest
import rasterio
from rasterio.transform import from_origin

from glacier_dl_plugin.core.config import ModelMetadata
from glacier_dl_plugin.processing.algorithms import ALGORITHMS as ALGORITHM_CLASSES
from onnx_fixtures import ensemble_folder

REPO = Path(__file__).resolve().parents[1]
VERSION = configparser.ConfigParser(interpolation=None)
VERSION.read(REPO / "metadata.txt")
VERSION = VERSION["general"]["version"]


@pytest.fixture(scope="module")
def package(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    done = subprocess.run(["bash", str(REPO / "resources" / "package.sh"), str(out)], cwd=REPO,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    zip_path = Path(done.stdout.strip().splitlines()[-1])
    assert zip_path == out / f"glacier_dl_plugin-{VERSION}.zip"
    return zip_path


@pytest.fixture(scope="module")
def unzipped(package, tmp_path_factory):
    """The zip extracted like QGIS's "Install from ZIP" does (a plugins folder holding glacier_dl_plugin/)."""
    plugins = tmp_path_factory.mktemp("plugins")
    with zipfile.ZipFile(package) as archive:
        archive.extractall(plugins)
    return plugins


def qgis_process(arguments, home: Path, **extra) -> subprocess.CompletedProcess:
    """qgis_process.bin in a throwaway profile and HOME, seeing no checkout (no PYTHONPATH, cwd=home)."""
    runtime = home / "runtime"
    runtime.mkdir(mode=0o700, exist_ok=True)
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "QGIS_PLUGINPATH", "GLACIER_DL_VENV", "VIRTUAL_ENV")}
    env.update(HOME=str(home), QT_QPA_PLATFORM="offscreen", XDG_RUNTIME_DIR=str(runtime),
               XDG_DATA_HOME=str(home / "data"), XDG_CONFIG_HOME=str(home / "config"), **extra)
    return subprocess.run(["qgis_process.bin", *arguments], cwd=home, env=env, capture_output=True, text=True,
                          timeout=300)


def test_zip_holds_one_plugin_folder_with_code_resources_translations_and_training(package):
    with zipfile.ZipFile(package) as archive:
        infos = archive.infolist()
    names = {i.filename for i in infos}
    assert {n.split("/")[0] for n in names} == {"glacier_dl_plugin"}
    expected = {"metadata.txt", "__init__.py", "plugin.py", "environment.py", "styles.py", "requirements.txt",
                "processing/provider.py", "processing/algorithms/__init__.py", "core/errors.py",
                "resources/icon.svg", "resources/styles/probability.qml", "resources/styles/std.qml",
                "i18n/glacier_dl_de.qm", "training/requirements.txt", "core/assess/templates/evaluation_report.html"}
    training = {f"training/{p.relative_to(REPO / 'training')}" for p in (REPO / "training").rglob("*")
                if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"}
    assert {f"glacier_dl_plugin/{n}" for n in expected | training} <= names
    forbidden = [n for n in names if any(part in ("__pycache__", "tests", ".venv") for part in n.split("/"))
                 or n.endswith((".pyc", ".ts", ".sh"))]
    assert forbidden == []
    assert not [i.filename for i in infos if stat.S_ISLNK(i.external_attr >> 16)]  # real files, no symlinks


def test_zip_holds_no_test_code_and_no_synthetic_scene_generator(package):
    with zipfile.ZipFile(package) as archive:
        names = archive.namelist()
        sources = {n: archive.read(n).decode("utf-8") for n in names if n.endswith(".py")}
    generators = {p.name for p in (REPO / "synthetic").glob("*.py")} - {"__init__.py"}
    assert [n for n in names if "synthetic" in n.split("/") or n.rsplit("/", 1)[-1] in generators] == []
    assert [n for n in sources if n.rsplit("/", 1)[-1].startswith(("test_", "conftest"))
            or n.endswith("_fixtures.py")] == []
    assert [n for n, text in sources.items() if "import synthetic" in text or "from synthetic" in text] == []


def test_packaged_metadata_and_requirements_are_complete(unzipped):
    plugin = unzipped / "glacier_dl_plugin"
    metadata = configparser.ConfigParser()  # QGIS's own parser settings
    metadata.read(plugin / "metadata.txt", encoding="utf-8")
    general = metadata["general"]
    assert general["name"] == "Glacier DL" and general["version"] == VERSION
    assert general["qgisMinimumVersion"] == "3.22" and general["hasProcessingProvider"] == "yes"
    for key in ("description", "about", "author", "email", "repository", "tracker", "homepage", "tags"):
        assert general[key].strip(), key
    assert "pip install -r requirements.txt" in general["about"] and (plugin / general["icon"]).is_file()
    training_requirements = plugin / "training" / "requirements.txt"
    includes = [line.split(maxsplit=1)[1] for line in training_requirements.read_text().splitlines()
                if line.startswith("-r ")]
    assert includes and all((training_requirements.parent / i).resolve().is_file() for i in includes)


@pytest.mark.slow  # qgis_process.bin
def test_unzipped_plugin_loads_in_qgis_process_without_any_dependency_environment(unzipped, tmp_path):
    """No GLACIER_DL_VENV, no .venv beside it, an empty HOME: the provider still loads and lists its algorithms."""
    enabled = qgis_process(["plugins", "enable", "glacier_dl_plugin"], tmp_path, QGIS_PLUGINPATH=str(unzipped))
    assert enabled.returncode == 0, enabled.stdout + enabled.stderr
    listed = qgis_process(["list"], tmp_path, QGIS_PLUGINPATH=str(unzipped))
    assert listed.returncode == 0, listed.stderr
    provider = listed.stdout.split("Glacier DL\n", 1)[1].split("\n\n", 1)[0]
    assert sorted(line.split()[0] for line in provider.splitlines()) == sorted(
        f"glacierdl:{cls.NAME}" for cls in ALGORITHM_CLASSES)


@pytest.fixture(scope="module")
def scene_and_model(tmp_path_factory):
    """A 2-band 48 x 40 raster (layer name "img") and a one-member pointwise ONNX model for its bands."""
    folder = tmp_path_factory.mktemp("scene")
    image = folder / "img.tif"
    values = np.random.default_rng(0).uniform(0, 200, (2, 40, 48)).astype("float32")
    with rasterio.open(image, "w", driver="GTiff", width=48, height=40, count=2, dtype="float32",
                       crs="EPSG:32645", transform=from_origin(500000, 3100000, 30, 30)) as dst:
        dst.write(values)
    meta = ModelMetadata(bands=("img:1", "img:2"), classes=("background", "glacier"), chip_size=32,
                         pixel_size=30.0, mean=(100, 100), std=(50, 50))
    return image, ensemble_folder(folder / "model", [((1.0, -0.5), 0.2)], meta)


def predict(unzipped, scene_and_model, home: Path, **extra) -> subprocess.CompletedProcess:
    image, model = scene_and_model
    qgis_process(["plugins", "enable", "glacier_dl_plugin"], home, QGIS_PLUGINPATH=str(unzipped))
    return qgis_process(["run", "glacierdl:predict", "--json", "--", f"INPUTS={image}", f"MODEL={model}",
                         "DEVICE=cpu", "OVERLAP=8", f"OUTPUT_MEAN={home / 'mean.tif'}",
                         f"OUTPUT_STD={home / 'std.tif'}"], home, QGIS_PLUGINPATH=str(unzipped), **extra)


@pytest.mark.slow  # qgis_process.bin
def test_unzipped_plugin_predicts_with_the_environment_named_by_glacier_dl_venv(unzipped, scene_and_model,
                                                                               tmp_path):
    done = predict(unzipped, scene_and_model, tmp_path, GLACIER_DL_VENV=str(REPO / ".venv"))
    assert done.returncode == 0, done.stdout + done.stderr
    results = json.loads(done.stdout[done.stdout.index("{"):])["results"]
    with rasterio.open(results["OUTPUT_MEAN"]) as mean:
        assert (mean.width, mean.height) == (48, 40) and 0 < mean.read(1).mean() < 1


@pytest.mark.slow  # qgis_process.bin
def test_unzipped_plugin_without_environment_fails_prediction_naming_onnxruntime(unzipped, scene_and_model,
                                                                               tmp_path):
    done = predict(unzipped, scene_and_model, tmp_path)
    assert done.returncode != 0 and "onnxruntime" in done.stdout + done.stderr
    assert not (tmp_path / "mean.tif").exists()


def test_packaged_training_env_imports_training_and_plugin_from_the_package(unzipped):
    code = ("import subprocess, sys\n"
            "from glacier_dl_plugin import environment\n"
            "child = ('import glacier_dl_plugin, training; '\n"
            "         'print(glacier_dl_plugin.__file__, list(training.__path__)[0])')\n"
            "sys.stdout.write(subprocess.run([sys.argv[1], '-c', child], env=environment.training_env(),\n"
            "                                capture_output=True, text=True, check=True).stdout)")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONPATH"] = str(unzipped)
    out = subprocess.run([sys.executable, "-c", code, sys.executable], cwd=unzipped, env=env, capture_output=True,
                         text=True, check=True)
    plugin = unzipped / "glacier_dl_plugin"
    assert out.stdout.split() == [str(plugin / "__init__.py"), str(plugin / "training")]


@pytest.mark.slow  # qgis_process.bin
def test_deploy_installs_into_the_profile_and_enables_the_plugin(package, tmp_path):
    data = tmp_path / "data"
    env = {**os.environ, "XDG_DATA_HOME": str(data)}
    done = subprocess.run(["bash", str(REPO / "resources" / "deploy.sh"), str(package)], env=env,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    profile = data / "QGIS" / "QGIS3" / "profiles" / "default"
    assert (profile / "python" / "plugins" / "glacier_dl_plugin" / "metadata.txt").is_file()
    assert "glacier_dl_plugin=true" in (profile / "QGIS" / "QGIS3.ini").read_text()
    listed = qgis_process(["list"], tmp_path)  # found in the profile, enabled by deploy.sh alone
    assert "glacierdl:predict" in listed.stdout, listed.stderr
