<?php
/**
 * Plugin Name: WooCommerce (stand-in for smspay's tests)
 * Description: The few WooCommerce classes and functions smspay-woocommerce calls, with WooCommerce's behaviour for them. WooCommerce itself is neither packaged by Debian nor downloadable here; the PHPUnit tests and the activation test in a real WordPress load this instead.
 * Version: 0.0.0
 *
 * Orders live in memory (WC_Stand_In::$orders): nothing here touches a database.
 *
 * @package Smspay_WooCommerce_Tests
 */

namespace Automattic\WooCommerce\Utilities {

	/**
	 * Records feature compatibility declarations.
	 */
	class FeaturesUtil {
		/**
		 * Declarations made: [feature => [plugin file => bool]].
		 *
		 * @var array
		 */
		public static $declared = array();

		/**
		 * Same signature as WooCommerce's.
		 *
		 * @param string $feature_id  Feature.
		 * @param string $plugin_file Main plugin file.
		 * @param bool   $positive    Compatible or not.
		 */
		public static function declare_compatibility( string $feature_id, string $plugin_file, bool $positive = true ): bool {
			if ( ! \doing_action( 'before_woocommerce_init' ) ) {
				// WooCommerce refuses declarations made outside before_woocommerce_init.
				\_doing_it_wrong( __METHOD__, 'declare compatibility in before_woocommerce_init', '7.0' );
				return false;
			}
			self::$declared[ $feature_id ][ $plugin_file ] = $positive;
			return true;
		}
	}
}

namespace Automattic\WooCommerce\Blocks\Payments\Integrations {

	/**
	 * WooCommerce Blocks' base for payment method integrations.
	 */
	abstract class AbstractPaymentMethodType {
		/**
		 * Payment method name.
		 *
		 * @var string
		 */
		protected $name = '';

		/**
		 * Settings.
		 *
		 * @var array
		 */
		protected $settings = array();

		/**
		 * Reads settings.
		 */
		abstract public function initialize();

		/**
		 * Whether the method is offered.
		 */
		public function is_active() {
			return true;
		}

		/**
		 * Name.
		 */
		public function get_name() {
			return $this->name;
		}

		/**
		 * Script handles for the checkout.
		 */
		public function get_payment_method_script_handles() {
			return array();
		}

		/**
		 * Script handles for the editor.
		 */
		public function get_payment_method_script_handles_for_admin() {
			return $this->get_payment_method_script_handles();
		}

		/**
		 * Data handed to the script.
		 */
		public function get_payment_method_data() {
			return array();
		}

		/**
		 * Supported features.
		 */
		public function get_supported_features() {
			return array( 'products' );
		}
	}
}

namespace {

	defined( 'ABSPATH' ) || exit;

	/**
	 * The stand-in's state, for tests to arrange and inspect.
	 */
	final class WC_Stand_In {
		/**
		 * Orders by id.
		 *
		 * @var WC_Order[]
		 */
		public static $orders = array();

		/**
		 * wc_add_notice() calls: [message, type].
		 *
		 * @var array
		 */
		public static $notices = array();

		/**
		 * What registered with the Checkout block's registry.
		 *
		 * @var array
		 */
		public static $blocks = array();

		/**
		 * Forgets everything.
		 */
		public static function reset(): void {
			self::$orders  = array();
			self::$notices = array();
			self::$blocks  = array();
			WC_Payment_Gateways::$instance = null;
			\Automattic\WooCommerce\Utilities\FeaturesUtil::$declared = array();
		}
	}

	/**
	 * WC_Settings_API: settings stored as one option per gateway.
	 */
	abstract class WC_Settings_API {
		/**
		 * Prefix of the option.
		 *
		 * @var string
		 */
		public $plugin_id = 'woocommerce_';

		/**
		 * Id.
		 *
		 * @var string
		 */
		public $id = '';

		/**
		 * Saved settings.
		 *
		 * @var array
		 */
		public $settings = array();

		/**
		 * Field definitions.
		 *
		 * @var array
		 */
		public $form_fields = array();

		/**
		 * The option name.
		 */
		public function get_option_key() {
			return $this->plugin_id . $this->id . '_settings';
		}

		/**
		 * Loads the option, filling in defaults.
		 */
		public function init_settings() {
			$saved = get_option( $this->get_option_key(), null );
			$this->settings = is_array( $saved ) ? $saved : array();
			foreach ( $this->form_fields as $key => $field ) {
				if ( ! isset( $this->settings[ $key ] ) ) {
					$this->settings[ $key ] = $field['default'] ?? '';
				}
			}
		}

