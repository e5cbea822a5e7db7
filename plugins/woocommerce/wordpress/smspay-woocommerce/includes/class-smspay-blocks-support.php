<?php
/**
 * Pay by SMS in the Checkout block (WooCommerce's default checkout since 8.3).
 * Loaded only from the woocommerce_blocks_payment_method_type_registration
 * hook, when the parent class exists.
 *
 * @package Smspay_WooCommerce
 */

defined( 'ABSPATH' ) || exit;

use Automattic\WooCommerce\Blocks\Payments\Integrations\AbstractPaymentMethodType;

/**
 * The Checkout block's view of the gateway: a script and its settings.
 */
final class Smspay_Blocks_Support extends AbstractPaymentMethodType {

	/**
	 * Payment method name, the gateway id.
	 *
	 * @var string
	 */
	protected $name = Smspay_Plugin::GATEWAY_ID;

	/**
	 * The gateway, for its settings and availability.
	 *
	 * @var WC_Gateway_Smspay|null
	 */
	private $gateway = null;

	/**
	 * Reads the saved settings.
	 */
	public function initialize() {
		$this->settings = get_option( 'woocommerce_' . Smspay_Plugin::GATEWAY_ID . '_settings', array() );
		$this->gateway  = Smspay_Plugin::gateway();
	}

	/**
	 * Same rule as the classic checkout: enabled, configured, test mode respected.
	 */
	public function is_active() {
		return null !== $this->gateway && $this->gateway->is_available();
	}

	/**
	 * The plain script that registers the method (no build step).
	 */
	public function get_payment_method_script_handles() {
		wp_register_script(
			'smspay-blocks',
			plugins_url( 'assets/js/blocks.js', SMSPAY_WC_FILE ),
			array( 'wc-blocks-registry', 'wc-settings', 'wp-element', 'wp-html-entities' ),
			SMSPAY_WC_VERSION,
			true
		);
		return array( 'smspay-blocks' );
	}

	/**
	 * What the script reads through wc.wcSettings.getSetting('smspay_data').
	 */
	public function get_payment_method_data() {
		$gateway = $this->gateway;
		return array(
			'title'       => null !== $gateway ? $gateway->get_title() : __( 'Pay by SMS', 'smspay-woocommerce' ),
			'description' => null !== $gateway ? $gateway->get_description() : '',
			'supports'    => null !== $gateway ? array_values( array_filter( $gateway->supports, array( $gateway, 'supports' ) ) ) : array( 'products' ),
			'testMode'    => null !== $gateway && $gateway->in_test_mode(),
			'testNotice'  => __( 'Test mode: only shop managers see this payment method.', 'smspay-woocommerce' ),
		);
	}
}
