<?php
/**
 * Plugin Name:          smspay for WooCommerce
 * Plugin URI:           https://smspay.dev
 * Description:          Pay by SMS: customers text a code to a premium short code, or confirm a PIN charged to their phone bill. The payment itself runs on your smspay server.
 * Version:              0.1.0
 * Requires at least:    6.1
 * Requires PHP:         8.0
 * Author:               smspay
 * License:              MIT
 * Text Domain:          smspay-woocommerce
 * Domain Path:          /languages
 * WC requires at least: 8.3
 * WC tested up to:      9.4
 *
 * No "Requires Plugins: woocommerce" header on purpose: WordPress would then
 * refuse to activate the plugin without WooCommerce, where we prefer to
 * activate and explain what is missing in an admin notice.
 *
 * @package Smspay_WooCommerce
 */

defined( 'ABSPATH' ) || exit;

define( 'SMSPAY_WC_VERSION', '0.1.0' );
define( 'SMSPAY_WC_FILE', __FILE__ );
define( 'SMSPAY_WC_DIR', __DIR__ );

require_once __DIR__ . '/includes/class-smspay-plugin.php';

Smspay_Plugin::boot();
