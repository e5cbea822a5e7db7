<?php
/**
 * The POST /v1/payments request for an order, as smspay's merchant API takes
 * it. orderRef is the order's entity id (what Magento's REST API and smspay's
 * Magento adapter address orders by); the increment id the customer knows
 * goes in the description and the metadata.
 */
declare(strict_types=1);

namespace Smspay\SmsPayment\Model;

use Magento\Framework\App\Config\ScopeConfigInterface;
use Magento\Sales\Model\Order;

class PaymentRequestBuilder
{
    /** @var ScopeConfigInterface */
    private $scopeConfig;

    public function __construct(ScopeConfigInterface $scopeConfig)
    {
        $this->scopeConfig = $scopeConfig;
    }

    /**
     * @return array<string, mixed>
     * @throws \InvalidArgumentException when the total cannot be paid exactly in its currency
     */
    public function build(Order $order, string $returnUrl): array
    {
        $currency = (string) $order->getOrderCurrencyCode();
        $request = [
            'amount' => Amount::toMinorUnits($order->getGrandTotal(), $currency),
            'currency' => $currency,
            'orderRef' => (string) $order->getEntityId(),
            'returnUrl' => $returnUrl,
            // smspay's cancel link lands on the same page, which asks smspay what happened.
            'cancelUrl' => $returnUrl,
            'description' => 'Order #' . $order->getIncrementId(),
            'metadata' => [
                'magento_increment_id' => (string) $order->getIncrementId(),
                'magento_store_id' => (string) $order->getStoreId(),
            ],
        ];
        $customer = array_filter([
            'email' => $this->email($order),
            'phone' => $this->mobilePhone($order),
            'locale' => $this->locale($order),
        ]);
        if ($customer !== []) {
            $request['customer'] = $customer;
        }
        return $request;
    }

    /**
     * Stable per order and per shop database: a repeated redirect returns the
     * same payment, and two shops sharing one smspay account never collide.
     */
    public function idempotencyKey(Order $order): string
    {
        return sprintf('magento-%s-%s', $order->getEntityId(), $order->getProtectCode());
    }

    private function email(Order $order): ?string
    {
        $email = trim((string) $order->getCustomerEmail());
        return filter_var($email, FILTER_VALIDATE_EMAIL) ? $email : null;
    }

    /** Only a number in international form: anything else would make smspay refuse the payment. */
    private function mobilePhone(Order $order): ?string
    {
        $address = $order->getBillingAddress();
        $phone = $address ? preg_replace('/[\s().-]/', '', (string) $address->getTelephone()) : '';
        return preg_match('/^\+[1-9]\d{7,14}$/', (string) $phone) ? $phone : null;
    }

    /** The store view's locale, "fr_FR" -> "fr-FR". */
    private function locale(Order $order): ?string
    {
        $code = (string) $this->scopeConfig->getValue(
            'general/locale/code',
            'store',
            $order->getStoreId()
        );
        return preg_match('/^[a-z]{2,3}_[A-Z]{2}$/', $code) ? str_replace('_', '-', $code) : null;
    }
}
