<?php
/**
 * PHPUnit bootstrap: WordPress and WooCommerce stand-ins, then the plugin,
 * loaded the way WordPress loads it (the file, then plugins_loaded).
 *
 * @package Smspay_WooCommerce_Tests
 */

error_reporting( E_ALL );
define( 'ABSPATH', __DIR__ . '/' );

require __DIR__ . '/stand-ins/wordpress.php';
require __DIR__ . '/stand-ins/http-scripted.php';
require __DIR__ . '/stand-ins/woocommerce.php';
require dirname( __DIR__ ) . '/smspay-woocommerce/smspay-woocommerce.php';
require __DIR__ . '/unit/SmspayTestCase.php';

do_action( 'plugins_loaded' );
