<?php
/**
 * Runs the module's redirect step (PaymentStarter: request builder, smspay
 * client, payment information) against a real smspay over HTTP, for
 * test/e2e/magento.test.ts.
 *
 *   php start-payment.php <smspay url> <api key> <order entity id> <grand total> <currency>
 *
 * Prints {"checkoutUrl": …, "additionalInformation": {…}, "comments": […]}.
 */
declare(strict_types=1);

use Smspay\SmsPayment\Gateway\Http\SmspayClient;
use Smspay\SmsPayment\Model\PaymentInformation;
use Smspay\SmsPayment\Model\PaymentRequestBuilder;
use Smspay\SmsPayment\Model\PaymentStarter;
use Smspay\SmsPayment\Test\Unit\Support\Recorder;

require __DIR__ . '/harness.php';

[, $smspayUrl, $apiKey, $orderId, $grandTotal, $currency] = $argv + array_fill(0, 6, '');
[$shop, $order] = e2eShop($smspayUrl, $apiKey, (int) $orderId, $grandTotal, $currency);

$starter = new PaymentStarter(
    new SmspayClient(e2eCurl(), $shop->config()),
    new PaymentRequestBuilder($shop),
    new PaymentInformation(),
    $shop,
    $shop,
    new Recorder()
);
echo json_encode([
    'checkoutUrl' => $starter->start($order),
    'additionalInformation' => $order->getPayment()->getAdditionalInformation(),
    'comments' => e2eComments($order),
], JSON_UNESCAPED_SLASHES) . "\n";
