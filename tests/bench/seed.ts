/**
 * Seeds one benchmark workspace with bulk inserts (one JSON parameter per 5,000 rows): P programs × C customers × R rounds ×
 * U users, every user answering every round (K tasks each), a business case, a sign-off request and
 * link per customer and round, buyer decisions, the emails that went out and the audit trail.
 *
 * Rounds are inserted as drafts (the closed-round trigger refuses responses to closed rounds), then
 * rounds 1…R-1 of each program are opened and closed through the app's own closeRound(), so their
 * stored gate snapshots are the real ones; round R stays open. In the open round even-numbered
 * customers' buyers have decided and odd-numbered ones have not, so their links are live.
 */
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { eq, getTableName, sql } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import { db } from "#db/client";
import {
  auditEvents,
  businessCases,
  businessCaseVersions,
  contacts,
  customers,
  emailOutbox,
  feedbackInvites,
  members,
  programs,
  roundTasks,
  rounds,
  signoffLinks,
  signoffRequests,
  signoffs,
  userResponses,
  userResponseTasks,
  workspaces,
} from "#db/schema";
import type { MemberActor } from "~/modules/audit/audit.server";
import { hashPassword } from "~/modules/auth/password.server";
import { susScore } from "~/modules/feedback/usability";
import { closeRound } from "~/modules/gates/gates.server";
import { newToken, tokenPrefix } from "~/utils/tokens.server";

export type Shape = { programs: number; customers: number; rounds: number; users: number; tasks: number };

export type SeededWorkspace = {
  label: string;
  shape: Shape;
  workspaceId: string;
  adminId: string;
  adminEmail: string;
  password: string;
  programs: { id: string; openRoundId: string; closedRoundIds: string[] }[];
  /** Live feedback links of the open rounds, each with a form body that repeats the stored answers. */
  feedback: { token: string; body: string }[];
  /** Live, undecided buyer links of the open rounds. */
  signoff: string[];
  rows: Record<string, number>;
  seconds: number;
};

const DAY = 24 * 60 * 60 * 1000;
const OUTCOMES = ["completed", "completed_with_help", "not_completed"] as const;

