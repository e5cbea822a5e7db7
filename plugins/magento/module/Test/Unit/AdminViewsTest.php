<?php
declare(strict_types=1);

namespace Smspay\SmsPayment\Test\Unit;

use Magento\Backend\App\Action\Context as ActionContext;
use Magento\Backend\Block\Template\Context;
use Magento\Framework\Controller\ResultFactory;
use Magento\Framework\App\Request\Http;
use Magento\Framework\Escaper;
use Magento\Framework\Registry;
use PHPUnit\Framework\TestCase;
use Smspay\SmsPayment\Block\Adminhtml\Order\SmsPayment;
use Smspay\SmsPayment\Block\Adminhtml\PaymentList;
use Smspay\SmsPayment\Controller\Adminhtml\Payments\Index;
use Smspay\SmsPayment\Gateway\Http\SmspayClient;
use Smspay\SmsPayment\Model\PaymentInformation;
use Smspay\SmsPayment\Test\Unit\Support\FakeSmspay;
use Smspay\SmsPayment\Test\Unit\Support\Recorder;
use Smspay\SmsPayment\Test\Unit\Support\Shop;

/** The admin blocks, rendered through their templates as Magento does. */
class AdminViewsTest extends TestCase
{
    private const TEMPLATES = __DIR__ . '/../../view/adminhtml/templates/';

    /** @param object $block */
    private static function render($block, string $template): string
    {
        $escaper = new Escaper();
        ob_start();
        (static function () use ($block, $escaper, $template): void {
            include $template;
        })();
        return (string) ob_get_clean();
    }

    public function testListsTheStoresPaymentsEscapedWithALinkToOlderOnes(): void
    {
        $shop = new Shop();
        $smspay = new FakeSmspay();
        $smspay->answer('GET', '/v1/payments?limit=20&cursor=c1', 200, [
            'data' => [
                FakeSmspay::payment([
                    'status' => 'succeeded',
                    'metadata' => ['magento_increment_id' => '<script>alert(1)</script>'],
                    'customer' => ['phoneLast4' => '5678'],
                ]),
            ],
            'nextCursor' => 'c2&x="y"',
        ]);
        $context = new Context(new Http(['cursor' => 'c1']), new Recorder());
        $block = new PaymentList($context, new SmspayClient($smspay->curlFactory(), $shop->config()));

        $html = self::render($block, self::TEMPLATES . 'payments.phtml');

        self::assertStringNotContainsString('<script>', $html);
        self::assertStringContainsString('&lt;script&gt;alert(1)&lt;/script&gt;', $html);
        self::assertStringContainsString('4.50 EUR', $html);
        self::assertStringContainsString('•••• 5678', $html);
        self::assertStringNotContainsString('+336', $html);
        self::assertStringContainsString(
            'href="https://shop.test/smspay/payments/index/?cursor=c2%26x%3D%22y%22"',
            $html
        );
    }

    public function testSaysWhenSmspayCannotBeAsked(): void
    {
        $shop = new Shop();
        $shop->config['payment/smspay/api_key'] = 'sk_wrong';
        $block = new PaymentList(new Context(new Http(), new Recorder()), new SmspayClient((new FakeSmspay())->curlFactory(), $shop->config()));
        $html = self::render($block, self::TEMPLATES . 'payments.phtml');
        self::assertStringContainsString('smspay could not list the payments: unknown API key', $html);
        self::assertStringNotContainsString('Older payments', $html);
    }

    public function testTheOrderViewShowsReferenceMaskedPhoneAndStatus(): void
    {
        $shop = new Shop();
        $order = $shop->placeOrder(42);
        (new PaymentInformation())->record($order->getPayment(), FakeSmspay::payment([
            'status' => 'succeeded',
            'reference' => '<b>123456</b>',
            'customer' => ['phoneLast4' => '5678'],
        ]));
        $registry = new Registry();
        $registry->register('current_order', $order);
        $block = new SmsPayment(new Context(new Http(), new Recorder()), $registry);

        $html = self::render($block, self::TEMPLATES . 'order/sms-payment.phtml');

        self::assertStringContainsString('pay_abc123', $html);
        self::assertStringContainsString('&lt;b&gt;123456&lt;/b&gt;', $html);
        self::assertStringContainsString('•••• 5678', $html);
        self::assertStringContainsString('succeeded', $html);
    }

    public function testTheAdminPageOpensUnderItsMenuEntry(): void
    {
        $page = (new Index(new ActionContext(new ResultFactory())))->execute();
        self::assertSame('Smspay_SmsPayment::payments', $page->activeMenu);
        self::assertSame(['SMS payments'], $page->titles);
    }

    public function testTheOrderViewShowsNothingForOtherMethods(): void
    {
        $shop = new Shop();
        $order = $shop->placeOrder(42);
        $order->getPayment()->setMethod('checkmo');
        $registry = new Registry();
        $registry->register('current_order', $order);
        $block = new SmsPayment(new Context(new Http(), new Recorder()), $registry);
        self::assertSame('', trim(self::render($block, self::TEMPLATES . 'order/sms-payment.phtml')));
    }
}
