import { describe, expect, it } from "vitest";
import { safeRedirectPath } from "~/utils/request.server";

/** Where a browser goes with this Location, seen from a page of charter.test. */
const followed = (location: string) => new URL(location, "https://charter.test/login").origin;

describe("redirectTo after sign-in", () => {
  it("keeps a same-origin path, with its query and fragment", () => {
    expect(safeRedirectPath("/programs/1/rounds/2?tab=users#valuable")).toBe("/programs/1/rounds/2?tab=users#valuable");
    expect(safeRedirectPath("/members")).toBe("/members");
  });

  it("refuses every way of leaving the site, as a browser would read it", () => {
    const offSite = [
      "//evil.example",
      "/\t/evil.example",
      "/\n/evil.example",
      "/\r\n/evil.example",
      "\t//evil.example",
      "/\\evil.example",
      "/\\/evil.example",
      "\\\\evil.example",
      "https://evil.example",
      "javascript:alert(1)",
      " //evil.example",
      "///evil.example",
      "/\t\t/evil.example/path?x=1",
    ];
    for (const to of offSite) {
      // Each is a real way out: followed as it is, the Location leaves the site…
      expect(followed(to), JSON.stringify(to)).not.toBe("https://charter.test");
      // …and the check sends the member home instead.
      expect(safeRedirectPath(to), JSON.stringify(to)).toBe("/programs");
    }
  });

  it("keeps encoded look-alikes as the harmless paths they are", () => {
    for (const to of ["/%2F%2Fevil.example", "/%09/evil.example", "/%5Cevil.example", "/%2f/evil.example"]) {
      const kept = safeRedirectPath(to);
      expect(followed(kept), to).toBe("https://charter.test");
      expect(kept).toBe(to);
    }
  });

  it("falls back on anything that is not a path", () => {
    for (const to of [null, undefined, "", "programs", "evil.example/x"]) expect(safeRedirectPath(to)).toBe("/programs");
    expect(safeRedirectPath("https://evil.example", "/login")).toBe("/login");
  });
});
