<?php
/**
 * Applies what smspay confirmed about a payment to its Magento order, whoever
 * brings the news (the signed callback, the customer's return, both): each
 * step looks at the order first, so news told twice changes it once.
 *
 * The order comments start with the same words smspay's own Magento adapter
 * writes ("smspay: paid by SMS (payment …)", "smspay refund re_…"), on
 * purpose and untranslated: they mark what was already recorded, for both.
 */
declare(strict_types=1);

namespace Smspay\SmsPayment\Model;

use Magento\Sales\Api\CreditmemoManagementInterface;
use Magento\Sales\Api\InvoiceOrderInterface;
use Magento\Sales\Api\OrderManagementInterface;
use Magento\Sales\Api\OrderRepositoryInterface;
use Magento\Sales\Model\Order;
use Magento\Sales\Model\Order\CreditmemoFactory;
use Smspay\SmsPayment\Gateway\Command\RefundCommand;

class OrderUpdater
{
    /** @var OrderRepositoryInterface */
    private $orders;

    /** @var InvoiceOrderInterface */
    private $invoiceOrder;

    /** @var OrderManagementInterface */
    private $orderManagement;

    /** @var CreditmemoFactory */
    private $creditmemoFactory;

    /** @var CreditmemoManagementInterface */
    private $creditmemoManagement;

    /** @var PaymentInformation */
    private $information;

    /** @var PaymentCheck */
    private $check;

    public function __construct(
        OrderRepositoryInterface $orders,
        InvoiceOrderInterface $invoiceOrder,
        OrderManagementInterface $orderManagement,
        CreditmemoFactory $creditmemoFactory,
        CreditmemoManagementInterface $creditmemoManagement,
        PaymentInformation $information,
        PaymentCheck $check
    ) {
        $this->orders = $orders;
        $this->invoiceOrder = $invoiceOrder;
        $this->orderManagement = $orderManagement;
        $this->creditmemoFactory = $creditmemoFactory;
        $this->creditmemoManagement = $creditmemoManagement;
        $this->information = $information;
        $this->check = $check;
    }

    /**
     * The payment succeeded: invoice the order with capture (the capture
     * command records the payment as its transaction), moving it to processing.
     *
     * @param array<string, mixed> $payment
     */
    public function paid(Order $order, array $payment): void
    {
        if ($this->isInvoiced($order)) {
            return;
        }
        $problem = $this->check->whyNotPaying($order, $payment);
        if ($problem === null && in_array($order->getState(), [Order::STATE_CANCELED, Order::STATE_CLOSED], true)) {
            $problem = sprintf('payment %s arrived after the order was canceled: refund or restore it', $payment['id']);
        }
        if ($problem !== null) {
            // Nothing smspay can retry its way out of: the merchant decides.
            $this->comment($order, 'smspay: not invoiced, ' . $problem . '.', false);
            return;
        }
        $this->information->record($order->getPayment(), $payment);
        $this->orders->save($order);
        $this->invoiceOrder->execute((int) $order->getEntityId(), true, [], true);
        // The invoice service saved its own copy of the order: comment on that one.
        $order = $this->orders->get((int) $order->getEntityId());
        $reference = is_string($payment['reference'] ?? null) ? ' Reference ' . $payment['reference'] . '.' : '';
        $this->comment($order, sprintf('smspay: paid by SMS (payment %s).%s', $payment['id'], $reference), true);
    }

    /**
     * The payment failed, expired or was canceled: cancel the order so it does
     * not ship, unless it is paid (a late failure never unpays an order).
     *
     * @param array<string, mixed> $payment
     */
    public function stopped(Order $order, array $payment, string $reason): void
    {
        if ($this->isInvoiced($order)) {
            return;
        }
        if ((string) ($payment['orderRef'] ?? '') !== (string) $order->getEntityId()) {
            return;
        }
        $this->information->record($order->getPayment(), $payment);
        $this->orders->save($order);
        if ($order->getState() !== Order::STATE_CANCELED) {
            $this->orderManagement->cancel((int) $order->getEntityId());
            $order = $this->orders->get((int) $order->getEntityId());
        }
        $failure = is_string($payment['failureCode'] ?? null) ? ' Reason: ' . $payment['failureCode'] . '.' : '';
        $this->comment($order, sprintf('smspay: payment %s %s.%s', $payment['id'], $reason, $failure), false);
    }

    /**
     * A refund made in smspay (dashboard, API): an offline credit memo of
     * exactly its amount, once per refund id. Refunds made from a Magento
     * credit memo already have theirs.
     *
     * @param array<string, mixed> $payment
     * @param array<string, mixed> $refund
     */
    public function refunded(Order $order, array $payment, array $refund): void
    {
        $refundId = (string) ($refund['id'] ?? '');
        $reason = is_string($refund['reason'] ?? null) ? $refund['reason'] : '';
        if ($refundId === '' || strpos($reason, RefundCommand::REASON_PREFIX) === 0) {
            return;
        }
        if (!$this->isInvoiced($order) || $this->hasCreditmemoFor($order, $refundId)) {
            return;
        }
        $currency = (string) $order->getOrderCurrencyCode();
        if (($refund['currency'] ?? null) !== $currency || !is_int($refund['amount'] ?? null)) {
            $this->comment($order, sprintf('smspay: refund %s does not match the order currency.', $refundId), false);
            return;
        }
        // Every line at quantity 0 plus an adjustment: exactly the amount smspay refunded.
        $qtys = [];
        foreach ($order->getAllItems() as $item) {
            $qtys[(int) $item->getItemId()] = 0;
        }
        $creditmemo = $this->creditmemoFactory->createByOrder($order, [
            'qtys' => $qtys,
            'shipping_amount' => 0,
            'adjustment_positive' => Amount::toDecimal($refund['amount'], $currency),
            'adjustment_negative' => 0,
        ]);
        $creditmemo->setTransactionId($refundId);
        $creditmemo->addComment(
            sprintf('smspay refund %s%s', $refundId, $reason !== '' ? ': ' . $reason : ''),
            false,
            false
        );
        $this->creditmemoManagement->refund($creditmemo, true);
    }

    /** @param array<string, mixed> $payment */
    public function disputed(Order $order, array $payment): void
    {
        $this->comment($order, sprintf('smspay: payment %s disputed by the operator.', $payment['id']), false);
    }

    private function isInvoiced(Order $order): bool
    {
        return (float) $order->getTotalInvoiced() > 0;
    }

    private function hasCreditmemoFor(Order $order, string $refundId): bool
    {
        foreach ($order->getCreditmemosCollection() ?: [] as $creditmemo) {
            if ($creditmemo->getTransactionId() === $refundId) {
                return true;
            }
            foreach ($creditmemo->getComments() as $comment) {
                if (strpos((string) $comment->getComment(), $refundId) !== false) {
                    return true;
                }
            }
        }
        return false;
    }

    private function comment(Order $order, string $text, bool $visibleOnFront): void
    {
        foreach ($order->getStatusHistories() ?: [] as $history) {
            if ((string) $history->getComment() === $text) {
                return;
            }
        }
        $order->addCommentToStatusHistory($text, false, $visibleOnFront);
        $this->orders->save($order);
    }
}
