<?php
/**
 * Checks smspay's Smspay-Signature header (shared/webhooks.md) over the raw
 * request body, before anything reads it as JSON:
 * "t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + '.' + body)>", several v1
 * during a secret rotation, at most five minutes old. No secret, no trust.
 */
declare(strict_types=1);

namespace Smspay\SmsPayment\Model;

class SignatureVerifier
{
    public const TOLERANCE_SECONDS = 300;

    public function verify(string $secret, string $header, string $rawBody, int $now): bool
    {
        if ($secret === '') {
            return false;
        }
        $timestamp = null;
        $signatures = [];
        foreach (explode(',', $header) as $part) {
            $pair = explode('=', trim($part), 2);
            if (count($pair) !== 2) {
                continue;
            }
            [$key, $value] = $pair;
            if ($key === 't' && preg_match('/^\d{1,12}$/', $value)) {
                $timestamp = $value;
            } elseif ($key === 'v1' && preg_match('/^[0-9a-f]{64}$/', $value)) {
                $signatures[] = $value;
            }
        }
        if ($timestamp === null || $signatures === []) {
            return false;
        }
        if (abs($now - (int) $timestamp) > self::TOLERANCE_SECONDS) {
            return false;
        }
        // The timestamp is signed as sent, so "t=0123" is not "t=123".
        $expected = hash_hmac('sha256', $timestamp . '.' . $rawBody, $secret);
        $valid = false;
        foreach ($signatures as $signature) {
            // No early exit: every candidate costs the same time.
            $valid = hash_equals($expected, $signature) || $valid;
        }
        return $valid;
    }
}
