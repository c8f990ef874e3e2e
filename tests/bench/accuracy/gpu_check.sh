#!/usr/bin/env bash
# The GPU check, run on the GPU machine from the checkout root with .gpu-check/ (made by `make gpu-check`)
# beside it: installs the carried wheels where a package is missing, builds the Everest dataset there, trains
# the 5-fold ensemble with CUDA mixed precision, predicts through torch on CUDA and writes the figures, the
# per-glacier table and the log into the folder given as argument.
#   bash tests/bench/accuracy/gpu_check.sh OUT
# DEVICE=cpu RECIPE=tiny is CI's dry run of the very same script; PYTHON picks the interpreter.
set -euo pipefail
out=${1:?usage: gpu_check.sh OUTPUT_FOLDER}
cd "$(dirname "$0")/../../.."
python=${PYTHON:-python3}
bundle=${BUNDLE:-.gpu-check}
mkdir -p "$out"
if ! "$python" -c "import rasterio, pyproj, shapely, segmentation_models_pytorch" 2>/dev/null; then
    site=$(mktemp -d)
    "$python" -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --target "$site" "$bundle"/wheels/*.whl
    export PYTHONPATH="$site${PYTHONPATH:+:$PYTHONPATH}"
    unset PROJ_DATA PROJ_LIB GDAL_DATA  # the wheels' rasterio and pyproj each carry their own databases
fi
export PYTHONUNBUFFERED=1
"$python" tests/bench/accuracy/prepare.py --data "$bundle/everest" --out "$bundle/inputs" ${FOLDS:+--folds "$FOLDS"} \
    2>&1 | tee "$out/prepare.log"
"$python" tests/bench/accuracy/run.py --inputs "$bundle/inputs" --out "$out" --recipe "${RECIPE:-gpu}" \
    --device "${DEVICE:-cuda}"
