<?php
/**
 * Whether an smspay payment, as smspay's API shows it, pays a given order: the
 * same order (orderRef is the order's entity id), the same amount and
 * currency, paid, and a sandbox payment only in test mode. One place, used
 * before invoicing from the callback, the return page and the capture command.
 */
declare(strict_types=1);

namespace Smspay\SmsPayment\Model;

use InvalidArgumentException;
use Magento\Sales\Model\Order;
use Smspay\SmsPayment\Gateway\Config\Config;

class PaymentCheck
{
    public const PAID_STATUSES = ['succeeded', 'partially_refunded', 'refunded'];

    /** @var Config */
    private $config;

    public function __construct(Config $config)
    {
        $this->config = $config;
    }

    /**
     * @param array<string, mixed> $payment
     * @return string|null why the payment does not pay the order, or null when it does
     */
    public function whyNotPaying(Order $order, array $payment): ?string
    {
        $id = (string) ($payment['id'] ?? '');
        if (!in_array($payment['status'] ?? null, self::PAID_STATUSES, true)) {
            return sprintf('payment %s is %s, not paid', $id, (string) ($payment['status'] ?? 'unknown'));
        }
        if ((string) ($payment['orderRef'] ?? '') !== (string) $order->getEntityId()) {
            return sprintf('payment %s is for another order', $id);
        }
        $currency = (string) $order->getOrderCurrencyCode();
        try {
            $total = Amount::toMinorUnits($order->getGrandTotal(), $currency);
        } catch (InvalidArgumentException $e) {
            return $e->getMessage();
        }
        if (($payment['currency'] ?? null) !== $currency || ($payment['amount'] ?? null) !== $total) {
            return sprintf(
                'payment %s is %s %s, the order %s %s',
                $id,
                is_int($payment['amount'] ?? null) && Amount::isSupported((string) $payment['currency'])
                    ? Amount::toDecimal($payment['amount'], (string) $payment['currency']) : '?',
                (string) ($payment['currency'] ?? '?'),
                Amount::toDecimal($total, $currency),
                $currency
            );
        }
        if (!empty($payment['test']) && !$this->config->isTestMode((int) $order->getStoreId())) {
            return sprintf('payment %s is a test payment and the store is live', $id);
        }
        return null;
    }
}
