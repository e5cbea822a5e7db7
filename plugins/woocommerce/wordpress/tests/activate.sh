#!/usr/bin/env bash
# Activates smspay-woocommerce in a real WordPress (Debian's `wordpress`
# package) on MariaDB: without WooCommerce (an admin notice, no fatal error),
# then with a WooCommerce stand-in (tests/stand-ins/woocommerce.php: WooCommerce
# is not packaged by Debian and cannot be downloaded here), in French, and
# uninstalled. Each step is its own PHP process, like a request.
# Needs: php-cli, php-mysql, wordpress (apt) and MariaDB on 127.0.0.1:3306
# (root, empty password). WORDPRESS_DIR overrides /usr/share/wordpress.
set -euo pipefail
tests="$(cd "$(dirname "$0")" && pwd)"
export WORDPRESS_DIR="${WORDPRESS_DIR:-/usr/share/wordpress}"
[ -f "$WORDPRESS_DIR/wp-settings.php" ] || { echo "activate.sh: no WordPress in $WORDPRESS_DIR (apt-get install wordpress)" >&2; exit 1; }

export SMSPAY_WP_DB="smspay_wp_$$_${RANDOM}"
export SMSPAY_WP_CONTENT
SMSPAY_WP_CONTENT="$(mktemp -d)/wp-content"
mysql -h 127.0.0.1 -u root -e "CREATE DATABASE \`$SMSPAY_WP_DB\`"
cleanup() {
  mysql -h 127.0.0.1 -u root -e "DROP DATABASE IF EXISTS \`$SMSPAY_WP_DB\`" || true
  rm -rf "$(dirname "$SMSPAY_WP_CONTENT")"
}
trap cleanup EXIT

# The plugin as the zip installs it, and the stand-in as a plugin of its own.
mkdir -p "$SMSPAY_WP_CONTENT/plugins/woocommerce"
cp -R "$tests/../smspay-woocommerce" "$SMSPAY_WP_CONTENT/plugins/smspay-woocommerce"
cp "$tests/stand-ins/woocommerce.php" "$SMSPAY_WP_CONTENT/plugins/woocommerce/woocommerce.php"

step() { php "$tests/wordpress/wp.php" "$@"; }
step install
step activate smspay-woocommerce/smspay-woocommerce.php
step check-without-woocommerce
step activate woocommerce/woocommerce.php
step check-with-woocommerce
step check-french
step uninstall
echo "activate.sh: the plugin activates in WordPress $(sed -n "s/^\$wp_version = '\(.*\)';/\1/p" "$WORDPRESS_DIR/wp-includes/version.php") with and without WooCommerce"
