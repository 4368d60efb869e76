import { parseWithZod } from "@conform-to/zod/v4";
import { describe, expect, it } from "vitest";
import { contactSchema, customerSchema } from "~/modules/customers/customers.schema";
import { coverageGaps } from "~/modules/customers/coverage";
import { programSchema } from "~/modules/programs/programs.schema";
import { parseEnv } from "~/utils/env.server";
import { safeRedirectPath } from "~/utils/request.server";

const form = (entries: Record<string, string>) => {
  const data = new FormData();
  for (const [k, v] of Object.entries(entries)) data.set(k, v);
  return data;
};

describe("settings", () => {
  it("need nothing for a local run", () => {
    const env = parseEnv({});
    expect(env).toMatchObject({ PORT: 3000, DATA_DIR: ".data", APP_URL: "http://localhost:3000" });
  });

  it("stop a production start without its secrets, naming them", () => {
    expect(() => parseEnv({ NODE_ENV: "production" })).toThrow(/SESSION_SECRET is required in production/);
    expect(() => parseEnv({ NODE_ENV: "production", SESSION_SECRET: "x".repeat(40) })).toThrow(/APP_URL is required in production/);
    expect(parseEnv({ NODE_ENV: "production", SESSION_SECRET: "x".repeat(40), APP_URL: "https://charter.example.com" }).APP_URL).toBe("https://charter.example.com");
    expect(() => parseEnv({ PORT: "seventy" })).toThrow(/PORT/);
  });
});

describe("coverage gaps", () => {
  it("names a missing buyer and too few users", () => {
    expect(coverageGaps({ buyers: 1, users: 3, minUsers: 3 })).toEqual([]);
    expect(coverageGaps({ buyers: 0, users: 0, minUsers: 3 })).toEqual([
      "No economic buyer: the valuable test cannot run until someone signs off for this customer.",
      "No users yet: the usable test needs responses from at least 3.",
    ]);
    expect(coverageGaps({ buyers: 1, users: 1, minUsers: 3 })).toEqual(["Only 1 user: the usable test needs at least 3 responses."]);
    expect(coverageGaps({ buyers: 1, users: 2, minUsers: 3 })).toEqual(["Only 2 users: the usable test needs at least 3 responses."]);
  });
});

describe("form schemas", () => {
  it("name the field and keep sensible defaults", () => {
    const program = parseWithZod(form({ name: "P", product: "", valueHypothesis: "v", targetReferenceable: "11" }), { schema: programSchema });
    expect(program.status).toBe("error");
    expect(program.reply().error).toMatchObject({ product: ["Name the product being tested."], targetReferenceable: [expect.stringMatching(/at most 10/)] });
    const defaulted = parseWithZod(form({ name: "P", product: "x", valueHypothesis: "v" }), { schema: programSchema });
    expect(defaulted.status === "success" && defaulted.value.targetReferenceable).toBe(6);
  });

  it("normalise a customer's website and a contact's email", () => {
    const customer = parseWithZod(form({ name: "Acme", website: "acme.com" }), { schema: customerSchema });
    expect(customer.status === "success" && customer.value.website).toBe("https://acme.com");
    const bad = parseWithZod(form({ name: "Acme", website: "not a url at all" }), { schema: customerSchema });
    expect(bad.reply().error).toHaveProperty("website");
    const contact = parseWithZod(form({ name: "Ann", email: " Ann@Example.COM ", isUser: "on" }), { schema: contactSchema });
    expect(contact.status === "success" && contact.value.email).toBe("ann@example.com");
    const noRole = parseWithZod(form({ name: "Ann", email: "ann@example.com" }), { schema: contactSchema });
    expect(noRole.reply().error).toEqual({ roles: ["Choose at least one role."] });
  });
});

describe("redirects after sign-in", () => {
  it("stay on this site", () => {
    expect(safeRedirectPath("/programs/1")).toBe("/programs/1");
    expect(safeRedirectPath("//evil.example")).toBe("/programs");
    expect(safeRedirectPath("https://evil.example")).toBe("/programs");
    expect(safeRedirectPath("/\\evil.example")).toBe("/programs");
    expect(safeRedirectPath(null)).toBe("/programs");
  });
});
