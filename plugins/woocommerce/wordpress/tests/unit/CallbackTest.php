<?php
/**
 * smspay's webhooks on ?wc-api=smspay: signature first, then de-duplication,
 * then the order.
 *
 * @package Smspay_WooCommerce_Tests
 */

/**
 * Smspay_Callback.
 */
final class CallbackTest extends SmspayTestCase {

	const NOW = 1795000000;

	/**
	 * An order whose SMS payment is pay_abc.
	 */
	protected function setUp(): void {
		parent::setUp();
		$this->order()->update_meta_data( '_smspay_payment_id', 'pay_abc' );
	}

	/**
	 * Delivers an event signed with $secret at $at.
	 *
	 * @param array  $event  Event.
	 * @param string $secret Signing secret.
	 * @param int    $at     Signature time.
	 */
	private function deliver( array $event, string $secret = self::SECRET, int $at = self::NOW ): array {
		$body   = json_encode( $event );
		$header = 't=' . $at . ',v1=' . hash_hmac( 'sha256', $at . '.' . $body, $secret );
		return ( new Smspay_Callback( self::SECRET ) )->handle( $body, $header, self::NOW );
	}

	/**
	 * An event.
	 *
	 * @param string $type    Event type.
	 * @param array  $payment Payment fields.
	 * @param string $id      Event id.
	 */
	private function event( string $type, array $payment = array(), string $id = 'evt_1' ): array {
		return array(
			'id'        => $id,
			'type'      => $type,
			'createdAt' => '2026-11-27T10:00:00.000Z',
			'data'      => array( 'payment' => $this->payment( $payment ) ),
		);
	}

	/**
	 * payment.succeeded marks the order paid with the payment id, once.
	 */
	public function test_succeeded_completes_the_payment_once(): void {
		$event = $this->event( 'payment.succeeded', array( 'status' => 'succeeded' ) );
		$this->assertSame( array( 'status' => 200, 'message' => 'ok' ), $this->deliver( $event ) );
		$this->assertSame( array( 'status' => 200, 'message' => 'already applied' ), $this->deliver( $event ) );
		$order = wc_get_order( 1001 );
		$this->assertSame( 'processing', $order->get_status() );
		$this->assertSame( 'pay_abc', $order->get_transaction_id() );
		$this->assertSame( 1, $order->times_paid );
		$this->assertSame( array( 'evt_1' ), $order->get_meta( '_smspay_event_ids' ) );
	}

	/**
	 * Nothing is read or changed before the signature checks out.
	 *
	 * @dataProvider forgeries
	 * @param string $secret Signing secret used.
	 * @param int    $at     Signature time.
	 */
	public function test_unsigned_or_stale_events_change_nothing( string $secret, int $at ): void {
		$answer = $this->deliver( $this->event( 'payment.succeeded', array( 'status' => 'succeeded' ) ), $secret, $at );
		$this->assertSame( 401, $answer['status'] );
		$order = wc_get_order( 1001 );
		$this->assertSame( 'pending', $order->get_status() );
		$this->assertSame( '', $order->get_meta( '_smspay_event_ids' ) );
		$this->assertSame( 0, $order->saves );
	}

	/**
	 * Wrong secret, replay, future.
	 */
	public function forgeries(): array {
		return array(
			'another secret' => array( 'whsec_guess', self::NOW ),
			'a replay'       => array( self::SECRET, self::NOW - 301 ),
			'from the future' => array( self::SECRET, self::NOW + 301 ),
		);
	}

	/**
	 * A tampered body fails the signature too.
	 */
	public function test_tampered_body(): void {
		$body   = json_encode( $this->event( 'payment.succeeded', array( 'status' => 'succeeded' ) ) );
		$header = 't=' . self::NOW . ',v1=' . hash_hmac( 'sha256', self::NOW . '.' . $body, self::SECRET );
		$answer = ( new Smspay_Callback( self::SECRET ) )->handle( str_replace( '450', '45', $body ), $header, self::NOW );
		$this->assertSame( 401, $answer['status'] );
	}

	/**
	 * Without a configured secret every delivery is refused (and retried by smspay).
	 */
	public function test_fails_closed_without_a_secret(): void {
		$body   = json_encode( $this->event( 'payment.succeeded', array( 'status' => 'succeeded' ) ) );
		$header = 't=' . self::NOW . ',v1=' . hash_hmac( 'sha256', self::NOW . '.' . $body, '' );
		$this->assertSame( 503, ( new Smspay_Callback( '' ) )->handle( $body, $header, self::NOW )['status'] );
		$this->assertSame( 'pending', wc_get_order( 1001 )->get_status() );
	}

