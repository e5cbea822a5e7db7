import { describe, expect, it } from "vitest";
import { priceWording, publisherOf } from "./keywords.ts";

const OPERATOR = { name: "smspay", contact: "support@smspay.example" };

describe("publisher of a short code", () => {
  it("is the code's (or its owner's) identity when set", () => {
    const identity = { name: "Shop SAS", contact: "+33 1 00 00 00 00" };
    expect(
      publisherOf({ identity, ownerId: "mer_1", ownerName: "Shop", prices: [] }, OPERATOR),
    ).toBe(identity);
  });

  it("names the owning merchant, reachable through the operator, when it set none", () => {
    expect(
      publisherOf(
        { identity: undefined, ownerId: "mer_1", ownerName: "Shop", prices: [] },
        OPERATOR,
      ),
    ).toEqual({
      name: "Shop",
      contact: "support@smspay.example",
    });
  });

  it("is the operator on a shared code", () => {
    expect(
      publisherOf(
        { identity: undefined, ownerId: undefined, ownerName: undefined, prices: [] },
        OPERATOR,
      ),
    ).toBe(OPERATOR);
  });
});

describe("price wording", () => {
  it("states every price the code carries, in the reply's language", () => {
    const prices = [
      { amount: 99, currency: "EUR" },
      { amount: 450, currency: "EUR" },
    ];
    expect(priceWording(prices, "en")).toBe(
      "Price: €0.99 / €4.50 per payment, plus the cost of a standard SMS.",
    );
    expect(priceWording(prices, "fr")).toBe(
      "Prix : 0,99\u00a0€ / 4,50\u00a0€ par paiement, plus le coût d'un SMS standard.",
    );
  });

  it("says a free code costs nothing more than an SMS", () => {
    expect(priceWording([], "en")).toBe("No charge beyond your usual SMS rate.");
  });
});
