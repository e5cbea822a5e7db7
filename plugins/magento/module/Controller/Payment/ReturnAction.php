<?php
/**
 * smspay's payment page sends the customer back here (smspay/payment/return;
 * "return" is a PHP keyword, hence the class name). Nothing in the URL is
 * trusted: the module asks smspay, server to server, what became of the
 * order's payment, and acts on that answer.
 */
declare(strict_types=1);

namespace Smspay\SmsPayment\Controller\Payment;

use Magento\Checkout\Model\Session;
use Magento\Framework\App\Action\HttpGetActionInterface;
use Magento\Framework\App\RequestInterface;
use Magento\Framework\Controller\Result\Redirect as RedirectResult;
use Magento\Framework\Controller\ResultFactory;
use Magento\Framework\Message\ManagerInterface;
use Magento\Sales\Api\OrderRepositoryInterface;
use Smspay\SmsPayment\Gateway\Config\Config;
use Smspay\SmsPayment\Gateway\Http\SmspayApiException;
use Smspay\SmsPayment\Gateway\Http\SmspayClient;
use Smspay\SmsPayment\Model\OrderUpdater;
use Smspay\SmsPayment\Model\PaymentCheck;
use Smspay\SmsPayment\Model\PaymentInformation;

class ReturnAction implements HttpGetActionInterface
{
    /** @var Session */
    private $session;

    /** @var RequestInterface */
    private $request;

    /** @var OrderRepositoryInterface */
    private $orders;

    /** @var SmspayClient */
    private $client;

    /** @var PaymentInformation */
    private $information;

    /** @var OrderUpdater */
    private $updater;

    /** @var ResultFactory */
    private $resultFactory;

    /** @var ManagerInterface */
    private $messages;

    public function __construct(
        Session $session,
        RequestInterface $request,
        OrderRepositoryInterface $orders,
        SmspayClient $client,
        PaymentInformation $information,
        OrderUpdater $updater,
        ResultFactory $resultFactory,
        ManagerInterface $messages
    ) {
        $this->session = $session;
        $this->request = $request;
        $this->orders = $orders;
        $this->client = $client;
        $this->information = $information;
        $this->updater = $updater;
        $this->resultFactory = $resultFactory;
        $this->messages = $messages;
    }

    public function execute()
    {
        /** @var RedirectResult $result */
        $result = $this->resultFactory->create(ResultFactory::TYPE_REDIRECT);
        $lastOrderId = (int) $this->session->getLastOrderId();
        if ($lastOrderId === 0) {
            return $result->setPath('checkout/cart');
        }
        // The repository's instance: the one the invoice service will change.
        $order = $this->orders->get($lastOrderId);
        $payment = $order->getPayment();
        if (!$payment || $payment->getMethod() !== Config::METHOD_CODE) {
            return $result->setPath('checkout/cart');
        }
        // After a retry on smspay's page the paying payment is a newer one: smspay
        // names it in the return URL, and its orderRef is checked below.
        $named = (string) $this->request->getParam('smspay_payment');
        $paymentId = preg_match('/^pay_[A-Za-z0-9]{1,64}$/', $named) ? $named : $this->information->paymentId($payment);
        try {
            $smspay = $this->client->getPayment($paymentId, (int) $order->getStoreId());
        } catch (SmspayApiException $e) {
            $this->messages->addNoticeMessage(__('We are confirming your SMS payment. You will receive an email when it is done.'));
            return $result->setPath('checkout/onepage/success');
        }
        if ((string) ($smspay['orderRef'] ?? '') !== (string) $order->getEntityId()) {
            return $result->setPath('checkout/cart');
        }
        $status = (string) ($smspay['status'] ?? '');
        if (in_array($status, PaymentCheck::PAID_STATUSES, true)) {
            $this->updater->paid($order, $smspay);
            return $result->setPath('checkout/onepage/success');
        }
        if (in_array($status, ['failed', 'expired', 'canceled'], true)) {
            $this->updater->stopped($order, $smspay, $status);
            $this->session->restoreQuote();
            $this->messages->addErrorMessage(__('Your SMS payment did not go through. Your cart is ready to try again.'));
            return $result->setPath('checkout/cart');
        }
        $this->messages->addNoticeMessage(__('We are confirming your SMS payment. You will receive an email when it is done.'));
        return $result->setPath('checkout/onepage/success');
    }
}
