import { z } from "zod";

// zod 4 builds its fast object parsers with `new Function`, after probing whether eval is allowed.
// The page's CSP forbids eval (no 'unsafe-eval'), so in the browser that probe is refused and
// reported (a CSP issue in DevTools and Lighthouse). Forms validate a few fields, so the browser
// parses without the JIT and skips the probe; the server keeps it. Imported first by root.tsx,
// whose module the browser evaluates before any route module builds a schema.
if (typeof document !== "undefined") z.config({ jitless: true });
