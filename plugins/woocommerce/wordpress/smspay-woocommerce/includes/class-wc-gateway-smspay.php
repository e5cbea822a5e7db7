<?php
/**
 * The "Pay by SMS" payment gateway. It hands the order to smspay and sends the
 * customer to smspay's checkout page; smspay's signed answers settle the order.
 *
 * @package Smspay_WooCommerce
 */

defined( 'ABSPATH' ) || exit;

/**
 * Pay by SMS.
 */
class WC_Gateway_Smspay extends WC_Payment_Gateway {

	/** Order meta: which attempt the order is at (a new smspay payment per attempt). */
	const ATTEMPT_META = '_smspay_attempt';

	/** WooCommerce refund meta naming the smspay refund (smspay's WooCommerce adapter reads it too). */
	const REFUND_META = 'smspay_refund_id';

	/**
	 * Constructor: settings and hooks, as WooCommerce expects of a gateway.
	 */
	public function __construct() {
		$this->id                 = Smspay_Plugin::GATEWAY_ID;
		$this->method_title       = __( 'Pay by SMS (smspay)', 'smspay-woocommerce' );
		$this->method_description = __( 'Customers pay by sending an SMS to a premium short code, or with a PIN charged to their phone bill. Payments run on your smspay server.', 'smspay-woocommerce' );
		$this->has_fields         = false;
		$this->supports           = array( 'products', 'refunds' );

		$this->init_form_fields();
		$this->init_settings();
		$this->title       = $this->get_option( 'title' );
		$this->description = $this->get_option( 'description' );
		$this->enabled     = $this->get_option( 'enabled' );

		add_action( 'woocommerce_update_options_payment_gateways_' . $this->id, array( $this, 'process_admin_options' ) );
	}

	/**
	 * The settings screen (WooCommerce > Settings > Payments > Pay by SMS).
	 */
	public function init_form_fields() {
		$this->form_fields = array(
			'enabled'        => array(
				'title'   => __( 'Enable/Disable', 'smspay-woocommerce' ),
				'type'    => 'checkbox',
				'label'   => __( 'Enable payment by SMS', 'smspay-woocommerce' ),
				'default' => 'no',
			),
			'title'          => array(
				'title'       => __( 'Title', 'smspay-woocommerce' ),
				'type'        => 'text',
				'description' => __( 'What customers see at checkout.', 'smspay-woocommerce' ),
				'default'     => __( 'Pay by SMS', 'smspay-woocommerce' ),
				'desc_tip'    => true,
			),
			'description'    => array(
				'title'   => __( 'Description', 'smspay-woocommerce' ),
				'type'    => 'textarea',
				'default' => __( 'Pay with your mobile phone: send one SMS, or confirm a code charged to your phone bill.', 'smspay-woocommerce' ),
			),
			'smspay_url'     => array(
				'title'       => __( 'smspay URL', 'smspay-woocommerce' ),
				'type'        => 'text',
				'description' => __( 'The address of your smspay server, e.g. https://pay.example.com.', 'smspay-woocommerce' ),
				'default'     => '',
				'placeholder' => 'https://pay.example.com',
			),
			'api_key'        => array(
				'title'       => __( 'API key', 'smspay-woocommerce' ),
				'type'        => 'password',
				'description' => __( 'The shop\'s smspay API key (sk_...), from "smspay merchant create".', 'smspay-woocommerce' ),
				'default'     => '',
			),
			'webhook_secret' => array(
				'title'       => __( 'Webhook secret', 'smspay-woocommerce' ),
				'type'        => 'password',
				/* translators: %s: the callback URL to register at smspay. */
				'description' => sprintf( __( 'Register %s as a webhook endpoint at smspay and paste the secret it shows once. Without it, payments are only confirmed when customers come back to the shop.', 'smspay-woocommerce' ), '<code>' . esc_html( self::callback_url() ) . '</code>' ),
				'default'     => '',
			),
			'testmode'       => array(
				'title'       => __( 'Test mode', 'smspay-woocommerce' ),
				'type'        => 'checkbox',
				'label'       => __( 'Only shop managers see Pay by SMS at checkout', 'smspay-woocommerce' ),
				'description' => __( 'Point the smspay URL at a server with its sandbox on to pay test orders with virtual phones.', 'smspay-woocommerce' ),
				'default'     => 'no',
			),
		);
	}

