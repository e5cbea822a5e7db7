<?php
/**
 * smspay's server-to-server callback (shared/webhooks.md): the signature is
 * checked over the raw body before anything reads it, then the event is
 * handled once per event id. Answers are [HTTP status, message]: 2xx when
 * smspay should stop sending this event (handled, duplicate, not ours),
 * anything else to have it retried.
 */
declare(strict_types=1);

namespace Smspay\SmsPayment\Model;

use Magento\Framework\Exception\NoSuchEntityException;
use Magento\Sales\Api\OrderRepositoryInterface;
use Magento\Sales\Model\Order;
use Psr\Log\LoggerInterface;
use Smspay\SmsPayment\Gateway\Config\Config;
use Throwable;

class WebhookHandler
{
    /** @var SignatureVerifier */
    private $signatures;

    /** @var Config */
    private $config;

    /** @var ProcessedEvents */
    private $events;

    /** @var OrderRepositoryInterface */
    private $orders;

    /** @var OrderUpdater */
    private $updater;

    /** @var LoggerInterface */
    private $logger;

    public function __construct(
        SignatureVerifier $signatures,
        Config $config,
        ProcessedEvents $events,
        OrderRepositoryInterface $orders,
        OrderUpdater $updater,
        LoggerInterface $logger
    ) {
        $this->signatures = $signatures;
        $this->config = $config;
        $this->events = $events;
        $this->orders = $orders;
        $this->updater = $updater;
        $this->logger = $logger;
    }

    /** @return array{0: int, 1: string} */
    public function handle(string $rawBody, string $signatureHeader, int $now): array
    {
        // The store the callback URL belongs to decides which secret applies.
        if (!$this->signatures->verify($this->config->getWebhookSecret(), $signatureHeader, $rawBody, $now)) {
            return [401, 'invalid signature'];
        }
        $event = json_decode($rawBody, true);
        $payment = is_array($event) ? ($event['data']['payment'] ?? null) : null;
        if (!is_array($event) || !is_string($event['id'] ?? null) || !is_string($event['type'] ?? null)
            || !is_array($payment) || !is_string($payment['id'] ?? null) || !is_string($payment['orderRef'] ?? null)
        ) {
            return [400, 'not an smspay event'];
        }
        $order = $this->order($payment['orderRef']);
        if ($order === null) {
            $this->logger->warning('smspay callback for an unknown order', ['event' => $event['id']]);
            return [200, 'unknown order'];
        }
        $refund = $event['data']['refund'] ?? null;
        try {
            $handled = $this->events->once(
                $event['id'],
                (int) $order->getEntityId(),
                function () use ($event, $order, $payment, $refund): void {
                    $this->apply((string) $event['type'], $order, $payment, is_array($refund) ? $refund : null);
                }
            );
        } catch (Throwable $e) {
            $this->logger->error('smspay callback failed', ['event' => $event['id'], 'exception' => $e]);
            return [500, 'not handled, retry'];
        }
        return [200, $handled ? 'handled' : 'duplicate'];
    }

    /**
     * @param array<string, mixed> $payment
     * @param array<string, mixed>|null $refund
     */
    private function apply(string $type, Order $order, array $payment, ?array $refund): void
    {
        switch ($type) {
            case 'payment.succeeded':
                $this->updater->paid($order, $payment);
                break;
            case 'payment.failed':
            case 'payment.expired':
            case 'payment.canceled':
                $this->updater->stopped($order, $payment, substr($type, strlen('payment.')));
                break;
            case 'payment.refunded':
            case 'payment.partially_refunded':
                if ($refund !== null) {
                    $this->updater->refunded($order, $payment, $refund);
                }
                break;
            case 'payment.disputed':
                $this->updater->disputed($order, $payment);
                break;
        }
    }

    /** The order paid with this module, or null when this shop has no such order. */
    private function order(string $orderRef): ?Order
    {
        if (!preg_match('/^[1-9]\d{0,9}$/', $orderRef)) {
            return null;
        }
        try {
            $order = $this->orders->get((int) $orderRef);
        } catch (NoSuchEntityException $e) {
            return null;
        }
        $payment = $order->getPayment();
        return $payment && $payment->getMethod() === Config::METHOD_CODE ? $order : null;
    }
}
