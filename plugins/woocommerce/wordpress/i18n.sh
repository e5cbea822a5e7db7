#!/usr/bin/env bash
# Translations of the plugin (text domain smspay-woocommerce; English is the
# source). Needs gettext (xgettext, msgmerge, msgfmt).
#   ./i18n.sh          regenerate languages/smspay-woocommerce.pot from the PHP
#                      sources, merge it into every .po, compile every .mo
#   ./i18n.sh --check  fail unless the template, the catalogs and the compiled
#                      catalogs are all up to date and fully translated
set -euo pipefail
cd "$(dirname "$0")/smspay-woocommerce"
pot=languages/smspay-woocommerce.pot

template() {
  find . -name '*.php' -not -path './languages/*' | LC_ALL=C sort | xgettext \
    --language=PHP --from-code=UTF-8 --add-comments=translators: --no-wrap --sort-by-file \
    --add-location=file --keyword=__ --keyword=_e --keyword=esc_html__ --keyword=esc_html_e \
    --keyword=esc_attr__ --keyword=_x:1,2c --keyword=_n:1,2 \
    --package-name="smspay for WooCommerce" --package-version=0.1.0 \
    --msgid-bugs-address="https://smspay.dev" --files-from=- --output=- |
    # No creation date: the template only changes when the strings do.
    sed -e '/^"POT-Creation-Date:/d' -e 's/charset=CHARSET/charset=UTF-8/'
}

if [ "${1:-}" != "--check" ]; then
  template >"$pot"
  for po in languages/*.po; do
    msgmerge --quiet --update --backup=none --no-wrap "$po" "$pot"
    msgfmt --check --output-file="${po%.po}.mo" "$po"
  done
  exit 0
fi

template | diff -u "$pot" - || { echo "i18n: $pot is stale; run plugins/woocommerce/wordpress/i18n.sh" >&2; exit 1; }
for po in languages/*.po; do
  msgcmp --use-untranslated "$po" "$pot" || { echo "i18n: $po misses strings" >&2; exit 1; }
  stats=$(LC_ALL=C msgfmt --check --statistics --output-file=/dev/null "$po" 2>&1)
  case "$stats" in
    *fuzzy* | *untranslated*) echo "i18n: $po: $stats" >&2; exit 1 ;;
  esac
  msgfmt --output-file=- "$po" | cmp -s - "${po%.po}.mo" || { echo "i18n: ${po%.po}.mo is stale; run i18n.sh" >&2; exit 1; }
done
echo "i18n: template, catalogs and compiled catalogs are up to date"
