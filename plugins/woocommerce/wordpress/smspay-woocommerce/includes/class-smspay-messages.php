<?php
/**
 * What customers and merchants read when smspay says no, per smspay error code.
 * smspay's own detail goes to order notes, never to the customer.
 *
 * @package Smspay_WooCommerce
 */

defined( 'ABSPATH' ) || exit;

/**
 * Human messages per smspay error code.
 */
final class Smspay_Messages {

	/**
	 * For the checkout, when a payment cannot be created.
	 *
	 * @param string $code smspay error code.
	 */
	public static function checkout( string $code ): string {
		switch ( $code ) {
			case 'limit_exceeded':
				return __( 'This amount is above what can be paid by SMS. Please choose another payment method.', 'smspay-woocommerce' );
			case 'amount_not_payable':
				return __( 'This amount cannot be paid by SMS. Please choose another payment method.', 'smspay-woocommerce' );
			case 'invalid_request':
			case 'phone_invalid':
				return __( 'Your order could not be sent for payment by SMS. Please check your billing phone number, with its country code (for example +33 6 12 34 56 78), or choose another payment method.', 'smspay-woocommerce' );
			case 'service_unavailable':
			case 'reference_space_exhausted':
			case 'network_error':
				return __( 'Payment by SMS is briefly unavailable. Please try again in a moment.', 'smspay-woocommerce' );
			default:
				return __( 'Payment by SMS is unavailable right now. Please choose another payment method.', 'smspay-woocommerce' );
		}
	}

	/**
	 * For the merchant, when a refund is refused.
	 *
	 * @param string $code   smspay error code.
	 * @param string $detail smspay's detail.
	 */
	public static function refund( string $code, string $detail ): string {
		switch ( $code ) {
			case 'refund_exceeds_payment':
				return __( 'smspay refused the refund: it is more than what is left to refund on this SMS payment.', 'smspay-woocommerce' );
			case 'invalid_state':
				return __( 'smspay refused the refund: this SMS payment was not paid.', 'smspay-woocommerce' );
			case 'not_found':
				return __( 'smspay does not know this SMS payment: check the API key in the payment settings.', 'smspay-woocommerce' );
			default:
				/* translators: 1: smspay error code, 2: smspay's explanation. */
				return sprintf( __( 'smspay could not refund (%1$s): %2$s', 'smspay-woocommerce' ), $code, $detail );
		}
	}
}
