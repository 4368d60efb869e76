import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import { db, type Transaction } from "#db/client";
import { customers, programs, roundLearnings, rounds, themes, themeTags } from "#db/schema";
import { AppError } from "~/utils/errors";
import { classifyTheme, specialWarning, type ThemeReach } from "./classify";
import type { FeedbackChannel } from "./feedback-items";
import { feedbackItems, taggedQuotes } from "./feedback-items.server";

/** The program's figures the classification needs: its threshold and its active customers. */
const programReach = (workspaceId: string, programId: string) =>
  db()
    .select({
      specialMaxCustomers: programs.specialMaxCustomers,
      activeCustomers: sql<number>`(select count(*) from customers c where c.program_id = programs.id and c.status = 'active')`.mapWith(Number),
    })
    .from(programs)
    .where(and(eq(programs.workspaceId, workspaceId), eq(programs.id, programId)));

/**
 * The themes page: each theme with the customers that raised it by channel, the rounds it came up
 * in, its quotes and status, classified as market need or special. Six statements, whatever the
 * number of themes, tags or customers; sorted by customers, then mentions.
 */
export async function programThemes(workspaceId: string, programId: string) {
  const [[reach], themeRows, customerRows, roundRows, quotes, programRounds] = await Promise.all([
    programReach(workspaceId, programId),
    db()
      .select({
        id: themes.id,
        kind: themes.kind,
        title: themes.title,
        description: themes.description,
        status: themes.status,
        addressedRoundId: themes.addressedRoundId,
        addressedRoundNumber: rounds.number,
        wontDoReason: themes.wontDoReason,
        customers: sql<number>`count(distinct ${themeTags.customerId})`.mapWith(Number),
        mentions: sql<number>`count(${themeTags.id})`.mapWith(Number),
      })
      .from(themes)
      .leftJoin(themeTags, eq(themeTags.themeId, themes.id))
      .leftJoin(rounds, eq(rounds.id, themes.addressedRoundId))
      .where(and(eq(themes.workspaceId, workspaceId), eq(themes.programId, programId)))
      .groupBy(themes.id, rounds.number)
      .orderBy(desc(sql`count(distinct ${themeTags.customerId})`), desc(sql`count(${themeTags.id})`), asc(themes.title)),
    db()
      .selectDistinct({ themeId: themeTags.themeId, customerId: customers.id, name: customers.name, channel: themeTags.channel })
      .from(themeTags)
      .innerJoin(themes, eq(themes.id, themeTags.themeId))
      .innerJoin(customers, eq(customers.id, themeTags.customerId))
      .where(and(eq(themeTags.workspaceId, workspaceId), eq(themes.programId, programId)))
      .orderBy(asc(customers.name)),
    db()
      .selectDistinct({ themeId: themeTags.themeId, number: rounds.number })
      .from(themeTags)
      .innerJoin(themes, eq(themes.id, themeTags.themeId))
      .innerJoin(rounds, eq(rounds.id, themeTags.roundId))
      .where(and(eq(themeTags.workspaceId, workspaceId), eq(themes.programId, programId)))
      .orderBy(asc(rounds.number)),
    taggedQuotes(workspaceId, programId),
    db()
      .select({ id: rounds.id, number: rounds.number, title: rounds.title, status: rounds.status })
      .from(rounds)
      .where(and(eq(rounds.workspaceId, workspaceId), eq(rounds.programId, programId)))
      .orderBy(asc(rounds.number)),
  ]);
  if (!reach) throw new AppError("not_found", "Program not found");

  const list = themeRows.map((theme) => {
    const raisedBy = customerRows.filter((c) => c.themeId === theme.id);
    const customerNames = [...new Map(raisedBy.map((c) => [c.customerId, c.name])).values()];
    const byChannel = (channel: FeedbackChannel) => raisedBy.filter((c) => c.channel === channel).map((c) => ({ id: c.customerId, name: c.name }));
    const reachOf: ThemeReach = classifyTheme({ customers: theme.customers, activeCustomers: reach.activeCustomers, specialMaxCustomers: reach.specialMaxCustomers });
    return {
      ...theme,
      reach: reachOf,
      warning: reachOf === "special" ? specialWarning(customerNames) : null,
      customerNames,
      channels: { users: byChannel("users"), buyers: byChannel("buyers"), gatekeepers: byChannel("gatekeepers") },
      rounds: roundRows.filter((r) => r.themeId === theme.id).map((r) => r.number),
      quotes: quotes.filter((q) => q.themeId === theme.id),
    };
  });
  return { themes: list, activeCustomers: reach.activeCustomers, specialMaxCustomers: reach.specialMaxCustomers, rounds: programRounds };
}

