<?php
declare(strict_types=1);

namespace Smspay\SmsPayment\Test\Unit;

use DOMDocument;
use DOMXPath;
use PHPUnit\Framework\TestCase;
use Smspay\SmsPayment\Controller\Adminhtml\Payments\Index;

/**
 * The module's XML, JSON and CSV files: well-formed, and saying what Magento
 * needs to find the method, its routes, its admin page and its table.
 */
class ModuleFilesTest extends TestCase
{
    private const ROOT = __DIR__ . '/../..';

    /** @return array<string, array{0: string}> */
    public function xmlFiles(): array
    {
        $files = [];
        $iterator = new \RecursiveIteratorIterator(new \RecursiveDirectoryIterator(self::ROOT . '/etc'));
        foreach ($iterator as $file) {
            if ($file->isFile() && $file->getExtension() === 'xml') {
                $files[substr($file->getPathname(), strlen(self::ROOT) + 1)] = [$file->getPathname()];
            }
        }
        foreach (glob(self::ROOT . '/view/*/layout/*.xml') ?: [] as $file) {
            $files[substr($file, strlen(self::ROOT) + 1)] = [$file];
        }
        return $files;
    }

    /** @dataProvider xmlFiles */
    public function testIsWellFormed(string $file): void
    {
        $document = new DOMDocument();
        $previous = libxml_use_internal_errors(true);
        $loaded = $document->load($file);
        $errors = array_map(static function ($e) {
            return trim($e->message);
        }, libxml_get_errors());
        libxml_clear_errors();
        libxml_use_internal_errors($previous);
        self::assertTrue($loaded, implode('; ', $errors));
        self::assertSame([], $errors);
        self::assertNotEmpty($document->documentElement->getAttributeNS('http://www.w3.org/2001/XMLSchema-instance', 'noNamespaceSchemaLocation'));
    }

    public function testXmlFileListCoversTheModule(): void
    {
        $expected = [
            'etc/acl.xml', 'etc/adminhtml/menu.xml', 'etc/adminhtml/routes.xml', 'etc/adminhtml/system.xml',
            'etc/config.xml', 'etc/db_schema.xml', 'etc/di.xml', 'etc/extension_attributes.xml',
            'etc/frontend/di.xml', 'etc/frontend/routes.xml', 'etc/module.xml',
            'view/adminhtml/layout/sales_order_view.xml', 'view/adminhtml/layout/smspay_payments_index.xml',
            'view/frontend/layout/checkout_index_index.xml',
        ];
        $found = array_keys($this->xmlFiles());
        sort($found);
        self::assertSame($expected, $found);
    }

    private static function xpath(string $file): DOMXPath
    {
        $document = new DOMDocument();
        self::assertTrue($document->load(self::ROOT . '/' . $file));
        return new DOMXPath($document);
    }

    private static function value(DOMXPath $xpath, string $query): string
    {
        $nodes = $xpath->query($query);
        self::assertNotFalse($nodes);
        self::assertSame(1, $nodes->length, $query);
        return trim($nodes->item(0)->textContent ?: $nodes->item(0)->nodeValue);
    }

    public function testModuleLoadsAfterSalesPaymentAndCheckout(): void
    {
        $xpath = self::xpath('etc/module.xml');
        self::assertSame('Smspay_SmsPayment', self::value($xpath, '/config/module/@name'));
        $sequence = [];
        foreach ($xpath->query('/config/module/sequence/module/@name') as $name) {
            $sequence[] = $name->nodeValue;
        }
        self::assertSame(['Magento_Sales', 'Magento_Payment', 'Magento_Checkout'], $sequence);
    }

    public function testDefaultsDescribeAPendingPaymentGatewayMethod(): void
    {
        $xpath = self::xpath('etc/config.xml');
        $base = '/config/default/payment/smspay/';
        $expected = [
            'active' => '0', 'model' => 'SmspayPaymentFacade', 'title' => 'Pay by SMS',
            'order_status' => 'pending_payment', 'payment_action' => 'authorize', 'can_initialize' => '1',
            'can_capture' => '1', 'can_refund' => '1', 'can_refund_partial_per_invoice' => '1',
            'can_use_checkout' => '1', 'can_use_internal' => '0', 'is_gateway' => '1', 'allowspecific' => '0',
            'min_order_total' => '0.01', 'max_order_total' => '50', 'test_mode' => '1',
        ];
        foreach ($expected as $field => $value) {
            self::assertSame($value, self::value($xpath, $base . $field), $field);
        }
        foreach (['api_key', 'webhook_secret'] as $secret) {
            self::assertSame('Magento\Config\Model\Config\Backend\Encrypted', self::value($xpath, $base . $secret . '/@backend_model'));
            self::assertSame('', self::value($xpath, $base . $secret), 'no secret ships with the module');
        }
    }

