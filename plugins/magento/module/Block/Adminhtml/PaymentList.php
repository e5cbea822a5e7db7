<?php
/**
 * Sales > SMS payments: the store's payments as smspay lists them, newest
 * first, one page at a time (smspay's nextCursor).
 */
declare(strict_types=1);

namespace Smspay\SmsPayment\Block\Adminhtml;

use Magento\Backend\Block\Template;
use Magento\Backend\Block\Template\Context;
use Smspay\SmsPayment\Gateway\Http\SmspayApiException;
use Smspay\SmsPayment\Gateway\Http\SmspayClient;
use Smspay\SmsPayment\Model\Amount;

class PaymentList extends Template
{
    public const PAGE_SIZE = 20;

    /** @var SmspayClient */
    private $client;

    /** @var array{data: list<array<string, mixed>>, nextCursor: ?string, error: ?string}|null */
    private $page;

    /** @param array<string, mixed> $data */
    public function __construct(Context $context, SmspayClient $client, array $data = [])
    {
        parent::__construct($context, $data);
        $this->client = $client;
    }

    /** @return array{data: list<array<string, mixed>>, nextCursor: ?string, error: ?string} */
    public function getPaymentPage(): array
    {
        if ($this->page === null) {
            $cursor = (string) $this->getRequest()->getParam('cursor');
            try {
                $answer = $this->client->listPayments($cursor !== '' ? $cursor : null, self::PAGE_SIZE, null);
                $this->page = [
                    'data' => array_values(array_filter($answer['data'] ?? [], 'is_array')),
                    'nextCursor' => is_string($answer['nextCursor'] ?? null) ? $answer['nextCursor'] : null,
                    'error' => null,
                ];
            } catch (SmspayApiException $e) {
                $this->page = ['data' => [], 'nextCursor' => null, 'error' => $e->getMessage()];
            }
        }
        return $this->page;
    }

    public function getNextPageUrl(string $cursor): string
    {
        return $this->getUrl('smspay/payments/index', ['_query' => ['cursor' => $cursor]]);
    }

    /** @param array<string, mixed> $payment */
    public function formatAmount(array $payment): string
    {
        $currency = (string) ($payment['currency'] ?? '');
        if (!is_int($payment['amount'] ?? null) || !Amount::isSupported($currency)) {
            return '';
        }
        return Amount::toDecimal($payment['amount'], $currency) . ' ' . $currency;
    }

    /** @param array<string, mixed> $payment */
    public function maskedPhone(array $payment): string
    {
        $last4 = $payment['customer']['phoneLast4'] ?? null;
        return is_string($last4) && $last4 !== '' ? '•••• ' . $last4 : '';
    }
}
