import { readdirSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

/**
 * `npx tsc` (the first step of npm test) checks every source file of the project: a file left out
 * of tsconfig.json's include would never be typechecked, and nothing would say so.
 */

const root = join(import.meta.dirname, "../..");
/** Generated, installed or scratch folders (.gitignore's), never source. */
const NOT_SOURCE = new Set(["node_modules", "build", ".data", ".cache", ".tmp", ".git", "test-results", "playwright-report"]);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (NOT_SOURCE.has(entry.name)) return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/.test(entry.name) && !entry.name.endsWith(".d.ts") ? [relative(root, path)] : [];
  });
}

describe("the typecheck", () => {
  it("covers every source file: app, db, emails, tests, the server entry and the config files", () => {
    const config = ts.readConfigFile(join(root, "tsconfig.json"), ts.sys.readFile);
    const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
    expect(parsed.errors).toEqual([]);
    const checked = new Set(parsed.fileNames.map((file) => relative(root, file)));
    const files = sourceFiles(root);
    expect(files).toContain("server.mjs");
    expect(files).toContain("vite.config.ts");
    expect(files.filter((file) => !checked.has(file))).toEqual([]);
  });
});