		/**
		 * One setting.
		 *
		 * @param string $key         Setting.
		 * @param mixed  $empty_value Value when empty.
		 */
		public function get_option( $key, $empty_value = null ) {
			if ( empty( $this->settings ) ) {
				$this->init_settings();
			}
			$value = $this->settings[ $key ] ?? ( $this->form_fields[ $key ]['default'] ?? '' );
			if ( null !== $empty_value && '' === $value ) {
				return $empty_value;
			}
			return $value;
		}

		/**
		 * Field definitions.
		 */
		public function get_form_fields() {
			return $this->form_fields;
		}

		/**
		 * Saves posted settings through validate_{key}_field() as WooCommerce does.
		 *
		 * @param array $posted Field values.
		 */
		public function process_admin_options( $posted = array() ) {
			foreach ( $this->form_fields as $key => $field ) {
				$value     = $posted[ $key ] ?? '';
				$validator = 'validate_' . $key . '_field';
				if ( method_exists( $this, $validator ) ) {
					try {
						$value = $this->{$validator}( $key, $value );
					} catch ( Exception $e ) {
						return false;
					}
				} elseif ( 'checkbox' === ( $field['type'] ?? '' ) ) {
					$value = $value ? 'yes' : 'no';
				}
				$this->settings[ $key ] = $value;
			}
			return update_option( $this->get_option_key(), $this->settings );
		}
	}

	/**
	 * WC_Payment_Gateway.
	 */
	abstract class WC_Payment_Gateway extends WC_Settings_API {
		/**
		 * Title at checkout.
		 *
		 * @var string
		 */
		public $title = '';

		/**
		 * Description at checkout.
		 *
		 * @var string
		 */
		public $description = '';

		/**
		 * 'yes' or 'no'.
		 *
		 * @var string
		 */
		public $enabled = 'no';

		/**
		 * Admin title.
		 *
		 * @var string
		 */
		public $method_title = '';

		/**
		 * Admin description.
		 *
		 * @var string
		 */
		public $method_description = '';

		/**
		 * Fields at checkout.
		 *
		 * @var bool
		 */
		public $has_fields = false;

		/**
		 * Features.
		 *
		 * @var array
		 */
		public $supports = array( 'products' );

		/**
		 * Enabled.
		 */
		public function is_available() {
			return 'yes' === $this->enabled;
		}

		/**
		 * The order-received page.
		 *
		 * @param WC_Order|null $order Order.
		 */
		public function get_return_url( $order = null ) {
			return $order ? $order->get_checkout_order_received_url() : home_url( '/checkout/order-received/' );
		}

		/**
		 * Title.
		 */
		public function get_title() {
			return $this->title;
		}

		/**
		 * Description.
		 */
		public function get_description() {
			return $this->description;
		}

		/**
		 * Whether a feature is supported.
		 *
		 * @param string $feature Feature.
		 */
		public function supports( $feature ) {
			return in_array( $feature, $this->supports, true );
		}
	}

	/**
	 * The gateways, built from the woocommerce_payment_gateways filter.
	 */
	final class WC_Payment_Gateways {
		/**
		 * Singleton.
		 *
		 * @var WC_Payment_Gateways|null
		 */
		public static $instance = null;

		/**
		 * Gateways by id.
		 *
		 * @var WC_Payment_Gateway[]
		 */
		private $gateways = array();

		/**
		 * Loads the gateways.
		 */
		public function __construct() {
			foreach ( apply_filters( 'woocommerce_payment_gateways', array() ) as $gateway ) {
				$instance = is_string( $gateway ) ? new $gateway() : $gateway;
				$this->gateways[ $instance->id ] = $instance;
			}
		}

		/**
		 * Gateways by id.
		 */
		public function payment_gateways() {
			return $this->gateways;
		}
	}

	/**
	 * The WooCommerce singleton, as far as gateways use it.
	 */
	final class WC_Stand_In_Main {
		/**
		 * Gateways.
		 */
		public function payment_gateways() {
			if ( null === WC_Payment_Gateways::$instance ) {
				WC_Payment_Gateways::$instance = new WC_Payment_Gateways();
			}
			return WC_Payment_Gateways::$instance;
		}

		/**
		 * The WC-API URL for a request name.
		 *
		 * @param string $request Name.
		 */
		public function api_request_url( $request ) {
			return add_query_arg( 'wc-api', $request, trailingslashit( home_url() ) );
		}
	}

	/**
	 * WooCommerce.
	 */
	function WC() { // phpcs:ignore WordPress.NamingConventions.ValidFunctionName.FunctionNameInvalid -- WooCommerce's name.
		static $main = null;
		if ( null === $main ) {
			$main = new WC_Stand_In_Main();
		}
		return $main;
	}

