<?php
/**
 * Wires the plugin into WordPress and WooCommerce. Everything that needs
 * WooCommerce waits for plugins_loaded and checks that it is there.
 *
 * @package Smspay_WooCommerce
 */

defined( 'ABSPATH' ) || exit;

/**
 * The plugin's hooks.
 */
final class Smspay_Plugin {

	/** The gateway id: the WC-API callback route, the option name and the Blocks name follow from it. */
	const GATEWAY_ID = 'smspay';

	/**
	 * Registers the hooks (called once when WordPress loads the plugin file).
	 */
	public static function boot(): void {
		add_action( 'before_woocommerce_init', array( self::class, 'declare_compatibility' ) );
		add_action( 'plugins_loaded', array( self::class, 'init' ), 11 );
	}

	/**
	 * HPOS (custom order tables) and the Checkout block: this plugin only uses
	 * the order API (wc_get_order, get_meta/update_meta_data/save), never post meta.
	 */
	public static function declare_compatibility(): void {
		if ( class_exists( \Automattic\WooCommerce\Utilities\FeaturesUtil::class ) ) {
			\Automattic\WooCommerce\Utilities\FeaturesUtil::declare_compatibility( 'custom_order_tables', SMSPAY_WC_FILE, true );
			\Automattic\WooCommerce\Utilities\FeaturesUtil::declare_compatibility( 'cart_checkout_blocks', SMSPAY_WC_FILE, true );
		}
	}

	/**
	 * Loads translations, then the gateway when WooCommerce is active.
	 */
	public static function init(): void {
		load_plugin_textdomain( 'smspay-woocommerce', false, dirname( plugin_basename( SMSPAY_WC_FILE ) ) . '/languages' );
		if ( ! class_exists( 'WC_Payment_Gateway' ) ) {
			add_action( 'admin_notices', array( self::class, 'woocommerce_missing_notice' ) );
			return;
		}
		require_once SMSPAY_WC_DIR . '/includes/class-smspay-money.php';
		require_once SMSPAY_WC_DIR . '/includes/class-smspay-api-exception.php';
		require_once SMSPAY_WC_DIR . '/includes/class-smspay-api-client.php';
		require_once SMSPAY_WC_DIR . '/includes/class-smspay-signature.php';
		require_once SMSPAY_WC_DIR . '/includes/class-smspay-messages.php';
		require_once SMSPAY_WC_DIR . '/includes/class-smspay-order-sync.php';
		require_once SMSPAY_WC_DIR . '/includes/class-smspay-callback.php';
		require_once SMSPAY_WC_DIR . '/includes/class-wc-gateway-smspay.php';
		require_once SMSPAY_WC_DIR . '/includes/class-smspay-payments-page.php';

		add_filter( 'woocommerce_payment_gateways', array( self::class, 'add_gateway' ) );
		add_action( 'woocommerce_api_' . self::GATEWAY_ID, array( self::class, 'handle_callback' ) );
		add_action( 'woocommerce_thankyou_' . self::GATEWAY_ID, array( self::class, 'confirm_on_return' ) );
		add_action( 'woocommerce_blocks_payment_method_type_registration', array( self::class, 'register_blocks_support' ) );
		add_action( 'admin_menu', array( self::class, 'add_payments_page' ), 60 );
	}

	/**
	 * Adds the gateway to WooCommerce's list.
	 *
	 * @param array $gateways Gateway class names or instances.
	 * @return array
	 */
	public static function add_gateway( $gateways ) {
		$gateways[] = 'WC_Gateway_Smspay';
		return $gateways;
	}

	/**
	 * The settings the merchant saved, as the gateway reads them.
	 */
	public static function gateway(): WC_Gateway_Smspay {
		$gateways = function_exists( 'WC' ) ? WC()->payment_gateways()->payment_gateways() : array();
		$gateway  = $gateways[ self::GATEWAY_ID ] ?? null;
		return $gateway instanceof WC_Gateway_Smspay ? $gateway : new WC_Gateway_Smspay();
	}

	/**
	 * The WC-API route ?wc-api=smspay: smspay's signed webhooks. Reads the raw
	 * body and the signature before anything else.
	 */
	public static function handle_callback(): void {
		$raw_body  = (string) file_get_contents( 'php://input' );
		$signature = isset( $_SERVER['HTTP_SMSPAY_SIGNATURE'] ) ? (string) wp_unslash( $_SERVER['HTTP_SMSPAY_SIGNATURE'] ) : ''; // phpcs:ignore WordPress.Security.ValidatedSanitizedInput.InputNotSanitized -- compared byte for byte with our HMAC.
		$callback  = new Smspay_Callback( self::gateway()->get_option( 'webhook_secret', '' ) );
		$answer    = $callback->handle( $raw_body, $signature, time() );
		status_header( $answer['status'] );
		header( 'Content-Type: text/plain; charset=utf-8' );
		echo esc_html( $answer['message'] );
		exit;
	}

	/**
	 * The order-received page: confirm the payment with smspay before trusting the way back.
	 *
	 * @param int $order_id The order.
	 */
	public static function confirm_on_return( $order_id ): void {
		$order = wc_get_order( $order_id );
		if ( ! $order ) {
			return;
		}
		$gateway = self::gateway();
		$status  = Smspay_Order_Sync::confirm( $order, $gateway->client() );
		if ( in_array( $status, array( 'pending', 'processing' ), true ) ) {
			echo '<p class="smspay-waiting">' . esc_html__( 'We are waiting for the confirmation of your SMS payment. You will receive an email as soon as it arrives.', 'smspay-woocommerce' ) . '</p>';
		}
	}

	/**
	 * Registers the Checkout block integration.
	 *
	 * @param object $registry Automattic\WooCommerce\Blocks\Payments\PaymentMethodRegistry.
	 */
	public static function register_blocks_support( $registry ): void {
		require_once SMSPAY_WC_DIR . '/includes/class-smspay-blocks-support.php';
		$registry->register( new Smspay_Blocks_Support() );
	}

	/**
	 * WooCommerce > SMS payments.
	 */
	public static function add_payments_page(): void {
		add_submenu_page(
			'woocommerce',
			__( 'SMS payments', 'smspay-woocommerce' ),
			__( 'SMS payments', 'smspay-woocommerce' ),
			'manage_woocommerce',
			'smspay-payments',
			array( self::class, 'render_payments_page' )
		);
	}

	/**
	 * Renders WooCommerce > SMS payments.
	 */
	public static function render_payments_page(): void {
		$cursor = isset( $_GET['cursor'] ) ? sanitize_text_field( wp_unslash( $_GET['cursor'] ) ) : ''; // phpcs:ignore WordPress.Security.NonceVerification.Recommended -- read-only pagination.
		( new Smspay_Payments_Page( self::gateway()->client() ) )->render( $cursor );
	}

	/**
	 * Shown instead of a fatal error when WooCommerce is not active.
	 */
	public static function woocommerce_missing_notice(): void {
		echo '<div class="notice notice-error"><p>' . esc_html__( 'smspay for WooCommerce needs WooCommerce: install and activate WooCommerce to offer payment by SMS.', 'smspay-woocommerce' ) . '</p></div>';
	}
}
