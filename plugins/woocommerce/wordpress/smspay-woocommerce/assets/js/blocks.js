// Pay by SMS in WooCommerce's Checkout block. Plain script, no build step:
// everything comes from the globals WooCommerce and WordPress load first
// (the script's dependencies in Smspay_Blocks_Support). Texts arrive
// translated from PHP through wc.wcSettings.
(() => {
  const { registerPaymentMethod } = window.wc.wcBlocksRegistry;
  const { getSetting } = window.wc.wcSettings;
  const { createElement, Fragment } = window.wp.element;
  const { decodeEntities } = window.wp.htmlEntities;

  const settings = getSetting("smspay_data", {});
  const title = decodeEntities(settings.title || "Pay by SMS");

  const Content = () =>
    createElement(
      Fragment,
      null,
      createElement("p", null, decodeEntities(settings.description || "")),
      settings.testMode
        ? createElement("p", { className: "smspay-test-mode" }, decodeEntities(settings.testNotice))
        : null,
    );

  const Label = (props) => {
    const { PaymentMethodLabel } = props.components;
    return createElement(PaymentMethodLabel, { text: title });
  };

  registerPaymentMethod({
    name: "smspay",
    label: createElement(Label),
    content: createElement(Content),
    edit: createElement(Content),
    canMakePayment: () => true,
    ariaLabel: title,
    supports: { features: settings.supports || ["products"] },
  });
})();
