<?php
declare(strict_types=1);

namespace Smspay\SmsPayment\Test\Unit;

use Magento\Checkout\Model\Session;
use Magento\Framework\App\Request\Http;
use Magento\Framework\Controller\ResultFactory;
use Magento\Sales\Model\Order;
use PHPUnit\Framework\TestCase;
use Smspay\SmsPayment\Controller\Payment\ReturnAction;
use Smspay\SmsPayment\Gateway\Command\CaptureCommand;
use Smspay\SmsPayment\Gateway\Http\SmspayClient;
use Smspay\SmsPayment\Model\OrderUpdater;
use Smspay\SmsPayment\Model\PaymentCheck;
use Smspay\SmsPayment\Model\PaymentInformation;
use Smspay\SmsPayment\Test\Unit\Support\FakeSmspay;
use Smspay\SmsPayment\Test\Unit\Support\Recorder;
use Smspay\SmsPayment\Test\Unit\Support\Shop;

class ReturnActionTest extends TestCase
{
    /** @var Shop */
    private $shop;

    /** @var FakeSmspay */
    private $smspay;

    /** @var Recorder */
    private $recorder;

    /** @var Session */
    private $session;

    /** @var Order */
    private $order;

    protected function setUp(): void
    {
        $this->shop = new Shop();
        $this->smspay = new FakeSmspay();
        $this->recorder = new Recorder();
        $this->session = new Session(['last_order_id' => 42]);
        $this->order = $this->shop->placeOrder(42);
        $this->order->getPayment()->setAdditionalInformation(PaymentInformation::PAYMENT_ID, 'pay_abc123');
        $client = new SmspayClient($this->smspay->curlFactory(), $this->shop->config());
        $this->shop->capture = new CaptureCommand($client, new PaymentInformation(), new PaymentCheck($this->shop->config()));
    }

    /** @param array<string, string> $query */
    private function back(array $query = [])
    {
        $config = $this->shop->config();
        $updater = new OrderUpdater($this->shop, $this->shop, $this->shop, new Order\CreditmemoFactory(), $this->shop, new PaymentInformation(), new PaymentCheck($config));
        $controller = new ReturnAction(
            $this->session,
            new Http($query),
            $this->shop,
            new SmspayClient($this->smspay->curlFactory(), $config),
            new PaymentInformation(),
            $updater,
            new ResultFactory(),
            $this->recorder
        );
        return $controller->execute();
    }

    public function testConfirmsWithSmspayBeforeTrustingTheReturn(): void
    {
        $this->smspay->answer('GET', '/v1/payments/pay_abc123', 200, FakeSmspay::payment(['status' => 'succeeded']));
        // What the URL claims is not what decides.
        $result = $this->back(['smspay_status' => 'failed']);
        self::assertSame('checkout/onepage/success', $result->path);
        self::assertSame(Order::STATE_PROCESSING, $this->order->getState());
        self::assertCount(1, $this->shop->invoices);
    }

    public function testAPaymentStillUnderWayLeavesTheOrderWaiting(): void
    {
        $this->smspay->answer('GET', '/v1/payments/pay_abc123', 200, FakeSmspay::payment(['status' => 'processing']));
        $result = $this->back(['smspay_status' => 'succeeded']);
        self::assertSame('checkout/onepage/success', $result->path);
        self::assertSame(Order::STATE_PENDING_PAYMENT, $this->order->getState());
        self::assertSame('notice', $this->recorder->messages[0][0]);
    }

    public function testAFailedPaymentCancelsTheOrderAndGivesTheCartBack(): void
    {
        $this->smspay->answer('GET', '/v1/payments/pay_abc123', 200, FakeSmspay::payment(['status' => 'expired']));
        $result = $this->back();
        self::assertSame('checkout/cart', $result->path);
        self::assertSame(Order::STATE_CANCELED, $this->order->getState());
        self::assertSame(1, $this->session->quoteRestored);
    }

    public function testFollowsARetryPaymentOnlyWhenItIsForThisOrder(): void
    {
        $this->smspay->answer('GET', '/v1/payments/pay_retry2', 200, FakeSmspay::payment(['id' => 'pay_retry2', 'status' => 'succeeded', 'orderRef' => '7']));
        self::assertSame('checkout/cart', $this->back(['smspay_payment' => 'pay_retry2'])->path);
        self::assertSame([], $this->shop->invoices);

        $this->smspay->answer('GET', '/v1/payments/pay_retry3', 200, FakeSmspay::payment(['id' => 'pay_retry3', 'status' => 'succeeded']));
        $this->back(['smspay_payment' => 'pay_retry3']);
        self::assertSame('pay_retry3', $this->order->getPayment()->getTransactionId());
    }
}
