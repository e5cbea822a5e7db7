<?php
/**
 * Decimal strings <-> minor units, without floats.
 *
 * @package Smspay_WooCommerce_Tests
 */

/**
 * Smspay_Money.
 */
final class MoneyTest extends SmspayTestCase {

	/**
	 * Totals become exact minor units, per the currency's exponent.
	 */
	public function test_totals_become_exact_minor_units(): void {
		$this->assertSame( 450, Smspay_Money::to_minor( '4.50', 'EUR' ) );
		$this->assertSame( 29, Smspay_Money::to_minor( '0.29', 'EUR' ) );
		$this->assertSame( 1999, Smspay_Money::to_minor( '19.990', 'EUR' ) );
		$this->assertSame( 500, Smspay_Money::to_minor( '5', 'EUR' ) );
		$this->assertSame( 1500, Smspay_Money::to_minor( '1500', 'XOF' ) );
		$this->assertSame( 1250, Smspay_Money::to_minor( '1.25', 'KWD' ) );
		$this->assertSame( 0, Smspay_Money::to_minor( '0.00', 'EUR' ) );
	}

	/**
	 * What is not an exact amount of the currency is refused, never rounded.
	 */
	public function test_inexact_or_malformed_amounts_are_refused(): void {
		$this->assertNull( Smspay_Money::to_minor( '4.505', 'EUR' ) );
		$this->assertNull( Smspay_Money::to_minor( '12.5', 'JPY' ) );
		$this->assertNull( Smspay_Money::to_minor( '-4.50', 'EUR' ) );
		$this->assertNull( Smspay_Money::to_minor( '4,50', 'EUR' ) );
		$this->assertNull( Smspay_Money::to_minor( '1e3', 'EUR' ) );
		$this->assertNull( Smspay_Money::to_minor( '', 'EUR' ) );
	}

	/**
	 * Minor units print back as decimals.
	 */
	public function test_minor_units_print_as_decimals(): void {
		$this->assertSame( '4.50', Smspay_Money::to_decimal( 450, 'EUR' ) );
		$this->assertSame( '0.05', Smspay_Money::to_decimal( 5, 'EUR' ) );
		$this->assertSame( '1500', Smspay_Money::to_decimal( 1500, 'XOF' ) );
		$this->assertSame( '1.250', Smspay_Money::to_decimal( 1250, 'KWD' ) );
	}
}
