<?php
/**
 * smspay's webhooks, received on ?wc-api=smspay: verify the signature over
 * the raw body first, then de-duplicate on the event id, then act.
 *
 * @package Smspay_WooCommerce
 */

defined( 'ABSPATH' ) || exit;

/**
 * One webhook delivery -> an HTTP answer (2xx stops smspay's retries).
 */
final class Smspay_Callback {

	/** Order meta: the last event ids applied to the order (smspay retries deliveries). */
	const EVENTS_META = '_smspay_event_ids';

	/** How many event ids an order remembers; an order sees a handful. */
	const EVENTS_KEPT = 50;

	/**
	 * The endpoint's signing secret.
	 *
	 * @var string
	 */
	private $secret;

	/**
	 * Constructor.
	 *
	 * @param string $secret Webhook signing secret ('' refuses everything).
	 */
	public function __construct( string $secret ) {
		$this->secret = $secret;
	}

	/**
	 * Handles one delivery.
	 *
	 * @param string $raw_body  Body bytes as received.
	 * @param string $signature Smspay-Signature header.
	 * @param int    $now       Unix seconds.
	 * @return array{status: int, message: string}
	 */
	public function handle( string $raw_body, string $signature, int $now ): array {
		if ( '' === $this->secret ) {
			return self::answer( 503, 'webhook secret not configured' );
		}
		if ( ! Smspay_Signature::verify( $this->secret, $signature, $raw_body, $now ) ) {
			return self::answer( 401, 'invalid signature' );
		}
		$event = json_decode( $raw_body, true );
		if ( ! is_array( $event ) || ! is_string( $event['id'] ?? null ) || ! is_string( $event['type'] ?? null ) || ! is_array( $event['data']['payment'] ?? null ) ) {
			return self::answer( 400, 'malformed event' );
		}
		$payment   = $event['data']['payment'];
		$order_ref = is_string( $payment['orderRef'] ?? null ) ? $payment['orderRef'] : '';
		$order     = ctype_digit( $order_ref ) ? wc_get_order( (int) $order_ref ) : false;
		if ( ! $order || Smspay_Plugin::GATEWAY_ID !== $order->get_payment_method() ) {
			// Acknowledged: retrying will not make this shop have the order.
			return self::answer( 200, 'no such order paid by SMS here' );
		}
		$seen = $order->get_meta( self::EVENTS_META );
		$seen = is_array( $seen ) ? $seen : array();
		if ( in_array( $event['id'], $seen, true ) ) {
			return self::answer( 200, 'already applied' );
		}
		$this->apply( $order, $event['type'], $payment, is_array( $event['data']['refund'] ?? null ) ? $event['data']['refund'] : array() );
		$seen[] = $event['id'];
		$order->update_meta_data( self::EVENTS_META, array_slice( $seen, -self::EVENTS_KEPT ) );
		$order->save();
		return self::answer( 200, 'ok' );
	}

	/**
	 * Acts on one event.
	 *
	 * @param WC_Order $order   The order.
	 * @param string   $type    Event type.
	 * @param array    $payment The payment after the change.
	 * @param array    $refund  Refund events: the refund.
	 */
	private function apply( WC_Order $order, string $type, array $payment, array $refund ): void {
		switch ( $type ) {
			case 'payment.succeeded':
			case 'payment.failed':
			case 'payment.expired':
			case 'payment.canceled':
				Smspay_Order_Sync::apply( $order, $payment );
				return;
			case 'payment.refunded':
			case 'payment.partially_refunded':
				// Only a note: the refund already happened at smspay, and a
				// WooCommerce refund through the gateway would pay it twice.
				$amount = is_int( $refund['amount'] ?? null ) && is_string( $refund['currency'] ?? null )
					? Smspay_Money::to_decimal( $refund['amount'], $refund['currency'] ) . ' ' . $refund['currency']
					: '?';
				$order->add_order_note(
					sprintf(
						/* translators: 1: amount and currency, 2: smspay refund id, 3: refund method (phone_credit or merchant_credit). */
						__( 'smspay refunded %1$s (refund %2$s, %3$s).', 'smspay-woocommerce' ),
						$amount,
						is_string( $refund['id'] ?? null ) ? $refund['id'] : '?',
						is_string( $refund['method'] ?? null ) ? $refund['method'] : '?'
					)
				);
				return;
			case 'payment.disputed':
				$order->add_order_note( __( 'The operator reported a dispute on this SMS payment: see the payment in smspay.', 'smspay-woocommerce' ) );
				return;
		}
	}

	/**
	 * An answer for the HTTP layer.
	 *
	 * @param int    $status  HTTP status.
	 * @param string $message Plain-text body.
	 * @return array{status: int, message: string}
	 */
	private static function answer( int $status, string $message ): array {
		return array(
			'status'  => $status,
			'message' => $message,
		);
	}
}
