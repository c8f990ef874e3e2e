#!/usr/bin/env bash
# Build dist/glacier_dl_plugin-<version>.zip for QGIS "Plugins > Manage and Install Plugins > Install from ZIP".
#
# Usage: bash resources/package.sh [OUT_DIR]      (default OUT_DIR: dist; prints the zip's path)
#
# Layout: one top folder glacier_dl_plugin/ with metadata.txt, the code, resources/ (icon, styles),
# i18n/*.qm, requirements.txt and training/ (run by the plugin as `python -m training`, so it travels inside
# the plugin folder). Symlinks of the checkout (metadata.txt, resources, i18n) become real files; i18n/*.ts
# are compiled here with lrelease into .qm. Left out: tests, __pycache__, .ts sources, these scripts; the
# repository's synthetic/ scene generators and tests/ are never copied (test-only code).
# SOURCE_DATE_EPOCH, when set, fixes every timestamp (the same sources give the same zip).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-dist}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
version="$(sed -n 's/^version=//p' "$repo/metadata.txt" | tr -d '[:space:]')"
[ -n "$version" ] || { echo "package.sh: no version= in $repo/metadata.txt" >&2; exit 1; }

stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
plugin="$stage/glacier_dl_plugin"

cp -RL "$repo/glacier_dl_plugin" "$plugin"            # -L: the checkout's symlinks become files
cp -RL "$repo/training" "$plugin/training"
[ -f "$repo/LICENSE" ] && cp "$repo/LICENSE" "$plugin/LICENSE"

for ts in "$repo"/i18n/*.ts; do
    [ -e "$ts" ] || continue
    command -v lrelease >/dev/null || { echo "package.sh: lrelease not found (apt-get install qttools5-dev-tools)" >&2; exit 1; }
    lrelease -silent "$ts" -qm "$plugin/i18n/$(basename "${ts%.ts}").qm"
done
find "$plugin" \( -name __pycache__ -o -name .pytest_cache -o -name tests \) -prune -exec rm -rf {} +
find "$plugin" \( -name '*.pyc' -o -name '*.ts' -o -name '*.pro' -o -name '*.sh' -o -name '.*' \) -type f -delete
# In the checkout training/requirements.txt includes ../glacier_dl_plugin/requirements.txt; inside the
# packaged plugin folder that file is one level up.
sed -i 's#^-r \.\./glacier_dl_plugin/requirements\.txt#-r ../requirements.txt#' "$plugin/training/requirements.txt"

if [ -n "${SOURCE_DATE_EPOCH:-}" ]; then
    find "$plugin" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
fi
zip_path="$out/glacier_dl_plugin-$version.zip"
rm -f "$zip_path"
(cd "$stage" && find glacier_dl_plugin | LC_ALL=C sort | zip -q -X -D "$zip_path" -@)
echo "$zip_path"
