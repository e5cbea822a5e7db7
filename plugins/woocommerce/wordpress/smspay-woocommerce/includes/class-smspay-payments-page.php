<?php
/**
 * WooCommerce > SMS payments: the shop's payments as smspay lists them
 * (GET /v1/payments, newest first, paged with nextCursor). Everything shown
 * comes from the network and is escaped.
 *
 * @package Smspay_WooCommerce
 */

defined( 'ABSPATH' ) || exit;

/**
 * The admin list of SMS payments.
 */
final class Smspay_Payments_Page {

	/** Payments per page. */
	const PAGE_SIZE = 20;

	/**
	 * smspay.
	 *
	 * @var Smspay_Api_Client
	 */
	private $client;

	/**
	 * Constructor.
	 *
	 * @param Smspay_Api_Client $client smspay with the shop's key.
	 */
	public function __construct( Smspay_Api_Client $client ) {
		$this->client = $client;
	}

	/**
	 * Prints the page.
	 *
	 * @param string $cursor nextCursor of the page before, or '' for the newest.
	 */
	public function render( string $cursor ): void {
		echo '<div class="wrap"><h1>' . esc_html__( 'SMS payments', 'smspay-woocommerce' ) . '</h1>';
		try {
			$page = $this->client->list_payments( self::PAGE_SIZE, $cursor );
		} catch ( Smspay_Api_Exception $e ) {
			echo '<div class="notice notice-error"><p>' . esc_html(
				/* translators: 1: smspay error code, 2: smspay's explanation. */
				sprintf( __( 'smspay did not answer the list of payments (%1$s): %2$s', 'smspay-woocommerce' ), $e->smspay_code, $e->getMessage() )
			) . '</p></div></div>';
			return;
		}
		$payments = is_array( $page['data'] ?? null ) ? $page['data'] : array();
		if ( array() === $payments ) {
			echo '<p>' . esc_html__( 'No SMS payments yet.', 'smspay-woocommerce' ) . '</p>';
		} else {
			$this->table( $payments );
		}
		$base = admin_url( 'admin.php?page=smspay-payments' );
		echo '<p class="smspay-pages">';
		if ( '' !== $cursor ) {
			echo '<a class="button" href="' . esc_url( $base ) . '">' . esc_html__( 'Newest', 'smspay-woocommerce' ) . '</a> ';
		}
		if ( is_string( $page['nextCursor'] ?? null ) && '' !== $page['nextCursor'] ) {
			echo '<a class="button" href="' . esc_url( add_query_arg( 'cursor', rawurlencode( $page['nextCursor'] ), $base ) ) . '">' . esc_html__( 'Older', 'smspay-woocommerce' ) . '</a>';
		}
		echo '</p></div>';
	}

	/**
	 * The table of payments.
	 *
	 * @param array $payments Payments as the merchant API shows them.
	 */
	private function table( array $payments ): void {
		$columns = array(
			__( 'Payment', 'smspay-woocommerce' ),
			__( 'Order', 'smspay-woocommerce' ),
			__( 'Amount', 'smspay-woocommerce' ),
			__( 'Status', 'smspay-woocommerce' ),
			__( 'Flow', 'smspay-woocommerce' ),
			__( 'Phone', 'smspay-woocommerce' ),
			__( 'Created', 'smspay-woocommerce' ),
		);
		echo '<table class="widefat striped smspay-payments"><thead><tr>';
		foreach ( $columns as $column ) {
			echo '<th scope="col">' . esc_html( $column ) . '</th>';
		}
		echo '</tr></thead><tbody>';
		foreach ( $payments as $payment ) {
			if ( is_array( $payment ) ) {
				$this->row( $payment );
			}
		}
		echo '</tbody></table>';
	}

	/**
	 * One payment.
	 *
	 * @param array $payment A payment.
	 */
	private function row( array $payment ): void {
		$text     = static function ( $value ): string {
			return is_scalar( $value ) ? (string) $value : '';
		};
		$currency = $text( $payment['currency'] ?? '' );
		$amount   = is_int( $payment['amount'] ?? null ) && '' !== $currency
			? Smspay_Money::to_decimal( $payment['amount'], $currency ) . ' ' . $currency
			: '';
		$refunded = is_int( $payment['refundedAmount'] ?? null ) && $payment['refundedAmount'] > 0 && '' !== $currency
			/* translators: %s: refunded amount and currency. */
			? ' ' . sprintf( __( '(%s refunded)', 'smspay-woocommerce' ), Smspay_Money::to_decimal( $payment['refundedAmount'], $currency ) . ' ' . $currency )
			: '';
		$phone    = $text( $payment['customer']['phoneLast4'] ?? '' );
		echo '<tr>';
		echo '<td><code>' . esc_html( $text( $payment['id'] ?? '' ) ) . '</code></td>';
		echo '<td>' . $this->order_cell( $text( $payment['orderRef'] ?? '' ) ) . '</td>'; // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- escaped in order_cell().
		echo '<td>' . esc_html( $amount . $refunded ) . '</td>';
		echo '<td>' . esc_html( $text( $payment['status'] ?? '' ) ) . '</td>';
		echo '<td>' . esc_html( $text( $payment['flow'] ?? '' ) ) . '</td>';
		echo '<td>' . esc_html( '' !== $phone ? '…' . $phone : '' ) . '</td>';
		echo '<td>' . esc_html( $text( $payment['createdAt'] ?? '' ) ) . '</td>';
		echo '</tr>';
	}

	/**
	 * The order number, linked to the order when this shop has it.
	 *
	 * @param string $order_ref The payment's orderRef (the order id).
	 * @return string Escaped HTML.
	 */
	private function order_cell( string $order_ref ): string {
		$order = ctype_digit( $order_ref ) ? wc_get_order( (int) $order_ref ) : false;
		if ( ! $order ) {
			return esc_html( $order_ref );
		}
		return '<a href="' . esc_url( $order->get_edit_order_url() ) . '">#' . esc_html( $order->get_order_number() ) . '</a>';
	}
}
