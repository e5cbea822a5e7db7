<?php
/**
 * Deleting the plugin from WordPress removes its settings. Orders keep their
 * notes and meta: they are the shop's payment history.
 *
 * @package Smspay_WooCommerce
 */

defined( 'WP_UNINSTALL_PLUGIN' ) || exit;

delete_option( 'woocommerce_smspay_settings' );
