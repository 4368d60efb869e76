import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { env } from "~/utils/env.server";

/**
 * An email's token-bearing links, encrypted while the email waits in the outbox, so the database
 * never holds a usable token (links are stored elsewhere only as hashes). AES-256-GCM with a key
 * derived (HKDF) from SESSION_SECRET, which is not in the database; the outbox row's id is the
 * associated data, so a sealed value moved to another row does not open.
 */

const VERSION = "v1";
let cached: { secret: string; key: Buffer } | undefined;

function key() {
  const secret = env().SESSION_SECRET;
  if (cached?.secret !== secret) cached = { secret, key: Buffer.from(hkdfSync("sha256", secret, "charter-email-outbox", "sealed email links v1", 32)) };
  return cached.key;
}

export type Links = Record<string, string>;

export function sealLinks(links: Links, emailId: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(), iv);
  cipher.setAAD(Buffer.from(emailId));
  const body = Buffer.concat([cipher.update(JSON.stringify(links), "utf8"), cipher.final()]);
  return [VERSION, iv.toString("base64url"), body.toString("base64url"), cipher.getAuthTag().toString("base64url")].join(".");
}

/** The links, or null when the value does not open (another SESSION_SECRET, another row, tampered). */
export function openLinks(sealed: string, emailId: string): Links | null {
  const [version, iv, body, tag] = sealed.split(".");
  if (version !== VERSION || !iv || !body || !tag) return null;
  try {
    const decipher = createDecipheriv("aes-256-gcm", key(), Buffer.from(iv, "base64url"));
    decipher.setAAD(Buffer.from(emailId));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    const json = Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
    return JSON.parse(json) as Links;
  } catch {
    return null;
  }
}
