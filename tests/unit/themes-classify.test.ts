import { describe, expect, it } from "vitest";
import { classifyTheme, namesInWords, specialWarning } from "~/modules/themes/classify";

const classify = (customers: number, activeCustomers: number, specialMaxCustomers = 1) => classifyTheme({ customers, activeCustomers, specialMaxCustomers });

describe("classifyTheme", () => {
  it("says nothing of a theme no customer raised (no tags yet), nor of a program with no active customer", () => {
    expect(classify(0, 6)).toBe("none");
    expect(classify(0, 0)).toBe("none");
    expect(classify(1, 0)).toBe("special");
  });

  it("marks one customer of six a special, two of six neither, exactly half a market need", () => {
    expect(classify(1, 6)).toBe("special");
    expect(classify(2, 6)).toBe("some");
    expect(classify(3, 6)).toBe("market");
    expect(classify(6, 6)).toBe("market");
  });

  it("rounds an odd count's half up: 4 of 7 is a market need, 3 of 7 is not", () => {
    expect(classify(3, 7)).toBe("some");
    expect(classify(4, 7)).toBe("market");
    expect(classify(5, 9)).toBe("market");
    expect(classify(4, 9)).toBe("some");
  });

  it("follows the program's threshold: with 2, two customers of eight are a special and three are not", () => {
    expect(classify(2, 8, 2)).toBe("special");
    expect(classify(3, 8, 2)).toBe("some");
    expect(classify(1, 8, 2)).toBe("special");
    expect(classify(4, 8, 2)).toBe("market");
  });

  it("calls half of a small program a market need even within the threshold", () => {
    expect(classify(1, 2)).toBe("market");
    expect(classify(2, 4, 2)).toBe("market");
    expect(classify(1, 3)).toBe("special");
  });
});

describe("the special's warning", () => {
  it("names the customer and says what building it wins", () => {
    expect(specialWarning(["Birch Ltd"])).toBe("Only Birch Ltd asked for this: building it wins one contract, not a market.");
    expect(specialWarning(["Birch Ltd", "Cedar Inc"])).toBe("Only Birch Ltd and Cedar Inc asked for this: building it wins 2 contracts, not a market.");
    expect(namesInWords(["A", "B", "C"])).toBe("A, B and C");
    expect(namesInWords([])).toBe("");
  });
});
