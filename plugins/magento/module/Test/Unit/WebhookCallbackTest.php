<?php
declare(strict_types=1);

namespace Smspay\SmsPayment\Test\Unit;

use Magento\Framework\App\Request\Http;
use Magento\Framework\App\ResourceConnection;
use Magento\Framework\Controller\ResultFactory;
use Magento\Sales\Model\Order;
use PHPUnit\Framework\TestCase;
use Smspay\SmsPayment\Controller\Payment\Callback;
use Smspay\SmsPayment\Gateway\Command\CaptureCommand;
use Smspay\SmsPayment\Gateway\Http\SmspayClient;
use Smspay\SmsPayment\Model\OrderUpdater;
use Smspay\SmsPayment\Model\PaymentCheck;
use Smspay\SmsPayment\Model\PaymentInformation;
use Smspay\SmsPayment\Model\ProcessedEvents;
use Smspay\SmsPayment\Model\SignatureVerifier;
use Smspay\SmsPayment\Model\WebhookHandler;
use Smspay\SmsPayment\Test\Unit\Support\FakeSmspay;
use Smspay\SmsPayment\Test\Unit\Support\InMemoryConnection;
use Smspay\SmsPayment\Test\Unit\Support\Recorder;
use Smspay\SmsPayment\Test\Unit\Support\Shop;

/**
 * The callback controller with the module's real classes behind it; only
 * Magento's services and smspay's API are stand-ins.
 */
class WebhookCallbackTest extends TestCase
{
    private const SECRET = 'whsec_magento_test';

    /** @var Shop */
    private $shop;

    /** @var FakeSmspay */
    private $smspay;

    /** @var InMemoryConnection */
    private $db;

    /** @var Recorder */
    private $log;

    /** @var Order */
    private $order;

    protected function setUp(): void
    {
        $this->shop = new Shop();
        $this->smspay = new FakeSmspay();
        $this->db = new InMemoryConnection();
        $this->log = new Recorder();
        $this->order = $this->shop->placeOrder(42);
        $this->order->getPayment()->setAdditionalInformation(PaymentInformation::PAYMENT_ID, 'pay_abc123');
        $config = $this->shop->config();
        $check = new PaymentCheck($config);
        $this->shop->capture = new CaptureCommand(
            new SmspayClient($this->smspay->curlFactory(), $config),
            new PaymentInformation(),
            $check
        );
    }

    private function post(string $body, ?string $signature = null): array
    {
        $config = $this->shop->config();
        $handler = new WebhookHandler(
            new SignatureVerifier(),
            $config,
            new ProcessedEvents(new ResourceConnection($this->db)),
            $this->shop,
            new OrderUpdater($this->shop, $this->shop, $this->shop, new Order\CreditmemoFactory(), $this->shop, new PaymentInformation(), new PaymentCheck($config)),
            $this->log
        );
        $now = time();
        $signature = $signature ?? sprintf('t=%d,v1=%s', $now, hash_hmac('sha256', $now . '.' . $body, self::SECRET));
        $request = new Http([], ['Smspay-Signature' => $signature, 'Content-Type' => 'application/json'], $body);
        $result = (new Callback($request, $handler, new ResultFactory()))->execute();
        return [$result->status, json_decode($result->contents, true)['status']];
    }

    /** @param array<string, mixed> $payment @param array<string, mixed>|null $refund */
    private static function event(string $id, string $type, array $payment, ?array $refund = null): string
    {
        $data = ['payment' => FakeSmspay::payment($payment)];
        if ($refund !== null) {
            $data['refund'] = $refund;
        }
        return (string) json_encode(['id' => $id, 'type' => $type, 'createdAt' => '2026-11-27T10:00:00.000Z', 'data' => $data]);
    }

    private function paid(): array
    {
        $this->smspay->answer('GET', '/v1/payments/pay_abc123', 200, FakeSmspay::payment(['status' => 'succeeded', 'customer' => ['phoneLast4' => '5678']]));
        return $this->post(self::event('evt_paid', 'payment.succeeded', ['status' => 'succeeded', 'customer' => ['phoneLast4' => '5678']]));
    }

    public function testASucceededPaymentInvoicesTheOrderWithCapture(): void
    {
        self::assertSame([200, 'handled'], $this->paid());
        self::assertSame([['orderId' => 42, 'capture' => true, 'notify' => true]], $this->shop->invoices);
        self::assertSame(Order::STATE_PROCESSING, $this->order->getState());
        // The capture command confirmed the payment with smspay and made it the transaction.
        self::assertSame('pay_abc123', $this->order->getPayment()->getTransactionId());
        self::assertSame(['GET /v1/payments/pay_abc123'], array_map(
            static function (array $r): string {
                return $r['method'] . ' ' . $r['path'];
            },
            $this->smspay->requests
        ));
        self::assertSame('5678', $this->order->getPayment()->getAdditionalInformation(PaymentInformation::PHONE_LAST4));
        self::assertSame(
            ['smspay: paid by SMS (payment pay_abc123). Reference 123456.'],
            $this->comments()
        );
    }

    public function testTheSameEventTwiceInvoicesOnce(): void
    {
        $this->paid();
        self::assertSame([200, 'duplicate'], $this->paid());
        self::assertCount(1, $this->shop->invoices);
        self::assertCount(1, $this->comments());
    }

    public function testABadSignatureIsRefusedBeforeTheOrderIsTouched(): void
    {
        $body = self::event('evt_forged', 'payment.succeeded', ['status' => 'succeeded']);
        $now = time();
        $forged = sprintf('t=%d,v1=%s', $now, hash_hmac('sha256', $now . '.' . $body, 'whsec_guess'));
        self::assertSame([401, 'invalid signature'], $this->post($body, $forged));
        self::assertSame([401, 'invalid signature'], $this->post($body, ''));
        self::assertSame([], $this->shop->invoices);
        self::assertSame(0, $this->shop->saves);
        self::assertSame([], $this->db->tables);
    }

