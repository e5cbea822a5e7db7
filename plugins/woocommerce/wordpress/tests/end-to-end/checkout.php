<?php
/**
 * The plugin's real checkout code against a real smspay, for the end-to-end
 * test (test/e2e/woocommerce.test.ts): WordPress and WooCommerce are the
 * stand-ins, HTTP is live. Prints JSON.
 *
 *   php checkout.php pay    SMSPAY_URL API_KEY ORDER_ID TOTAL PHONE
 *       process_payment() for a new order; prints the result, the payment id
 *       the order keeps and its notes.
 *   php checkout.php return SMSPAY_URL API_KEY ORDER_ID TOTAL PAYMENT_ID
 *       the customer back on the order-received page: the plugin confirms with
 *       smspay; prints the order's status, transaction id and notes.
 *
 * @package Smspay_WooCommerce_Tests
 */

error_reporting( E_ALL );
set_error_handler(
	static function ( $level, $message, $file, $line ) {
		throw new ErrorException( $message, 0, $level, $file, $line );
	}
);
define( 'ABSPATH', dirname( __DIR__ ) . '/' );
require dirname( __DIR__ ) . '/stand-ins/wordpress.php';
require dirname( __DIR__ ) . '/stand-ins/http-live.php';
require dirname( __DIR__ ) . '/stand-ins/woocommerce.php';
require dirname( __DIR__, 2 ) . '/smspay-woocommerce/smspay-woocommerce.php';
do_action( 'plugins_loaded' );

list( , $step, $smspay_url, $api_key, $order_id, $total, $extra ) = $argv;
update_option(
	'woocommerce_smspay_settings',
	array(
		'enabled'    => 'yes',
		'smspay_url' => $smspay_url,
		'api_key'    => $api_key,
		'testmode'   => 'no',
	)
);
$order = new WC_Order(
	array(
		'id'            => (int) $order_id,
		'total'         => $total,
		'order_key'     => 'wc_order_e2e' . $order_id,
		'billing_email' => 'customer@example.com',
		'billing_phone' => 'pay' === $step ? $extra : '',
	)
);
WC_Stand_In::$orders[ $order->get_id() ] = $order;

if ( 'pay' === $step ) {
	$result = ( new WC_Gateway_Smspay() )->process_payment( $order->get_id() );
	echo wp_json_encode(
		array(
			'result'    => $result,
			'paymentId' => $order->get_meta( '_smspay_payment_id' ),
			'notices'   => WC_Stand_In::$notices,
			'notes'     => $order->notes,
		)
	);
} else {
	$order->update_meta_data( '_smspay_payment_id', $extra );
	ob_start();
	do_action( 'woocommerce_thankyou_smspay', $order->get_id() );
	$page = ob_get_clean();
	echo wp_json_encode(
		array(
			'status'        => $order->get_status(),
			'transactionId' => $order->get_transaction_id(),
			'notes'         => $order->notes,
			'page'          => $page,
		)
	);
}
