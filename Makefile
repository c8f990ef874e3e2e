# Glacier DL — every command a newcomer or CI needs. `make demo` and `make test` install what they need.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PY := .venv/bin/python
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
VERSION := $(shell sed -n 's/^version=//p' metadata.txt)
# Debian's QGIS 3.22 stack for /usr/bin/python3 (one GDAL in the process); torch etc. come from pip.
APT_PACKAGES := qgis python3-qgis qgis-providers python3-rasterio python3-geopandas python3-matplotlib \
	python3-scipy python3-jinja2 xvfb xauth pyqt5-dev-tools qttools5-dev-tools zip unzip
export QT_QPA_PLATFORM ?= offscreen
export PYTHONDONTWRITEBYTECODE := 1
export PROJ_DATA ?= /usr/share/proj

.PHONY: help setup apt-packages demo test test-fast bench bench-accuracy bench-ensemble-size gpu-check package deploy i18n-update i18n-compile clean

help:
	@echo "make demo    run the whole chain (dataset -> train -> predict) on a synthetic scene via qgis_process"
	@echo "make test    every test tier: core, training, qgis, cli, gui"
	@echo "make test-fast  the tests marked neither slow nor desktop (under 3 minutes on 2 cores)"
	@echo "make bench   benchmarks, printed as BENCH <name>=<value>"
	@echo "make bench-accuracy  the Everest converged ensemble against a threshold rule (about 60 min, docs/accuracy.md)"
	@echo "make bench-ensemble-size  held-out IoU of 1, 2, 5 and 10 members on one Everest fold (about 80 min)"
	@echo "make gpu-check  prepare .gpu-check/ for a bare GPU machine (docs/accuracy.md)"
	@echo "make package dist/glacier_dl_plugin-$(VERSION).zip for QGIS 'Install from ZIP'; make deploy installs it"

setup: apt-packages .venv/.installed

apt-packages:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages:" $$missing; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq \
			--no-install-recommends $$missing; \
	fi

.venv/.installed: glacier_dl_plugin/requirements.txt training/requirements.txt tests/requirements.txt \
		tests/requirements-nodeps.txt
	test -x $(PY) || /usr/bin/python3 -m venv --system-site-packages .venv
	$(PY) -m pip install -q --disable-pip-version-check -r tests/requirements.txt
	$(PY) -m pip install -q --disable-pip-version-check --no-deps -r tests/requirements-nodeps.txt
	$(PY) -c "import numpy, shapely, qgis.core, rasterio, onnxruntime, torch, segmentation_models_pytorch; \
		assert numpy.__version__ < '2', numpy.__version__; \
		assert shapely.__file__.startswith('/usr/lib/python3/'), 'shapely must be Debian: ' + shapely.__file__"
	touch $@

demo: setup
	$(PY) -m synthetic.demo --out demo_output

test: setup
	$(PY) -m pytest tests -ra

# No training run over 10 s, no qgis_process chain, no desktop start: under 3 minutes on 2 cores.
test-fast: setup
	$(PY) -m pytest tests -ra -m "not slow and not desktop" --durations=15

bench: setup
	@for b in tests/bench/bench_*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

# Not in CI: about 60 minutes of 2 CPU cores (docs/accuracy.md). Figures and plots land in build/accuracy/results.
bench-accuracy: setup
	$(PY) tests/bench/accuracy/prepare.py --out build/accuracy/inputs
	$(PY) tests/bench/accuracy/run.py --inputs build/accuracy/inputs --out build/accuracy/results --recipe cpu

# Not in CI: about 80 minutes of 2 CPU cores; ten members holding out fold 2, scored as ensembles of 1, 2, 5
# and 10 (docs/accuracy.md). Figures land in build/accuracy/ensemble_size.
bench-ensemble-size: setup
	$(PY) tests/bench/accuracy/prepare.py --out build/accuracy/inputs
	$(PY) tests/bench/accuracy/ensemble_size.py --inputs build/accuracy/inputs --out build/accuracy/ensemble_size

# Prepares .gpu-check/ (the Everest sample and the wheels a bare GPU machine lacks, under 64 MiB); the one
# command to run there is `bash tests/bench/accuracy/gpu_check.sh OUT` (docs/accuracy.md).
GPU_PYTHON ?= 3.12
gpu-check: setup
	rm -rf .gpu-check && mkdir -p .gpu-check/wheels
	$(PY) tests/bench/accuracy/prepare.py --bundle --out .gpu-check/everest
	$(PY) -m pip download -q --disable-pip-version-check --no-deps --only-binary=:all: --implementation cp \
		--python-version $(GPU_PYTHON) --platform manylinux_2_28_x86_64 --platform manylinux_2_24_x86_64 \
		--platform manylinux_2_17_x86_64 --platform manylinux2014_x86_64 -d .gpu-check/wheels \
		-r tests/bench/accuracy/gpu-wheels.txt
	@du -sh .gpu-check
	@echo "On the GPU machine, in this checkout with .gpu-check carried: bash tests/bench/accuracy/gpu_check.sh OUT"

package: i18n-compile
	bash resources/package.sh dist

deploy: package
	bash resources/deploy.sh dist/glacier_dl_plugin-$(VERSION).zip

i18n-update:
	/usr/bin/python3 i18n/update_ts.py

i18n-compile:
	@for ts in i18n/*.ts; do lrelease -silent $$ts -qm $${ts%.ts}.qm; done

clean:
	rm -rf dist demo_output .pytest_cache
