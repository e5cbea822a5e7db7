<?php
/**
 * Shared arrangement: a configured gateway, orders, scripted smspay answers.
 *
 * @package Smspay_WooCommerce_Tests
 */

use PHPUnit\Framework\TestCase;

/**
 * Base for the plugin's tests.
 */
abstract class SmspayTestCase extends TestCase {

	const SMSPAY_URL = 'https://pay.example';
	const API_KEY    = 'sk_test_0123456789';
	const SECRET     = 'whsec_test_secret';

	/**
	 * Fresh stand-ins and a configured, enabled gateway.
	 */
	protected function setUp(): void {
		WP_Stand_In::reset();
		WC_Stand_In::reset();
		update_option(
			'woocommerce_smspay_settings',
			array(
				'enabled'        => 'yes',
				'title'          => 'Pay by SMS',
				'description'    => 'Pay with your phone.',
				'smspay_url'     => self::SMSPAY_URL,
				'api_key'        => self::API_KEY,
				'webhook_secret' => self::SECRET,
				'testmode'       => 'no',
			)
		);
	}

	/**
	 * An order waiting for payment by SMS.
	 *
	 * @param array $data Overrides (id, total, status, ...).
	 */
	protected function order( array $data = array() ): WC_Order {
		$order                                 = new WC_Order( array_merge( array( 'id' => 1001, 'total' => '4.50' ), $data ) );
		WC_Stand_In::$orders[ $order->get_id() ] = $order;
		return $order;
	}

	/**
	 * The gateway as WooCommerce builds it.
	 */
	protected function gateway(): WC_Gateway_Smspay {
		return new WC_Gateway_Smspay();
	}

	/**
	 * smspay's next answer.
	 *
	 * @param int          $status HTTP status.
	 * @param array|string $body   JSON body.
	 */
	protected function smspay_answers( int $status, $body ): void {
		WP_Stand_In::$http_answers[] = array( $status, $body );
	}

	/**
	 * A payment as smspay's merchant API shows it.
	 *
	 * @param array $fields Overrides.
	 */
	protected function payment( array $fields = array() ): array {
		return array_merge(
			array(
				'id'             => 'pay_abc',
				'status'         => 'pending',
				'amount'         => 450,
				'currency'       => 'EUR',
				'orderRef'       => '1001',
				'flow'           => 'shortcode',
				'checkoutUrl'    => self::SMSPAY_URL . '/pay/pay_abc',
				'refundedAmount' => 0,
				'failureCode'    => null,
				'customer'       => array( 'phoneLast4' => null ),
				'createdAt'      => '2026-11-27T10:00:00.000Z',
			),
			$fields
		);
	}

	/**
	 * A problem+json error.
	 *
	 * @param int    $status HTTP status.
	 * @param string $code   smspay code.
	 */
	protected function problem( int $status, string $code ): array {
		return array(
			'type'   => 'https://smspay.dev/errors/' . $code,
			'title'  => 'Error',
			'status' => $status,
			'detail' => 'detail for ' . $code,
			'code'   => $code,
		);
	}

	/**
	 * The JSON body of the recorded HTTP call $i.
	 *
	 * @param int $i Index.
	 */
	protected function sent_body( int $i ): array {
		return json_decode( WP_Stand_In::$http_requests[ $i ][2]['body'], true );
	}
}
