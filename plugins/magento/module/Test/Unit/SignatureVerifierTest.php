<?php
declare(strict_types=1);

namespace Smspay\SmsPayment\Test\Unit;

use PHPUnit\Framework\TestCase;
use Smspay\SmsPayment\Model\SignatureVerifier;

class SignatureVerifierTest extends TestCase
{
    /** The vectors the TypeScript side and the WooCommerce plugin check too. */
    private const VECTORS = __DIR__ . '/../../../../../shared/test-vectors/webhook-signatures.json';

    /** @return array<string, array{0: array<string, mixed>}> */
    public function sharedVectors(): array
    {
        $file = json_decode((string) file_get_contents(self::VECTORS), true);
        $cases = [];
        foreach ($file['vectors'] as $vector) {
            $cases[$vector['name']] = [$vector];
        }
        return $cases;
    }

    /**
     * @dataProvider sharedVectors
     * @param array{secret: string, now: int, body: string, header: string, valid: bool} $vector
     */
    public function testAgreesWithTheSharedVectors(array $vector): void
    {
        $verifier = new SignatureVerifier();
        self::assertSame(
            $vector['valid'],
            $verifier->verify($vector['secret'], $vector['header'], $vector['body'], $vector['now'])
        );
    }

    public function testSharedVectorsArePresent(): void
    {
        self::assertGreaterThanOrEqual(5, count($this->sharedVectors()));
    }

    public function testFailsClosedWithoutASecret(): void
    {
        $body = '{"id":"evt_1"}';
        $header = 't=1795000000,v1=' . hash_hmac('sha256', '1795000000.' . $body, '');
        self::assertFalse((new SignatureVerifier())->verify('', $header, $body, 1795000000));
    }

    public function testRejectsAnotherSecretAndMalformedHeaders(): void
    {
        $verifier = new SignatureVerifier();
        $body = '{"id":"evt_1"}';
        $good = 't=1795000000,v1=' . hash_hmac('sha256', '1795000000.' . $body, 'whsec_right');
        self::assertTrue($verifier->verify('whsec_right', $good, $body, 1795000000));
        self::assertFalse($verifier->verify('whsec_wrong', $good, $body, 1795000000));
        foreach (['', 'v1=abc', 't=1795000000', 't=abc,v1=' . str_repeat('0', 64), strtoupper($good)] as $header) {
            self::assertFalse($verifier->verify('whsec_right', $header, $body, 1795000000), $header);
        }
    }
}
