<?php
/**
 * The merchant API of the shop's smspay server, server to server, through the
 * WordPress HTTP API.
 *
 * @package Smspay_WooCommerce
 */

defined( 'ABSPATH' ) || exit;

/**
 * Calls smspay; every failure is an Smspay_Api_Exception with smspay's code.
 */
final class Smspay_Api_Client {

	/**
	 * Base URL, e.g. https://pay.example.
	 *
	 * @var string
	 */
	private $base_url;

	/**
	 * The shop's API key (sk_...).
	 *
	 * @var string
	 */
	private $api_key;

	/**
	 * Constructor.
	 *
	 * @param string $base_url smspay URL.
	 * @param string $api_key  API key.
	 */
	public function __construct( string $base_url, string $api_key ) {
		$this->base_url = rtrim( $base_url, '/' );
		$this->api_key  = $api_key;
	}

	/**
	 * POST /v1/payments.
	 *
	 * @param array  $request         The payment request (README, "Merchant API").
	 * @param string $idempotency_key The same key and body give the same payment.
	 */
	public function create_payment( array $request, string $idempotency_key ): array {
		return $this->call( 'POST', '/v1/payments', $request, $idempotency_key );
	}

	/**
	 * GET /v1/payments/{id}.
	 *
	 * @param string $payment_id Payment id (pay_...).
	 */
	public function get_payment( string $payment_id ): array {
		return $this->call( 'GET', '/v1/payments/' . rawurlencode( $payment_id ) );
	}

	/**
	 * POST /v1/payments/{id}/cancel (pending payments only).
	 *
	 * @param string $payment_id Payment id.
	 */
	public function cancel_payment( string $payment_id ): array {
		return $this->call( 'POST', '/v1/payments/' . rawurlencode( $payment_id ) . '/cancel' );
	}

	/**
	 * GET /v1/payments: {data, nextCursor}, newest first.
	 *
	 * @param int    $limit  Page size (1-100).
	 * @param string $cursor nextCursor of the previous page, or ''.
	 */
	public function list_payments( int $limit, string $cursor ): array {
		$query = array( 'limit' => $limit );
		if ( '' !== $cursor ) {
			$query['cursor'] = $cursor;
		}
		return $this->call( 'GET', '/v1/payments?' . http_build_query( $query ) );
	}

	/**
	 * POST /v1/payments/{id}/refunds (shared/webhooks.md, "Refunds through the API").
	 *
	 * @param string $payment_id      Payment id.
	 * @param int    $amount          Minor units.
	 * @param string $reason          Shown to the merchant.
	 * @param string $idempotency_key One key per WooCommerce refund.
	 */
	public function create_refund( string $payment_id, int $amount, string $reason, string $idempotency_key ): array {
		$request = array( 'amount' => $amount );
		if ( '' !== $reason ) {
			$request['reason'] = $reason;
		}
		return $this->call( 'POST', '/v1/payments/' . rawurlencode( $payment_id ) . '/refunds', $request, $idempotency_key );
	}

	/**
	 * One request; decodes smspay's JSON or its problem+json error.
	 *
	 * @param string      $method          GET or POST.
	 * @param string      $path            Path and query.
	 * @param array|null  $body            JSON body.
	 * @param string|null $idempotency_key Idempotency-Key header.
	 * @throws Smspay_Api_Exception On anything but a 2xx JSON answer.
	 */
	private function call( string $method, string $path, ?array $body = null, ?string $idempotency_key = null ): array {
		if ( '' === $this->base_url || '' === $this->api_key ) {
			throw new Smspay_Api_Exception( 'not_configured', 'the smspay URL or API key is not set', 0 );
		}
		$headers = array(
			'Authorization' => 'Bearer ' . $this->api_key,
			'Accept'        => 'application/json',
		);
		$args    = array(
			'timeout'     => 15,
			'redirection' => 0,
			'user-agent'  => 'smspay-woocommerce/' . SMSPAY_WC_VERSION,
		);
		if ( null !== $idempotency_key ) {
			$headers['Idempotency-Key'] = $idempotency_key;
		}
		if ( null !== $body ) {
			$headers['Content-Type'] = 'application/json';
			$args['body']            = wp_json_encode( $body );
		}
		$args['headers'] = $headers;
		$response        = 'POST' === $method
			? wp_remote_post( $this->base_url . $path, $args )
			: wp_remote_get( $this->base_url . $path, $args );
		if ( is_wp_error( $response ) ) {
			throw new Smspay_Api_Exception( 'network_error', $response->get_error_message(), 0 );
		}
		$status = (int) wp_remote_retrieve_response_code( $response );
		$data   = json_decode( (string) wp_remote_retrieve_body( $response ), true );
		if ( $status >= 200 && $status < 300 && is_array( $data ) ) {
			return $data;
		}
		$code   = is_array( $data ) && isset( $data['code'] ) && is_string( $data['code'] ) ? $data['code'] : 'http_' . $status;
		$detail = is_array( $data ) && isset( $data['detail'] ) && is_string( $data['detail'] ) ? $data['detail'] : 'unexpected answer from smspay';
		throw new Smspay_Api_Exception( $code, $detail, $status );
	}
}