	/**
	 * An order refund.
	 */
	class WC_Order_Refund {
		/**
		 * Id.
		 *
		 * @var int
		 */
		private $id;

		/**
		 * Amount, decimal string.
		 *
		 * @var string
		 */
		private $amount;

		/**
		 * Meta.
		 *
		 * @var array
		 */
		private $meta = array();

		/**
		 * Saves.
		 *
		 * @var int
		 */
		public $saves = 0;

		/**
		 * Constructor.
		 *
		 * @param int    $id     Id.
		 * @param string $amount Amount.
		 */
		public function __construct( int $id, string $amount ) {
			$this->id     = $id;
			$this->amount = $amount;
		}

		/**
		 * Id.
		 */
		public function get_id() {
			return $this->id;
		}

		/**
		 * Amount.
		 */
		public function get_amount() {
			return $this->amount;
		}

		/**
		 * Meta value, '' when missing.
		 *
		 * @param string $key Key.
		 */
		public function get_meta( $key ) {
			return $this->meta[ $key ] ?? '';
		}

		/**
		 * Sets meta (saved by save()).
		 *
		 * @param string $key   Key.
		 * @param mixed  $value Value.
		 */
		public function update_meta_data( $key, $value ) {
			$this->meta[ $key ] = $value;
		}

		/**
		 * Saves.
		 */
		public function save() {
			$this->saves++;
			return $this->id;
		}
	}

	/**
	 * An order, with WooCommerce's rules for the calls a gateway makes.
	 */
	class WC_Order {
		/**
		 * Fields.
		 *
		 * @var array
		 */
		public $data;

		/**
		 * Meta.
		 *
		 * @var array
		 */
		private $meta = array();

		/**
		 * Order notes, oldest first.
		 *
		 * @var string[]
		 */
		public $notes = array();

		/**
		 * Refunds, newest first (as get_refunds() returns them).
		 *
		 * @var WC_Order_Refund[]
		 */
		public $refunds = array();

		/**
		 * How many times payment_complete() marked the order paid.
		 *
		 * @var int
		 */
		public $times_paid = 0;

		/**
		 * save() calls.
		 *
		 * @var int
		 */
		public $saves = 0;

		/**
		 * Constructor.
		 *
		 * @param array $data id, total, currency, status, order_key, billing_phone, billing_email, payment_method.
		 */
		public function __construct( array $data ) {
			$this->data = array_merge(
				array(
					'status'         => 'pending',
					'currency'       => 'EUR',
					'order_key'      => 'wc_order_' . $data['id'],
					'billing_phone'  => '',
					'billing_email'  => '',
					'payment_method' => 'smspay',
					'transaction_id' => '',
					'date_paid'      => null,
				),
				$data
			);
		}

		/**
		 * Id.
		 */
		public function get_id() {
			return $this->data['id'];
		}

		/**
		 * Order number (the id, unless a plugin changes it).
		 */
		public function get_order_number() {
			return (string) $this->data['id'];
		}

		/**
		 * Total as stored: a decimal string.
		 */
		public function get_total() {
			return $this->data['total'];
		}

		/**
		 * Currency.
		 */
		public function get_currency() {
			return $this->data['currency'];
		}

		/**
		 * Order key.
		 */
		public function get_order_key() {
			return $this->data['order_key'];
		}

		/**
		 * Billing phone as typed.
		 */
		public function get_billing_phone() {
			return $this->data['billing_phone'];
		}

		/**
		 * Billing email.
		 */
		public function get_billing_email() {
			return $this->data['billing_email'];
		}

		/**
		 * Gateway id.
		 */
		public function get_payment_method() {
			return $this->data['payment_method'];
		}

		/**
		 * Transaction id.
		 */
		public function get_transaction_id() {
			return $this->data['transaction_id'];
		}

		/**
		 * Status without "wc-".
		 */
		public function get_status() {
			return $this->data['status'];
		}

		/**
		 * Meta value, '' when missing.
		 *
		 * @param string $key Key.
		 */
		public function get_meta( $key ) {
			return $this->meta[ $key ] ?? '';
		}

		/**
		 * Sets meta.
		 *
		 * @param string $key   Key.
		 * @param mixed  $value Value.
		 */
		public function update_meta_data( $key, $value ) {
			$this->meta[ $key ] = $value;
		}

		/**
		 * Saves.
		 */
		public function save() {
			$this->saves++;
			return $this->get_id();
		}

