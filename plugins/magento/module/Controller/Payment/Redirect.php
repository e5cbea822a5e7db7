<?php
/**
 * After "Place order" (redirectAfterPlaceOrder: false), the checkout sends the
 * customer here: create the smspay payment for the order just placed and go
 * to smspay's payment page. If smspay refuses, the order is cancelled and the
 * cart restored, with a message saying what to do.
 */
declare(strict_types=1);

namespace Smspay\SmsPayment\Controller\Payment;

use InvalidArgumentException;
use Magento\Checkout\Model\Session;
use Magento\Framework\App\Action\HttpGetActionInterface;
use Magento\Framework\Controller\Result\Redirect as RedirectResult;
use Magento\Framework\Controller\ResultFactory;
use Magento\Framework\Message\ManagerInterface;
use Magento\Sales\Api\OrderRepositoryInterface;
use Magento\Sales\Model\Order;
use Psr\Log\LoggerInterface;
use Smspay\SmsPayment\Gateway\Config\Config;
use Smspay\SmsPayment\Gateway\Http\SmspayApiException;
use Smspay\SmsPayment\Model\ErrorMessages;
use Smspay\SmsPayment\Model\PaymentStarter;

class Redirect implements HttpGetActionInterface
{
    /** @var Session */
    private $session;

    /** @var OrderRepositoryInterface */
    private $orders;

    /** @var PaymentStarter */
    private $starter;

    /** @var ResultFactory */
    private $resultFactory;

    /** @var ManagerInterface */
    private $messages;

    /** @var ErrorMessages */
    private $errorMessages;

    /** @var LoggerInterface */
    private $logger;

    public function __construct(
        Session $session,
        OrderRepositoryInterface $orders,
        PaymentStarter $starter,
        ResultFactory $resultFactory,
        ManagerInterface $messages,
        ErrorMessages $errorMessages,
        LoggerInterface $logger
    ) {
        $this->session = $session;
        $this->orders = $orders;
        $this->starter = $starter;
        $this->resultFactory = $resultFactory;
        $this->messages = $messages;
        $this->errorMessages = $errorMessages;
        $this->logger = $logger;
    }

    public function execute()
    {
        /** @var RedirectResult $result */
        $result = $this->resultFactory->create(ResultFactory::TYPE_REDIRECT);
        $lastOrderId = (int) $this->session->getLastOrderId();
        if ($lastOrderId === 0) {
            return $result->setPath('checkout/cart');
        }
        $order = $this->orders->get($lastOrderId);
        $payment = $order->getPayment();
        if (!$payment || $payment->getMethod() !== Config::METHOD_CODE
            || $order->getState() !== Order::STATE_PENDING_PAYMENT
        ) {
            return $result->setPath('checkout/cart');
        }
        try {
            return $result->setUrl($this->starter->start($order));
        } catch (SmspayApiException $e) {
            $this->logger->warning('smspay refused a payment', ['order' => $order->getIncrementId(), 'code' => $e->getErrorCode()]);
            $why = $e->getErrorCode();
            $message = $this->errorMessages->forCustomer($e->getErrorCode());
        } catch (InvalidArgumentException $e) {
            $why = $e->getMessage();
            $message = $this->errorMessages->forCustomer('amount_not_payable');
        }
        $this->starter->abandon($order, $why);
        $this->session->restoreQuote();
        $this->messages->addErrorMessage($message);
        return $result->setPath('checkout/cart');
    }
}
