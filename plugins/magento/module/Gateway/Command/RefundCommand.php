<?php
/**
 * An online credit memo: asks smspay to refund the payment. The Idempotency-
 * Key is derived from the order, the credit memo's rank and its amount, so a
 * credit memo that failed after smspay refunded (and was rolled back) gets the
 * same refund back when the admin tries again, never a second one.
 */
declare(strict_types=1);

namespace Smspay\SmsPayment\Gateway\Command;

use InvalidArgumentException;
use Magento\Payment\Gateway\Command\CommandException;
use Magento\Payment\Gateway\CommandInterface;
use Magento\Payment\Gateway\Helper\SubjectReader;
use Smspay\SmsPayment\Gateway\Http\SmspayApiException;
use Smspay\SmsPayment\Gateway\Http\SmspayClient;
use Smspay\SmsPayment\Model\Amount;
use Smspay\SmsPayment\Model\PaymentInformation;

class RefundCommand implements CommandInterface
{
    /**
     * Starts the reason of every refund asked from a Magento credit memo:
     * smspay's callback (and its Magento adapter) skip such refunds, whose
     * credit memo Magento is saving already.
     */
    public const REASON_PREFIX = 'Magento credit memo';

    /** @var SmspayClient */
    private $client;

    /** @var PaymentInformation */
    private $information;

    public function __construct(SmspayClient $client, PaymentInformation $information)
    {
        $this->client = $client;
        $this->information = $information;
    }

    /** @param array<string, mixed> $commandSubject */
    public function execute(array $commandSubject)
    {
        $payment = SubjectReader::readPayment($commandSubject)->getPayment();
        $order = $payment->getOrder();
        $creditmemo = $payment->getCreditmemo();
        $paymentId = $this->information->paymentId($payment);
        if ($paymentId === '' || $creditmemo === null) {
            throw new CommandException(__('The SMS payment for this order is unknown.'));
        }
        // The credit memo's total is in the order currency, like the smspay payment.
        $currency = (string) $order->getOrderCurrencyCode();
        try {
            $amount = Amount::toMinorUnits($creditmemo->getGrandTotal(), $currency);
        } catch (InvalidArgumentException $e) {
            throw new CommandException(__('The refund amount is not valid: %1', $e->getMessage()));
        }
        $collection = $order->getCreditmemosCollection();
        $rank = ($collection ? count($collection) : 0) + 1;
        $key = sprintf('magento-%s-creditmemo-%d-%d', $order->getEntityId(), $rank, $amount);
        $reason = sprintf('%s #%d for order #%s', self::REASON_PREFIX, $rank, $order->getIncrementId());
        try {
            $refund = $this->client->refund(
                $paymentId,
                ['amount' => $amount, 'reason' => $reason],
                $key,
                (int) $order->getStoreId()
            );
        } catch (SmspayApiException $e) {
            throw new CommandException(__('smspay refused the refund: %1', $e->getMessage()));
        }
        $payment->setTransactionId((string) $refund['id']);
        $payment->setIsTransactionClosed(true);
        if (($refund['method'] ?? null) === 'merchant_credit') {
            // Premium SMS charges can rarely be credited back to the phone (DOMAIN.md).
            $order->addCommentToStatusHistory(
                (string) __(
                    'smspay cannot credit the customer\'s phone: refund %1 %2 to the customer another way.',
                    Amount::toDecimal($amount, $currency),
                    $currency
                )
            );
        }
        return null;
    }
}
