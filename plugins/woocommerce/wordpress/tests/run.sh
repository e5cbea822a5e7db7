#!/usr/bin/env bash
# The WordPress plugin's checks: php -l on every PHP file, translations up to
# date, PHPUnit. Needs php-cli, phpunit, php-xml, php-mbstring and gettext
# (apt). The root test command runs it (wordpress-plugin.test.ts).
set -euo pipefail
cd "$(dirname "$0")/.."
failed=0
while IFS= read -r -d '' file; do
  php -l "$file" >/dev/null || failed=1
done < <(find smspay-woocommerce tests -name '*.php' -print0)
[ "$failed" -eq 0 ] || { echo "run.sh: php -l found syntax errors" >&2; exit 1; }
echo "run.sh: php -l clean on $(find smspay-woocommerce tests -name '*.php' | wc -l) files"
./i18n.sh --check
phpunit --configuration tests/phpunit.xml
