<?php
declare(strict_types=1);

namespace Smspay\SmsPayment\Test\Unit;

use Magento\Checkout\Model\Session;
use Magento\Framework\Controller\ResultFactory;
use Magento\Sales\Model\Order;
use PHPUnit\Framework\TestCase;
use Smspay\SmsPayment\Controller\Payment\Redirect;
use Smspay\SmsPayment\Gateway\Http\SmspayClient;
use Smspay\SmsPayment\Model\ErrorMessages;
use Smspay\SmsPayment\Model\PaymentInformation;
use Smspay\SmsPayment\Model\PaymentRequestBuilder;
use Smspay\SmsPayment\Model\PaymentStarter;
use Smspay\SmsPayment\Test\Unit\Support\FakeSmspay;
use Smspay\SmsPayment\Test\Unit\Support\Recorder;
use Smspay\SmsPayment\Test\Unit\Support\Shop;

class RedirectControllerTest extends TestCase
{
    /** @var Shop */
    private $shop;

    /** @var FakeSmspay */
    private $smspay;

    /** @var Recorder */
    private $recorder;

    /** @var Session */
    private $session;

    protected function setUp(): void
    {
        $this->shop = new Shop();
        $this->smspay = new FakeSmspay();
        $this->recorder = new Recorder();
        $this->session = new Session(['last_order_id' => 42]);
    }

    private function redirect()
    {
        $starter = new PaymentStarter(
            new SmspayClient($this->smspay->curlFactory(), $this->shop->config()),
            new PaymentRequestBuilder($this->shop),
            new PaymentInformation(),
            $this->shop,
            $this->shop,
            $this->recorder
        );
        $controller = new Redirect($this->session, $this->shop, $starter, new ResultFactory(), $this->recorder, new ErrorMessages(), $this->recorder);
        return $controller->execute();
    }

    public function testCreatesThePaymentAtSmspayAndSendsTheCustomerToItsPage(): void
    {
        $order = $this->shop->placeOrder(42, '4.5000');
        $this->smspay->answer('POST', '/v1/payments', 201, FakeSmspay::payment());

        $result = $this->redirect();

        self::assertSame('https://smspay.test/pay/pay_abc123', $result->url);
        self::assertCount(1, $this->smspay->requests);
        $request = $this->smspay->requests[0];
        self::assertSame('POST', $request['method']);
        self::assertSame('/v1/payments', $request['path']);
        self::assertSame('Bearer sk_test_magento', $request['headers']['Authorization']);
        self::assertSame('magento-42-f00d42', $request['headers']['Idempotency-Key']);
        self::assertSame('application/json', $request['headers']['Content-Type']);
        self::assertSame([
            'amount' => 450,
            'currency' => 'EUR',
            'orderRef' => '42',
            'returnUrl' => 'https://shop.test/smspay/payment/return/',
            'cancelUrl' => 'https://shop.test/smspay/payment/return/',
            'description' => 'Order #000000042',
            'metadata' => ['magento_increment_id' => '000000042', 'magento_store_id' => '1'],
            'customer' => ['email' => 'ana@example.com', 'phone' => '+33612345678', 'locale' => 'fr-FR'],
        ], $request['body']);

        $payment = $order->getPayment();
        self::assertSame('pay_abc123', $payment->getAdditionalInformation(PaymentInformation::PAYMENT_ID));
        self::assertSame('123456', $payment->getAdditionalInformation(PaymentInformation::REFERENCE));
        self::assertSame('pending', $payment->getAdditionalInformation(PaymentInformation::STATUS));
        self::assertSame('smspay: payment pay_abc123 created.', $order->getStatusHistories()[0]->getComment());
    }

