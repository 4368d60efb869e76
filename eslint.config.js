// @ts-check
// ESLint (npm run lint, a step of npm test): typescript-eslint's recommended rules, the rules of
// hooks, and jsx-a11y's checks of the markup people use with keyboards and screen readers.
import js from "@eslint/js";
import jsxA11y from "eslint-plugin-jsx-a11y";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["build/", "node_modules/", ".data/", ".cache/", ".tmp/", "test-results/", "playwright-report/", "db/migrations/"] },
  js.configs.recommended,
  tseslint.configs.recommended,
  reactHooks.configs.flat.recommended,
  jsxA11y.flatConfigs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      // A `let` read by callbacks declared before its one assignment (a timer cleared by a
      // callback that may fire first) cannot be a const: the read would be in its dead zone.
      "prefer-const": ["error", { ignoreReadBeforeAssign: true }],
      // A scrolling region (role="region", labelled) must be focusable to scroll by keyboard
      // (WCAG 2.1.1; axe's scrollable-region-focusable).
      "jsx-a11y/no-noninteractive-tabindex": ["error", { tags: [], roles: ["tabpanel", "region"] }],
      // `_name` marks a parameter a signature requires but the body does not use.
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
      // Start-up time: react-email's barrel loads every component before the server listens (~1.3 s,
      // mostly Prism's languages for a code block no email has).
      "no-restricted-imports": ["error", { paths: [{ name: "@react-email/components", message: "Import each component from its own package (@react-email/text, …): the barrel costs ~1.3 s of start-up." }] }],
    },
  },
);
