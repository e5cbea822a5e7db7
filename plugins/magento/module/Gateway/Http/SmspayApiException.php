<?php
/**
 * A failed call to smspay's merchant API: the stable error `code` from its
 * problem+json answer (or "unreachable"), the HTTP status, the fields it
 * named, and whether trying again can help.
 */
declare(strict_types=1);

namespace Smspay\SmsPayment\Gateway\Http;

use RuntimeException;

class SmspayApiException extends RuntimeException
{
    /** @var string */
    private $errorCode;

    /** @var int */
    private $status;

    /** @var list<string> */
    private $fields;

    /** @param list<string> $fields the request fields smspay named as invalid */
    public function __construct(string $errorCode, int $status, string $message, array $fields = [])
    {
        parent::__construct($message);
        $this->errorCode = $errorCode;
        $this->status = $status;
        $this->fields = $fields;
    }

    public function concernsField(string $path): bool
    {
        return in_array($path, $this->fields, true);
    }

    public function getErrorCode(): string
    {
        return $this->errorCode;
    }

    public function getStatus(): int
    {
        return $this->status;
    }

    public function isRetryable(): bool
    {
        return $this->status === 0 || $this->status === 429 || $this->status >= 500;
    }
}
