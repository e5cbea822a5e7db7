/**
 * Registers the Pay by SMS renderer with the checkout's payment step.
 */
define(["uiComponent", "Magento_Checkout/js/model/payment/renderer-list"], (
  Component,
  rendererList,
) => {
  rendererList.push({
    type: "smspay",
    component: "Smspay_SmsPayment/js/view/payment/method-renderer/smspay",
  });

  return Component.extend({});
});