	/**
	 * Refuses an smspay URL that is not http(s) (the API key travels to it).
	 *
	 * @param string $key   Field key.
	 * @param string $value Posted value.
	 * @throws Exception When the URL is not http(s); WooCommerce shows the message.
	 */
	public function validate_smspay_url_field( $key, $value ) {
		$url = trim( (string) $value );
		if ( '' !== $url && ! preg_match( '~^https?://[^\s/?#]+~i', $url ) ) {
			throw new Exception( esc_html__( 'The smspay URL must start with https://.', 'smspay-woocommerce' ) );
		}
		return esc_url_raw( $url );
	}

	/**
	 * Offered at checkout only when configured, and only to shop managers in test mode.
	 */
	public function is_available() {
		if ( ! parent::is_available() || '' === $this->get_option( 'smspay_url' ) || '' === $this->get_option( 'api_key' ) ) {
			return false;
		}
		return ! $this->in_test_mode() || current_user_can( 'manage_woocommerce' );
	}

	/**
	 * Whether test mode is on.
	 */
	public function in_test_mode(): bool {
		return 'yes' === $this->get_option( 'testmode' );
	}

	/**
	 * smspay's merchant API with this shop's settings.
	 */
	public function client(): Smspay_Api_Client {
		return new Smspay_Api_Client( (string) $this->get_option( 'smspay_url' ), (string) $this->get_option( 'api_key' ) );
	}

	/**
	 * Where smspay's webhooks go: ?wc-api=smspay.
	 */
	public static function callback_url(): string {
		return function_exists( 'WC' ) ? WC()->api_request_url( Smspay_Plugin::GATEWAY_ID ) : '';
	}

	/**
	 * Creates the smspay payment and sends the customer to its checkout page.
	 *
	 * @param int $order_id The order.
	 * @return array
	 */
	public function process_payment( $order_id ) {
		$order = wc_get_order( $order_id );
		if ( ! $order ) {
			wc_add_notice( Smspay_Messages::checkout( 'not_found' ), 'error' );
			return array( 'result' => 'failure' );
		}
		try {
			$payment = $this->start_payment( $order );
		} catch ( Smspay_Api_Exception $e ) {
			$order->add_order_note(
				/* translators: 1: smspay error code, 2: smspay's explanation. */
				sprintf( __( 'SMS payment could not be created (%1$s): %2$s', 'smspay-woocommerce' ), $e->smspay_code, $e->getMessage() )
			);
			$order->save();
			wc_add_notice( Smspay_Messages::checkout( $e->smspay_code ), 'error' );
			return array( 'result' => 'failure' );
		}
		if ( 'succeeded' === $payment['status'] ) {
			// Paid already (the customer placed the same order twice): nothing to pay again.
			Smspay_Order_Sync::apply( $order, $payment );
			return array(
				'result'   => 'success',
				'redirect' => $this->get_return_url( $order ),
			);
		}
		return array(
			'result'   => 'success',
			'redirect' => $payment['checkoutUrl'],
		);
	}

