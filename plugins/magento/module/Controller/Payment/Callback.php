<?php
/**
 * smspay's server-to-server callback (smspay/payment/callback). smspay signs
 * every request with the webhook secret (Smspay-Signature), which replaces
 * Magento's form key: the action is exempt from CSRF validation and trusts
 * nothing before WebhookHandler has checked that signature over the raw body.
 */
declare(strict_types=1);

namespace Smspay\SmsPayment\Controller\Payment;

use Magento\Framework\App\Action\HttpPostActionInterface;
use Magento\Framework\App\CsrfAwareActionInterface;
use Magento\Framework\App\Request\Http;
use Magento\Framework\App\Request\InvalidRequestException;
use Magento\Framework\App\RequestInterface;
use Magento\Framework\Controller\Result\Raw;
use Magento\Framework\Controller\ResultFactory;
use Smspay\SmsPayment\Model\WebhookHandler;

class Callback implements HttpPostActionInterface, CsrfAwareActionInterface
{
    /** @var Http */
    private $request;

    /** @var WebhookHandler */
    private $handler;

    /** @var ResultFactory */
    private $resultFactory;

    public function __construct(Http $request, WebhookHandler $handler, ResultFactory $resultFactory)
    {
        $this->request = $request;
        $this->handler = $handler;
        $this->resultFactory = $resultFactory;
    }

    public function execute()
    {
        [$status, $message] = $this->handler->handle(
            (string) $this->request->getContent(),
            (string) $this->request->getHeader('Smspay-Signature'),
            time()
        );
        /** @var Raw $result */
        $result = $this->resultFactory->create(ResultFactory::TYPE_RAW);
        $result->setHttpResponseCode($status);
        $result->setHeader('Content-Type', 'application/json', true);
        $result->setContents((string) json_encode(['status' => $message]));
        return $result;
    }

    /** The HMAC signature is this endpoint's authenticity check, not a form key. */
    public function createCsrfValidationException(RequestInterface $request): ?InvalidRequestException
    {
        return null;
    }

    public function validateForCsrf(RequestInterface $request): ?bool
    {
        return true;
    }
}
