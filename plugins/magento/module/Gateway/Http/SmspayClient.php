<?php
/**
 * Magento's side of smspay's merchant API (README "Merchant API",
 * shared/webhooks.md "Refunds through the API"), over Magento's Curl client.
 * Every call that creates something carries an Idempotency-Key, so a retried
 * request (double click, timeout) returns what the first one created.
 */
declare(strict_types=1);

namespace Smspay\SmsPayment\Gateway\Http;

use Exception;
use Magento\Framework\HTTP\Client\CurlFactory;
use Smspay\SmsPayment\Gateway\Config\Config;

class SmspayClient
{
    private const TIMEOUT_SECONDS = 15;

    /** @var CurlFactory */
    private $curlFactory;

    /** @var Config */
    private $config;

    public function __construct(CurlFactory $curlFactory, Config $config)
    {
        $this->curlFactory = $curlFactory;
        $this->config = $config;
    }

    /**
     * @param array<string, mixed> $payment the POST /v1/payments body
     * @return array<string, mixed> the payment
     */
    public function createPayment(array $payment, string $idempotencyKey, ?int $storeId): array
    {
        return $this->call('POST', '/v1/payments', $storeId, $payment, $idempotencyKey);
    }

    /** @return array<string, mixed> the payment, as smspay sees it now */
    public function getPayment(string $paymentId, ?int $storeId): array
    {
        return $this->call('GET', '/v1/payments/' . rawurlencode($paymentId), $storeId);
    }

    /** @return array{data: list<array<string, mixed>>, nextCursor: ?string} newest first */
    public function listPayments(?string $cursor, int $limit, ?int $storeId): array
    {
        $query = http_build_query(array_filter(['limit' => $limit, 'cursor' => $cursor]));
        return $this->call('GET', '/v1/payments?' . $query, $storeId);
    }

    /**
     * @param array{amount?: int, reason?: string} $refund
     * @return array<string, mixed> the refund
     */
    public function refund(string $paymentId, array $refund, string $idempotencyKey, ?int $storeId): array
    {
        $path = '/v1/payments/' . rawurlencode($paymentId) . '/refunds';
        return $this->call('POST', $path, $storeId, $refund, $idempotencyKey);
    }

    /**
     * @param array<string, mixed>|null $body
     * @return array<string, mixed>
     */
    private function call(string $method, string $path, ?int $storeId, ?array $body = null, ?string $key = null): array
    {
        $baseUrl = $this->config->getApiUrl($storeId);
        $apiKey = $this->config->getApiKey($storeId);
        if ($baseUrl === '' || $apiKey === '') {
            throw new SmspayApiException('not_configured', 0, 'smspay URL or API key missing');
        }
        $curl = $this->curlFactory->create();
        $curl->setTimeout(self::TIMEOUT_SECONDS);
        $curl->addHeader('Authorization', 'Bearer ' . $apiKey);
        $curl->addHeader('Accept', 'application/json');
        if ($key !== null) {
            $curl->addHeader('Idempotency-Key', $key);
        }
        try {
            if ($method === 'POST') {
                $curl->addHeader('Content-Type', 'application/json');
                $curl->post($baseUrl . $path, (string) json_encode($body, JSON_UNESCAPED_SLASHES));
            } else {
                $curl->get($baseUrl . $path);
            }
        } catch (Exception $e) {
            throw new SmspayApiException('unreachable', 0, 'smspay unreachable: ' . $e->getMessage());
        }
        $status = (int) $curl->getStatus();
        $answer = json_decode((string) $curl->getBody(), true);
        if ($status >= 200 && $status < 300 && is_array($answer)) {
            return $answer;
        }
        $code = is_array($answer) && is_string($answer['code'] ?? null) ? $answer['code'] : 'unexpected_answer';
        $detail = is_array($answer) && is_string($answer['detail'] ?? null) ? $answer['detail'] : 'HTTP ' . $status;
        $fields = [];
        foreach (is_array($answer) && is_array($answer['fields'] ?? null) ? $answer['fields'] : [] as $field) {
            if (is_array($field) && is_string($field['path'] ?? null)) {
                $fields[] = $field['path'];
            }
        }
        throw new SmspayApiException($code, $status === 0 ? 502 : $status, $detail, $fields);
    }
}