/**
 * The open themes by customer count, for planning a round: one statement, with the classification's
 * inputs read alongside.
 */
export async function openThemes(workspaceId: string, programId: string) {
  const [[reach], rows] = await Promise.all([
    programReach(workspaceId, programId),
    db()
      .select({
        id: themes.id,
        kind: themes.kind,
        title: themes.title,
        customers: sql<number>`count(distinct ${themeTags.customerId})`.mapWith(Number),
        mentions: sql<number>`count(${themeTags.id})`.mapWith(Number),
        customerNames: sql<string[]>`coalesce(array_agg(distinct ${customers.name}) filter (where ${customers.name} is not null), '{}')`,
      })
      .from(themes)
      .leftJoin(themeTags, eq(themeTags.themeId, themes.id))
      .leftJoin(customers, eq(customers.id, themeTags.customerId))
      .where(and(eq(themes.workspaceId, workspaceId), eq(themes.programId, programId), eq(themes.status, "open")))
      .groupBy(themes.id)
      .orderBy(desc(sql`count(distinct ${themeTags.customerId})`), desc(sql`count(${themeTags.id})`), asc(themes.title)),
  ]);
  if (!reach) return [];
  return rows.map((row) => {
    const reachOf = classifyTheme({ customers: row.customers, activeCustomers: reach.activeCustomers, specialMaxCustomers: reach.specialMaxCustomers });
    return { ...row, reach: reachOf, warning: reachOf === "special" ? specialWarning(row.customerNames) : null };
  });
}

/** The program's themes to pick from beside feedback, and the tags already on the feedback shown (of one round or one customer). */
export async function tagChoices(workspaceId: string, programId: string, on: { roundId: string } | { customerId: string }) {
  const [choices, tags] = await Promise.all([
    db()
      .select({ id: themes.id, title: themes.title, kind: themes.kind })
      .from(themes)
      .where(and(eq(themes.workspaceId, workspaceId), eq(themes.programId, programId)))
      .orderBy(asc(themes.title)),
    db()
      .select({ id: themeTags.id, themeId: themeTags.themeId, title: themes.title, kind: themes.kind, source: themeTags.source, sourceId: themeTags.sourceId, taskId: themeTags.taskId })
      .from(themeTags)
      .innerJoin(themes, eq(themes.id, themeTags.themeId))
      .where(and(eq(themeTags.workspaceId, workspaceId), eq(themes.programId, programId), "roundId" in on ? eq(themeTags.roundId, on.roundId) : eq(themeTags.customerId, on.customerId)))
      .orderBy(asc(themes.title)),
  ]);
  return { choices, tags };
}

/** A round's or a customer's feedback with its tags and the themes to choose from: three statements. */
export async function taggableFeedback(workspaceId: string, programId: string, on: { roundId: string } | { customerId: string }) {
  const [items, { choices, tags }] = await Promise.all([feedbackItems({ workspaceId, programId, ...on }), tagChoices(workspaceId, programId, on)]);
  return { items, choices, tags };
}

/** A JSON value as either engine answers it: postgres.js parses json, some paths hand back its text. */
const fromJson = <T>(v: unknown) => (typeof v === "string" ? JSON.parse(v) : v) as T;
type RoundTag = { id: string; source: string; sourceId: string; taskId: string | null };

/**
 * Everything the round page shows of the program's themes, in one statement: the themes to tag with,
 * the tags on this round's feedback, the open themes by customer count (classified), and what this
 * round's and the previous round's iterate closes cited as learned. The same answers as tagChoices,
 * openThemes and learningsAround, which the themes and customer pages keep using.
 */