	/**
	 * failed, expired and canceled stop the order; a late failure never unpays it.
	 */
	public function test_failures_stop_the_order_but_never_unpay_it(): void {
		$this->deliver( $this->event( 'payment.failed', array( 'status' => 'failed', 'failureCode' => 'insufficient_funds' ) ) );
		$order = wc_get_order( 1001 );
		$this->assertSame( 'failed', $order->get_status() );
		$this->assertStringContainsString( 'insufficient_funds', $order->notes[0] );

		$this->order( array( 'id' => 1002 ) )->update_meta_data( '_smspay_payment_id', 'pay_2' );
		$this->deliver( $this->event( 'payment.expired', array( 'id' => 'pay_2', 'orderRef' => '1002', 'status' => 'expired' ), 'evt_2' ) );
		$this->assertSame( 'cancelled', wc_get_order( 1002 )->get_status() );

		$this->order( array( 'id' => 1003 ) )->update_meta_data( '_smspay_payment_id', 'pay_3' );
		$this->deliver( $this->event( 'payment.succeeded', array( 'id' => 'pay_3', 'orderRef' => '1003', 'status' => 'succeeded' ), 'evt_3' ) );
		$this->deliver( $this->event( 'payment.failed', array( 'id' => 'pay_3', 'orderRef' => '1003', 'status' => 'failed' ), 'evt_4' ) );
		$this->assertSame( 'processing', wc_get_order( 1003 )->get_status() );
	}

	/**
	 * Refund events add a note; the order is not refunded a second time.
	 */
	public function test_refunds_only_add_a_note(): void {
		$this->deliver( $this->event( 'payment.succeeded', array( 'status' => 'succeeded' ) ) );
		$event                   = $this->event( 'payment.partially_refunded', array( 'status' => 'partially_refunded', 'refundedAmount' => 150 ), 'evt_r' );
		$event['data']['refund'] = array( 'id' => 're_1', 'amount' => 150, 'currency' => 'EUR', 'method' => 'phone_credit' );
		$this->assertSame( 200, $this->deliver( $event )['status'] );
		$order = wc_get_order( 1001 );
		$this->assertSame( 'smspay refunded 1.50 EUR (refund re_1, phone_credit).', end( $order->notes ) );
		$this->assertSame( array(), $order->get_refunds() );
		$this->assertSame( 'processing', $order->get_status() );
		$this->assertSame( array(), WP_Stand_In::$http_requests );
	}

	/**
	 * Events for another payment of the order, another total or another shop's order are acknowledged and ignored.
	 */
	public function test_ignores_what_is_not_this_orders_payment(): void {
		$this->deliver( $this->event( 'payment.succeeded', array( 'id' => 'pay_other', 'status' => 'succeeded' ) ) );
		$this->deliver( $this->event( 'payment.succeeded', array( 'amount' => 45, 'status' => 'succeeded' ), 'evt_2' ) );
		$order = wc_get_order( 1001 );
		$this->assertSame( 'pending', $order->get_status() );
		$this->assertStringContainsString( 'does not match', end( $order->notes ) );

		$answer = $this->deliver( $this->event( 'payment.succeeded', array( 'orderRef' => '9999', 'status' => 'succeeded' ), 'evt_3' ) );
		$this->assertSame( 200, $answer['status'] );
		$this->order( array( 'id' => 1004, 'payment_method' => 'bacs' ) );
		$this->deliver( $this->event( 'payment.succeeded', array( 'orderRef' => '1004', 'status' => 'succeeded' ), 'evt_4' ) );
		$this->assertSame( 'pending', wc_get_order( 1004 )->get_status() );
	}

	/**
	 * A signed body that is not an event is a 400.
	 */
	public function test_malformed_event(): void {
		$body   = '{"id":"evt_1"}';
		$header = 't=' . self::NOW . ',v1=' . hash_hmac( 'sha256', self::NOW . '.' . $body, self::SECRET );
		$this->assertSame( 400, ( new Smspay_Callback( self::SECRET ) )->handle( $body, $header, self::NOW )['status'] );
	}
}
