<?php
declare(strict_types=1);

namespace Smspay\SmsPayment\Test\Unit;

use Magento\Framework\DataObject;
use Magento\Payment\Gateway\Command\CommandException;
use Magento\Payment\Gateway\Data\PaymentDataObject;
use Magento\Sales\Model\Order;
use PHPUnit\Framework\TestCase;
use Smspay\SmsPayment\Gateway\Command\CaptureCommand;
use Smspay\SmsPayment\Gateway\Command\InitializeCommand;
use Smspay\SmsPayment\Gateway\Command\RefundCommand;
use Smspay\SmsPayment\Gateway\Http\SmspayClient;
use Smspay\SmsPayment\Model\PaymentCheck;
use Smspay\SmsPayment\Model\PaymentInformation;
use Smspay\SmsPayment\Test\Unit\Support\FakeSmspay;
use Smspay\SmsPayment\Test\Unit\Support\Shop;

class GatewayCommandsTest extends TestCase
{
    /** @var Shop */
    private $shop;

    /** @var FakeSmspay */
    private $smspay;

    /** @var Order */
    private $order;

    protected function setUp(): void
    {
        $this->shop = new Shop();
        $this->smspay = new FakeSmspay();
        $this->order = $this->shop->placeOrder(42);
        $this->order->getPayment()->setAdditionalInformation(PaymentInformation::PAYMENT_ID, 'pay_abc123');
    }

    private function client(): SmspayClient
    {
        return new SmspayClient($this->smspay->curlFactory(), $this->shop->config());
    }

    /** @return array<string, mixed> */
    private function subject(): array
    {
        return ['payment' => new PaymentDataObject($this->order, $this->order->getPayment()), 'amount' => 4.5];
    }

    public function testPlacingTheOrderWaitsForPaymentWithoutCapturing(): void
    {
        $state = new DataObject();
        (new InitializeCommand())->execute($this->subject() + ['paymentAction' => 'authorize', 'stateObject' => $state]);
        self::assertSame(Order::STATE_PENDING_PAYMENT, $state->getData('state'));
        self::assertSame('pending_payment', $state->getData('status'));
        self::assertFalse($state->getData('is_notified'));
        self::assertSame([], $this->smspay->requests);
    }

    public function testCaptureRecordsTheSmspayPaymentSmspayConfirms(): void
    {
        $this->smspay->answer('GET', '/v1/payments/pay_abc123', 200, FakeSmspay::payment(['status' => 'succeeded']));
        (new CaptureCommand($this->client(), new PaymentInformation(), new PaymentCheck($this->shop->config())))->execute($this->subject());
        self::assertSame('pay_abc123', $this->order->getPayment()->getTransactionId());
        self::assertTrue($this->order->getPayment()->getIsTransactionClosed());
    }

    /** @return array<string, array{0: array<string, mixed>, 1: string}> */
    public function unpaid(): array
    {
        return [
            'still pending' => [['status' => 'pending'], 'is pending, not paid'],
            'another order' => [['status' => 'succeeded', 'orderRef' => '43'], 'for another order'],
            'another amount' => [['status' => 'succeeded', 'amount' => 449], 'is 4.49 EUR, the order 4.50 EUR'],
            'another currency' => [['status' => 'succeeded', 'currency' => 'GBP'], 'GBP'],
        ];
    }

    /**
     * @dataProvider unpaid
     * @param array<string, mixed> $payment
     */
    public function testCaptureRefusesAPaymentThatDoesNotPayTheOrder(array $payment, string $why): void
    {
        $this->smspay->answer('GET', '/v1/payments/pay_abc123', 200, FakeSmspay::payment($payment));
        try {
            (new CaptureCommand($this->client(), new PaymentInformation(), new PaymentCheck($this->shop->config())))->execute($this->subject());
            self::fail('captured');
        } catch (CommandException $e) {
            self::assertStringContainsString($why, $e->getMessage());
        }
        self::assertNull($this->order->getPayment()->getTransactionId());
    }

    public function testCaptureWithoutAKnownPaymentFails(): void
    {
        $this->order->getPayment()->setAdditionalInformation(PaymentInformation::PAYMENT_ID, null);
        $this->expectException(CommandException::class);
        $this->expectExceptionMessage('The SMS payment for this order is unknown.');
        (new CaptureCommand($this->client(), new PaymentInformation(), new PaymentCheck($this->shop->config())))->execute($this->subject());
    }

    private function creditmemo(string $grandTotal): Order\Creditmemo
    {
        $memo = new Order\Creditmemo(['order' => $this->order, 'grand_total' => $grandTotal]);
        $this->order->getPayment()->setCreditmemo($memo);
        $this->order->setTotalInvoiced('4.5000');
        return $memo;
    }

    public function testAnOnlineCreditMemoRefundsThroughSmspayWithAnIdempotencyKey(): void
    {
        $this->creditmemo('1.5000');
        $this->smspay->answer('POST', '/v1/payments/pay_abc123/refunds', 201, [
            'id' => 're_9', 'paymentId' => 'pay_abc123', 'amount' => 150, 'currency' => 'EUR',
            'status' => 'succeeded', 'method' => 'phone_credit', 'reason' => null,
        ]);
        (new RefundCommand($this->client(), new PaymentInformation()))->execute($this->subject());

        $request = $this->smspay->requests[0];
        self::assertSame('POST', $request['method']);
        self::assertSame('magento-42-creditmemo-1-150', $request['headers']['Idempotency-Key']);
        self::assertSame(['amount' => 150, 'reason' => 'Magento credit memo #1 for order #000000042'], $request['body']);
        self::assertSame('re_9', $this->order->getPayment()->getTransactionId());
        self::assertSame([], $this->order->getStatusHistories());
    }

    public function testTheSecondCreditMemoGetsAnotherKey(): void
    {
        $this->order->creditmemos[] = new Order\Creditmemo(['transaction_id' => 're_9']);
        $this->creditmemo('1.5000');
        $this->smspay->answer('POST', '/v1/payments/pay_abc123/refunds', 201, ['id' => 're_10', 'method' => 'phone_credit']);
        (new RefundCommand($this->client(), new PaymentInformation()))->execute($this->subject());
        self::assertSame('magento-42-creditmemo-2-150', $this->smspay->requests[0]['headers']['Idempotency-Key']);
    }

    public function testARefundSmspayCannotCreditToThePhoneTellsTheMerchant(): void
    {
        $this->creditmemo('4.5000');
        $this->smspay->answer('POST', '/v1/payments/pay_abc123/refunds', 201, ['id' => 're_11', 'method' => 'merchant_credit']);
        (new RefundCommand($this->client(), new PaymentInformation()))->execute($this->subject());
        self::assertSame(
            "smspay cannot credit the customer's phone: refund 4.50 EUR to the customer another way.",
            $this->order->getStatusHistories()[0]->getComment()
        );
    }

    public function testARefusedRefundStopsTheCreditMemo(): void
    {
        $this->creditmemo('9.0000');
        $this->smspay->answer('POST', '/v1/payments/pay_abc123/refunds', 422, ['code' => 'refund_exceeds_payment', 'detail' => 'only 4.50 EUR left']);
        $this->expectException(CommandException::class);
        $this->expectExceptionMessage('smspay refused the refund: only 4.50 EUR left');
        (new RefundCommand($this->client(), new PaymentInformation()))->execute($this->subject());
    }
}