    public function testNoSecretConfiguredMeansNoCallbackIsTrusted(): void
    {
        $this->shop->config['payment/smspay/webhook_secret'] = null;
        self::assertSame(401, $this->paid()[0]);
        self::assertSame([], $this->shop->invoices);
    }

    public function testAFailedPaymentCancelsTheOrder(): void
    {
        $status = $this->post(self::event('evt_failed', 'payment.failed', ['status' => 'failed', 'failureCode' => 'insufficient_funds']));
        self::assertSame([200, 'handled'], $status);
        self::assertSame(Order::STATE_CANCELED, $this->order->getState());
        self::assertSame(['smspay: payment pay_abc123 failed. Reason: insufficient_funds.'], $this->comments());
    }

    public function testALateExpiryNeverUnpaysAPaidOrder(): void
    {
        $this->paid();
        self::assertSame([200, 'handled'], $this->post(self::event('evt_expired', 'payment.expired', ['status' => 'expired'])));
        self::assertSame(Order::STATE_PROCESSING, $this->order->getState());
    }

    public function testAPaymentForAnotherAmountDoesNotPayTheOrder(): void
    {
        $status = $this->post(self::event('evt_cheap', 'payment.succeeded', ['status' => 'succeeded', 'amount' => 99]));
        self::assertSame([200, 'handled'], $status);
        self::assertSame([], $this->shop->invoices);
        self::assertSame(Order::STATE_PENDING_PAYMENT, $this->order->getState());
        self::assertSame(['smspay: not invoiced, payment pay_abc123 is 0.99 EUR, the order 4.50 EUR.'], $this->comments());
    }

    public function testASandboxPaymentNeverPaysALiveStore(): void
    {
        $this->shop->config['payment/smspay/test_mode'] = '0';
        $this->post(self::event('evt_test', 'payment.succeeded', ['status' => 'succeeded', 'test' => true]));
        self::assertSame([], $this->shop->invoices);
        self::assertStringContainsString('test payment and the store is live', $this->comments()[0]);
    }

    public function testARefundMadeInSmspayBecomesOneOfflineCreditMemo(): void
    {
        $this->paid();
        $refund = ['id' => 're_1', 'paymentId' => 'pay_abc123', 'amount' => 150, 'currency' => 'EUR', 'status' => 'succeeded', 'method' => 'merchant_credit', 'reason' => 'one item missing'];
        $event = self::event('evt_refund', 'payment.partially_refunded', ['status' => 'partially_refunded', 'refundedAmount' => 150], $refund);
        self::assertSame([200, 'handled'], $this->post($event));
        // smspay sends the same refund again under a new event id (e.g. after a replay).
        $again = self::event('evt_refund_replayed', 'payment.partially_refunded', ['status' => 'partially_refunded'], $refund);
        self::assertSame([200, 'handled'], $this->post($again));

        self::assertCount(1, $this->order->creditmemos);
        $memo = $this->order->creditmemos[0];
        self::assertTrue($memo->getOfflineRequested());
        self::assertSame('1.50', $memo->getAdjustmentPositive());
        self::assertSame(0, $memo->getShippingAmount());
        self::assertSame([420 => 0], $memo->getQtys());
        self::assertSame('re_1', $memo->getTransactionId());
        self::assertSame('smspay refund re_1: one item missing', $memo->getComments()[0]->getComment());
        self::assertSame('1.50', $this->order->getTotalRefunded());
    }

    public function testARefundAskedFromAMagentoCreditMemoIsNotRecordedTwice(): void
    {
        $this->paid();
        $refund = ['id' => 're_2', 'amount' => 450, 'currency' => 'EUR', 'reason' => 'Magento credit memo #1 for order #000000042'];
        $this->post(self::event('evt_refund2', 'payment.refunded', ['status' => 'refunded'], $refund));
        self::assertSame([], $this->order->creditmemos);
    }

    public function testAFailureWhileHandlingIsRetriedBySmspay(): void
    {
        // smspay cannot confirm the payment to the capture command: the invoice fails.
        $this->smspay->answer('GET', '/v1/payments/pay_abc123', 503, ['code' => 'service_unavailable', 'detail' => 'database down']);
        $body = self::event('evt_paid', 'payment.succeeded', ['status' => 'succeeded']);
        self::assertSame([500, 'not handled, retry'], $this->post($body));
        self::assertSame([], $this->db->tables['smspay_processed_event'] ?? []);
        self::assertSame('error', $this->log->logs[0][0]);

        self::assertSame([200, 'handled'], $this->paid());
        self::assertCount(1, $this->shop->invoices);
    }

    public function testEventsForOrdersThisShopDoesNotHaveAreAcknowledged(): void
    {
        self::assertSame([200, 'unknown order'], $this->post(self::event('evt_x', 'payment.succeeded', ['orderRef' => '999'])));
        self::assertSame([200, 'unknown order'], $this->post(self::event('evt_y', 'payment.succeeded', ['orderRef' => '000000042'])));
        self::assertSame([400, 'not an smspay event'], $this->post('{"id":"evt_z"}'));
    }

    public function testTheSignatureReplacesMagentosFormKey(): void
    {
        $controller = new Callback(new Http(), $this->createMock(WebhookHandler::class), new ResultFactory());
        self::assertNull($controller->createCsrfValidationException(new Http()));
        self::assertTrue($controller->validateForCsrf(new Http()));
    }

    /** @return list<string> */
    private function comments(): array
    {
        return array_map(static function ($history): string {
            return (string) $history->getComment();
        }, $this->order->getStatusHistories());
    }
}
