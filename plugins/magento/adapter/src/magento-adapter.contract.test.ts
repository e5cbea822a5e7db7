// The platform-adapter contract against the fake Magento, once per way an
// integration authenticates.

import { platformAdapterContract } from "@smspay/testkit";
import { FakeMagento } from "./fake-magento.ts";
import { createMagentoAdapter } from "./magento-adapter.ts";

const credentials = {
  consumerKey: "ck_contract",
  consumerSecret: "cs_contract",
  accessToken: "at_contract",
  accessTokenSecret: "ats_contract",
};

platformAdapterContract("magento (OAuth 1.0a)", async () => {
  const magento = await FakeMagento.start({ credentials });
  return fixture(
    magento,
    createMagentoAdapter({ baseUrl: magento.baseUrl, auth: { type: "oauth1", ...credentials } }),
  );
});

platformAdapterContract("magento (bearer token)", async () => {
  const magento = await FakeMagento.start({ credentials, bearerTokensEnabled: true });
  return fixture(
    magento,
    createMagentoAdapter({
      baseUrl: magento.baseUrl,
      storeCode: "default",
      auth: { type: "bearer", accessToken: credentials.accessToken },
    }),
  );
});

function fixture(magento: FakeMagento, adapter: ReturnType<typeof createMagentoAdapter>) {
  return {
    adapter,
    createOrder: async (input: { amount: number; currency: string }) => magento.createOrder(input),
    inspect: async (orderRef: string) => magento.inspect(orderRef),
    failNext: (count: number) => magento.failNext(count),
    close: () => magento.close(),
  };
}
