<?php
declare(strict_types=1);

namespace Smspay\SmsPayment\Test\Unit;

use Magento\Framework\Component\ComponentRegistrar;
use Magento\Framework\DataObject;
use Magento\Payment\Gateway\Validator\ResultInterfaceFactory;
use Magento\Sales\Api\Data\InvoiceCreationArgumentsInterface;
use PHPUnit\Framework\TestCase;
use Smspay\SmsPayment\Gateway\Validator\CurrencyValidator;
use Smspay\SmsPayment\Model\PaymentInformation;
use Smspay\SmsPayment\Model\Ui\ConfigProvider;
use Smspay\SmsPayment\Plugin\RecordSmspayPaymentOnInvoice;
use Smspay\SmsPayment\Test\Unit\Support\Recorder;
use Smspay\SmsPayment\Test\Unit\Support\Shop;

class PluginAndCheckoutTest extends TestCase
{
    private static function arguments(?string $paymentId): InvoiceCreationArgumentsInterface
    {
        return new class($paymentId) implements InvoiceCreationArgumentsInterface {
            /** @var string|null */
            private $paymentId;

            public function __construct(?string $paymentId)
            {
                $this->paymentId = $paymentId;
            }

            public function getExtensionAttributes()
            {
                return new DataObject(['smspay_payment_id' => $this->paymentId]);
            }
        };
    }

    public function testTheRestInvoiceNamesThePaymentTheCaptureWillCheck(): void
    {
        $shop = new Shop();
        $order = $shop->placeOrder(42);
        $order->getPayment()->setAdditionalInformation(PaymentInformation::PAYMENT_ID, 'pay_first');
        $plugin = new RecordSmspayPaymentOnInvoice($shop);

        self::assertNull($plugin->beforeExecute($shop, 42, true, [], true, false, null, self::arguments('pay_retry')));
        self::assertSame('pay_retry', $order->getPayment()->getAdditionalInformation(PaymentInformation::PAYMENT_ID));

        $plugin->beforeExecute($shop, 42, true, [], true, false, null, null);
        $plugin->beforeExecute($shop, 42, true, [], true, false, null, self::arguments(null));
        self::assertSame('pay_retry', $order->getPayment()->getAdditionalInformation(PaymentInformation::PAYMENT_ID));
    }

    public function testLeavesOtherPaymentMethodsAlone(): void
    {
        $shop = new Shop();
        $order = $shop->placeOrder(42);
        $order->getPayment()->setMethod('checkmo');
        (new RecordSmspayPaymentOnInvoice($shop))->beforeExecute($shop, 42, true, [], true, false, null, self::arguments('pay_x'));
        self::assertNull($order->getPayment()->getAdditionalInformation(PaymentInformation::PAYMENT_ID));
    }

    public function testOffersTheMethodOnlyInCurrenciesSmspayTakes(): void
    {
        $validator = new CurrencyValidator(new ResultInterfaceFactory());
        self::assertTrue($validator->validate(['currency' => 'EUR', 'storeId' => 1])->isValid());
        $refused = $validator->validate(['currency' => 'XYZ', 'storeId' => 1]);
        self::assertFalse($refused->isValid());
        self::assertSame('SMS payment is not available in XYZ.', (string) $refused->getFailsDescription()[0]);
    }

    public function testTheCheckoutLearnsWhereToSendTheCustomer(): void
    {
        $shop = new Shop();
        $config = (new ConfigProvider(new Recorder(), $shop->config()))->getConfig();
        self::assertSame(
            ['smspay' => ['redirectUrl' => 'https://shop.test/smspay/payment/redirect/', 'testMode' => true]],
            $config['payment']
        );
    }

    public function testRegistersTheModuleUnderItsName(): void
    {
        require dirname(__DIR__, 2) . '/registration.php';
        self::assertSame(
            realpath(dirname(__DIR__, 2)),
            realpath(ComponentRegistrar::$paths[ComponentRegistrar::MODULE]['Smspay_SmsPayment'])
        );
    }
}
