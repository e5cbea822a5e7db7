<?php
/**
 * wp_remote_get/wp_remote_post for the end-to-end test: real HTTP requests
 * (PHP streams), answering in the WordPress HTTP API's shape.
 *
 * @package Smspay_WooCommerce_Tests
 */

/**
 * One request.
 *
 * @param string $method Method.
 * @param string $url    URL.
 * @param array  $args   wp_remote_* arguments (headers, body, timeout, user-agent).
 * @return array|WP_Error
 */
function wp_stand_in_http_live( $method, $url, $args ) {
	$headers = '';
	foreach ( $args['headers'] ?? array() as $name => $value ) {
		$headers .= "$name: $value\r\n";
	}
	$context = stream_context_create(
		array(
			'http' => array(
				'method'          => $method,
				'header'          => $headers,
				'content'         => $args['body'] ?? '',
				'timeout'         => $args['timeout'] ?? 5,
				'user_agent'      => $args['user-agent'] ?? 'WordPress',
				'follow_location' => 0,
				'ignore_errors'   => true,
			),
		)
	);
	$body = @file_get_contents( $url, false, $context ); // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged -- the failure becomes a WP_Error.
	if ( false === $body || ! isset( $http_response_header[0] ) ) {
		return new WP_Error( 'http_request_failed', error_get_last()['message'] ?? 'request failed' );
	}
	preg_match( '#^HTTP/\S+ (\d{3})#', $http_response_header[0], $status );
	return array(
		'response' => array( 'code' => (int) $status[1] ),
		'body'     => $body,
	);
}

/**
 * POST.
 *
 * @param string $url  URL.
 * @param array  $args Arguments.
 */
function wp_remote_post( $url, $args = array() ) {
	return wp_stand_in_http_live( 'POST', $url, $args );
}

/**
 * GET.
 *
 * @param string $url  URL.
 * @param array  $args Arguments.
 */
function wp_remote_get( $url, $args = array() ) {
	return wp_stand_in_http_live( 'GET', $url, $args );
}