export async function roundThemes(workspaceId: string, programId: string, round: { id: string; number: number }) {
  const rows = await db()
    .select({
      id: themes.id,
      kind: themes.kind,
      title: themes.title,
      status: themes.status,
      customers: sql<number>`count(distinct ${themeTags.customerId})`.mapWith(Number),
      mentions: sql<number>`count(${themeTags.id})`.mapWith(Number),
      customerNames: sql<string[]>`coalesce(array_agg(distinct ${customers.name}) filter (where ${customers.name} is not null), '{}')`,
      roundTags: sql<RoundTag[]>`coalesce(json_agg(json_build_object('id', ${themeTags.id}, 'source', ${themeTags.source}, 'sourceId', ${themeTags.sourceId}, 'taskId', ${themeTags.taskId})) filter (where ${themeTags.roundId} = ${round.id}), '[]'::json)`.mapWith((v) => fromJson<RoundTag[]>(v)),
      learnedIn: sql<number[]>`array(select r.number from round_learnings l join rounds r on r.id = l.round_id where l.theme_id = ${themes.id} and r.program_id = ${programId} and r.number in (${round.number}, ${round.number - 1}))`,
      // The classification's inputs, the same on every row (PostgreSQL runs each once).
      specialMaxCustomers: sql<number>`(select p.special_max_customers from programs p where p.id = ${programId})`.mapWith(Number),
      activeCustomers: sql<number>`(select count(*) from customers c where c.program_id = ${programId} and c.status = 'active')`.mapWith(Number),
    })
    .from(themes)
    .leftJoin(themeTags, eq(themeTags.themeId, themes.id))
    .leftJoin(customers, eq(customers.id, themeTags.customerId))
    .where(and(eq(themes.workspaceId, workspaceId), eq(themes.programId, programId)))
    .groupBy(themes.id)
    .orderBy(asc(themes.title));

  const choices = rows.map(({ id, title, kind }) => ({ id, title, kind }));
  const tags = rows.flatMap((t) => t.roundTags.map((g) => ({ id: g.id, themeId: t.id, title: t.title, kind: t.kind, source: g.source, sourceId: g.sourceId, taskId: g.taskId })));
  const open = rows
    .filter((t) => t.status === "open")
    .sort((a, b) => b.customers - a.customers || b.mentions - a.mentions)
    .map(({ id, kind, title, customers: raisedBy, mentions, customerNames, specialMaxCustomers, activeCustomers }) => {
      const reach = classifyTheme({ customers: raisedBy, activeCustomers, specialMaxCustomers });
      return { id, kind, title, customers: raisedBy, mentions, customerNames, reach, warning: reach === "special" ? specialWarning(customerNames) : null };
    });
  const learned = (number: number) => rows.filter((t) => t.learnedIn.includes(number)).map((t) => ({ roundNumber: number, themeId: t.id, title: t.title, kind: t.kind, status: t.status }));
  return { choices, tags, openThemes: open, learnings: { cited: learned(round.number), previous: learned(round.number - 1) } };
}

/**
 * What a round's iterate close cited as learned, and what the round before it cited (shown when
 * planning the next round): one statement.
 */
export async function learningsAround(workspaceId: string, programId: string, roundNumber: number) {
  const rows = await db()
    .select({ roundNumber: rounds.number, themeId: themes.id, title: themes.title, kind: themes.kind, status: themes.status })
    .from(roundLearnings)
    .innerJoin(rounds, eq(rounds.id, roundLearnings.roundId))
    .innerJoin(themes, eq(themes.id, roundLearnings.themeId))
    .where(and(eq(roundLearnings.workspaceId, workspaceId), eq(rounds.programId, programId), inArray(rounds.number, [roundNumber, roundNumber - 1])))
    .orderBy(asc(themes.title));
  return { cited: rows.filter((r) => r.roundNumber === roundNumber), previous: rows.filter((r) => r.roundNumber === roundNumber - 1) };
}

/** Records the themes an iterate close cites, inside the close's transaction; each must be the program's. */
export async function recordLearnings(tx: Transaction, { workspaceId, programId, roundId, themeIds }: { workspaceId: string; programId: string; roundId: string; themeIds: string[] }) {
  const wanted = [...new Set(themeIds)];
  if (wanted.length === 0) return 0;
  const inserted = await tx
    .insert(roundLearnings)
    .select(
      tx
        .select({ workspaceId: themes.workspaceId, roundId: sql<string>`${roundId}::uuid`.as("round_id"), themeId: themes.id })
        .from(themes)
        .where(and(eq(themes.workspaceId, workspaceId), eq(themes.programId, programId), inArray(themes.id, wanted))),
    )
    .returning({ themeId: roundLearnings.themeId });
  if (inserted.length !== wanted.length) throw new AppError("invalid", "Cite only this program's themes as what was learned.", "learnedThemeIds");
  return inserted.length;
}

/** The themes a customer raised and how each was addressed (the reference dossier): one statement. */
export async function customerThemes(workspaceId: string, programId: string, customerId: string) {
  return db()
    .select({
      id: themes.id,
      title: themes.title,
      kind: themes.kind,
      status: themes.status,
      addressedRoundNumber: sql<number | null>`(select r.number from rounds r where r.id = ${themes.addressedRoundId})`,
      wontDoReason: themes.wontDoReason,
      mentions: sql<number>`count(*)`.mapWith(Number),
      channels: sql<FeedbackChannel[]>`array_agg(distinct ${themeTags.channel}::text)`,
    })
    .from(themeTags)
    .innerJoin(themes, eq(themes.id, themeTags.themeId))
    .where(and(eq(themeTags.workspaceId, workspaceId), eq(themeTags.customerId, customerId), eq(themes.programId, programId)))
    .groupBy(themes.id)
    .orderBy(asc(themes.title));
}
