<?php
/**
 * wp_remote_get/wp_remote_post for PHPUnit: each call is recorded
 * (WP_Stand_In::$http_requests) and answered with the next answer the test
 * scripted (WP_Stand_In::$http_answers); an unscripted call fails the test.
 *
 * @package Smspay_WooCommerce_Tests
 */

/**
 * The next scripted answer for an HTTP call.
 *
 * @param string $method Method.
 * @param string $url    URL.
 * @param array  $args   Arguments.
 */
function wp_stand_in_http( $method, $url, $args ) {
	WP_Stand_In::$http_requests[] = array( $method, $url, $args );
	if ( array() === WP_Stand_In::$http_answers ) {
		throw new LogicException( "unexpected HTTP call: $method $url" );
	}
	$answer = array_shift( WP_Stand_In::$http_answers );
	if ( $answer instanceof WP_Error ) {
		return $answer;
	}
	return array(
		'response' => array( 'code' => $answer[0] ),
		'body'     => is_string( $answer[1] ) ? $answer[1] : json_encode( $answer[1] ),
	);
}

/**
 * POST.
 *
 * @param string $url  URL.
 * @param array  $args Arguments.
 */
function wp_remote_post( $url, $args = array() ) {
	return wp_stand_in_http( 'POST', $url, $args );
}

/**
 * GET.
 *
 * @param string $url  URL.
 * @param array  $args Arguments.
 */
function wp_remote_get( $url, $args = array() ) {
	return wp_stand_in_http( 'GET', $url, $args );
}

