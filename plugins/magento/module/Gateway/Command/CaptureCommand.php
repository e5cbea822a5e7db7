<?php
/**
 * Invoicing with "capture online": the money was taken by SMS already, so
 * capturing means asking smspay whether the order's payment really succeeded
 * (an admin capturing an unpaid order, or a forged call, gets an error), then
 * recording that payment as the invoice's transaction.
 */
declare(strict_types=1);

namespace Smspay\SmsPayment\Gateway\Command;

use Magento\Payment\Gateway\Command\CommandException;
use Magento\Payment\Gateway\CommandInterface;
use Magento\Payment\Gateway\Helper\SubjectReader;
use Smspay\SmsPayment\Gateway\Http\SmspayApiException;
use Smspay\SmsPayment\Gateway\Http\SmspayClient;
use Smspay\SmsPayment\Model\PaymentCheck;
use Smspay\SmsPayment\Model\PaymentInformation;

class CaptureCommand implements CommandInterface
{
    /** @var SmspayClient */
    private $client;

    /** @var PaymentInformation */
    private $information;

    /** @var PaymentCheck */
    private $check;

    public function __construct(SmspayClient $client, PaymentInformation $information, PaymentCheck $check)
    {
        $this->client = $client;
        $this->information = $information;
        $this->check = $check;
    }

    /** @param array<string, mixed> $commandSubject */
    public function execute(array $commandSubject)
    {
        $payment = SubjectReader::readPayment($commandSubject)->getPayment();
        $order = $payment->getOrder();
        $paymentId = $this->information->paymentId($payment);
        if ($paymentId === '') {
            throw new CommandException(__('The SMS payment for this order is unknown.'));
        }
        try {
            $smspay = $this->client->getPayment($paymentId, (int) $order->getStoreId());
        } catch (SmspayApiException $e) {
            throw new CommandException(__('smspay could not confirm the SMS payment: %1', $e->getMessage()));
        }
        $problem = $this->check->whyNotPaying($order, $smspay);
        if ($problem !== null) {
            throw new CommandException(__('The SMS payment cannot be captured: %1.', $problem));
        }
        $this->information->record($payment, $smspay);
        $payment->setTransactionId($paymentId);
        $payment->setIsTransactionClosed(true);
        return null;
    }
}
