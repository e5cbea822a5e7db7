<?php
/**
 * One step of the activation test in a real WordPress (see ../activate.sh),
 * each in its own PHP process as each would be its own request:
 *
 *   php wp.php install | activate PLUGIN | check-without-woocommerce |
 *              check-with-woocommerce | check-french | uninstall
 *
 * Reads SMSPAY_WP_DB, SMSPAY_WP_CONTENT and WORDPRESS_DIR from the
 * environment. Any PHP error, warning, notice or deprecation raised in the
 * plugin's files fails the step, as does a fatal error anywhere.
 *
 * @package Smspay_WooCommerce_Tests
 */

// Prefixed: wp-settings.php uses (and unsets) globals such as $plugin.
$smspay_step   = $argv[1] ?? '';
$smspay_plugin = 'smspay-woocommerce/smspay-woocommerce.php';

// WordPress 6.1's own PHP 8.2 deprecations are not ours to report: only the
// plugin's problems (collected below) and fatal errors are.
ini_set( 'display_errors', '0' );
ini_set( 'log_errors', '0' );

define( 'DB_NAME', (string) getenv( 'SMSPAY_WP_DB' ) );
define( 'DB_USER', 'root' );
define( 'DB_PASSWORD', '' );
define( 'DB_HOST', (string) ( getenv( 'SMSPAY_WP_DB_HOST' ) ?: '127.0.0.1' ) );
define( 'DB_CHARSET', 'utf8mb4' );
define( 'DB_COLLATE', '' );
define( 'WP_CONTENT_DIR', (string) getenv( 'SMSPAY_WP_CONTENT' ) );
define( 'WP_CONTENT_URL', 'http://127.0.0.1/wp-content' );
define( 'ABSPATH', rtrim( (string) getenv( 'WORDPRESS_DIR' ), '/' ) . '/' );
define( 'WP_DEBUG', true );
define( 'WP_DEBUG_DISPLAY', false );
define( 'WP_DEBUG_LOG', false );
define( 'DISABLE_WP_CRON', true );
define( 'WP_HTTP_BLOCK_EXTERNAL', true );
define( 'AUTOMATIC_UPDATER_DISABLED', true );
foreach ( array( 'AUTH_KEY', 'SECURE_AUTH_KEY', 'LOGGED_IN_KEY', 'NONCE_KEY', 'AUTH_SALT', 'SECURE_AUTH_SALT', 'LOGGED_IN_SALT', 'NONCE_SALT' ) as $salt ) {
	define( $salt, 'activation-test-' . $salt );
}
$table_prefix = 'wp_'; // phpcs:ignore WordPress.WP.GlobalVariablesOverride.Prohibited -- WordPress reads it.

$_SERVER['HTTP_HOST']   = '127.0.0.1';
$_SERVER['SERVER_NAME'] = '127.0.0.1';
$_SERVER['REQUEST_URI'] = '/wp-admin/plugins.php';
$_SERVER['SERVER_PORT'] = '80';
if ( 'install' === $smspay_step ) {
	define( 'WP_INSTALLING', true );
}
if ( 'check-french' === $smspay_step ) {
	// The site language (WordPress refuses the WPLANG option for a language
	// whose core files are not installed, which they are not here).
	define( 'WPLANG', 'fr_FR' );
}

$problems = array();
set_error_handler(
	static function ( $level, $message, $file, $line ) use ( &$problems ) {
		if ( str_contains( $file, '/plugins/smspay-woocommerce/' ) ) {
			$problems[] = "$message in $file:$line";
		}
		return false;
	}
);
register_shutdown_function(
	static function () use ( &$problems, $smspay_step ) {
		$last = error_get_last();
		if ( null !== $last && in_array( $last['type'], array( E_ERROR, E_PARSE, E_CORE_ERROR, E_COMPILE_ERROR ), true ) ) {
			fwrite( STDERR, "$smspay_step: fatal error: {$last['message']} in {$last['file']}:{$last['line']}\n" );
			exit( 1 );
		}
		if ( array() !== $problems ) {
			fwrite( STDERR, "$smspay_step: PHP errors in the plugin:\n  " . implode( "\n  ", $problems ) . "\n" );
			exit( 1 );
		}
	}
);

/**
 * Fails the step.
 *
 * @param string $why What went wrong.
 */
function smspay_fail( string $why ): void {
	global $smspay_step;
	fwrite( STDERR, "$smspay_step: $why\n" );
	exit( 1 );
}

/**
 * Checks a condition.
 *
 * @param bool   $ok   Condition.
 * @param string $what What it means.
 */