    public function testSettingsKeepSecretsEncrypted(): void
    {
        $xpath = self::xpath('etc/adminhtml/system.xml');
        $group = "/config/system/section[@id='payment']/group[@id='smspay']/";
        foreach (['api_key', 'webhook_secret'] as $secret) {
            self::assertSame('obscure', self::value($xpath, $group . "field[@id='$secret']/@type"));
            self::assertSame('Magento\Config\Model\Config\Backend\Encrypted', self::value($xpath, $group . "field[@id='$secret']/backend_model"));
        }
        foreach (['active', 'title', 'api_url', 'test_mode', 'allowspecific', 'specificcountry', 'min_order_total', 'max_order_total'] as $field) {
            self::assertSame(1, $xpath->query($group . "field[@id='$field']")->length, $field);
        }
    }

    public function testTheMethodIsAGatewayAdapterWithItsPools(): void
    {
        $xpath = self::xpath('etc/di.xml');
        self::assertSame('Magento\Payment\Model\Method\Adapter', self::value($xpath, "/config/virtualType[@name='SmspayPaymentFacade']/@type"));
        self::assertSame('Magento\Payment\Gateway\Config\ConfigValueHandler', self::value($xpath, "/config/virtualType[@name='SmspayConfigValueHandler']/@type"));
        $pool = "/config/virtualType[@name='SmspayCommandPool']/arguments/argument[@name='commands']/item";
        self::assertSame('Smspay\SmsPayment\Gateway\Command\InitializeCommand', self::value($xpath, $pool . "[@name='initialize']"));
        self::assertSame('Smspay\SmsPayment\Gateway\Command\CaptureCommand', self::value($xpath, $pool . "[@name='capture']"));
        self::assertSame('Smspay\SmsPayment\Gateway\Command\RefundCommand', self::value($xpath, $pool . "[@name='refund']"));
        $validators = "/config/virtualType[@name='SmspayValidatorPool']/arguments/argument[@name='validators']/item";
        self::assertSame('SmspayCountryValidator', self::value($xpath, $validators . "[@name='country']"));
        self::assertSame('Smspay\SmsPayment\Gateway\Validator\CurrencyValidator', self::value($xpath, $validators . "[@name='currency']"));
        self::assertSame('Smspay\SmsPayment\Plugin\RecordSmspayPaymentOnInvoice', self::value($xpath, "/config/type[@name='Magento\Sales\Api\InvoiceOrderInterface']/plugin/@type"));
        foreach ($xpath->query('//item[@xsi:type="string"] | //plugin/@type') as $node) {
            $class = trim($node->nodeValue);
            if (strpos($class, 'Smspay\\') === 0) {
                self::assertTrue(class_exists($class), $class . ' exists');
            }
        }
    }

    public function testRoutesMenuAndAclAgree(): void
    {
        self::assertSame('smspay', self::value(self::xpath('etc/frontend/routes.xml'), "/config/router[@id='standard']/route/@frontName"));
        self::assertSame('smspay', self::value(self::xpath('etc/adminhtml/routes.xml'), "/config/router[@id='admin']/route/@frontName"));
        $menu = self::xpath('etc/adminhtml/menu.xml');
        self::assertSame('Magento_Sales::sales_operation', self::value($menu, '/config/menu/add/@parent'));
        self::assertSame('smspay/payments/index', self::value($menu, '/config/menu/add/@action'));
        self::assertSame(Index::ADMIN_RESOURCE, self::value($menu, '/config/menu/add/@resource'));
        self::assertSame(1, self::xpath('etc/acl.xml')->query("//resource[@id='Magento_Sales::sales_operation']/resource[@id='" . Index::ADMIN_RESOURCE . "']")->length);
    }

