<?php
/**
 * Offers the method only in currencies smspay takes (the core's money table).
 */
declare(strict_types=1);

namespace Smspay\SmsPayment\Gateway\Validator;

use Magento\Payment\Gateway\Validator\AbstractValidator;
use Magento\Payment\Gateway\Validator\ResultInterface;
use Smspay\SmsPayment\Model\Amount;

class CurrencyValidator extends AbstractValidator
{
    /** @param array<string, mixed> $validationSubject */
    public function validate(array $validationSubject): ResultInterface
    {
        $currency = (string) ($validationSubject['currency'] ?? '');
        $valid = Amount::isSupported($currency);
        return $this->createResult($valid, $valid ? [] : [__('SMS payment is not available in %1.', $currency)]);
    }
}
