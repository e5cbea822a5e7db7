<?php
/**
 * An smspay API answer that is not a success, with smspay's stable error code.
 *
 * @package Smspay_WooCommerce
 */

defined( 'ABSPATH' ) || exit;

/**
 * The code is smspay's (limit_exceeded, amount_not_payable, ...) or ours:
 * not_configured, network_error, http_<status> when smspay's answer had none.
 */
final class Smspay_Api_Exception extends Exception {

	/**
	 * Stable error code to switch on.
	 *
	 * @var string
	 */
	public $smspay_code;

	/**
	 * HTTP status (0: no answer).
	 *
	 * @var int
	 */
	public $http_status;

	/**
	 * Constructor.
	 *
	 * @param string $smspay_code Error code.
	 * @param string $detail      smspay's detail, for order notes and logs (never shown to customers).
	 * @param int    $http_status HTTP status, 0 without an answer.
	 */
	public function __construct( string $smspay_code, string $detail, int $http_status ) {
		parent::__construct( $detail );
		$this->smspay_code = $smspay_code;
		$this->http_status = $http_status;
	}
}