    public function testARepeatedRedirectGetsTheSamePaymentAndAddsNoSecondComment(): void
    {
        $order = $this->shop->placeOrder(42);
        $this->smspay->answer('POST', '/v1/payments', 201, FakeSmspay::payment());
        $this->redirect();
        $result = $this->redirect();

        self::assertSame('https://smspay.test/pay/pay_abc123', $result->url);
        self::assertSame(
            $this->smspay->requests[0]['headers']['Idempotency-Key'],
            $this->smspay->requests[1]['headers']['Idempotency-Key']
        );
        self::assertSame($this->smspay->requests[0]['body'], $this->smspay->requests[1]['body']);
        self::assertCount(1, $order->getStatusHistories());
    }

    public function testConvertsTheTotalWithoutFloatsInTheOrderCurrency(): void
    {
        $this->shop->placeOrder(42, '1500.0000', 'JPY');
        $this->smspay->answer('POST', '/v1/payments', 201, FakeSmspay::payment(['amount' => 1500, 'currency' => 'JPY']));
        $this->redirect();
        self::assertSame(1500, $this->smspay->requests[0]['body']['amount']);
        self::assertSame('JPY', $this->smspay->requests[0]['body']['currency']);
    }

    public function testABillingPhoneSmspayCannotUseDoesNotStopThePayment(): void
    {
        $this->shop->placeOrder(42);
        $this->smspay
            ->answer('POST', '/v1/payments', 400, [
                'code' => 'invalid_request',
                'detail' => 'invalid payment: customer.phone is not a valid mobile number',
                'fields' => [['path' => 'customer.phone', 'message' => 'must be a mobile number in international format']],
            ])
            ->answer('POST', '/v1/payments', 201, FakeSmspay::payment());

        $result = $this->redirect();

        self::assertSame('https://smspay.test/pay/pay_abc123', $result->url);
        self::assertArrayHasKey('phone', $this->smspay->requests[0]['body']['customer']);
        self::assertArrayNotHasKey('phone', $this->smspay->requests[1]['body']['customer']);
    }

    public function testLeavesOutAPhoneThatIsNotInInternationalForm(): void
    {
        $order = $this->shop->placeOrder(42);
        $order->getBillingAddress()->setTelephone('06 12 34 56 78');
        $this->smspay->answer('POST', '/v1/payments', 201, FakeSmspay::payment());
        $this->redirect();
        self::assertArrayNotHasKey('phone', $this->smspay->requests[0]['body']['customer']);
    }

    public function testWhenSmspayRefusesTheOrderIsCancelledAndTheCartRestored(): void
    {
        $order = $this->shop->placeOrder(42, '60.0000');
        $this->smspay->answer('POST', '/v1/payments', 422, ['code' => 'limit_exceeded', 'detail' => 'above EUR 50']);

        $result = $this->redirect();

        self::assertSame('checkout/cart', $result->path);
        self::assertSame(Order::STATE_CANCELED, $order->getState());
        self::assertSame(1, $this->session->quoteRestored);
        self::assertSame(
            [['error', 'This amount is above what can be paid by SMS. Please choose another payment method.']],
            $this->recorder->messages
        );
        self::assertSame('smspay: payment not started, limit_exceeded.', $order->getStatusHistories()[0]->getComment());
    }

    public function testWhenSmspayIsUnreachableTheCustomerCanPayAnotherWay(): void
    {
        $order = $this->shop->placeOrder(42);
        $this->shop->config['payment/smspay/api_url'] = 'https://unreachable.test';
        $result = $this->redirect();
        self::assertSame('checkout/cart', $result->path);
        self::assertSame(Order::STATE_CANCELED, $order->getState());
        self::assertStringContainsString('not available right now', $this->recorder->messages[0][1]);
    }

    public function testOnlyActsOnAnSmsOrderStillWaitingForPayment(): void
    {
        $order = $this->shop->placeOrder(42);
        $order->getPayment()->setMethod('checkmo');
        self::assertSame('checkout/cart', $this->redirect()->path);
        $order->getPayment()->setMethod('smspay');
        $order->setState(Order::STATE_PROCESSING);
        self::assertSame('checkout/cart', $this->redirect()->path);
        $this->session->setLastOrderId(null);
        self::assertSame('checkout/cart', $this->redirect()->path);
        self::assertSame([], $this->smspay->requests);
    }
}
