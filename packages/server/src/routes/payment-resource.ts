// The payment as the merchant API shows it lives in the core, because webhook
// events carry exactly the same shape (shared/webhooks.md).

export { checkoutUrl, eventResource, paymentResource } from "@smspay/core";
