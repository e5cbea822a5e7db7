/**
 * Pay by SMS at checkout: the order is placed first (pending payment), then
 * the customer goes to the module's redirect controller, which creates the
 * smspay payment and sends them to smspay's payment page.
 */
define(["Magento_Checkout/js/view/payment/default"], (Component) =>
  Component.extend({
    defaults: {
      template: "Smspay_SmsPayment/payment/smspay",
      redirectAfterPlaceOrder: false,
    },

    isTestMode: () => Boolean(window.checkoutConfig.payment.smspay.testMode),

    afterPlaceOrder: () => {
      window.location.replace(window.checkoutConfig.payment.smspay.redirectUrl);
    },
  }));
