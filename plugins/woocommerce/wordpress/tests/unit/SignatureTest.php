<?php
/**
 * smspay's webhook signature, on the vectors the TypeScript side checks too.
 *
 * @package Smspay_WooCommerce_Tests
 */

/**
 * Smspay_Signature against shared/test-vectors/webhook-signatures.json.
 */
final class SignatureTest extends SmspayTestCase {

	/**
	 * The shared vectors.
	 */
	public function vectors(): array {
		$file = dirname( __DIR__, 5 ) . '/shared/test-vectors/webhook-signatures.json';
		$json = json_decode( (string) file_get_contents( $file ), true );
		$this->assertIsArray( $json, "cannot read $file" );
		$cases = array();
		foreach ( $json['vectors'] as $vector ) {
			$cases[ $vector['name'] ] = array( $vector );
		}
		return $cases;
	}

	/**
	 * Each vector is accepted or rejected as it says.
	 *
	 * @dataProvider vectors
	 * @param array $vector A vector.
	 */
	public function test_vector( array $vector ): void {
		$this->assertSame( $vector['valid'], Smspay_Signature::verify( $vector['secret'], $vector['header'], $vector['body'], $vector['now'] ) );
	}
}
