<?php
/**
 * The customer's way back to the order-received page proves nothing: the
 * plugin asks smspay server to server.
 *
 * @package Smspay_WooCommerce_Tests
 */

/**
 * woocommerce_thankyou_smspay.
 */
final class ReturnTest extends SmspayTestCase {

	/**
	 * Shows the thank-you hook's output.
	 *
	 * @param int $order_id Order.
	 */
	private function return_to( int $order_id ): string {
		ob_start();
		do_action( 'woocommerce_thankyou_smspay', $order_id );
		return (string) ob_get_clean();
	}

	/**
	 * A paid payment completes the order.
	 */
	public function test_confirms_with_smspay_and_completes_the_order(): void {
		$order = $this->order();
		$order->update_meta_data( '_smspay_payment_id', 'pay_abc' );
		$this->smspay_answers( 200, $this->payment( array( 'status' => 'succeeded' ) ) );
		$this->assertSame( '', $this->return_to( 1001 ) );
		$this->assertSame( array( 'GET', self::SMSPAY_URL . '/v1/payments/pay_abc' ), array_slice( WP_Stand_In::$http_requests[0], 0, 2 ) );
		$this->assertSame( 'processing', $order->get_status() );
	}

	/**
	 * A payment still pending leaves the order pending and says so.
	 */
	public function test_a_pending_payment_changes_nothing(): void {
		$order = $this->order();
		$order->update_meta_data( '_smspay_payment_id', 'pay_abc' );
		$this->smspay_answers( 200, $this->payment( array( 'status' => 'processing' ) ) );
		$this->assertStringContainsString( 'waiting for the confirmation', $this->return_to( 1001 ) );
		$this->assertSame( 'pending', $order->get_status() );
	}

	/**
	 * smspay unreachable: nothing changes, the webhook settles it later.
	 */
	public function test_smspay_unreachable(): void {
		$order = $this->order();
		$order->update_meta_data( '_smspay_payment_id', 'pay_abc' );
		WP_Stand_In::$http_answers[] = new WP_Error( 'http_request_failed', 'timeout' );
		$this->return_to( 1001 );
		$this->assertSame( 'pending', $order->get_status() );
	}

	/**
	 * A paid order is not asked about again.
	 */
	public function test_a_paid_order_is_left_alone(): void {
		$order = $this->order( array( 'status' => 'processing' ) );
		$order->update_meta_data( '_smspay_payment_id', 'pay_abc' );
		$this->return_to( 1001 );
		$this->assertSame( array(), WP_Stand_In::$http_requests );
	}
}