	/**
	 * The order's smspay payment: the current attempt's, or a new attempt when
	 * that one is over (expired, failed, canceled) or the order changed since.
	 *
	 * @param WC_Order $order The order.
	 * @throws Smspay_Api_Exception When smspay refuses.
	 */
	private function start_payment( WC_Order $order ): array {
		$request = $this->payment_request( $order );
		$attempt = (int) $order->get_meta( self::ATTEMPT_META );
		for ( $try = 0; $try < 2; $try++, $attempt++ ) {
			// The same order and attempt always give the same key: a double click,
			// or a retry after a lost answer, finds the payment already made.
			$key = sprintf( 'wc-%d-%s-%d', $order->get_id(), $order->get_order_key(), $attempt );
			try {
				$payment = $this->client()->create_payment( $request, $key );
			} catch ( Smspay_Api_Exception $e ) {
				if ( 'idempotency_conflict' !== $e->smspay_code ) {
					throw $e;
				}
				// The order changed since that attempt (its total, its customer):
				// the old payment must not be paid any more, a new one takes over.
				$this->cancel_quietly( (string) $order->get_meta( Smspay_Order_Sync::PAYMENT_META ) );
				continue;
			}
			if ( ! is_string( $payment['id'] ?? null ) || ! is_string( $payment['status'] ?? null ) || ! is_string( $payment['checkoutUrl'] ?? null ) ) {
				throw new Smspay_Api_Exception( 'http_201', 'smspay answered without a payment', 201 );
			}
			if ( in_array( $payment['status'], array( 'pending', 'processing', 'succeeded' ), true ) ) {
				$order->update_meta_data( Smspay_Order_Sync::PAYMENT_META, $payment['id'] );
				$order->update_meta_data( self::ATTEMPT_META, $attempt );
				$order->add_order_note(
					/* translators: 1: smspay payment id, 2: shortcode or otp. */
					sprintf( __( 'SMS payment %1$s started (%2$s); waiting for the customer.', 'smspay-woocommerce' ), $payment['id'], $payment['flow'] ?? '?' )
				);
				$order->save();
				return $payment;
			}
		}
		throw new Smspay_Api_Exception( 'invalid_state', 'could not start a new SMS payment for this order', 0 );
	}

	/**
	 * Cancels a superseded payment; one that is no longer pending stays as it is.
	 *
	 * @param string $payment_id Payment id, or ''.
	 */
	private function cancel_quietly( string $payment_id ): void {
		if ( '' === $payment_id ) {
			return;
		}
		try {
			$this->client()->cancel_payment( $payment_id );
		} catch ( Smspay_Api_Exception $e ) {
			// invalid_state: it ended already; anything else: it expires on its own.
			return;
		}
	}

	/**
	 * The merchant API's payment request for an order (README, "Merchant API").
	 *
	 * @param WC_Order $order The order.
	 * @throws Smspay_Api_Exception When the total cannot be expressed in minor units.
	 */
	private function payment_request( WC_Order $order ): array {
		$currency = $order->get_currency();
		$amount   = Smspay_Money::to_minor( wc_format_decimal( $order->get_total(), wc_get_price_decimals() ), $currency );
		if ( null === $amount || $amount <= 0 ) {
			throw new Smspay_Api_Exception( 'invalid_request', 'the order total is not a payable amount', 0 );
		}
		$request  = array(
			'amount'      => $amount,
			'currency'    => $currency,
			'orderRef'    => (string) $order->get_id(),
			'returnUrl'   => $this->get_return_url( $order ),
			'cancelUrl'   => $order->get_cancel_order_url_raw(),
			/* translators: %s: order number. */
			'description' => sprintf( __( 'Order %s', 'smspay-woocommerce' ), $order->get_order_number() ),
			'metadata'    => array(
				'platform'    => 'woocommerce',
				'orderNumber' => (string) $order->get_order_number(),
				'testMode'    => $this->in_test_mode() ? 'yes' : 'no',
			),
		);
		$customer = array_filter(
			array(
				'phone'  => self::international_phone( $order->get_billing_phone() ),
				'email'  => is_email( $order->get_billing_email() ) ? $order->get_billing_email() : '',
				'locale' => str_replace( '_', '-', determine_locale() ),
			)
		);
		if ( array() !== $customer ) {
			$request['customer'] = $customer;
		}
		return $request;
	}

