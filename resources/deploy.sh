#!/usr/bin/env bash
# Install a packaged Glacier DL zip into a QGIS profile and enable it (what "Install from ZIP" does).
#
# Usage: bash resources/deploy.sh dist/glacier_dl_plugin-<version>.zip
# Environment: QGIS_PROFILE (default: default); QGIS_PROFILES_DIR (default:
# ${XDG_DATA_HOME:-~/.local/share}/QGIS/QGIS3/profiles). Restart QGIS afterwards; QGIS must not be running
# with that profile while this script writes its settings.
set -euo pipefail

zip_path="${1:?usage: deploy.sh path/to/glacier_dl_plugin-<version>.zip}"
[ -f "$zip_path" ] || { echo "deploy.sh: $zip_path not found (run make package)" >&2; exit 1; }
profile_dir="${QGIS_PROFILES_DIR:-${XDG_DATA_HOME:-$HOME/.local/share}/QGIS/QGIS3/profiles}/${QGIS_PROFILE:-default}"
plugins="$profile_dir/python/plugins"
mkdir -p "$plugins" "$profile_dir/QGIS"

rm -rf "$plugins/glacier_dl_plugin"        # no stale files from an earlier version
unzip -q -o "$zip_path" -d "$plugins"
[ -f "$plugins/glacier_dl_plugin/metadata.txt" ] || { echo "deploy.sh: $zip_path is not a plugin zip" >&2; exit 1; }

# Enable it the way QGIS stores it ([PythonPlugins] glacier_dl_plugin=true), through QSettings so the rest
# of the file keeps QGIS's own format. /usr/bin/python3 is the Python that has PyQt5 on Debian.
python="/usr/bin/python3"
[ -x "$python" ] || python="python3"
"$python" - "$profile_dir/QGIS/QGIS3.ini" <<'PY'
import sys

from PyQt5.QtCore import QSettings

settings = QSettings(sys.argv[1], QSettings.IniFormat)
settings.setValue("PythonPlugins/glacier_dl_plugin", True)
settings.sync()
sys.exit(settings.status() != QSettings.NoError)
PY
echo "Installed into $plugins/glacier_dl_plugin and enabled it in profile '${QGIS_PROFILE:-default}'."
echo "Restart QGIS. Its Python dependencies: see Plugins > Glacier DL > About / dependencies."