		/**
		 * Whether the status is one of these.
		 *
		 * @param string|array $status Status(es).
		 */
		public function has_status( $status ) {
			return in_array( $this->data['status'], (array) $status, true );
		}

		/**
		 * Paid statuses (wc_get_is_paid_statuses()).
		 */
		public function is_paid() {
			return $this->has_status( array( 'processing', 'completed' ) );
		}

		/**
		 * Awaiting payment with something to pay.
		 */
		public function needs_payment() {
			return $this->has_status( array( 'pending', 'failed' ) ) && (float) $this->data['total'] > 0;
		}

		/**
		 * WC_Order::payment_complete(): only from pending, on-hold, failed or cancelled.
		 *
		 * @param string $transaction_id Transaction id.
		 */
		public function payment_complete( $transaction_id = '' ) {
			if ( ! $this->has_status( array( 'on-hold', 'pending', 'failed', 'cancelled' ) ) ) {
				return false;
			}
			$this->times_paid++;
			$this->data['transaction_id'] = $transaction_id;
			$this->data['date_paid']      = time();
			$this->update_status( 'processing' );
			return true;
		}

		/**
		 * Changes status, with an optional note, and saves.
		 *
		 * @param string $new_status New status.
		 * @param string $note       Note.
		 */
		public function update_status( $new_status, $note = '' ) {
			$from                 = $this->data['status'];
			$this->data['status'] = $new_status;
			$this->notes[]        = trim( $note . ' Order status changed from ' . $from . ' to ' . $new_status . '.' );
			$this->save();
			return true;
		}

		/**
		 * Adds a private note.
		 *
		 * @param string $note Note.
		 */
		public function add_order_note( $note ) {
			$this->notes[] = $note;
			return count( $this->notes );
		}

		/**
		 * Refunds, newest first.
		 */
		public function get_refunds() {
			return $this->refunds;
		}

		/**
		 * Cancel link for the customer.
		 */
		public function get_cancel_order_url_raw() {
			return add_query_arg(
				array(
					'cancel_order' => 'true',
					'order'        => $this->get_order_key(),
					'order_id'     => $this->get_id(),
				),
				home_url( '/cart/' )
			);
		}

		/**
		 * The thank-you page.
		 */
		public function get_checkout_order_received_url() {
			return add_query_arg( 'key', $this->get_order_key(), home_url( '/checkout/order-received/' . $this->get_id() . '/' ) );
		}

		/**
		 * The admin order screen.
		 */
		public function get_edit_order_url() {
			return admin_url( 'admin.php?page=wc-orders&action=edit&id=' . $this->get_id() );
		}
	}

	/**
	 * An order by id, false when there is none.
	 *
	 * @param mixed $order_id Id.
	 */
	function wc_get_order( $order_id = false ) {
		return WC_Stand_In::$orders[ (int) $order_id ] ?? false;
	}

	/**
	 * A notice for the customer.
	 *
	 * @param string $message Message.
	 * @param string $type    success, error or notice.
	 */
	function wc_add_notice( $message, $type = 'success' ) {
		WC_Stand_In::$notices[] = array( $message, $type );
	}

	/**
	 * Price decimals (WooCommerce > Settings > General).
	 */
	function wc_get_price_decimals() {
		return (int) get_option( 'woocommerce_price_num_decimals', 2 );
	}

	/**
	 * wc_format_decimal() with a number of decimals: rounds like WooCommerce.
	 *
	 * @param mixed    $number Number.
	 * @param int|bool $dp     Decimals.
	 */
	function wc_format_decimal( $number, $dp = false ) {
		if ( ! is_numeric( $number ) ) {
			return '';
		}
		return false === $dp ? (string) $number : number_format( (float) $number, (int) $dp, '.', '' );
	}

	// As WooCommerce does on its own init: compatibility declarations, then
	// (with Blocks) the payment method registry.
	add_action(
		'init',
		static function () {
			do_action( 'before_woocommerce_init' );
		},
		0
	);
	add_action(
		'init',
		static function () {
			do_action( 'woocommerce_blocks_payment_method_type_registration', new WC_Stand_In_Blocks_Registry() );
		},
		20
	);

	/**
	 * Automattic\WooCommerce\Blocks\Payments\PaymentMethodRegistry, as plugins see it.
	 */
	final class WC_Stand_In_Blocks_Registry {
		/**
		 * Registers an integration.
		 *
		 * @param \Automattic\WooCommerce\Blocks\Payments\Integrations\AbstractPaymentMethodType $integration Integration.
		 */
		public function register( $integration ) {
			WC_Stand_In::$blocks[ $integration->get_name() ] = $integration;
			return true;
		}
	}
}
