<?php
/**
 * What the customer reads when smspay refuses to start a payment, per smspay
 * error code (README "Merchant API"): plain words, and always a way forward.
 */
declare(strict_types=1);

namespace Smspay\SmsPayment\Model;

use Magento\Framework\Phrase;

class ErrorMessages
{
    public function forCustomer(string $errorCode): Phrase
    {
        switch ($errorCode) {
            case 'limit_exceeded':
                return __('This amount is above what can be paid by SMS. Please choose another payment method.');
            case 'amount_not_payable':
                return __('This amount cannot be paid by SMS. Please choose another payment method.');
            default:
                return __('Payment by SMS is not available right now. Please try again or choose another payment method.');
        }
    }
}
