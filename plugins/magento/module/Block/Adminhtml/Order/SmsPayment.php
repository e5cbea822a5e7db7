<?php
/**
 * The SMS payment on the admin order view: smspay's payment id, the reference
 * the customer texted, the last four digits of the phone and the status, as
 * the module recorded them on the order payment.
 */
declare(strict_types=1);

namespace Smspay\SmsPayment\Block\Adminhtml\Order;

use Magento\Backend\Block\Template;
use Magento\Backend\Block\Template\Context;
use Magento\Framework\Registry;
use Smspay\SmsPayment\Gateway\Config\Config;
use Smspay\SmsPayment\Model\PaymentInformation;

class SmsPayment extends Template
{
    /** @var Registry */
    private $registry;

    /** @param array<string, mixed> $data */
    public function __construct(Context $context, Registry $registry, array $data = [])
    {
        parent::__construct($context, $data);
        $this->registry = $registry;
    }

    /** @return array{id: string, reference: string, phone: string, status: string, test: bool}|null */
    public function getSmsPayment(): ?array
    {
        $order = $this->registry->registry('current_order');
        $payment = $order ? $order->getPayment() : null;
        if (!$payment || $payment->getMethod() !== Config::METHOD_CODE) {
            return null;
        }
        $id = (string) $payment->getAdditionalInformation(PaymentInformation::PAYMENT_ID);
        if ($id === '') {
            return null;
        }
        $last4 = (string) $payment->getAdditionalInformation(PaymentInformation::PHONE_LAST4);
        return [
            'id' => $id,
            'reference' => (string) $payment->getAdditionalInformation(PaymentInformation::REFERENCE),
            'phone' => $last4 !== '' ? '•••• ' . $last4 : '',
            'status' => (string) $payment->getAdditionalInformation(PaymentInformation::STATUS),
            'test' => $payment->getAdditionalInformation(PaymentInformation::TEST) === '1',
        ];
    }
}
