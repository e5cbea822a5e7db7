<?php
/**
 * Records what the module tells the customer (messages) and the log.
 */
declare(strict_types=1);

namespace Smspay\SmsPayment\Test\Unit\Support;

use Magento\Framework\Message\ManagerInterface;
use Magento\Framework\UrlInterface;
use Psr\Log\LoggerInterface;

class Recorder implements ManagerInterface, LoggerInterface, UrlInterface
{
    /** @var list<array{0: string, 1: string}> [type, text] */
    public $messages = [];

    /** @var list<array{0: string, 1: string, 2: array<string, mixed>}> [level, message, context] */
    public $logs = [];

    public function addErrorMessage($message, $group = null)
    {
        $this->messages[] = ['error', (string) $message];
        return $this;
    }

    public function addNoticeMessage($message, $group = null)
    {
        $this->messages[] = ['notice', (string) $message];
        return $this;
    }

    public function error($message, array $context = [])
    {
        $this->logs[] = ['error', (string) $message, $context];
    }

    public function warning($message, array $context = [])
    {
        $this->logs[] = ['warning', (string) $message, $context];
    }

    public function getUrl($routePath = null, $routeParams = null)
    {
        $query = is_array($routeParams) && isset($routeParams['_query'])
            ? '?' . http_build_query($routeParams['_query']) : '';
        return 'https://shop.test/' . trim((string) $routePath, '/') . '/' . $query;
    }
}
