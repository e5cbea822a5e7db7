// Dashboard passwords: argon2id with the OWASP-recommended minimum (19 MiB,
// two passes, one lane), from the prebuilt binaries of @node-rs/argon2.

import { hash, verify } from "@node-rs/argon2";
import type { PasswordHasher } from "@smspay/core";

// `algorithm: 2` is Algorithm.Argon2id (a const enum, which type stripping cannot read).
const OPTIONS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export const argon2Hasher: PasswordHasher = {
  hash: (password) => hash(password, OPTIONS),
  async verify(stored, password) {
    try {
      return await verify(stored, password);
    } catch {
      // A malformed stored hash never signs anyone in.
      return false;
    }
  },
};
