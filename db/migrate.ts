/** `npm run db:migrate`: applies pending migrations (start-up does this too). */
import { closeDatabase, connectDatabase } from "./client";

const { engine } = await connectDatabase();
await closeDatabase();
console.log(`Migrations applied to the ${engine === "pglite" ? "embedded PGlite" : "PostgreSQL"} database.`);