	/**
	 * The billing phone in E.164 when the customer typed it with its country
	 * code; '' otherwise (smspay's checkout page then asks for it, if it needs it).
	 *
	 * @param string $phone As typed at checkout.
	 */
	private static function international_phone( string $phone ): string {
		$digits = preg_replace( '/[\s.\-()\/]/', '', $phone );
		if ( str_starts_with( $digits, '00' ) ) {
			$digits = '+' . substr( $digits, 2 );
		}
		return preg_match( '/^\+[1-9]\d{6,14}$/', $digits ) ? $digits : '';
	}

	/**
	 * Refunds through smspay (from the order screen's "Refund via Pay by SMS").
	 *
	 * @param int        $order_id The order.
	 * @param float|null $amount   Amount to refund.
	 * @param string     $reason   Refund reason.
	 * @return bool|WP_Error
	 */
	public function process_refund( $order_id, $amount = null, $reason = '' ) {
		$order      = wc_get_order( $order_id );
		$payment_id = $order ? (string) $order->get_transaction_id() : '';
		if ( '' === $payment_id ) {
			return new WP_Error( 'smspay_refund_failed', __( 'This order has no SMS payment to refund.', 'smspay-woocommerce' ) );
		}
		$minor = Smspay_Money::to_minor( wc_format_decimal( (string) $amount, wc_get_price_decimals() ), $order->get_currency() );
		if ( null === $minor || $minor <= 0 ) {
			return new WP_Error( 'smspay_refund_failed', __( 'Enter an amount to refund.', 'smspay-woocommerce' ) );
		}
		$wc_refund = self::refund_being_made( $order, $minor );
		// One key per WooCommerce refund: a retried request never refunds twice.
		$key = null !== $wc_refund
			? sprintf( 'wc-refund-%d-%d', $order->get_id(), $wc_refund->get_id() )
			: sprintf( 'wc-refund-%d-%d-%d', $order->get_id(), count( $order->get_refunds() ), $minor );
		try {
			$refund = $this->client()->create_refund( $payment_id, $minor, (string) $reason, $key );
		} catch ( Smspay_Api_Exception $e ) {
			$message = Smspay_Messages::refund( $e->smspay_code, $e->getMessage() );
			$order->add_order_note( $message );
			return new WP_Error( 'smspay_refund_failed', $message );
		}
		if ( null !== $wc_refund ) {
			// Tells smspay's WooCommerce adapter this refund is recorded already.
			$wc_refund->update_meta_data( self::REFUND_META, (string) ( $refund['id'] ?? '' ) );
			$wc_refund->save();
		}
		$amount_text = Smspay_Money::to_decimal( $minor, $order->get_currency() ) . ' ' . $order->get_currency();
		$order->add_order_note(
			'merchant_credit' === ( $refund['method'] ?? '' )
				/* translators: 1: amount and currency, 2: smspay refund id. */
				? sprintf( __( 'smspay recorded a refund of %1$s (%2$s), but the operator cannot credit the phone: refund the customer another way.', 'smspay-woocommerce' ), $amount_text, $refund['id'] ?? '?' )
				/* translators: 1: amount and currency, 2: smspay refund id. */
				: sprintf( __( 'Refunded %1$s to the customer\'s phone (smspay refund %2$s).', 'smspay-woocommerce' ), $amount_text, $refund['id'] ?? '?' )
		);
		return true;
	}

	/**
	 * The WooCommerce refund this call is for: wc_create_refund() saves it just
	 * before asking the gateway, so it is the newest one, for this amount.
	 *
	 * @param WC_Order $order The order.
	 * @param int      $minor Amount in minor units.
	 */
	private static function refund_being_made( WC_Order $order, int $minor ): ?WC_Order_Refund {
		foreach ( $order->get_refunds() as $refund ) {
			$amount = Smspay_Money::to_minor( wc_format_decimal( $refund->get_amount(), wc_get_price_decimals() ), $order->get_currency() );
			if ( $amount === $minor && '' === (string) $refund->get_meta( self::REFUND_META ) ) {
				return $refund;
			}
		}
		return null;
	}
}
