<?php
/**
 * Starts the SMS payment of a just-placed order: creates it at smspay (or gets
 * the one a repeated redirect already created), keeps its id and reference on
 * the order payment, and tells where to send the customer.
 */
declare(strict_types=1);

namespace Smspay\SmsPayment\Model;

use Magento\Framework\UrlInterface;
use Magento\Sales\Api\OrderManagementInterface;
use Magento\Sales\Api\OrderRepositoryInterface;
use Magento\Sales\Model\Order;
use Smspay\SmsPayment\Gateway\Http\SmspayApiException;
use Smspay\SmsPayment\Gateway\Http\SmspayClient;

class PaymentStarter
{
    /** @var SmspayClient */
    private $client;

    /** @var PaymentRequestBuilder */
    private $requests;

    /** @var PaymentInformation */
    private $information;

    /** @var OrderRepositoryInterface */
    private $orders;

    /** @var OrderManagementInterface */
    private $orderManagement;

    /** @var UrlInterface */
    private $urls;

    public function __construct(
        SmspayClient $client,
        PaymentRequestBuilder $requests,
        PaymentInformation $information,
        OrderRepositoryInterface $orders,
        OrderManagementInterface $orderManagement,
        UrlInterface $urls
    ) {
        $this->client = $client;
        $this->requests = $requests;
        $this->information = $information;
        $this->orders = $orders;
        $this->orderManagement = $orderManagement;
        $this->urls = $urls;
    }

    /**
     * @return string smspay's checkout page for this order
     * @throws SmspayApiException when smspay refuses or cannot be reached
     * @throws \InvalidArgumentException when the order total cannot be paid exactly
     */
    public function start(Order $order): string
    {
        $request = $this->requests->build($order, $this->urls->getUrl('smspay/payment/return', ['_secure' => true]));
        $key = $this->requests->idempotencyKey($order);
        $storeId = (int) $order->getStoreId();
        try {
            $payment = $this->client->createPayment($request, $key, $storeId);
        } catch (SmspayApiException $e) {
            // The billing phone is only a convenience (pre-filled on the payment
            // page): a number smspay cannot use must not stop the payment.
            if (!isset($request['customer']['phone']) || !$e->concernsField('customer.phone')) {
                throw $e;
            }
            unset($request['customer']['phone']);
            $payment = $this->client->createPayment($request, $key, $storeId);
        }
        $firstTime = $this->information->paymentId($order->getPayment()) !== (string) $payment['id'];
        $this->information->record($order->getPayment(), $payment);
        if ($firstTime) {
            $order->addCommentToStatusHistory(sprintf('smspay: payment %s created.', $payment['id']), false, false);
        }
        $this->orders->save($order);
        return (string) $payment['checkoutUrl'];
    }

    /** smspay refused the payment: cancel the order so the customer can pay another way. */
    public function abandon(Order $order, string $why): void
    {
        $this->orderManagement->cancel((int) $order->getEntityId());
        $order = $this->orders->get((int) $order->getEntityId());
        $order->addCommentToStatusHistory('smspay: payment not started, ' . $why . '.', false, false);
        $this->orders->save($order);
    }
}
