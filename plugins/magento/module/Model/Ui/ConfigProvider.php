<?php
/**
 * What the checkout's JavaScript needs about the method
 * (window.checkoutConfig.payment.smspay).
 */
declare(strict_types=1);

namespace Smspay\SmsPayment\Model\Ui;

use Magento\Checkout\Model\ConfigProviderInterface;
use Magento\Framework\UrlInterface;
use Smspay\SmsPayment\Gateway\Config\Config;

class ConfigProvider implements ConfigProviderInterface
{
    /** @var UrlInterface */
    private $urls;

    /** @var Config */
    private $config;

    public function __construct(UrlInterface $urls, Config $config)
    {
        $this->urls = $urls;
        $this->config = $config;
    }

    /** @return array<string, mixed> */
    public function getConfig()
    {
        return [
            'payment' => [
                Config::METHOD_CODE => [
                    'redirectUrl' => $this->urls->getUrl('smspay/payment/redirect', ['_secure' => true]),
                    'testMode' => $this->config->isTestMode(),
                ],
            ],
        ];
    }
}
