#!/usr/bin/env bash
# The Magento module's checks: php -l on every PHP file and template, every
# XML file well-formed, then PHPUnit (which also checks the XML's required
# nodes and the translations). Needs php-cli, php-xml, php-mbstring and
# phpunit (apt). The root test command runs it (module-checks.test.ts).
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in php phpunit; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool is missing (apt-get install -y php-cli php-xml php-mbstring phpunit)" >&2; exit 1; }
done

failed=0
count=0
while IFS= read -r -d '' file; do
  count=$((count + 1))
  php -l "$file" >/dev/null || failed=1
done < <(find . \( -name '*.php' -o -name '*.phtml' \) -print0)
[ "$failed" -eq 0 ] || { echo "run.sh: php -l found syntax errors" >&2; exit 1; }
echo "run.sh: php -l clean on $count files"

# shellcheck disable=SC2016
find . -name '*.xml' -print0 | xargs -0 php -r '
  libxml_use_internal_errors(true);
  $bad = 0;
  foreach (array_slice($argv, 1) as $file) {
    $document = new DOMDocument();
    if (!$document->load($file)) {
      foreach (libxml_get_errors() as $error) {
        fprintf(STDERR, "%s:%d: %s\n", $file, $error->line, trim($error->message));
      }
      libxml_clear_errors();
      $bad++;
    }
  }
  echo "run.sh: " . (count($argv) - 1 - $bad) . " of " . (count($argv) - 1) . " XML files well-formed\n";
  exit($bad > 0 ? 1 : 0);
' --

phpunit --configuration Test/phpunit.xml
