<?php
/**
 * What the end-to-end scripts share: the unit tests' Magento stand-ins, a shop
 * with one order paid with the module, and a Curl that really sends.
 */
declare(strict_types=1);

use Magento\Framework\HTTP\Client\CurlFactory;
use Magento\Sales\Model\Order;
use Smspay\SmsPayment\Test\Unit\Support\Shop;

require __DIR__ . '/../Unit/bootstrap.php';

function e2eShop(string $smspayUrl, string $apiKey, int $orderId, string $grandTotal, string $currency): array
{
    $shop = new Shop();
    $shop->config['payment/smspay/api_url'] = $smspayUrl;
    $shop->config['payment/smspay/api_key'] = $apiKey;
    return [$shop, $shop->placeOrder($orderId, $grandTotal, $currency)];
}

/**
 * Magento's Curl client really sending, through PHP's own HTTP stream (no
 * extension needed beyond php-cli).
 */
function e2eCurl(): CurlFactory
{
    return new CurlFactory(static function (string $method, string $uri, array $headers, $body): array {
        $lines = [];
        foreach ($headers as $name => $value) {
            $lines[] = $name . ': ' . $value;
        }
        $context = stream_context_create(['http' => [
            'method' => $method,
            'header' => $lines,
            'content' => $body ?? '',
            'ignore_errors' => true,
            'timeout' => 15,
        ]]);
        $answer = @file_get_contents($uri, false, $context);
        if ($answer === false || !isset($http_response_header[0])) {
            throw new \Exception('could not reach ' . $uri);
        }
        preg_match('#^HTTP/\S+ (\d{3})#', $http_response_header[0], $status);
        return [(int) ($status[1] ?? 0), $answer];
    });
}

/** @return list<string> */
function e2eComments(Order $order): array
{
    return array_map(static function ($history): string {
        return (string) $history->getComment();
    }, $order->getStatusHistories());
}
