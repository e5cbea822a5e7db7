<?php
/**
 * The plugin's place in WordPress: hooks, the missing-WooCommerce notice, uninstall.
 *
 * @package Smspay_WooCommerce_Tests
 */

/**
 * Smspay_Plugin and uninstall.php.
 */
final class PluginTest extends SmspayTestCase {

	/**
	 * The callback route, the return page and the admin menu are hooked.
	 */
	public function test_hooks(): void {
		$this->assertSame( 10, has_action( 'woocommerce_api_smspay', array( Smspay_Plugin::class, 'handle_callback' ) ) );
		$this->assertSame( 10, has_action( 'woocommerce_thankyou_smspay', array( Smspay_Plugin::class, 'confirm_on_return' ) ) );
		$this->assertSame( 10, has_action( 'before_woocommerce_init', array( Smspay_Plugin::class, 'declare_compatibility' ) ) );
		$this->assertSame( 10, has_action( 'woocommerce_payment_gateways', array( Smspay_Plugin::class, 'add_gateway' ) ) );
	}

	/**
	 * The notice shown when WooCommerce is missing is escaped HTML.
	 */
	public function test_missing_woocommerce_notice(): void {
		ob_start();
		Smspay_Plugin::woocommerce_missing_notice();
		$this->assertSame(
			'<div class="notice notice-error"><p>smspay for WooCommerce needs WooCommerce: install and activate WooCommerce to offer payment by SMS.</p></div>',
			ob_get_clean()
		);
	}

	/**
	 * Uninstalling deletes the settings, and only when WordPress uninstalls.
	 */
	public function test_uninstall_deletes_the_settings(): void {
		$this->assertIsArray( get_option( 'woocommerce_smspay_settings' ) );
		update_option( 'woocommerce_currency', 'EUR' );
		define( 'WP_UNINSTALL_PLUGIN', 'smspay-woocommerce/smspay-woocommerce.php' );
		require dirname( SMSPAY_WC_FILE ) . '/uninstall.php';
		$this->assertFalse( get_option( 'woocommerce_smspay_settings' ) );
		$this->assertSame( 'EUR', get_option( 'woocommerce_currency' ) );
	}
}
