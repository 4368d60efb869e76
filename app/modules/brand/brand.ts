/**
 * Who asks, in words and colour: pure helpers shared by the settings form, the public pages and
 * the emails (no database here; see brand.server.ts).
 */

/** "Acme" → "Acme's", "Bluewater Utilities" → "Bluewater Utilities'" (a name ending in s takes the apostrophe alone). */
export function possessive(name: string) {
  const trimmed = name.trim();
  if (trimmed === "") return trimmed;
  return /s$/.test(trimmed) ? `${trimmed}'` : `${trimmed}'s`;
}

/** WCAG 2 relative luminance of a #rrggbb colour. */
function luminance(hex: string) {
  const channels = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
  const [r, g, b] = channels.map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG 2 contrast ratio of white text on a #rrggbb background (1 to 21). */
export function contrastWithWhite(hex: string) {
  return 1.05 / (luminance(hex) + 0.05);
}

/** AA for normal text: buttons carry white text on the accent colour. */
export const MIN_CONTRAST = 4.5;

/** The app's own accent (the brand-700 of the stylesheet), used when a workspace has none. */
export const DEFAULT_ACCENT = "#3b3fb6";

export type Brand = {
  companyName: string;
  accentColor: string | null;
  /** Path of the logo (/logos/<sha256>), content-addressed so it can be cached for ever. */
  logoPath: string | null;
};

/** "Ledgerly, by Acme Software," — or the company alone when no product is named or it is the company's own name. */
export function askedBy(brand: Pick<Brand, "companyName">, productName?: string | null) {
  const product = productName?.trim();
  if (!product || product.toLowerCase() === brand.companyName.trim().toLowerCase()) return brand.companyName;
  return `${product}, by ${brand.companyName},`;
}

/** The sender's display name ("Acme Software via Charter") with the configured address kept. */
export function senderFor(companyName: string, configuredFrom: string) {
  const address = /<([^<>]+)>\s*$/.exec(configuredFrom)?.[1] ?? configuredFrom.trim();
  // A display name is a quoted string: no quotes, backslashes, angle brackets or line breaks in it.
  const name = `${companyName} via Charter`.replace(/["\\<>]/g, "").replace(/\s+/g, " ").trim();
  return `"${name}" <${address}>`;
}

export type ImageType = "image/png" | "image/jpeg" | "image/webp";

/** The image's type read from its first bytes (never from its name or the browser's word); null if not PNG, JPEG or WebP. */
export function sniffImageType(bytes: Uint8Array): ImageType | null {
  const starts = (signature: number[], at = 0) => signature.every((byte, i) => bytes[at + i] === byte);
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (starts([0xff, 0xd8, 0xff])) return "image/jpeg";
  if (starts([0x52, 0x49, 0x46, 0x46]) && starts([0x57, 0x45, 0x42, 0x50], 8)) return "image/webp";
  return null;
}

export const MAX_LOGO_BYTES = 200 * 1024;
