import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { QuadrantChart } from "~/components/charts/quadrant-chart";
import type { Quadrant, ValuableState } from "~/modules/gates/evaluate";

const placed = (name: string, quadrant: Quadrant, usable: "pass" | "fail" | "not_enough_data", valuable: ValuableState) => ({ customerId: name, name, quadrant, usable: { state: usable }, valuable: { state: valuable } });

describe("the quadrant chart", () => {
  const html = renderToStaticMarkup(
    createElement(QuadrantChart, {
      caption: "Round 1",
      customers: [
        placed("Brightline", "vegetables", "not_enough_data", "approved"),
        placed("Cobalt", "vegetables", "fail", "approved"),
        placed("Dunmore", "candy", "pass", "pending"),
        placed("Eastfield", "neither", "not_enough_data", "not_sent"),
        placed("Fairway", "ready", "pass", "approved"),
      ],
    }),
  );

  it("says what a customer is still waiting for: too little evidence is not a fail", () => {
    const label = html.match(/aria-label="([^"]*)"/)![1];
    expect(label).toBe(
      "Round 1. Vegetables: Brightline (awaiting users), Cobalt. Ready: Fairway. Neither: Eastfield (awaiting users and buyer). Candy: Dunmore (awaiting buyer).",
    );
  });

  it("lists the quadrants as text for a phone, where the drawing's text would be too small", () => {
    expect(html).toMatch(/<dl class="[^"]*sm:hidden/);
    expect(html).toContain("<dd class=\"text-slate-800\">Brightline<span class=\"text-slate-600\"> · awaiting users</span></dd>");
    expect(html).toMatch(/<svg[^>]*class="hidden [^"]*sm:block"/);
  });
});
