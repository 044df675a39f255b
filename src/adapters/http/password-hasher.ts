// argon2id password hashing (the `argon2` package, prebuilt for Node 20 on Linux/macOS/Windows), behind the
// PasswordHasher port of src/app/accounts.ts. Parameters: OWASP's argon2id minimum (19 MiB, t=2, p=1).
import argon2 from "argon2";
import type { PasswordHasher } from "../../app/accounts.js";

/** Creates the argon2id hasher. Hashes are PHC strings ("$argon2id$v=19$m=19456,t=2,p=1$…"). */
export function createPasswordHasher(): PasswordHasher {
  return {
    hash: (password) => argon2.hash(password, { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 }),
    async verify(hash, password) {
      try {
        return await argon2.verify(hash, password);
      } catch {
        return false;
      }
    },
  };
}
