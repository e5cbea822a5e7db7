<?php
/**
 * Refunds from the WooCommerce order screen go through smspay, once per
 * WooCommerce refund.
 *
 * @package Smspay_WooCommerce_Tests
 */

/**
 * process_refund().
 */
final class RefundTest extends SmspayTestCase {

	/**
	 * A paid order with the refund WooCommerce saved just before calling the gateway.
	 */
	private function paid_order_with_refund( string $amount ): WC_Order {
		$order = $this->order( array( 'status' => 'processing', 'transaction_id' => 'pay_abc' ) );
		array_unshift( $order->refunds, new WC_Order_Refund( 2001, $amount ) );
		return $order;
	}

	/**
	 * The refund is sent in minor units with a key per WooCommerce refund, and tagged with smspay's id.
	 */
	public function test_refunds_through_smspay(): void {
		$order = $this->paid_order_with_refund( '1.50' );
		$this->smspay_answers(
			201,
			array( 'id' => 're_1', 'paymentId' => 'pay_abc', 'amount' => 150, 'currency' => 'EUR', 'status' => 'succeeded', 'method' => 'phone_credit', 'reason' => 'Damaged', 'createdAt' => '2026-11-27T10:00:00.000Z' )
		);

		$this->assertTrue( $this->gateway()->process_refund( 1001, 1.5, 'Damaged' ) );

		list( $method, $url, $args ) = WP_Stand_In::$http_requests[0];
		$this->assertSame( array( 'POST', self::SMSPAY_URL . '/v1/payments/pay_abc/refunds' ), array( $method, $url ) );
		$this->assertSame( 'wc-refund-1001-2001', $args['headers']['Idempotency-Key'] );
		$this->assertSame( array( 'amount' => 150, 'reason' => 'Damaged' ), $this->sent_body( 0 ) );
		$this->assertSame( 're_1', $order->refunds[0]->get_meta( 'smspay_refund_id' ) );
		$this->assertSame( 1, $order->refunds[0]->saves );
		$this->assertStringContainsString( 'Refunded 1.50 EUR', end( $order->notes ) );
	}

	/**
	 * When the operator cannot credit the phone, the merchant is told to refund another way.
	 */
	public function test_merchant_credit_is_flagged(): void {
		$order = $this->paid_order_with_refund( '4.50' );
		$this->smspay_answers( 201, array( 'id' => 're_2', 'amount' => 450, 'currency' => 'EUR', 'status' => 'succeeded', 'method' => 'merchant_credit' ) );
		$this->assertTrue( $this->gateway()->process_refund( 1001, '4.50', '' ) );
		$this->assertSame( array( 'amount' => 450 ), $this->sent_body( 0 ) );
		$this->assertStringContainsString( 'refund the customer another way', end( $order->notes ) );
	}

	/**
	 * smspay's refusals come back as WP_Error with a sentence WooCommerce shows.
	 *
	 * @dataProvider refusals
	 * @param int    $status   HTTP status.
	 * @param string $code     smspay code.
	 * @param string $sentence Part of the message.
	 */
	public function test_refusals_become_wp_errors( int $status, string $code, string $sentence ): void {
		$order = $this->paid_order_with_refund( '5.00' );
		$this->smspay_answers( $status, $this->problem( $status, $code ) );
		$result = $this->gateway()->process_refund( 1001, '5.00', '' );
		$this->assertInstanceOf( WP_Error::class, $result );
		$this->assertStringContainsString( $sentence, $result->get_error_message() );
		$this->assertSame( '', $order->refunds[0]->get_meta( 'smspay_refund_id' ) );
	}

	/**
	 * Codes and messages.
	 */
	public function refusals(): array {
		return array(
			'too much'    => array( 422, 'refund_exceeds_payment', 'more than what is left' ),
			'not paid'    => array( 409, 'invalid_state', 'was not paid' ),
			'smspay down' => array( 503, 'service_unavailable', 'service_unavailable' ),
		);
	}

	/**
	 * An order never paid by SMS has nothing to refund, and smspay is not called.
	 */
	public function test_nothing_to_refund_without_a_payment(): void {
		$this->order();
		$this->assertInstanceOf( WP_Error::class, $this->gateway()->process_refund( 1001, '1.00', '' ) );
		$this->assertInstanceOf( WP_Error::class, $this->gateway()->process_refund( 4242, '1.00', '' ) );
		$this->assertSame( array(), WP_Stand_In::$http_requests );
	}
}
