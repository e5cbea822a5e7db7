<?php
/**
 * A small Magento shop for the tests: in-memory orders and the Sales services
 * the module calls, behaving as Magento's do where the module relies on it
 * (an invoice with capture runs the payment method's capture command; a
 * paid order cannot be cancelled; credit memos add to total_refunded).
 */
declare(strict_types=1);

namespace Smspay\SmsPayment\Test\Unit\Support;

use Magento\Framework\App\Config\ScopeConfigInterface;
use Magento\Framework\Exception\NoSuchEntityException;
use Magento\Payment\Gateway\Data\PaymentDataObject;
use Magento\Sales\Api\CreditmemoManagementInterface;
use Magento\Sales\Api\Data\CreditmemoInterface;
use Magento\Sales\Api\Data\InvoiceCommentCreationInterface;
use Magento\Sales\Api\Data\InvoiceCreationArgumentsInterface;
use Magento\Sales\Api\Data\OrderInterface;
use Magento\Sales\Api\InvoiceOrderInterface;
use Magento\Sales\Api\OrderManagementInterface;
use Magento\Sales\Api\OrderRepositoryInterface;
use Magento\Sales\Model\Order;
use Smspay\SmsPayment\Gateway\Command\CaptureCommand;
use Smspay\SmsPayment\Gateway\Config\Config;
use Smspay\SmsPayment\Model\Amount;

class Shop implements OrderRepositoryInterface, OrderManagementInterface, InvoiceOrderInterface, CreditmemoManagementInterface, ScopeConfigInterface
{
    /** @var array<int, Order> */
    private $orders = [];

    /** @var array<string, mixed> config values by path */
    public $config = [];

    /** @var CaptureCommand|null the payment method's capture command, once wired */
    public $capture;

    /** @var list<array{orderId: int, capture: bool, notify: bool}> */
    public $invoices = [];

    /** @var int */
    public $saves = 0;

    public function __construct()
    {
        $this->config = [
            'payment/smspay/api_url' => FakeSmspay::URL . '/',
            'payment/smspay/api_key' => FakeSmspay::API_KEY,
            'payment/smspay/webhook_secret' => 'whsec_magento_test',
            'payment/smspay/test_mode' => '1',
            'general/locale/code' => 'fr_FR',
        ];
    }

    public function config(): Config
    {
        return new Config($this);
    }

    /** An order placed with Pay by SMS, waiting for its payment. */
    public function placeOrder(int $id = 42, string $grandTotal = '4.5000', string $currency = 'EUR'): Order
    {
        $order = new Order([
            'entity_id' => $id,
            'increment_id' => sprintf('%09d', $id),
            'protect_code' => 'f00d' . $id,
            'store_id' => 1,
            'state' => Order::STATE_PENDING_PAYMENT,
            'status' => 'pending_payment',
            'grand_total' => $grandTotal,
            'order_currency_code' => $currency,
            'customer_email' => 'ana@example.com',
        ]);
        $order->setPayment(new Order\Payment(['method' => Config::METHOD_CODE]));
        $order->setBillingAddress(new Order\Address(['telephone' => '+33 6 12 34 56 78']));
        $order->addItem(new Order\Item(['item_id' => $id * 10]));
        $this->orders[$id] = $order;
        return $order;
    }

    public function getValue($path, $scopeType = 'default', $scopeCode = null)
    {
        return $this->config[$path] ?? null;
    }

    public function get($id)
    {
        if (!isset($this->orders[(int) $id])) {
            throw new NoSuchEntityException(__('The entity that was requested doesn\'t exist.'));
        }
        return $this->orders[(int) $id];
    }

    public function save(OrderInterface $entity)
    {
        $this->saves++;
        return $entity;
    }

    public function cancel($id)
    {
        $order = $this->get($id);
        if ((float) $order->getTotalInvoiced() > 0 || $order->getState() === Order::STATE_CANCELED) {
            return false;
        }
        $order->setState(Order::STATE_CANCELED)->setStatus('canceled');
        return true;
    }

    public function execute(
        $orderId,
        $capture = false,
        array $items = [],
        $notify = false,
        $appendComment = false,
        ?InvoiceCommentCreationInterface $comment = null,
        ?InvoiceCreationArgumentsInterface $arguments = null
    ) {
        $order = $this->get($orderId);
        if ((float) $order->getTotalInvoiced() > 0 || $order->getState() === Order::STATE_CANCELED) {
            throw new \Magento\Framework\Exception\LocalizedException(
                __('The order does not allow an invoice to be created.')
            );
        }
        if ($capture && $this->capture !== null) {
            // Magento's PayOperation -> Payment::capture -> Adapter -> capture command.
            $this->capture->execute([
                'payment' => new PaymentDataObject($order, $order->getPayment()),
                'amount' => $order->getGrandTotal(),
            ]);
        }
        $this->invoices[] = ['orderId' => (int) $orderId, 'capture' => (bool) $capture, 'notify' => (bool) $notify];
        $order->setTotalInvoiced($order->getGrandTotal());
        $order->setTotalPaid($order->getGrandTotal());
        $order->setState(Order::STATE_PROCESSING)->setStatus('processing');
        return count($this->invoices);
    }

    public function refund(CreditmemoInterface $creditmemo, $offlineRequested = false)
    {
        /** @var Order $order */
        $order = $creditmemo->getOrder();
        $creditmemo->setOfflineRequested($offlineRequested);
        $order->creditmemos[] = $creditmemo;
        $currency = (string) $order->getOrderCurrencyCode();
        $refunded = Amount::toMinorUnits((string) ($order->getTotalRefunded() ?? '0'), $currency)
            + Amount::toMinorUnits((string) $creditmemo->getAdjustmentPositive(), $currency);
        $order->setTotalRefunded(Amount::toDecimal($refunded, $currency));
        return $creditmemo;
    }
}
