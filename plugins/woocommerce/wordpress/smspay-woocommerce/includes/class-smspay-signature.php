<?php
/**
 * smspay's webhook signature (shared/webhooks.md): Smspay-Signature is
 * "t=<unix seconds>,v1=<hex HMAC-SHA256(secret, '<t>.<raw body>')>", and
 * several v1 may come during a secret rotation. Checked over the raw body,
 * before it is parsed.
 *
 * @package Smspay_WooCommerce
 */

defined( 'ABSPATH' ) || exit;

/**
 * Verifies Smspay-Signature headers.
 */
final class Smspay_Signature {

	/** Older (or newer) signatures are replays, or a clock far off. */
	const TOLERANCE_SECONDS = 300;

	/**
	 * Whether $header signs $raw_body with $secret at a time close enough to $now.
	 *
	 * @param string $secret   The endpoint's signing secret ('' fails closed).
	 * @param string $header   Smspay-Signature as received.
	 * @param string $raw_body The body bytes as received.
	 * @param int    $now      Unix seconds.
	 */
	public static function verify( string $secret, string $header, string $raw_body, int $now ): bool {
		if ( '' === $secret ) {
			return false;
		}
		$timestamp  = null;
		$signatures = array();
		foreach ( explode( ',', $header ) as $part ) {
			$pair = explode( '=', trim( $part ) );
			if ( 2 !== count( $pair ) ) {
				continue;
			}
			if ( 't' === $pair[0] && preg_match( '/^\d{1,12}$/', $pair[1] ) ) {
				$timestamp = (int) $pair[1];
			}
			if ( 'v1' === $pair[0] && preg_match( '/^[0-9a-f]{64}$/', $pair[1] ) ) {
				$signatures[] = $pair[1];
			}
		}
		if ( null === $timestamp || array() === $signatures || abs( $now - $timestamp ) > self::TOLERANCE_SECONDS ) {
			return false;
		}
		$expected = hash_hmac( 'sha256', $timestamp . '.' . $raw_body, $secret );
		$matched  = false;
		foreach ( $signatures as $signature ) {
			// No early exit: the time taken does not tell which signature matched.
			$matched = hash_equals( $expected, $signature ) || $matched;
		}
		return $matched;
	}
}
