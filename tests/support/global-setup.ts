import postgres from "postgres";
import { openDatabase } from "../../db/client";

export const TEMPLATE_DB = "charter_test_template";

/** With a PostgreSQL server: migrate a template database once; each test file clones it. */
export default async function globalSetup() {
  const url = process.env.DATABASE_URL;
  if (!url) return;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${TEMPLATE_DB} with (force)`);
  await admin.unsafe(`create database ${TEMPLATE_DB}`);
  const handle = await openDatabase({ databaseUrl: withDatabase(url, TEMPLATE_DB) });
  await handle.close();
  await admin.end();
  return async () => {
    const cleanup = postgres(url, { max: 1, onnotice: () => {} });
    await cleanup.unsafe(`drop database if exists ${TEMPLATE_DB} with (force)`);
    await cleanup.end();
  };
}

export function withDatabase(url: string, database: string) {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
