<?php
declare(strict_types=1);

namespace Smspay\SmsPayment\Test\Unit;

use InvalidArgumentException;
use PHPUnit\Framework\TestCase;
use Smspay\SmsPayment\Model\Amount;

class AmountTest extends TestCase
{
    /** @return array<string, array{0: string|float|int, 1: string, 2: int}> */
    public function totals(): array
    {
        return [
            'Magento decimal(20,4) column' => ['4.5000', 'EUR', 450],
            'two decimals' => ['19.99', 'EUR', 1999],
            'whole' => ['12', 'EUR', 1200],
            'cents only' => ['0.0500', 'EUR', 5],
            'zero-decimal currency' => ['1500.0000', 'JPY', 1500],
            'three-decimal currency' => ['1.2340', 'TND', 1234],
            'float computed in the request' => [4.5, 'EUR', 450],
            'float that is not exact in binary' => [0.1 + 0.2, 'EUR', 30],
            'int' => [7, 'GBP', 700],
        ];
    }

    /**
     * @dataProvider totals
     * @param string|float|int $total
     */
    public function testConvertsMagentoTotalsToMinorUnits($total, string $currency, int $minor): void
    {
        self::assertSame($minor, Amount::toMinorUnits($total, $currency));
    }

    public function testNeverRoundsACustomersPrice(): void
    {
        $this->expectException(InvalidArgumentException::class);
        $this->expectExceptionMessage('more decimals');
        Amount::toMinorUnits('4.505', 'EUR');
    }

    public function testRefusesDecimalsInAZeroDecimalCurrency(): void
    {
        $this->expectException(InvalidArgumentException::class);
        Amount::toMinorUnits('1500.5', 'JPY');
    }

    public function testRefusesCurrenciesSmspayDoesNotTake(): void
    {
        self::assertFalse(Amount::isSupported('XYZ'));
        $this->expectException(InvalidArgumentException::class);
        Amount::toMinorUnits('1.00', 'XYZ');
    }

    public function testRefusesWhatIsNotAnAmount(): void
    {
        foreach (['-4.50', '4,50', '', 'abc', '1e3'] as $text) {
            try {
                Amount::toMinorUnits($text, 'EUR');
                self::fail(sprintf('"%s" was accepted', $text));
            } catch (InvalidArgumentException $e) {
                self::assertStringContainsString('not an amount', $e->getMessage());
            }
        }
    }

    public function testWritesMinorUnitsBackAsDecimals(): void
    {
        self::assertSame('4.50', Amount::toDecimal(450, 'EUR'));
        self::assertSame('0.05', Amount::toDecimal(5, 'EUR'));
        self::assertSame('1500', Amount::toDecimal(1500, 'JPY'));
        self::assertSame('1.234', Amount::toDecimal(1234, 'TND'));
        self::assertSame('-0.99', Amount::toDecimal(-99, 'EUR'));
    }
}
