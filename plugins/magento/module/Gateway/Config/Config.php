<?php
/**
 * The payment method's settings (Stores > Configuration > Sales > Payment
 * Methods > Pay by SMS), read per store view. The API key and the webhook
 * secret are stored encrypted; etc/config.xml declares their Encrypted
 * backend model, so Magento's config reader hands them back decrypted.
 */
declare(strict_types=1);

namespace Smspay\SmsPayment\Gateway\Config;

use Magento\Framework\App\Config\ScopeConfigInterface;

class Config extends \Magento\Payment\Gateway\Config\Config
{
    public const METHOD_CODE = 'smspay';

    public function __construct(
        ScopeConfigInterface $scopeConfig,
        $methodCode = self::METHOD_CODE,
        $pathPattern = self::DEFAULT_PATH_PATTERN
    ) {
        parent::__construct($scopeConfig, $methodCode, $pathPattern);
    }

    /** smspay's base URL without a trailing slash ("https://pay.example.com"). */
    public function getApiUrl(?int $storeId = null): string
    {
        return rtrim(trim((string) $this->getValue('api_url', $storeId)), '/');
    }

    public function getApiKey(?int $storeId = null): string
    {
        return trim((string) $this->getValue('api_key', $storeId));
    }

    public function getWebhookSecret(?int $storeId = null): string
    {
        return trim((string) $this->getValue('webhook_secret', $storeId));
    }

    /** Test mode takes sandbox payments; live mode never lets one pay an order. */
    public function isTestMode(?int $storeId = null): bool
    {
        return (bool) $this->getValue('test_mode', $storeId);
    }
}