/** A small deterministic PRNG, so every run seeds the same answers. */
function mulberry32(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const randomHash = () => createHash("sha256").update(randomBytes(32)).digest("hex");

const snake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/**
 * Bulk insert: each chunk travels as one JSON parameter and is expanded by the server with
 * json_populate_recordset (far faster than thousands of bound parameters). Columns missing from a
 * row are null; columns no row names keep their defaults.
 */
async function insertMany(table: PgTable, rows: Record<string, unknown>[], chunk = 5000) {
  const started = performance.now();
  const keys = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const name = sql.identifier(getTableName(table));
  const columns = sql.join(keys.map((key) => sql.identifier(snake(key))), sql`, `);
  for (let i = 0; i < rows.length; i += chunk) {
    const json = JSON.stringify(rows.slice(i, i + chunk).map((row) => Object.fromEntries(Object.entries(row).map(([key, value]) => [snake(key), value]))));
    await db().execute(sql`insert into ${name} (${columns}) select ${columns} from json_populate_recordset(null::${name}, ${json}::json)`);
  }
  if (process.env.BENCH_DEBUG) console.log(`  ${getTableName(table)}: ${rows.length} rows in ${Math.round(performance.now() - started)} ms`);
}

export async function seedWorkspace(label: string, shape: Shape, password = "bench-password-not-secret"): Promise<SeededWorkspace> {
  const started = performance.now();
  const rng = mulberry32(shape.programs * 1000 + shape.customers * 100 + shape.rounds * 10 + shape.users);
  const now = Date.now();
  const workspaceId = randomUUID();
  const adminId = randomUUID();
  const tag = randomBytes(3).toString("hex");
  const adminEmail = `pm.${label}.${tag}@bench.test`;

  const rows = {
    programs: [] as Record<string, unknown>[],
    customers: [] as Record<string, unknown>[],
    contacts: [] as Record<string, unknown>[],
    rounds: [] as Record<string, unknown>[],
    roundTasks: [] as Record<string, unknown>[],
    businessCases: [] as Record<string, unknown>[],
    businessCaseVersions: [] as Record<string, unknown>[],
    feedbackInvites: [] as Record<string, unknown>[],
    userResponses: [] as Record<string, unknown>[],
    userResponseTasks: [] as Record<string, unknown>[],
    signoffRequests: [] as Record<string, unknown>[],
    signoffLinks: [] as Record<string, unknown>[],
    signoffs: [] as Record<string, unknown>[],
    emailOutbox: [] as Record<string, unknown>[],
    auditEvents: [] as Record<string, unknown>[],
  };
  const audit = (at: Date, action: string, fields: Record<string, unknown>) =>
    rows.auditEvents.push({ workspaceId, actorType: "member", actorMemberId: adminId, action, details: {}, ip: "127.0.0.1", userAgent: "bench seed", createdAt: at, ...fields });
  // Sent, so without their links: the outbox keeps no link once an email is sent.
  const email = (at: Date, template: string, subjectId: string, to: string, subject: string, props: Record<string, unknown>) => {
    const id = randomUUID();
    rows.emailOutbox.push({ id, workspaceId, template, subjectId, toAddress: to, subject, props, status: "sent", attempts: 1, nextAttemptAt: at, idempotencyKey: `charter-email-${id}`, createdAt: at, sentAt: at });
  };

  const seededPrograms: SeededWorkspace["programs"] = [];
  const feedback: SeededWorkspace["feedback"] = [];
  const signoffTokens: string[] = [];

  for (let p = 0; p < shape.programs; p++) {
    const programId = randomUUID();
    const product = `Dispatch Board ${p + 1}`;
    const createdAt = new Date(now - 200 * DAY + p * 60_000);
    rows.programs.push({ id: programId, workspaceId, name: `Charter program ${p + 1}`, product, valueHypothesis: "Dispatchers plan a full day of jobs in half the time.", targetReferenceable: 6, createdAt, updatedAt: createdAt });
    audit(createdAt, "program.created", { programId, subjectId: programId });

    const programCustomers = Array.from({ length: shape.customers }, (_, c) => {
      const id = randomUUID();
      const domain = `c${c + 1}.p${p + 1}.${tag}.bench.test`;
      rows.customers.push({ id, workspaceId, programId, name: `Customer ${p + 1}.${c + 1}`, segment: "Field service · 120 technicians", website: `https://${domain}`, notes: "", status: "active", enrolledAt: createdAt, activatedAt: createdAt });
      const buyer = { id: randomUUID(), name: `Buyer ${p + 1}.${c + 1}`, email: `buyer@${domain}` };
      rows.contacts.push({ id: buyer.id, workspaceId, customerId: id, name: buyer.name, email: buyer.email, title: "VP Operations", isBuyer: true, isUser: false, isChampion: true, isGatekeeper: false });
      const users = Array.from({ length: shape.users }, (_, u) => {
        const user = { id: randomUUID(), name: `User ${p + 1}.${c + 1}.${u + 1}`, email: `user${u + 1}@${domain}` };
        rows.contacts.push({ id: user.id, workspaceId, customerId: id, name: user.name, email: user.email, title: "Dispatcher", isBuyer: false, isUser: true, isChampion: false, isGatekeeper: false });
        return user;
      });
      return { id, index: c, name: `Customer ${p + 1}.${c + 1}`, buyer, users };
    });

    const roundIds: string[] = [];
    const caseOf = new Map<string, string>();
    for (let r = 1; r <= shape.rounds; r++) {
      const open = r === shape.rounds;
      const roundId = randomUUID();
      roundIds.push(roundId);
      const openedAt = new Date(now - (shape.rounds - r + 1) * 14 * DAY);
      const title = `Prototype ${r}`;
      rows.rounds.push({ id: roundId, workspaceId, programId, number: r, title, prototypeUrl: `https://prototype.example/${p + 1}/${r}`, version: `0.${r}`, testerNotes: "Use the demo login on the first screen.", minResponses: 3, minSus: 68, minTaskCompletion: 0.78, status: "draft", createdAt: openedAt, openedAt });
      audit(openedAt, "round.opened", { programId, roundId, subjectId: roundId, details: { number: r } });
      const taskIds = Array.from({ length: shape.tasks }, (_, k) => {
        const id = randomUUID();
        rows.roundTasks.push({ id, workspaceId, roundId, position: k + 1, instruction: `Task ${k + 1}: plan tomorrow's jobs for three technicians`, successCriteria: "Every job has a technician and a time." });
        return id;
      });

      for (const customer of programCustomers) {
        // The customer's business case (one per customer for the whole program: a new version each
        // round, as a PM revising it would make), the request, its link and (maybe) the decision.
        let caseId = caseOf.get(customer.id);
        if (!caseId) {
          caseId = randomUUID();
          caseOf.set(customer.id, caseId);
          rows.businessCases.push({ id: caseId, workspaceId, customerId: customer.id, currentVersion: shape.rounds, createdAt: openedAt });
        }
        const versionId = randomUUID();
        const contentHash = randomHash();
        rows.businessCaseVersions.push({ id: versionId, workspaceId, businessCaseId: caseId, version: r, problem: "Overtime from manual dispatch.", valueClaimed: "15% less overtime.", priceTerms: `EUR ${24 - r},000 a year.`, contentHash, createdById: adminId, createdAt: openedAt });
        audit(openedAt, "business_case.saved", { programId, roundId, customerId: customer.id, subjectId: caseId, details: { version: r, contentHash } });
        // Open-round requests went out an hour ago, so no automatic reminder is due during the run.
        const requestedAt = open ? new Date(now - 60 * 60 * 1000) : new Date(openedAt.getTime() + DAY);
        const requestId = randomUUID();
        rows.signoffRequests.push({ id: requestId, workspaceId, roundId, customerId: customer.id, contactId: customer.buyer.id, caseVersionId: versionId, createdAt: requestedAt, expiresAt: new Date(requestedAt.getTime() + 30 * DAY) });
        const link = newToken();
        rows.signoffLinks.push({ workspaceId, requestId, tokenHash: link.hash, createdAt: requestedAt });
        email(requestedAt, "signoff-request", requestId, customer.buyer.email, `Your sign-off: ${product}`, { buyerName: customer.buyer.name, customerName: customer.name, productName: product, teamName: "Bench", roundNumber: r, caseVersion: r, expiresOn: "in 30 days", kind: "request" });
        audit(requestedAt, "signoff.sent", { programId, roundId, customerId: customer.id, subjectId: requestId, details: { to: customer.buyer.email, caseVersion: r, link: tokenPrefix(link.hash), kind: "request" } });
        const decides = !open || customer.index % 2 === 0;
        if (decides) {
          const decidedAt = new Date(requestedAt.getTime() + 2 * 60 * 60 * 1000);
          const decline = customer.index % 10 === 9;
          const consent = !decline && customer.index % 3 !== 2;
          rows.signoffs.push({ workspaceId, requestId, roundId, customerId: customer.id, contactId: customer.buyer.id, caseVersionId: versionId, decision: decline ? "decline" : "approve", declineReason: decline ? "Needs single sign-on first." : null, referenceConsent: consent, consentNameLogo: consent, consentTokenHash: consent ? randomHash() : null, signatureName: customer.buyer.name, signedContentHash: contentHash, ip: "127.0.0.1", userAgent: "bench seed", decidedAt });
          const buyer = { actorType: "buyer", actorMemberId: null, actorContactId: customer.buyer.id, programId, roundId, customerId: customer.id, subjectId: requestId };
          audit(new Date(decidedAt.getTime() - 60_000), "signoff.opened", { ...buyer, details: { link: tokenPrefix(link.hash) } });
          audit(decidedAt, decline ? "signoff.declined" : "signoff.approved", { ...buyer, details: { caseVersion: r, contentHash, referenceConsent: consent } });
        } else {
          signoffTokens.push(link.token);
        }

        // A personal feedback link per user, and their response.
        const weak = customer.index % 5 === 4;
        for (const user of customer.users) {
          const inviteId = randomUUID();
          const invite = newToken();
          rows.feedbackInvites.push({ id: inviteId, workspaceId, roundId, customerId: customer.id, contactId: user.id, tokenHash: invite.hash, createdAt: openedAt, expiresAt: new Date(openedAt.getTime() + 90 * DAY), sentAt: openedAt });
          email(openedAt, "feedback-invite", inviteId, user.email, `${product}: round ${r} feedback`, { recipientName: user.name, customerName: customer.name, productName: product, teamName: "Bench", roundNumber: r, roundTitle: title, taskCount: shape.tasks });
          const sus = Array.from({ length: 10 }, (_, i) => {
            const high = 4 + Math.floor(rng() * 2);
            const low = 1 + Math.floor(rng() * 2);
            const positive = i % 2 === 0;
            return weak ? (positive ? 2 + Math.floor(rng() * 2) : 3 + Math.floor(rng() * 2)) : positive ? high : low;
          });
          const score = susScore(sus);
          const responseId = randomUUID();
          const submittedAt = new Date(openedAt.getTime() + DAY + Math.floor(rng() * 5 * DAY));
          const confusing = rng() < 0.3 ? "The filter panel hides the map." : "";
          const missing = rng() < 0.2 ? "Drag and drop between technicians." : "";
          rows.userResponses.push({ id: responseId, workspaceId, roundId, customerId: customer.id, contactId: user.id, inviteId, sus, susScore: score, confusing, missing, version: 1, submittedAt, updatedAt: submittedAt });
          const outcomes = taskIds.map((taskId) => {
            const x = rng();
            const outcome = OUTCOMES[weak ? (x < 0.5 ? 0 : x < 0.75 ? 1 : 2) : x < 0.85 ? 0 : x < 0.95 ? 1 : 2];
            const comment = rng() < 0.2 ? "Took a while to find the assign button." : "";
            rows.userResponseTasks.push({ workspaceId, responseId, roundId, taskId, outcome, comment });
            return { taskId, outcome, comment };
          });
          rows.auditEvents.push({ workspaceId, actorType: "user", actorContactId: user.id, action: "feedback.submitted", programId, customerId: customer.id, roundId, subjectId: responseId, details: { sus: score, link: tokenPrefix(invite.hash) }, ip: "127.0.0.1", userAgent: "bench seed", createdAt: submittedAt });
          if (open) {
            const form = new URLSearchParams();
            outcomes.forEach((o, i) => {
              form.append(`tasks[${i}].taskId`, o.taskId);
              form.append(`tasks[${i}].outcome`, o.outcome);
              form.append(`tasks[${i}].comment`, o.comment);
            });
            sus.forEach((answer, i) => form.append(`sus${i + 1}`, String(answer)));
            form.append("confusing", confusing);
            form.append("missing", missing);
            form.append("homepage", "");
            feedback.push({ token: invite.token, body: form.toString() });
          }
        }
      }
    }
    seededPrograms.push({ id: programId, openRoundId: roundIds[roundIds.length - 1], closedRoundIds: roundIds.slice(0, -1) });
  }

  // Parents before children.
  const insertStarted = performance.now();
  await db().insert(workspaces).values({ id: workspaceId, name: `Bench ${label}`, companyName: `Bench ${label}`, createdAt: new Date(now - 210 * DAY) });
  await db().insert(members).values({ id: adminId, workspaceId, name: `PM ${label}`, email: adminEmail, passwordHash: await hashPassword(password), role: "admin" });
  await insertMany(programs, rows.programs);
  await insertMany(customers, rows.customers);
  await insertMany(contacts, rows.contacts);
  await insertMany(rounds, rows.rounds);
  await insertMany(roundTasks, rows.roundTasks);
  await insertMany(businessCases, rows.businessCases);
  await insertMany(businessCaseVersions, rows.businessCaseVersions);
  await insertMany(feedbackInvites, rows.feedbackInvites);
  await insertMany(userResponses, rows.userResponses);
  await insertMany(userResponseTasks, rows.userResponseTasks);
  await insertMany(signoffRequests, rows.signoffRequests);
  await insertMany(signoffLinks, rows.signoffLinks);
  await insertMany(signoffs, rows.signoffs);
  await insertMany(emailOutbox, rows.emailOutbox);
  await insertMany(auditEvents, rows.auditEvents);

  if (process.env.BENCH_DEBUG) console.log(`  inserts ${Math.round(performance.now() - insertStarted)} ms`);
  // Close rounds 1…R-1 of every program through the app (real gate snapshots), open round R.
  const actor: MemberActor = { type: "member", memberId: adminId, workspaceId, role: "admin", ip: "127.0.0.1", userAgent: "bench seed" };
  for (const program of seededPrograms) {
    for (const roundId of program.closedRoundIds) {
      await db().update(rounds).set({ status: "open" }).where(eq(rounds.id, roundId));
      await closeRound({ actor, programId: program.id, roundId, outcome: "iterate", note: "Benchmark: next prototype." });
    }
    await db().update(rounds).set({ status: "open" }).where(eq(rounds.id, program.openRoundId));
  }

  const counts = Object.fromEntries(Object.entries(rows).map(([name, list]) => [name, list.length]));
  return { label, shape, workspaceId, adminId, adminEmail, password, programs: seededPrograms, feedback, signoff: signoffTokens, rows: counts, seconds: (performance.now() - started) / 1000 };
}
