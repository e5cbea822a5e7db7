#!/usr/bin/env bash
# Builds the installable plugin: dist/smspay-woocommerce-<version>.zip (upload
# it in WordPress under Plugins > Add New > Upload Plugin). dist/ is not
# committed. Compiles the translations first, so the zip has current .mo files.
set -euo pipefail
cd "$(dirname "$0")"
./i18n.sh --check
version="$(sed -n 's/^ \* Version: *//p' smspay-woocommerce/smspay-woocommerce.php)"
mkdir -p dist
zip_file="dist/smspay-woocommerce-$version.zip"
rm -f "$zip_file"
if command -v zip >/dev/null; then
  zip -q -r -X "$zip_file" smspay-woocommerce
else
  # No zip command: PHP's own (php-zip) or Python's zipfile.
  python3 -c 'import os, sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    for root, _, files in os.walk("smspay-woocommerce"):
        for name in sorted(files):
            z.write(os.path.join(root, name))' "$zip_file"
fi
echo "$zip_file"
