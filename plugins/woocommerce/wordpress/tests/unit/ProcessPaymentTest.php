<?php
/**
 * Checkout: the order goes to smspay server to server, the customer to
 * smspay's checkout page.
 *
 * @package Smspay_WooCommerce_Tests
 */

/**
 * process_payment().
 */
final class ProcessPaymentTest extends SmspayTestCase {

	/**
	 * The payment request carries the order in minor units, with the return,
	 * cancel and idempotency details, and the customer goes to checkoutUrl.
	 */
	public function test_creates_the_payment_and_redirects_to_its_checkout_page(): void {
		$order = $this->order(
			array(
				'total'         => '19.99',
				'billing_phone' => '+33 6 12 34 56 78',
				'billing_email' => 'marie@example.com',
				'order_key'     => 'wc_order_Xy12',
			)
		);
		WP_Stand_In::$locale = 'fr_FR';
		$this->smspay_answers( 201, $this->payment( array( 'amount' => 1999, 'flow' => 'otp' ) ) );

		$result = $this->gateway()->process_payment( 1001 );

		$this->assertSame( array( 'result' => 'success', 'redirect' => self::SMSPAY_URL . '/pay/pay_abc' ), $result );
		list( $method, $url, $args ) = WP_Stand_In::$http_requests[0];
		$this->assertSame( 'POST', $method );
		$this->assertSame( self::SMSPAY_URL . '/v1/payments', $url );
		$this->assertSame( 'Bearer ' . self::API_KEY, $args['headers']['Authorization'] );
		$this->assertSame( 'wc-1001-wc_order_Xy12-0', $args['headers']['Idempotency-Key'] );
		$this->assertSame( 'application/json', $args['headers']['Content-Type'] );
		$this->assertSame(
			array(
				'amount'      => 1999,
				'currency'    => 'EUR',
				'orderRef'    => '1001',
				'returnUrl'   => 'https://shop.example/checkout/order-received/1001/?key=wc_order_Xy12',
				'cancelUrl'   => 'https://shop.example/cart/?cancel_order=true&order=wc_order_Xy12&order_id=1001',
				'description' => 'Order 1001',
				'metadata'    => array( 'platform' => 'woocommerce', 'orderNumber' => '1001', 'testMode' => 'no' ),
				'customer'    => array( 'phone' => '+33612345678', 'email' => 'marie@example.com', 'locale' => 'fr-FR' ),
			),
			$this->sent_body( 0 )
		);
		$this->assertSame( 'pay_abc', $order->get_meta( '_smspay_payment_id' ) );
		$this->assertStringContainsString( 'pay_abc', $order->notes[0] );
		$this->assertSame( 'pending', $order->get_status() );
	}

	/**
	 * A national-format phone is left out (smspay's page asks for it if it must).
	 */
	public function test_leaves_out_a_phone_without_its_country_code(): void {
		$this->order( array( 'billing_phone' => '06 12 34 56 78', 'billing_email' => 'not an email' ) );
		$this->smspay_answers( 201, $this->payment() );
		$this->gateway()->process_payment( 1001 );
		$this->assertSame( array( 'locale' => 'en-US' ), $this->sent_body( 0 )['customer'] );
	}

	/**
	 * Each smspay refusal shows the customer a sentence, not a code, and notes the code for the merchant.
	 *
	 * @dataProvider refusals
	 * @param int    $status   HTTP status.
	 * @param string $code     smspay code.
	 * @param string $sentence Part of the customer's message.
	 */
	public function test_a_refusal_tells_the_customer_why( int $status, string $code, string $sentence ): void {
		$order = $this->order();
		$this->smspay_answers( $status, $this->problem( $status, $code ) );

		$this->assertSame( array( 'result' => 'failure' ), $this->gateway()->process_payment( 1001 ) );
		$this->assertCount( 1, WC_Stand_In::$notices );
		list( $message, $type ) = WC_Stand_In::$notices[0];
		$this->assertSame( 'error', $type );
		$this->assertStringContainsString( $sentence, $message );
		$this->assertStringNotContainsString( $code, $message );
		$this->assertStringContainsString( $code, $order->notes[0] );
		$this->assertSame( '', $order->get_meta( '_smspay_payment_id' ) );
	}

	/**
	 * smspay's error codes and what the customer reads.
	 */
	public function refusals(): array {
		return array(
			'over the limit'      => array( 422, 'limit_exceeded', 'above what can be paid by SMS' ),
			'no short code'       => array( 422, 'amount_not_payable', 'cannot be paid by SMS' ),
			'bad phone'           => array( 400, 'invalid_request', 'check your billing phone number' ),
			'smspay down'         => array( 503, 'service_unavailable', 'try again in a moment' ),
			'revoked API key'     => array( 401, 'unauthorized', 'unavailable right now' ),
		);
	}

