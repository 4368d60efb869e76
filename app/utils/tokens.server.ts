import { createHash, randomBytes } from "node:crypto";

/** A link or session token: 256 bits from the CSPRNG, URL-safe. Only its hash is stored. */
export function newToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, hash: hashToken(token) };
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** What logs and audit rows may show of a token. */
export const tokenPrefix = (hash: string) => hash.slice(0, 8);
