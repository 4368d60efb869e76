import { openDatabase } from "../../db/client";

/** On a PostgreSQL server, migrate once before the test files run in parallel. */
export default async function globalSetup() {
  if (!process.env.DATABASE_URL) return;
  const handle = await openDatabase({ databaseUrl: process.env.DATABASE_URL });
  await handle.close();
}
