<?php
/**
 * Hands a callback smspay really sent (raw body on stdin, its Smspay-Signature
 * header as an argument) to the module's callback controller, for an order
 * whose payment the redirect step started; the capture command asks the real
 * smspay. For test/e2e/magento.test.ts.
 *
 *   php handle-callback.php <smspay url> <api key> <webhook secret> <order entity id> \
 *     <grand total> <currency> <smspay payment id> <Smspay-Signature header> < body
 *
 * Prints {"status": …, "answer": …, "state": …, "invoices": […], "transactionId": …, "comments": […]}.
 */
declare(strict_types=1);

use Magento\Framework\App\Request\Http;
use Magento\Framework\App\ResourceConnection;
use Magento\Framework\Controller\ResultFactory;
use Magento\Sales\Model\Order\CreditmemoFactory;
use Smspay\SmsPayment\Controller\Payment\Callback;
use Smspay\SmsPayment\Gateway\Command\CaptureCommand;
use Smspay\SmsPayment\Gateway\Http\SmspayClient;
use Smspay\SmsPayment\Model\OrderUpdater;
use Smspay\SmsPayment\Model\PaymentCheck;
use Smspay\SmsPayment\Model\PaymentInformation;
use Smspay\SmsPayment\Model\ProcessedEvents;
use Smspay\SmsPayment\Model\SignatureVerifier;
use Smspay\SmsPayment\Model\WebhookHandler;
use Smspay\SmsPayment\Test\Unit\Support\InMemoryConnection;
use Smspay\SmsPayment\Test\Unit\Support\Recorder;

require __DIR__ . '/harness.php';

[, $smspayUrl, $apiKey, $secret, $orderId, $grandTotal, $currency, $paymentId, $signature] = $argv + array_fill(0, 9, '');
[$shop, $order] = e2eShop($smspayUrl, $apiKey, (int) $orderId, $grandTotal, $currency);
$shop->config['payment/smspay/webhook_secret'] = $secret;
$order->getPayment()->setAdditionalInformation(PaymentInformation::PAYMENT_ID, $paymentId);

$config = $shop->config();
$check = new PaymentCheck($config);
$shop->capture = new CaptureCommand(new SmspayClient(e2eCurl(), $config), new PaymentInformation(), $check);
$handler = new WebhookHandler(
    new SignatureVerifier(),
    $config,
    new ProcessedEvents(new ResourceConnection(new InMemoryConnection())),
    $shop,
    new OrderUpdater($shop, $shop, $shop, new CreditmemoFactory(), $shop, new PaymentInformation(), $check),
    new Recorder()
);
$request = new Http([], ['Smspay-Signature' => $signature], (string) stream_get_contents(STDIN));
$result = (new Callback($request, $handler, new ResultFactory()))->execute();

echo json_encode([
    'status' => $result->status,
    'answer' => json_decode($result->contents, true)['status'],
    'state' => $order->getState(),
    'invoices' => $shop->invoices,
    'transactionId' => $order->getPayment()->getTransactionId(),
    'comments' => e2eComments($order),
], JSON_UNESCAPED_SLASHES) . "\n";