function smspay_check( bool $ok, string $what ): void {
	if ( ! $ok ) {
		smspay_fail( 'expected: ' . $what );
	}
	echo "  ok: $what\n";
}

/**
 * Output of an action.
 *
 * @param string $hook Action.
 */
function smspay_output_of( string $hook ): string {
	ob_start();
	do_action( $hook );
	return (string) ob_get_clean();
}

require ABSPATH . 'wp-settings.php';
require_once ABSPATH . 'wp-admin/includes/plugin.php';

echo "$smspay_step\n";
switch ( $smspay_step ) {
	case 'install':
		require_once ABSPATH . 'wp-admin/includes/upgrade.php';
		add_filter( 'pre_wp_mail', '__return_true' ); // No mail server here: skip the welcome email.
		$installed = wp_install( 'smspay test shop', 'admin', 'admin@example.com', false, '', wp_generate_password( 24 ) );
		smspay_check( is_array( $installed ) && $installed['user_id'] > 0, 'WordPress installed' );
		break;

	case 'activate':
		wp_set_current_user( 1 );
		$result = activate_plugin( $argv[2] );
		smspay_check( ! is_wp_error( $result ), "{$argv[2]} activated without error or output" . ( is_wp_error( $result ) ? ': ' . $result->get_error_message() : '' ) );
		smspay_check( is_plugin_active( $argv[2] ), "{$argv[2]} is active" );
		break;

	case 'check-without-woocommerce':
		smspay_check( is_plugin_active( $smspay_plugin ) && ! class_exists( 'WC_Payment_Gateway' ), 'smspay-woocommerce active, WooCommerce absent' );
		smspay_check( ! class_exists( 'WC_Gateway_Smspay', false ), 'the gateway is not loaded' );
		smspay_check( str_contains( smspay_output_of( 'admin_notices' ), 'smspay for WooCommerce needs WooCommerce' ), 'an admin notice says WooCommerce is missing' );
		break;

	case 'check-with-woocommerce':
		smspay_check( class_exists( 'WC_Payment_Gateway' ), 'the WooCommerce stand-in is active' );
		$gateways = WC()->payment_gateways()->payment_gateways();
		smspay_check( ( $gateways['smspay'] ?? null ) instanceof WC_Gateway_Smspay, 'WooCommerce lists the Pay by SMS gateway' );
		smspay_check( 'Pay by SMS' === $gateways['smspay']->get_title(), 'its default title is "Pay by SMS"' );
		$declared = \Automattic\WooCommerce\Utilities\FeaturesUtil::$declared;
		smspay_check( true === ( $declared['custom_order_tables'][ WP_PLUGIN_DIR . '/' . $smspay_plugin ] ?? null ), 'HPOS compatibility declared' );
		smspay_check( true === ( $declared['cart_checkout_blocks'][ WP_PLUGIN_DIR . '/' . $smspay_plugin ] ?? null ), 'Checkout block compatibility declared' );
		smspay_check( ( WC_Stand_In::$blocks['smspay'] ?? null ) instanceof Smspay_Blocks_Support, 'registered with the Checkout block' );
		smspay_check( ! str_contains( smspay_output_of( 'admin_notices' ), 'needs WooCommerce' ), 'no missing-WooCommerce notice' );
		smspay_check( false !== has_action( 'admin_menu', array( 'Smspay_Plugin', 'add_payments_page' ) ), 'the SMS payments page is hooked into the admin menu' );
		smspay_check( str_ends_with( WC_Gateway_Smspay::callback_url(), '/?wc-api=smspay' ), 'the callback URL is the WC-API route' );
		update_option( 'woocommerce_smspay_settings', array( 'enabled' => 'yes', 'api_key' => 'sk_test' ) );
		break;

	case 'check-french':
		smspay_check( 'fr_FR' === determine_locale(), 'the site speaks French' );
		smspay_check( 'Payer par SMS' === __( 'Pay by SMS', 'smspay-woocommerce' ), 'the plugin\'s French catalog is loaded' );
		smspay_check( 'Payer par SMS' === ( new WC_Gateway_Smspay() )->get_form_fields()['title']['default'], 'the gateway\'s default title is French' );
		break;

	case 'uninstall':
		wp_set_current_user( 1 );
		deactivate_plugins( $smspay_plugin );
		smspay_check( is_array( get_option( 'woocommerce_smspay_settings' ) ), 'settings saved before uninstalling' );
		uninstall_plugin( $smspay_plugin );
		smspay_check( false === get_option( 'woocommerce_smspay_settings' ), 'uninstalling deleted the settings' );
		break;

	default:
		smspay_fail( 'unknown step' );
}