    public function testLayoutsWireTheCheckoutRendererAndTheAdminBlocks(): void
    {
        $checkout = self::xpath('view/frontend/layout/checkout_index_index.xml');
        self::assertSame(
            'Smspay_SmsPayment/js/view/payment/smspay',
            self::value($checkout, "//item[@name='renders']/item[@name='children']/item[@name='smspay-payments']/item[@name='component']")
        );
        self::assertSame('Smspay\SmsPayment\Block\Adminhtml\Order\SmsPayment', self::value(self::xpath('view/adminhtml/layout/sales_order_view.xml'), "//referenceContainer[@name='order_additional_info']/block/@class"));
        self::assertSame('Smspay_SmsPayment::payments.phtml', self::value(self::xpath('view/adminhtml/layout/smspay_payments_index.xml'), '//block/@template'));
        foreach (['Smspay_SmsPayment::payments.phtml' => 'payments.phtml', 'Smspay_SmsPayment::order/sms-payment.phtml' => 'order/sms-payment.phtml'] as $template) {
            self::assertFileExists(self::ROOT . '/view/adminhtml/templates/' . $template);
        }
    }

    public function testTheRendererLeavesCheckoutForTheRedirectController(): void
    {
        $renderer = (string) file_get_contents(self::ROOT . '/view/frontend/web/js/view/payment/method-renderer/smspay.js');
        self::assertMatchesRegularExpression('#define\(\s*\[\s*["\']Magento_Checkout/js/view/payment/default["\']#', $renderer);
        self::assertStringContainsString('redirectAfterPlaceOrder: false', $renderer);
        self::assertStringContainsString('window.location.replace(window.checkoutConfig.payment.smspay.redirectUrl)', $renderer);
        self::assertMatchesRegularExpression('#template: ["\']Smspay_SmsPayment/payment/smspay["\']#', $renderer);
        self::assertFileExists(self::ROOT . '/view/frontend/web/template/payment/smspay.html');
    }

    public function testTheCallbackTableIsDeclared(): void
    {
        $schema = self::xpath('etc/db_schema.xml');
        self::assertSame('event_id', self::value($schema, "/schema/table[@name='smspay_processed_event']/constraint[@xsi:type='primary']/column/@name"));
        $whitelist = json_decode((string) file_get_contents(self::ROOT . '/etc/db_schema_whitelist.json'), true);
        self::assertSame(['event_id' => true, 'order_id' => true, 'processed_at' => true], $whitelist['smspay_processed_event']['column']);
    }

    public function testComposerInstallsItAsAMagentoModule(): void
    {
        $composer = json_decode((string) file_get_contents(self::ROOT . '/composer.json'), true);
        self::assertSame('magento2-module', $composer['type']);
        self::assertSame(['registration.php'], $composer['autoload']['files']);
        self::assertSame(['Smspay\\SmsPayment\\' => ''], $composer['autoload']['psr-4']);
    }

    public function testEveryTextIsTranslatedInEnglishAndFrench(): void
    {
        $catalogs = [];
        foreach (['en_US', 'fr_FR'] as $locale) {
            $handle = fopen(self::ROOT . '/i18n/' . $locale . '.csv', 'r');
            while (($row = fgetcsv($handle)) !== false) {
                self::assertCount(2, $row, $locale . ': ' . implode(',', $row));
                $catalogs[$locale][$row[0]] = $row[1];
            }
            fclose($handle);
        }
        self::assertSame(array_keys($catalogs['en_US']), array_keys($catalogs['fr_FR']));
        foreach ($catalogs['en_US'] as $source => $english) {
            self::assertSame($source, $english);
        }
        foreach ($this->textsToTranslate() as $text) {
            self::assertArrayHasKey($text, $catalogs['fr_FR'], 'missing translation: ' . $text);
        }
    }

    /** @return list<string> __('…') in PHP and templates, i18n: '…' in the checkout template, labels in XML. */
    private function textsToTranslate(): array
    {
        $texts = [];
        $files = new \RecursiveIteratorIterator(new \RecursiveDirectoryIterator(self::ROOT));
        foreach ($files as $file) {
            $path = $file->getPathname();
            if (!$file->isFile() || strpos($path, '/Test/') !== false) {
                continue;
            }
            $source = (string) file_get_contents($path);
            if (preg_match('/\.(php|phtml)$/', $path)) {
                preg_match_all("/__\\(\\s*'((?:[^'\\\\]|\\\\.)*)'/", $source, $m);
                foreach ($m[1] as $text) {
                    $texts[] = stripslashes($text);
                }
            } elseif (substr($path, -5) === '.html') {
                preg_match_all("/i18n: '([^']*)'/", $source, $m);
                $texts = array_merge($texts, $m[1]);
            }
        }
        $system = self::xpath('etc/adminhtml/system.xml');
        foreach ($system->query('//label | //comment') as $node) {
            $texts[] = trim($node->textContent);
        }
        $texts[] = self::value(self::xpath('etc/adminhtml/menu.xml'), '/config/menu/add/@title');
        return array_values(array_unique($texts));
    }
}
