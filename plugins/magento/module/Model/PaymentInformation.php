<?php
/**
 * What the module keeps about the smspay payment on Magento's order payment
 * (additional_information): enough for the order view and for later calls,
 * never the phone number (only its last four digits, as smspay shows them).
 */
declare(strict_types=1);

namespace Smspay\SmsPayment\Model;

use Magento\Payment\Model\InfoInterface;

class PaymentInformation
{
    public const PAYMENT_ID = 'smspay_payment_id';
    public const STATUS = 'smspay_status';
    public const REFERENCE = 'smspay_reference';
    public const PHONE_LAST4 = 'smspay_phone_last4';
    public const CHECKOUT_URL = 'smspay_checkout_url';
    public const TEST = 'smspay_test';

    /** @param array<string, mixed> $payment the payment as smspay's API shows it */
    public function record(InfoInterface $orderPayment, array $payment): void
    {
        $orderPayment->setAdditionalInformation(self::PAYMENT_ID, (string) $payment['id']);
        $orderPayment->setAdditionalInformation(self::STATUS, (string) ($payment['status'] ?? ''));
        $orderPayment->setAdditionalInformation(self::TEST, !empty($payment['test']) ? '1' : '0');
        if (is_string($payment['checkoutUrl'] ?? null)) {
            $orderPayment->setAdditionalInformation(self::CHECKOUT_URL, $payment['checkoutUrl']);
        }
        if (is_string($payment['reference'] ?? null)) {
            $orderPayment->setAdditionalInformation(self::REFERENCE, $payment['reference']);
        }
        $last4 = $payment['customer']['phoneLast4'] ?? null;
        if (is_string($last4) && preg_match('/^\d{1,4}$/', $last4)) {
            $orderPayment->setAdditionalInformation(self::PHONE_LAST4, $last4);
        }
    }

    public function paymentId(InfoInterface $orderPayment): string
    {
        return (string) $orderPayment->getAdditionalInformation(self::PAYMENT_ID);
    }
}
