<?php
/**
 * smspay's Magento adapter invoices a paid order through the REST API
 * (POST /V1/order/{id}/invoice) and names the smspay payment in the
 * `smspay_payment_id` extension attribute (etc/extension_attributes.xml).
 * This keeps it on the order payment so the capture command checks that
 * payment with smspay (a customer's retry may have paid with a newer payment
 * than the one stored at redirect) and records it as the transaction.
 */
declare(strict_types=1);

namespace Smspay\SmsPayment\Plugin;

use Magento\Sales\Api\Data\InvoiceCommentCreationInterface;
use Magento\Sales\Api\Data\InvoiceCreationArgumentsInterface;
use Magento\Sales\Api\InvoiceOrderInterface;
use Magento\Sales\Api\OrderRepositoryInterface;
use Smspay\SmsPayment\Gateway\Config\Config;
use Smspay\SmsPayment\Model\PaymentInformation;

class RecordSmspayPaymentOnInvoice
{
    /** @var OrderRepositoryInterface */
    private $orders;

    public function __construct(OrderRepositoryInterface $orders)
    {
        $this->orders = $orders;
    }

    /**
     * @param array<mixed> $items
     * @return null the arguments go on unchanged
     * @SuppressWarnings(PHPMD.UnusedFormalParameter)
     */
    public function beforeExecute(
        InvoiceOrderInterface $subject,
        $orderId,
        $capture = false,
        array $items = [],
        $notify = false,
        $appendComment = false,
        ?InvoiceCommentCreationInterface $comment = null,
        ?InvoiceCreationArgumentsInterface $arguments = null
    ) {
        $extension = $arguments ? $arguments->getExtensionAttributes() : null;
        $paymentId = $extension ? (string) $extension->getSmspayPaymentId() : '';
        if ($paymentId === '') {
            return null;
        }
        // The repository hands the invoice service this same order instance.
        $payment = $this->orders->get((int) $orderId)->getPayment();
        if ($payment && $payment->getMethod() === Config::METHOD_CODE) {
            $payment->setAdditionalInformation(PaymentInformation::PAYMENT_ID, $paymentId);
        }
        return null;
    }
}
