import { describe, expect, it } from "vitest";
import { askedBy, contrastWithWhite, MIN_CONTRAST, possessive, senderFor, sniffImageType } from "~/modules/brand/brand";
import { brandSchema } from "~/modules/brand/brand.schema";

describe("possessive", () => {
  it.each([
    ["Acme", "Acme's"],
    ["Acme Software", "Acme Software's"],
    ["Bluewater Utilities", "Bluewater Utilities'"],
    ["Harbor Mechanical", "Harbor Mechanical's"],
    ["  Ledgerly  ", "Ledgerly's"],
  ])("%s → %s", (name, expected) => expect(possessive(name)).toBe(expected));
});

describe("contrast of white text on the accent colour (WCAG 2)", () => {
  it("matches the published extremes and known pairs", () => {
    expect(contrastWithWhite("#000000")).toBeCloseTo(21, 5);
    expect(contrastWithWhite("#ffffff")).toBeCloseTo(1, 5);
    // #767676 is the lightest grey that passes AA on white (4.54:1); #777777 fails (4.48:1).
    expect(contrastWithWhite("#767676")).toBeGreaterThanOrEqual(MIN_CONTRAST);
    expect(contrastWithWhite("#777777")).toBeLessThan(MIN_CONTRAST);
    expect(contrastWithWhite("#1d4ed8")).toBeCloseTo(6.7, 1);
  });

  it("refuses a light colour with a sentence that says why, and accepts a dark one", () => {
    const light = brandSchema.safeParse({ companyName: "Acme", accentColor: "#FACC15" });
    expect(light.success).toBe(false);
    expect(light.error?.issues[0].message).toMatch(/^White text on #facc15 has a contrast of 1\.\d:1; buttons need at least 4\.5:1\. Choose a darker colour\.$/);
    expect(brandSchema.safeParse({ companyName: "Acme", accentColor: "teal" }).error?.issues[0].message).toBe("Enter a colour as # and six hex digits, like #1d4ed8.");
    expect(brandSchema.parse({ companyName: " Acme ", accentColor: "#1D4ED8" })).toEqual({ companyName: "Acme", accentColor: "#1d4ed8" });
  });
});

describe("who asks", () => {
  it("names the product by the company, or the company alone", () => {
    expect(askedBy({ companyName: "Acme Software" }, "Ledgerly")).toBe("Ledgerly, by Acme Software,");
    expect(askedBy({ companyName: "Acme Software" }, "")).toBe("Acme Software");
    expect(askedBy({ companyName: "Ledgerly" }, "ledgerly")).toBe("Ledgerly");
  });

  it("puts the company in the sender's name and keeps the configured address", () => {
    expect(senderFor("Acme Software", "Charter <charter@mail.example>")).toBe('"Acme Software via Charter" <charter@mail.example>');
    expect(senderFor("Acme Software", "charter@mail.example")).toBe('"Acme Software via Charter" <charter@mail.example>');
    // A name cannot break out of the quoted display name or add a header.
    expect(senderFor('Evil "Co" <x@evil.example>\r\nBcc: y@evil.example', "Charter <charter@mail.example>")).toBe('"Evil Co x@evil.example Bcc: y@evil.example via Charter" <charter@mail.example>');
  });
});

describe("logo type by its bytes", () => {
  const bytes = (...values: number[]) => new Uint8Array([...values, ...new Array(16).fill(0)]);
  it("knows PNG, JPEG and WebP, and nothing else", () => {
    expect(sniffImageType(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a))).toBe("image/png");
    expect(sniffImageType(bytes(0xff, 0xd8, 0xff, 0xe0))).toBe("image/jpeg");
    expect(sniffImageType(bytes(0x52, 0x49, 0x46, 0x46, 1, 2, 3, 4, 0x57, 0x45, 0x42, 0x50))).toBe("image/webp");
    expect(sniffImageType(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'))).toBeNull();
    expect(sniffImageType(bytes(0x47, 0x49, 0x46, 0x38, 0x39, 0x61))).toBeNull(); // GIF
    expect(sniffImageType(new Uint8Array([0x89, 0x50]))).toBeNull();
  });
});
