<?php
/**
 * Money between Magento and smspay: Magento keeps decimals ("4.5000"),
 * smspay integer minor units (450). Converted as strings, never through a
 * float, and never rounded: a total with more decimals than its currency
 * has is refused rather than charged differently.
 */
declare(strict_types=1);

namespace Smspay\SmsPayment\Model;

use InvalidArgumentException;

class Amount
{
    /** Minor-unit digits of the currencies smspay takes (the same table as smspay's core). */
    private const DIGITS = [
        'EUR' => 2, 'GBP' => 2, 'USD' => 2, 'CHF' => 2, 'PLN' => 2, 'CZK' => 2, 'RON' => 2,
        'SEK' => 2, 'NOK' => 2, 'DKK' => 2, 'HUF' => 2, 'BGN' => 2, 'TRY' => 2, 'MAD' => 2,
        'XOF' => 0, 'XAF' => 0, 'ZAR' => 2, 'KES' => 2, 'NGN' => 2, 'GHS' => 2, 'EGP' => 2,
        'INR' => 2, 'IDR' => 2, 'PHP' => 2, 'BRL' => 2, 'MXN' => 2, 'CAD' => 2, 'AUD' => 2,
        'JPY' => 0, 'KRW' => 0, 'CLP' => 0, 'VND' => 0, 'TND' => 3, 'KWD' => 3, 'BHD' => 3,
        'JOD' => 3, 'OMR' => 3,
    ];

    public static function isSupported(string $currency): bool
    {
        return isset(self::DIGITS[$currency]);
    }

    /**
     * "4.5000" EUR -> 450. Accepts what Magento hands out: a decimal string, or
     * a float/int when a total was computed in this request.
     *
     * @param string|int|float $total
     */
    public static function toMinorUnits($total, string $currency): int
    {
        $digits = self::digits($currency);
        $text = is_float($total) ? self::floatToString($total) : trim((string) $total);
        if (!preg_match('/^(\d+)(?:\.(\d+))?$/', $text, $parts)) {
            throw new InvalidArgumentException(sprintf('"%s" is not an amount', $text));
        }
        $fraction = rtrim($parts[2] ?? '', '0');
        if (strlen($fraction) > $digits) {
            throw new InvalidArgumentException(
                sprintf('%s %s has more decimals than the currency allows', $text, $currency)
            );
        }
        $minor = ltrim($parts[1] . str_pad($fraction, $digits, '0'), '0');
        if ($minor === '') {
            return 0;
        }
        if (strlen($minor) > 15) {
            throw new InvalidArgumentException(sprintf('%s %s is too large', $text, $currency));
        }
        return (int) $minor;
    }

    /** 450 EUR -> "4.50". */
    public static function toDecimal(int $minor, string $currency): string
    {
        $digits = self::digits($currency);
        $sign = $minor < 0 ? '-' : '';
        $text = (string) abs($minor);
        if ($digits === 0) {
            return $sign . $text;
        }
        $text = str_pad($text, $digits + 1, '0', STR_PAD_LEFT);
        return $sign . substr($text, 0, -$digits) . '.' . substr($text, -$digits);
    }

    private static function digits(string $currency): int
    {
        if (!isset(self::DIGITS[$currency])) {
            throw new InvalidArgumentException(sprintf('smspay does not take %s', $currency));
        }
        return self::DIGITS[$currency];
    }

    /**
     * A float total back to the decimal Magento stored: totals are decimal(20,4)
     * columns, so four places recover the stored value (4.5 -> "4.5000").
     */
    private static function floatToString(float $total): string
    {
        if (!is_finite($total) || $total < 0) {
            throw new InvalidArgumentException('not an amount');
        }
        return sprintf('%.4F', $total);
    }
}