	/**
	 * No answer at all is a failure too, with a message.
	 */
	public function test_network_failure(): void {
		$this->order();
		WP_Stand_In::$http_answers[] = new WP_Error( 'http_request_failed', 'cURL error 7: connection refused' );
		$this->assertSame( array( 'result' => 'failure' ), $this->gateway()->process_payment( 1001 ) );
		$this->assertStringContainsString( 'try again in a moment', WC_Stand_In::$notices[0][0] );
	}

	/**
	 * Nothing is sent when the gateway is not configured.
	 */
	public function test_unconfigured_gateway_fails_without_calling_out(): void {
		update_option( 'woocommerce_smspay_settings', array( 'enabled' => 'yes' ) );
		$this->order();
		$this->assertSame( array( 'result' => 'failure' ), $this->gateway()->process_payment( 1001 ) );
		$this->assertSame( array(), WP_Stand_In::$http_requests );
	}

	/**
	 * An order whose last payment expired gets a new payment, under a new key.
	 */
	public function test_a_new_attempt_after_the_last_payment_expired(): void {
		$order = $this->order();
		$order->update_meta_data( '_smspay_payment_id', 'pay_old' );
		$this->smspay_answers( 201, $this->payment( array( 'id' => 'pay_old', 'status' => 'expired' ) ) );
		$this->smspay_answers( 201, $this->payment( array( 'id' => 'pay_new', 'checkoutUrl' => self::SMSPAY_URL . '/pay/pay_new' ) ) );

		$result = $this->gateway()->process_payment( 1001 );

		$this->assertSame( self::SMSPAY_URL . '/pay/pay_new', $result['redirect'] );
		$this->assertSame( 'wc-1001-wc_order_1001-0', WP_Stand_In::$http_requests[0][2]['headers']['Idempotency-Key'] );
		$this->assertSame( 'wc-1001-wc_order_1001-1', WP_Stand_In::$http_requests[1][2]['headers']['Idempotency-Key'] );
		$this->assertSame( 'pay_new', $order->get_meta( '_smspay_payment_id' ) );
		$this->assertSame( 1, $order->get_meta( '_smspay_attempt' ) );
	}

	/**
	 * An order that changed since its payment was created cancels that payment and starts another.
	 */
	public function test_a_changed_order_replaces_its_payment(): void {
		$order = $this->order( array( 'total' => '2.00' ) );
		$order->update_meta_data( '_smspay_payment_id', 'pay_old' );
		$this->smspay_answers( 409, $this->problem( 409, 'idempotency_conflict' ) );
		$this->smspay_answers( 200, $this->payment( array( 'id' => 'pay_old', 'status' => 'canceled' ) ) );
		$this->smspay_answers( 201, $this->payment( array( 'id' => 'pay_new', 'amount' => 200 ) ) );

		$this->assertSame( 'success', $this->gateway()->process_payment( 1001 )['result'] );
		$this->assertSame( array( 'POST', self::SMSPAY_URL . '/v1/payments/pay_old/cancel' ), array_slice( WP_Stand_In::$http_requests[1], 0, 2 ) );
		$this->assertArrayNotHasKey( 'body', WP_Stand_In::$http_requests[1][2] );
		$this->assertSame( 'pay_new', $order->get_meta( '_smspay_payment_id' ) );
	}

	/**
	 * The same order placed twice after it was paid is not paid again.
	 */
	public function test_an_order_paid_already_goes_to_the_thank_you_page(): void {
		$order = $this->order();
		$order->update_meta_data( '_smspay_payment_id', 'pay_abc' );
		$this->smspay_answers( 201, $this->payment( array( 'status' => 'succeeded' ) ) );
		$result = $this->gateway()->process_payment( 1001 );
		$this->assertSame( $order->get_checkout_order_received_url(), $result['redirect'] );
		$this->assertSame( 'processing', $order->get_status() );
		$this->assertSame( 'pay_abc', $order->get_transaction_id() );
	}

	/**
	 * A total that is not an exact amount of the currency is never rounded.
	 */
	public function test_refuses_a_total_the_currency_cannot_express(): void {
		$this->order( array( 'total' => '1500.5', 'currency' => 'XOF' ) );
		update_option( 'woocommerce_price_num_decimals', 1 );
		$this->assertSame( array( 'result' => 'failure' ), $this->gateway()->process_payment( 1001 ) );
		$this->assertSame( array(), WP_Stand_In::$http_requests );
	}
}
