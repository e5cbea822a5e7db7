<?php
/**
 * Brings an order in line with its smspay payment, as smspay reported it
 * (a signed webhook, or a server-to-server read). The money logic stays in
 * smspay: this only maps a payment status to WooCommerce's order API.
 *
 * @package Smspay_WooCommerce
 */

defined( 'ABSPATH' ) || exit;

/**
 * Payment status -> order status.
 */
final class Smspay_Order_Sync {

	/** Order meta: the order's current smspay payment. */
	const PAYMENT_META = '_smspay_payment_id';

	/**
	 * Reads the order's payment from smspay and applies it; the customer's way
	 * back proves nothing by itself. Returns the payment status ('' when unknown).
	 *
	 * @param WC_Order          $order  The order.
	 * @param Smspay_Api_Client $client smspay.
	 */
	public static function confirm( WC_Order $order, Smspay_Api_Client $client ): string {
		$payment_id = (string) $order->get_meta( self::PAYMENT_META );
		if ( '' === $payment_id || $order->is_paid() ) {
			return '';
		}
		try {
			$payment = $client->get_payment( $payment_id );
		} catch ( Smspay_Api_Exception $e ) {
			// smspay's webhook settles the order when it arrives.
			return '';
		}
		self::apply( $order, $payment );
		return is_string( $payment['status'] ?? null ) ? $payment['status'] : '';
	}

	/**
	 * Applies a payment that smspay vouched for. False when it is not the
	 * order's current payment or does not match the order's amount.
	 *
	 * @param WC_Order $order   The order.
	 * @param array    $payment The payment as the merchant API shows it.
	 */
	public static function apply( WC_Order $order, array $payment ): bool {
		$payment_id = is_string( $payment['id'] ?? null ) ? $payment['id'] : '';
		if ( '' === $payment_id || (string) $order->get_meta( self::PAYMENT_META ) !== $payment_id ) {
			return false;
		}
		$expected = Smspay_Money::to_minor( wc_format_decimal( $order->get_total(), wc_get_price_decimals() ), $order->get_currency() );
		if ( ( $payment['amount'] ?? null ) !== $expected || ( $payment['currency'] ?? null ) !== $order->get_currency() ) {
			$order->add_order_note(
				/* translators: %s: smspay payment id. */
				sprintf( __( 'SMS payment %s does not match this order\'s total: the order was left as it is.', 'smspay-woocommerce' ), $payment_id )
			);
			return false;
		}
		switch ( $payment['status'] ?? '' ) {
			case 'succeeded':
			case 'partially_refunded':
			case 'refunded':
				if ( ! $order->is_paid() ) {
					$order->payment_complete( $payment_id );
					/* translators: %s: smspay payment id. */
					$order->add_order_note( sprintf( __( 'Paid by SMS (smspay payment %s).', 'smspay-woocommerce' ), $payment_id ) );
				}
				return true;
			case 'failed':
				if ( ! $order->is_paid() && ! $order->has_status( array( 'failed', 'cancelled' ) ) ) {
					$failure = is_string( $payment['failureCode'] ?? null ) ? $payment['failureCode'] : 'unknown';
					/* translators: %s: smspay failure code, e.g. insufficient_funds. */
					$order->update_status( 'failed', sprintf( __( 'SMS payment failed (%s).', 'smspay-woocommerce' ), $failure ) );
				}
				return true;
			case 'expired':
			case 'canceled':
				if ( $order->has_status( array( 'pending', 'on-hold' ) ) ) {
					$order->update_status( 'cancelled', 'expired' === $payment['status'] ? __( 'SMS payment expired.', 'smspay-woocommerce' ) : __( 'SMS payment canceled.', 'smspay-woocommerce' ) );
				}
				return true;
			default:
				return true;
		}
	}
}
