<?php
/**
 * Money between WooCommerce's decimal strings ("4.50") and smspay's integer
 * minor units (450), by string arithmetic: a float would turn 0.29 into 28.
 *
 * @package Smspay_WooCommerce
 */

defined( 'ABSPATH' ) || exit;

/**
 * Decimal strings <-> minor units.
 */
final class Smspay_Money {

	/**
	 * ISO 4217 currencies whose minor unit is not the cent (smspay's core keeps the same table).
	 */
	const EXPONENTS = array(
		'XOF' => 0,
		'XAF' => 0,
		'JPY' => 0,
		'KRW' => 0,
		'CLP' => 0,
		'VND' => 0,
		'TND' => 3,
		'KWD' => 3,
		'BHD' => 3,
		'JOD' => 3,
		'OMR' => 3,
	);

	/**
	 * Digits after the decimal point in the currency's minor unit.
	 *
	 * @param string $currency ISO 4217 code.
	 */
	public static function digits( string $currency ): int {
		return self::EXPONENTS[ strtoupper( $currency ) ] ?? 2;
	}

	/**
	 * "4.50" EUR -> 450. Null when the text is not a plain positive decimal
	 * or has more (non-zero) decimals than the currency allows.
	 *
	 * @param string $decimal  As WooCommerce stores totals.
	 * @param string $currency ISO 4217 code.
	 */
	public static function to_minor( string $decimal, string $currency ): ?int {
		if ( ! preg_match( '/^(\d{1,15})(?:\.(\d+))?$/', trim( $decimal ), $parts ) ) {
			return null;
		}
		$digits   = self::digits( $currency );
		$fraction = $parts[2] ?? '';
		if ( strlen( rtrim( $fraction, '0' ) ) > $digits ) {
			return null;
		}
		$minor = ltrim( $parts[1] . substr( str_pad( $fraction, $digits, '0' ), 0, $digits ), '0' );
		return '' === $minor ? 0 : (int) $minor;
	}

	/**
	 * 450 EUR -> "4.50".
	 *
	 * @param int    $minor    Minor units.
	 * @param string $currency ISO 4217 code.
	 */
	public static function to_decimal( int $minor, string $currency ): string {
		$digits = self::digits( $currency );
		$text   = str_pad( (string) abs( $minor ), $digits + 1, '0', STR_PAD_LEFT );
		$sign   = $minor < 0 ? '-' : '';
		if ( 0 === $digits ) {
			return $sign . $text;
		}
		return $sign . substr( $text, 0, -$digits ) . '.' . substr( $text, -$digits );
	}
}
