<?php
/**
 * smspay's merchant API as the module sees it through Magento's Curl client:
 * answers from a script of (method, path) => [status, body] and records every
 * request with its headers and decoded JSON body.
 */
declare(strict_types=1);

namespace Smspay\SmsPayment\Test\Unit\Support;

use Magento\Framework\HTTP\Client\CurlFactory;

class FakeSmspay
{
    public const URL = 'https://smspay.test';
    public const API_KEY = 'sk_test_magento';

    /** @var list<array{method: string, path: string, headers: array<string, string>, body: mixed}> */
    public $requests = [];

    /** @var array<string, list<array{0: int, 1: mixed}>> answers per "METHOD path", used in turn */
    private $answers = [];

    /** @var array<string, array{0: int, 1: mixed}> the answer given last, repeated once the queue is empty */
    private $last = [];

    /** @param mixed $body */
    public function answer(string $method, string $path, int $status, $body): self
    {
        $this->answers[$method . ' ' . $path][] = [$status, $body];
        return $this;
    }

    public function curlFactory(): CurlFactory
    {
        return new CurlFactory(function (string $method, string $uri, array $headers, $params): array {
            if (strpos($uri, self::URL) !== 0) {
                throw new \Exception('Could not resolve host');
            }
            $path = substr($uri, strlen(self::URL));
            $this->requests[] = [
                'method' => $method,
                'path' => $path,
                'headers' => $headers,
                'body' => $params === null ? null : json_decode((string) $params, true),
            ];
            if (($headers['Authorization'] ?? '') !== 'Bearer ' . self::API_KEY) {
                return [401, json_encode(['code' => 'unauthorized', 'detail' => 'unknown API key'])];
            }
            $key = $method . ' ' . $path;
            if (!empty($this->answers[$key])) {
                $this->last[$key] = array_shift($this->answers[$key]);
            }
            if (!isset($this->last[$key])) {
                return [404, json_encode(['code' => 'not_found', 'detail' => 'no route for ' . $path])];
            }
            [$status, $body] = $this->last[$key];
            return [$status, json_encode($body)];
        });
    }

    /**
     * A payment resource as smspay's API shows it.
     *
     * @param array<string, mixed> $overrides
     * @return array<string, mixed>
     */
    public static function payment(array $overrides = []): array
    {
        return array_replace([
            'id' => 'pay_abc123',
            'status' => 'pending',
            'amount' => 450,
            'currency' => 'EUR',
            'orderRef' => '42',
            'flow' => 'shortcode',
            'checkoutUrl' => 'https://smspay.test/pay/pay_abc123',
            'shortCode' => '81450',
            'keyword' => 'PAY',
            'reference' => '123456',
            'smsText' => 'PAY 123456',
            'customer' => ['email' => 'ana@example.com', 'locale' => 'fr-FR', 'phoneLast4' => null],
            'refundedAmount' => 0,
            'failureCode' => null,
            'test' => true,
        ], $overrides);
    }
}
