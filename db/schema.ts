/**
 * The whole of Charter's data, in one place (see ../shared/PRODUCT.md for the words).
 *
 * Every business row carries `workspace_id`, and child rows point at their parent through a
 * composite key (workspace_id, parent_id), so the database itself refuses a row that would cross
 * workspaces. Column names are snake_case in SQL (drizzle `casing: "snake_case"`).
 */
import { sql } from "drizzle-orm";
import {
  bigserial,
  boolean,
  check,
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  numeric,
  pgEnum,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
  customType,
} from "drizzle-orm/pg-core";

const id = () => uuid().primaryKey().defaultRandom();
const createdAt = () => timestamp({ withTimezone: true }).notNull().defaultNow();
const ts = () => timestamp({ withTimezone: true });

// ---------------------------------------------------------------------------------------------
// Workspaces, members, sessions

export const memberRole = pgEnum("member_role", ["admin", "pm", "viewer"]);

export const workspaces = pgTable(
  "workspaces",
  {
    id: id(),
    name: text().notNull(),
    /** Who asks, on the public pages and in every email ("Ledgerly, by Acme Software"); the name until set. */
    companyName: text().notNull(),
    /** Buttons and the header rule of public pages and emails; checked for contrast against white text. */
    accentColor: text(),
    createdAt: createdAt(),
  },
  (t) => [check("workspaces_accent_color_hex", sql`${t.accentColor} ~ '^#[0-9a-f]{6}$'`)],
);

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => "bytea",
  fromDriver: (value) => Buffer.from(value),
});

/** A workspace's logo: PNG, JPEG or WebP only (checked by its bytes), served at /logos/<sha256>. */
export const workspaceLogos = pgTable(
  "workspace_logos",
  {
    workspaceId: uuid()
      .primaryKey()
      .references(() => workspaces.id),
    contentType: text().notNull(),
    bytes: bytea().notNull(),
    sha256: text().notNull(),
    updatedAt: createdAt(),
  },
  (t) => [
    index("workspace_logos_sha256_idx").on(t.sha256),
    check("workspace_logos_type", sql`${t.contentType} in ('image/png', 'image/jpeg', 'image/webp')`),
    check("workspace_logos_size", sql`octet_length(${t.bytes}) <= 204800`),
  ],
);

export const members = pgTable(
  "members",
  {
    id: id(),
    workspaceId: uuid()
      .notNull()
      .references(() => workspaces.id),
    name: text().notNull(),
    /** Stored lower-cased; one account per address across the instance, so sign-in is unambiguous. */
    email: text().notNull(),
    passwordHash: text().notNull(),
    role: memberRole().notNull(),
    createdAt: createdAt(),
    deactivatedAt: ts(),
  },
  (t) => [
    uniqueIndex("members_email_key").on(t.email),
    unique("members_workspace_id_id_key").on(t.workspaceId, t.id),
    check("members_email_lower", sql`${t.email} = lower(${t.email})`),
  ],
);

export const memberInvitations = pgTable(
  "member_invitations",
  {
    id: id(),
    workspaceId: uuid().notNull(),
    email: text().notNull(),
    name: text().notNull(),
    role: memberRole().notNull(),
    tokenHash: text().notNull(),
    invitedById: uuid().notNull(),
    createdAt: createdAt(),
    expiresAt: ts().notNull(),
    acceptedAt: ts(),
    revokedAt: ts(),
  },
  (t) => [
    uniqueIndex("member_invitations_token_hash_key").on(t.tokenHash),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }),
    foreignKey({
      columns: [t.workspaceId, t.invitedById],
      foreignColumns: [members.workspaceId, members.id],
    }),
    index("member_invitations_workspace_idx").on(t.workspaceId, t.createdAt),
  ],
);

/**
 * A read-only API token of a workspace, for a BI tool pulling the CSV and JSON exports. Shown once;
 * only its SHA-256 is stored, with the first characters (the prefix) to tell tokens apart.
 */
export const apiTokens = pgTable(
  "api_tokens",
  {
    id: id(),
    workspaceId: uuid().notNull(),
    name: text().notNull(),
    tokenHash: text().notNull(),
    prefix: text().notNull(),
    createdById: uuid().notNull(),
    createdAt: createdAt(),
    lastUsedAt: ts(),
    revokedAt: ts(),
  },
  (t) => [
    uniqueIndex("api_tokens_token_hash_key").on(t.tokenHash),
    foreignKey({ columns: [t.workspaceId], foreignColumns: [workspaces.id] }),
    foreignKey({
      columns: [t.workspaceId, t.createdById],
      foreignColumns: [members.workspaceId, members.id],
    }),
    index("api_tokens_workspace_idx").on(t.workspaceId, t.createdAt),
  ],
);

/** A signed-in browser. The cookie holds a random token; only its hash is stored here. */
export const sessions = pgTable(
  "sessions",
  {
    id: id(),
    tokenHash: text().notNull(),
    workspaceId: uuid().notNull(),
    memberId: uuid().notNull(),
    createdAt: createdAt(),
    lastSeenAt: ts().notNull().defaultNow(),
    expiresAt: ts().notNull(),
    revokedAt: ts(),
    ip: text(),
    userAgent: text(),
  },
  (t) => [
    uniqueIndex("sessions_token_hash_key").on(t.tokenHash),
    foreignKey({
      columns: [t.workspaceId, t.memberId],
      foreignColumns: [members.workspaceId, members.id],
    }),
    index("sessions_member_idx").on(t.memberId),
  ],
);

// ---------------------------------------------------------------------------------------------
// Programs, charter customers, decision-making units

export const programStatus = pgEnum("program_status", ["active", "archived"]);

export const programs = pgTable(
  "programs",
  {
    id: id(),
    workspaceId: uuid()
      .notNull()
      .references(() => workspaces.id),
    name: text().notNull(),
    product: text().notNull(),
    valueHypothesis: text().notNull(),
    targetReferenceable: smallint().notNull().default(6),
    // Defaults of both tests for new rounds (PRODUCT.md, "The two tests").
    minResponses: smallint().notNull().default(3),
    minSus: numeric({ precision: 5, scale: 2, mode: "number" }).notNull().default(68),
    minTaskCompletion: numeric({ precision: 4, scale: 3, mode: "number" }).notNull().default(0.78),
    status: programStatus().notNull().default("active"),
    createdAt: createdAt(),
    updatedAt: createdAt(),
    archivedAt: ts(),
    launchedAt: ts(),
    /** Off: a buyer's approval stands in later rounds while its case version is current. On: every round asks again. */
    reconfirmEveryRound: boolean().notNull().default(false),
    /** The program's case template; "{customer}" becomes the customer's name when applied. */
    caseTemplateProblem: text().notNull().default(""),
    caseTemplateValue: text().notNull().default(""),
    caseTemplatePriceTerms: text().notNull().default(""),
    /** The demo program (onboarding, `npm run db:seed`); a workspace gets it once. */
    demo: boolean().notNull().default(false),
    /** On: a customer is referenceable only when its gatekeeper also cleared the product (PRODUCT.md, "The gatekeeper's review"). */
    itClearanceRequired: boolean().notNull().default(true),
    /** A theme raised by at most this many customers is a "special" (PRODUCT.md, "Learning across customers"). */
    specialMaxCustomers: smallint().notNull().default(1),
    /** On: "usable" needs the lower bound of the 90% intervals (SUS, completion) to meet the thresholds. */
    usableRequiresLowerBound: boolean().notNull().default(false),
    /** Protection from over-use: at most `referenceLimitUses` uses per customer per `referenceLimitDays` days. */
    referenceLimitUses: smallint().notNull().default(2),
    referenceLimitDays: smallint().notNull().default(90),
  },
  (t) => [
    unique("programs_workspace_id_id_key").on(t.workspaceId, t.id),
    uniqueIndex("programs_one_demo_per_workspace_key").on(t.workspaceId).where(sql`${t.demo}`),
    index("programs_workspace_idx").on(t.workspaceId, t.status),
    check("programs_target_range", sql`${t.targetReferenceable} between 1 and 10`),
    check("programs_min_responses_range", sql`${t.minResponses} between 1 and 50`),
    check("programs_min_sus_range", sql`${t.minSus} between 0 and 100`),
    check("programs_min_task_range", sql`${t.minTaskCompletion} between 0 and 1`),
    check("programs_special_max_range", sql`${t.specialMaxCustomers} between 1 and 10`),
    check("programs_reference_limit_range", sql`${t.referenceLimitUses} between 1 and 50 and ${t.referenceLimitDays} between 1 and 730`),
  ],
);

export const customerStatus = pgEnum("customer_status", ["enrolled", "active", "withdrawn"]);

/** A charter customer: one organisation enrolled in one program. */
export const customers = pgTable(
  "customers",
  {
    id: id(),
    workspaceId: uuid().notNull(),
    programId: uuid().notNull(),
    name: text().notNull(),
    segment: text().notNull().default(""),
    /** How big the organisation is ("220 technicians"), for the reference library; optional. */
    size: text(),
    website: text().notNull().default(""),
    notes: text().notNull().default(""),
    status: customerStatus().notNull().default("enrolled"),
    enrolledAt: createdAt(),
    activatedAt: ts(),
    withdrawnAt: ts(),
    withdrawnReason: text(),
  },
  (t) => [
    foreignKey({
      columns: [t.workspaceId, t.programId],
      foreignColumns: [programs.workspaceId, programs.id],
    }),
    unique("customers_workspace_id_id_key").on(t.workspaceId, t.id),
    unique("customers_program_id_id_key").on(t.programId, t.id),
    index("customers_program_idx").on(t.programId, t.status),
    // An organisation is enrolled once per program at a time; after withdrawal it may come back.
    uniqueIndex("customers_program_name_active_key")
      .on(t.programId, sql`lower(${t.name})`)
      .where(sql`${t.status} <> 'withdrawn'`),
    check(
      "customers_withdrawn_consistent",
      sql`(${t.status} = 'withdrawn') = (${t.withdrawnAt} is not null)`,
    ),
  ],
);

/**
 * A person of a customer's decision-making unit. Roles are flags because one person may hold
 * several; each role still gets its own channel (user links and buyer links are separate tables).
 */
export const contacts = pgTable(
  "contacts",
  {
    id: id(),
    workspaceId: uuid().notNull(),
    customerId: uuid().notNull(),
    name: text().notNull(),
    email: text().notNull(),
    title: text().notNull().default(""),
    isBuyer: boolean().notNull().default(false),
    isUser: boolean().notNull().default(false),
    isChampion: boolean().notNull().default(false),
    isGatekeeper: boolean().notNull().default(false),
    /** Named by the buyer to agree to each reference use in their place. */
    isReferenceContact: boolean().notNull().default(false),
    createdAt: createdAt(),
    updatedAt: createdAt(),
    removedAt: ts(),
  },
  (t) => [
    foreignKey({
      columns: [t.workspaceId, t.customerId],
      foreignColumns: [customers.workspaceId, customers.id],
    }),
    unique("contacts_workspace_id_id_key").on(t.workspaceId, t.id),
    unique("contacts_customer_id_id_key").on(t.customerId, t.id),
    index("contacts_customer_idx").on(t.customerId),
    uniqueIndex("contacts_customer_email_key")
      .on(t.customerId, t.email)
      .where(sql`${t.removedAt} is null`),
    // Exactly one economic buyer: at most one here, "none" is a coverage gap the UI warns about.
    uniqueIndex("contacts_one_buyer_key")
      .on(t.customerId)
      .where(sql`${t.isBuyer} and ${t.removedAt} is null`),
    // At most one person the buyer named for reference uses; none means the buyer is asked.
    uniqueIndex("contacts_one_reference_contact_key")
      .on(t.customerId)
      .where(sql`${t.isReferenceContact} and ${t.removedAt} is null`),
    check("contacts_email_lower", sql`${t.email} = lower(${t.email})`),
    check(
      "contacts_has_role",
      sql`${t.isBuyer} or ${t.isUser} or ${t.isChampion} or ${t.isGatekeeper} or ${t.isReferenceContact}`,
    ),
  ],
);

// ---------------------------------------------------------------------------------------------
// Prototype rounds and tasks

export const roundStatus = pgEnum("round_status", ["draft", "open", "closed"]);
export const roundOutcome = pgEnum("round_outcome", ["passed", "iterate"]);

export const rounds = pgTable(
  "rounds",
  {
    id: id(),
    workspaceId: uuid().notNull(),
    programId: uuid().notNull(),
    number: integer().notNull(),
    title: text().notNull(),
    prototypeUrl: text().notNull().default(""),
    version: text().notNull().default(""),
    testerNotes: text().notNull().default(""),
    /** When the PM plans to close the round: users and buyers are asked to answer by then. */
    closesOn: date({ mode: "string" }),
    minResponses: smallint().notNull(),
    minSus: numeric({ precision: 5, scale: 2, mode: "number" }).notNull(),
    minTaskCompletion: numeric({ precision: 4, scale: 3, mode: "number" }).notNull(),
    status: roundStatus().notNull().default("draft"),
    outcome: roundOutcome(),
    closeNote: text(),
    /** The gate's figures at the moment of closing, so later threshold changes cannot rewrite history. */
    gateSnapshot: jsonb(),
    createdAt: createdAt(),
    openedAt: ts(),
    closedAt: ts(),
  },
  (t) => [
    foreignKey({
      columns: [t.workspaceId, t.programId],
      foreignColumns: [programs.workspaceId, programs.id],
    }),
    unique("rounds_workspace_id_id_key").on(t.workspaceId, t.id),
    unique("rounds_program_id_id_key").on(t.programId, t.id),
    unique("rounds_program_number_key").on(t.programId, t.number),
    uniqueIndex("rounds_one_open_per_program_key")
      .on(t.programId)
      .where(sql`${t.status} = 'open'`),
    check(
      "rounds_closed_has_outcome",
      sql`(${t.status} = 'closed') = (${t.outcome} is not null and ${t.closedAt} is not null)`,
    ),
    check("rounds_min_responses_range", sql`${t.minResponses} between 1 and 50`),
    check("rounds_min_sus_range", sql`${t.minSus} between 0 and 100`),
    check("rounds_min_task_range", sql`${t.minTaskCompletion} between 0 and 1`),
  ],
);

export const roundTasks = pgTable(
  "round_tasks",
  {
    id: id(),
    workspaceId: uuid().notNull(),
    roundId: uuid().notNull(),
    position: integer().notNull(),
    instruction: text().notNull(),
    successCriteria: text().notNull().default(""),
  },
  (t) => [
    foreignKey({
      columns: [t.workspaceId, t.roundId],
      foreignColumns: [rounds.workspaceId, rounds.id],
    }).onDelete("cascade"),
    unique("round_tasks_round_id_id_key").on(t.roundId, t.id),
    unique("round_tasks_round_position_key").on(t.roundId, t.position),
  ],
);

// ---------------------------------------------------------------------------------------------
// Business cases (versioned; a sign-off binds to one version)

/**
 * A customer's business case: one version history for the whole program (PRODUCT.md, "Across
 * rounds"). A round's sign-off request asks about the version current when it was sent.
 */
export const businessCases = pgTable(
  "business_cases",
  {
    id: id(),
    workspaceId: uuid().notNull(),
    customerId: uuid().notNull(),
    currentVersion: integer().notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [
    foreignKey({
      columns: [t.workspaceId, t.customerId],
      foreignColumns: [customers.workspaceId, customers.id],
    }),
    unique("business_cases_workspace_id_id_key").on(t.workspaceId, t.id),
    unique("business_cases_customer_key").on(t.customerId),
  ],
);

export const businessCaseVersions = pgTable(
  "business_case_versions",
  {
    id: id(),
    workspaceId: uuid().notNull(),
    businessCaseId: uuid().notNull(),
    version: integer().notNull(),
    problem: text().notNull(),
    valueClaimed: text().notNull(),
    priceTerms: text().notNull(),
    notes: text().notNull().default(""),
    /** sha-256 of the canonical text, shown on the certificate. */
    contentHash: text().notNull(),
    createdById: uuid().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    foreignKey({
      columns: [t.workspaceId, t.businessCaseId],
      foreignColumns: [businessCases.workspaceId, businessCases.id],
    }),
    foreignKey({
      columns: [t.workspaceId, t.createdById],
      foreignColumns: [members.workspaceId, members.id],
    }),
    unique("business_case_versions_workspace_id_id_key").on(t.workspaceId, t.id),
    unique("business_case_versions_case_version_key").on(t.businessCaseId, t.version),
  ],
);

// ---------------------------------------------------------------------------------------------
// User channel: personal feedback links and responses

export const feedbackInvites = pgTable(
  "feedback_invites",
  {
    id: id(),
    workspaceId: uuid().notNull(),
    roundId: uuid().notNull(),
    customerId: uuid().notNull(),
    contactId: uuid().notNull(),
    tokenHash: text().notNull(),
    createdAt: createdAt(),
    expiresAt: ts().notNull(),
    sentAt: ts(),
    revokedAt: ts(),
  },
  (t) => [
    foreignKey({
      columns: [t.workspaceId, t.roundId],
      foreignColumns: [rounds.workspaceId, rounds.id],
    }),
    foreignKey({
      columns: [t.customerId, t.contactId],
      foreignColumns: [contacts.customerId, contacts.id],
    }),
    foreignKey({
      columns: [t.workspaceId, t.customerId],
      foreignColumns: [customers.workspaceId, customers.id],
    }),
    uniqueIndex("feedback_invites_token_hash_key").on(t.tokenHash),
    // A reminder adds a link and leaves the earlier ones working; re-sending revokes them all.
    index("feedback_invites_round_contact_idx").on(t.roundId, t.contactId, t.createdAt),
  ],
);

export const taskOutcome = pgEnum("task_outcome", ["completed", "completed_with_help", "not_completed"]);

/** One response per user per round (the unique key); edits bump `version` and keep the old one. */
export const userResponses = pgTable(
  "user_responses",
  {
    id: id(),
    workspaceId: uuid().notNull(),
    roundId: uuid().notNull(),
    customerId: uuid().notNull(),
    contactId: uuid().notNull(),
    inviteId: uuid()
      .notNull()
      .references(() => feedbackInvites.id),
    sus: smallint().array().notNull(),
    /** 0–100, computed once by the SUS module when the answers are stored. */
    susScore: numeric({ precision: 5, scale: 2, mode: "number" }).notNull(),
    confusing: text().notNull().default(""),
    missing: text().notNull().default(""),
    version: integer().notNull().default(1),
    submittedAt: createdAt(),
    updatedAt: createdAt(),
  },
  (t) => [
    foreignKey({
      columns: [t.workspaceId, t.roundId],
      foreignColumns: [rounds.workspaceId, rounds.id],
    }),
    foreignKey({
      columns: [t.customerId, t.contactId],
      foreignColumns: [contacts.customerId, contacts.id],
    }),
    foreignKey({
      columns: [t.workspaceId, t.customerId],
      foreignColumns: [customers.workspaceId, customers.id],
    }),
    unique("user_responses_workspace_id_id_key").on(t.workspaceId, t.id),
    unique("user_responses_round_contact_key").on(t.roundId, t.contactId),
    index("user_responses_round_customer_idx").on(t.roundId, t.customerId),
    check("user_responses_sus_ten", sql`cardinality(${t.sus}) = 10 and 1 <= all(${t.sus}) and 5 >= all(${t.sus})`),
    check("user_responses_sus_score_range", sql`${t.susScore} between 0 and 100`),
  ],
);

export const userResponseTasks = pgTable(
  "user_response_tasks",
  {
    workspaceId: uuid().notNull(),
    responseId: uuid().notNull(),
    roundId: uuid().notNull(),
    taskId: uuid().notNull(),
    outcome: taskOutcome().notNull(),
    comment: text().notNull().default(""),
  },
  (t) => [
    primaryKey({ columns: [t.responseId, t.taskId] }),
    foreignKey({
      columns: [t.workspaceId, t.responseId],
      foreignColumns: [userResponses.workspaceId, userResponses.id],
    }).onDelete("cascade"),
    foreignKey({
      columns: [t.roundId, t.taskId],
      foreignColumns: [roundTasks.roundId, roundTasks.id],
    }),
    // The round's evidence (per task, the trend, the buyer's aggregate) reads outcomes by round.
    index("user_response_tasks_round_idx").on(t.roundId, t.outcome),
  ],
);

/** Earlier versions of a response, kept on every edit. */
export const userResponseVersions = pgTable(
  "user_response_versions",
  {
    id: id(),
    workspaceId: uuid().notNull(),
    responseId: uuid().notNull(),
    version: integer().notNull(),
    answers: jsonb().notNull(),
    submittedAt: ts().notNull(),
    supersededAt: createdAt(),
  },
  (t) => [
    foreignKey({
      columns: [t.workspaceId, t.responseId],
      foreignColumns: [userResponses.workspaceId, userResponses.id],
    }),
    unique("user_response_versions_response_version_key").on(t.responseId, t.version),
  ],
);

// ---------------------------------------------------------------------------------------------
// Buyer channel: sign-off requests and decisions

/**
 * A request to one buyer to sign off one version of one customer's business case in one round.
 * Its links (first email, reminders, re-sends) are rows of `signoff_links`.
 */
export const signoffRequests = pgTable(
  "signoff_requests",
  {
    id: id(),
    workspaceId: uuid().notNull(),
    roundId: uuid().notNull(),
    customerId: uuid().notNull(),
    contactId: uuid().notNull(),
    caseVersionId: uuid().notNull(),
    createdAt: createdAt(),
    expiresAt: ts().notNull(),
    reminderCount: smallint().notNull().default(0),
    lastRemindedAt: ts(),
    /** The case was edited after this request went out: a newer request asks again. */
    supersededAt: ts(),
  },
  (t) => [
    foreignKey({
      columns: [t.workspaceId, t.roundId],
      foreignColumns: [rounds.workspaceId, rounds.id],
    }),
    foreignKey({
      columns: [t.customerId, t.contactId],
      foreignColumns: [contacts.customerId, contacts.id],
    }),
    foreignKey({
      columns: [t.workspaceId, t.customerId],
      foreignColumns: [customers.workspaceId, customers.id],
    }),
    foreignKey({
      columns: [t.workspaceId, t.caseVersionId],
      foreignColumns: [businessCaseVersions.workspaceId, businessCaseVersions.id],
    }),
    unique("signoff_requests_workspace_id_id_key").on(t.workspaceId, t.id),
    index("signoff_requests_round_customer_idx").on(t.roundId, t.customerId),
    // One live request per customer and round; older ones are superseded.
    uniqueIndex("signoff_requests_live_key")
      .on(t.roundId, t.customerId)
      .where(sql`${t.supersededAt} is null`),
    check("signoff_requests_reminders_max", sql`${t.reminderCount} between 0 and 3`),
  ],
);

/** A buyer's personal link to a request: only the token's hash is stored. */
export const signoffLinks = pgTable(
  "signoff_links",
  {
    id: id(),
    workspaceId: uuid().notNull(),
    requestId: uuid().notNull(),
    tokenHash: text().notNull(),
    createdAt: createdAt(),
    revokedAt: ts(),
  },
  (t) => [
    foreignKey({
      columns: [t.workspaceId, t.requestId],
      foreignColumns: [signoffRequests.workspaceId, signoffRequests.id],
    }),
    uniqueIndex("signoff_links_token_hash_key").on(t.tokenHash),
    index("signoff_links_request_idx").on(t.requestId),
  ],
);

/**
 * The reminders timed against a round's planned close ("3 days before", "1 day before"), one row
 * per person's channel and slot: the unique key is what makes a slot go out once, however often or
 * concurrently the background work runs. The subject is the user (contact) for feedback, the
 * sign-off request for a buyer. A moved close date makes new slots.
 */
export const closeReminders = pgTable(
  "close_reminders",
  {
    id: id(),
    workspaceId: uuid().notNull(),
    roundId: uuid().notNull(),
    channel: text({ enum: ["feedback", "signoff", "clearance"] }).notNull(),
    subjectId: uuid().notNull(),
    closesOn: date({ mode: "string" }).notNull(),
    daysBefore: smallint().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    foreignKey({
      columns: [t.workspaceId, t.roundId],
      foreignColumns: [rounds.workspaceId, rounds.id],
    }),
    check("close_reminders_channel", sql`${t.channel} in ('feedback', 'signoff', 'clearance')`),
    uniqueIndex("close_reminders_slot_key").on(t.roundId, t.channel, t.subjectId, t.closesOn, t.daysBefore),
  ],
);

export const signoffDecision = pgEnum("signoff_decision", ["approve", "decline"]);

/** A buyer's decision. One per request (unique), so a replayed post can never record twice. */
export const signoffs = pgTable(
  "signoffs",
  {
    id: id(),
    workspaceId: uuid().notNull(),
    requestId: uuid().notNull(),
    roundId: uuid().notNull(),
    customerId: uuid().notNull(),
    contactId: uuid().notNull(),
    caseVersionId: uuid().notNull(),
    decision: signoffDecision().notNull(),
    declineReason: text(),
    conditions: text().notNull().default(""),
    /** Null: the buyer did not say (the question is optional). */
    willingnessToPay: text(),
    wtpAmount: numeric({ precision: 14, scale: 2, mode: "number" }),
    wtpCurrency: text(),
    referenceConsent: boolean().notNull().default(false),
    consentNameLogo: boolean().notNull().default(false),
    consentCaseStudy: boolean().notNull().default(false),
    consentReferenceCalls: boolean().notNull().default(false),
    consentWithdrawnAt: ts(),
    /** Hash of the token in the receipt email's "withdraw reference consent" link. */
    consentTokenHash: text(),
    signatureName: text().notNull(),
    signedContentHash: text().notNull(),
    ip: text(),
    userAgent: text(),
    decidedAt: createdAt(),
  },
  (t) => [
    foreignKey({
      columns: [t.workspaceId, t.requestId],
      foreignColumns: [signoffRequests.workspaceId, signoffRequests.id],
    }),
    foreignKey({
      columns: [t.workspaceId, t.roundId],
      foreignColumns: [rounds.workspaceId, rounds.id],
    }),
    foreignKey({
      columns: [t.customerId, t.contactId],
      foreignColumns: [contacts.customerId, contacts.id],
    }),
    foreignKey({
      columns: [t.workspaceId, t.caseVersionId],
      foreignColumns: [businessCaseVersions.workspaceId, businessCaseVersions.id],
    }),
    uniqueIndex("signoffs_request_key").on(t.requestId),
    uniqueIndex("signoffs_consent_token_hash_key").on(t.consentTokenHash),
    index("signoffs_round_customer_idx").on(t.roundId, t.customerId),
    check(
      "signoffs_decline_has_reason",
      sql`${t.decision} <> 'decline' or length(trim(coalesce(${t.declineReason}, ''))) > 0`,
    ),
    check(
      "signoffs_wtp_kind",
      sql`${t.willingnessToPay} in ('as_proposed', 'amount', 'none')`,
    ),
  ],
);

// ---------------------------------------------------------------------------------------------
// Email outbox and audit trail

export const emailStatus = pgEnum("email_status", ["queued", "sending", "sent", "failed"]);

/** Every email is a row written in the same transaction as the change that causes it. */
export const emailOutbox = pgTable(
  "email_outbox",
  {
    id: id(),
    workspaceId: uuid()
      .notNull()
      .references(() => workspaces.id),
    template: text().notNull(),
    /** What the email is about (a feedback link, an invitation), so its delivery shows there. */
    subjectId: uuid(),
    toAddress: text().notNull(),
    subject: text().notNull(),
    /** The template's props without its token-bearing links (those are in sealedLinks). */
    props: jsonb().notNull(),
    /**
     * The token-bearing links, encrypted (AES-256-GCM, key derived from SESSION_SECRET, bound to
     * this row's id); erased once sent or failed for good, kept in mailbox mode for the mailbox page.
     */
    sealedLinks: text(),
    status: emailStatus().notNull().default("queued"),
    attempts: smallint().notNull().default(0),
    /** Queued: not before this (a retry's next attempt). Sending: the claim's lease ends then, so a crashed sender's row is retried. */
    nextAttemptAt: ts().notNull().defaultNow(),
    /** Set by each claim; a sender writes a row only while it still holds that claim. */
    claimToken: uuid(),
    lastError: text(),
    providerId: text(),
    /** What the provider reported after sending (its webhook): delivered, bounced, complained. */
    delivery: text(),
    deliveryAt: ts(),
    /** Sent to the provider as its idempotency key, so a retried send is delivered once. */
    idempotencyKey: text().notNull(),
    createdAt: createdAt(),
    sentAt: ts(),
  },
  (t) => [
    uniqueIndex("email_outbox_idempotency_key").on(t.idempotencyKey),
    index("email_outbox_due_idx").on(t.status, t.nextAttemptAt),
    index("email_outbox_workspace_idx").on(t.workspaceId, t.createdAt),
    index("email_outbox_subject_idx").on(t.subjectId),
    index("email_outbox_provider_idx").on(t.providerId),
  ],
);

/** Provider webhook deliveries already processed, so a repeated event counts once. */
export const webhookEvents = pgTable("webhook_events", {
  id: text().primaryKey(),
  type: text().notNull(),
  receivedAt: createdAt(),
});

/**
 * The security trail (sign-ins, refused requests, refused links), apart from the business audit
 * trail: pruned after SECURITY_EVENT_RETENTION_DAYS, a typed email kept only as an HMAC, and the
 * same event from the same address within one window counted on one row instead of a row each.
 */
export const securityEvents = pgTable(
  "security_events",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    /** Null when no workspace is known (a failed sign-in for no account, a link that never existed). */
    workspaceId: uuid().references(() => workspaces.id, { onDelete: "cascade" }),
    action: text().notNull(),
    memberId: uuid(),
    /** HMAC of the typed email (normalised), never the address itself. */
    emailHash: text(),
    details: jsonb().notNull().default({}),
    ip: text(),
    /** HMAC of the fields above: with windowStart, what makes a repeat the same event. */
    fingerprint: text().notNull(),
    windowStart: timestamp({ withTimezone: true }).notNull(),
    occurrences: integer().notNull().default(1),
    firstAt: timestamp({ withTimezone: true }).notNull(),
    lastAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex("security_events_repeat_key").on(t.fingerprint, t.windowStart),
    index("security_events_workspace_idx").on(t.workspaceId, t.lastAt),
    index("security_events_last_at_idx").on(t.lastAt),
  ],
);

/**
 * Rate-limit counts shared by every app server on one PostgreSQL (server.mjs's limits): one row per
 * limited key (a hash, never a token or an email), its hits in the current window and when that
 * window ends. Expired rows are pruned by the background work.
 */
export const rateLimitHits = pgTable(
  "rate_limit_hits",
  {
    key: text().primaryKey(),
    hits: integer().notNull(),
    resetAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index("rate_limit_hits_reset_at_idx").on(t.resetAt)],
);

export const actorType = pgEnum("actor_type", ["member", "user", "buyer", "gatekeeper", "champion", "system", "anonymous"]);

export const auditEvents = pgTable(
  "audit_events",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    /** Null only for events before a workspace is known, such as a failed sign-in. */
    workspaceId: uuid().references(() => workspaces.id),
    actorType: actorType().notNull(),
    actorMemberId: uuid(),
    actorContactId: uuid(),
    action: text().notNull(),
    programId: uuid(),
    customerId: uuid(),
    roundId: uuid(),
    subjectId: uuid(),
    details: jsonb().notNull().default({}),
    ip: text(),
    userAgent: text(),
    createdAt: createdAt(),
  },
  (t) => [
    index("audit_events_workspace_idx").on(t.workspaceId, t.createdAt),
    index("audit_events_program_idx").on(t.programId, t.createdAt),
    // The audit log pages by id within a program (keyset), newest first.
    index("audit_events_program_id_idx").on(t.programId, t.id),
    index("audit_events_customer_idx").on(t.customerId, t.createdAt),
    index("audit_events_subject_idx").on(t.subjectId),
    // A buyer link's first opening is recorded once, however many times it is opened.
    uniqueIndex("audit_events_signoff_opened_once_key")
      .on(t.subjectId)
      .where(sql`${t.action} = 'signoff.opened'`),
    uniqueIndex("audit_events_clearance_opened_once_key")
      .on(t.subjectId)
      .where(sql`${t.action} = 'clearance.opened'`),
  ],
);

// ---------------------------------------------------------------------------------------------
// Notices: what needs the PM (a decline, a withdrawn consent, a failed email, a round's milestones)

export const noticeKind = pgEnum("notice_kind", [
  "signoff_declined",
  "consent_withdrawn",
  "email_failed",
  "round_all_answered",
  "gate_reached",
  "round_overdue",
  "clearance_decided",
  "reference_answered",
  "quote_answered",
]);

/** How a member hears of notices besides the in-app list: an email each, a daily digest, or neither. */
export const noticeEmail = pgEnum("notice_email", ["each", "digest", "none"]);

export const notices = pgTable(
  "notices",
  {
    id: id(),
    workspaceId: uuid()
      .notNull()
      .references(() => workspaces.id),
    programId: uuid(),
    roundId: uuid(),
    kind: noticeKind().notNull(),
    /** The event a notice is about (a sign-off, a round, an email): unique, so each is noticed once. */
    eventKey: text().notNull(),
    title: text().notNull(),
    body: text().notNull().default(""),
    /** Where in the portal the PM acts on it. */
    href: text(),
    createdAt: createdAt(),
  },
  (t) => [
    foreignKey({
      columns: [t.workspaceId, t.programId],
      foreignColumns: [programs.workspaceId, programs.id],
    }),
    unique("notices_workspace_id_id_key").on(t.workspaceId, t.id),
    uniqueIndex("notices_event_key").on(t.workspaceId, t.eventKey),
    index("notices_workspace_idx").on(t.workspaceId, t.createdAt),
  ],
);

/** One row per notice a member has read; unread is the absence of a row. */
export const noticeReads = pgTable(
  "notice_reads",
  {
    workspaceId: uuid().notNull(),
    noticeId: uuid().notNull(),
    memberId: uuid().notNull(),
    readAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.memberId, t.noticeId] }),
    foreignKey({
      columns: [t.workspaceId, t.noticeId],
      foreignColumns: [notices.workspaceId, notices.id],
    }).onDelete("cascade"),
    foreignKey({
      columns: [t.workspaceId, t.memberId],
      foreignColumns: [members.workspaceId, members.id],
    }),
  ],
);

/** Each member's notice emails: the setting, and one digest per member and day (the key makes it once). */
export const noticeSettings = pgTable(
  "notice_settings",
  {
    memberId: uuid().primaryKey(),
    workspaceId: uuid().notNull(),
    email: noticeEmail().notNull().default("digest"),
    updatedAt: createdAt(),
  },
  (t) => [
    foreignKey({
      columns: [t.workspaceId, t.memberId],
      foreignColumns: [members.workspaceId, members.id],
    }),
  ],
);

export const noticeDigests = pgTable(
  "notice_digests",
  {
    workspaceId: uuid().notNull(),
    memberId: uuid().notNull(),
    /** The UTC day whose notices the digest lists. */
    day: date({ mode: "string" }).notNull(),
    notices: integer().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.memberId, t.day] }),
    foreignKey({
      columns: [t.workspaceId, t.memberId],
      foreignColumns: [members.workspaceId, members.id],
    }),
  ],
);

/** A program's Slack incoming webhook: the URL sealed (it is a secret), and a hint to show instead. */
export const slackChannels = pgTable(
  "slack_channels",
  {
    programId: uuid().primaryKey(),
    workspaceId: uuid().notNull(),
    sealedUrl: text().notNull(),
    urlHint: text().notNull(),
    updatedAt: createdAt(),
  },
  (t) => [
    foreignKey({
      columns: [t.workspaceId, t.programId],
      foreignColumns: [programs.workspaceId, programs.id],
    }),
  ],
);

/** Slack's outbox: one post per notice and program, written with the notice, sent with retries. */
export const slackPosts = pgTable(
  "slack_posts",
  {
    id: id(),
    workspaceId: uuid().notNull(),
    programId: uuid().notNull(),
    noticeId: uuid().notNull(),
    text: text().notNull(),
    status: emailStatus().notNull().default("queued"),
    attempts: smallint().notNull().default(0),
    nextAttemptAt: ts().notNull().defaultNow(),
    claimToken: uuid(),
    lastError: text(),
    createdAt: createdAt(),
    sentAt: ts(),
  },
  (t) => [
    foreignKey({
      columns: [t.workspaceId, t.noticeId],
      foreignColumns: [notices.workspaceId, notices.id],
    }),
    uniqueIndex("slack_posts_notice_key").on(t.noticeId),
    index("slack_posts_due_idx").on(t.status, t.nextAttemptAt),
  ],
);

// ---------------------------------------------------------------------------------------------
// Signed webhooks to the team's own systems (app/modules/webhooks)

/** An address of the team's that receives signed events; managed by workspace admins. */
export const webhookEndpoints = pgTable(
  "webhook_endpoints",
  {
    id: id(),
    workspaceId: uuid()
      .notNull()
      .references(() => workspaces.id),
    url: text().notNull(),
    description: text().notNull().default(""),
    /** The event types it receives ("signoff.decided", …). */
    events: text().array().notNull(),
    /** The Standard Webhooks secret (whsec_…), encrypted with a key derived from SESSION_SECRET and bound to this row. */
    sealedSecret: text().notNull(),
    /** Disabled endpoints are sent nothing (events are not queued for them). */
    disabledAt: ts(),
    createdAt: createdAt(),
  },
  (t) => [unique("webhook_endpoints_workspace_id_id_key").on(t.workspaceId, t.id)],
);

export const webhookDeliveryStatus = pgEnum("webhook_delivery_status", ["queued", "sending", "delivered", "failed"]);

/**
 * The webhook outbox: one row per event and endpoint, written in the transaction of the change
 * (through recordAudit); claimed and sent by the background work like the email outbox.
 */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: id(),
    workspaceId: uuid().notNull(),
    endpointId: uuid().notNull(),
    /** The event's id: the webhook-id header, the same on every retry, so receivers de-duplicate. */
    eventId: text().notNull(),
    type: text().notNull(),
    /** The exact JSON body sent (the signature covers it). */
    payload: text().notNull(),
    status: webhookDeliveryStatus().notNull().default("queued"),
    attempts: smallint().notNull().default(0),
    /** Queued: not before this. Sending: the claim's lease ends then. */
    nextAttemptAt: ts().notNull().defaultNow(),
    claimToken: uuid(),
    createdAt: createdAt(),
    deliveredAt: ts(),
  },
  (t) => [
    foreignKey({ columns: [t.workspaceId, t.endpointId], foreignColumns: [webhookEndpoints.workspaceId, webhookEndpoints.id] }).onDelete("cascade"),
    uniqueIndex("webhook_deliveries_event_key").on(t.endpointId, t.eventId),
    index("webhook_deliveries_due_idx").on(t.status, t.nextAttemptAt),
  ],
);

/** Each attempt of a delivery, for the endpoint's log: when, the answer's status code or the error. */
export const webhookAttempts = pgTable(
  "webhook_attempts",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    deliveryId: uuid()
      .notNull()
      .references(() => webhookDeliveries.id, { onDelete: "cascade" }),
    endpointId: uuid().notNull(),
    attempt: smallint().notNull(),
    statusCode: smallint(),
    error: text(),
    durationMs: integer().notNull(),
    at: createdAt(),
  },
  (t) => [index("webhook_attempts_endpoint_idx").on(t.endpointId, t.at)],
);

// ---------------------------------------------------------------------------------------------
// Gatekeeper channel: technical requirements, briefs, clearance reviews (PRODUCT.md, "The
// gatekeeper's review"). As separate from the user and buyer channels as they are from each other.

/** A program's technical requirement ("SAML single sign-on"), ordered; removed ones are kept for history. */
export const techRequirements = pgTable(
  "tech_requirements",
  {
    id: id(),
    workspaceId: uuid().notNull(),
    programId: uuid().notNull(),
    position: integer().notNull(),
    title: text().notNull(),
    /** What is needed, in the customer's words. */
    need: text().notNull().default(""),
    createdAt: createdAt(),
    removedAt: ts(),
  },
  (t) => [
    foreignKey({
      columns: [t.workspaceId, t.programId],
      foreignColumns: [programs.workspaceId, programs.id],
    }),
    unique("tech_requirements_workspace_id_id_key").on(t.workspaceId, t.id),
    index("tech_requirements_program_idx").on(t.programId, t.position),
  ],
);

/** A customer's technical brief: one version history for the whole program, like the business case. */
export const techBriefs = pgTable(
  "tech_briefs",
  {
    id: id(),
    workspaceId: uuid().notNull(),
    customerId: uuid().notNull(),
    currentVersion: integer().notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [
    foreignKey({
      columns: [t.workspaceId, t.customerId],
      foreignColumns: [customers.workspaceId, customers.id],
    }),
    unique("tech_briefs_workspace_id_id_key").on(t.workspaceId, t.id),
    unique("tech_briefs_customer_key").on(t.customerId),
  ],
);

/**
 * One version of a brief. `answers` snapshots the requirements as the gatekeeper saw them:
 * `[{ requirementId, title, need, answer }]`, in the program's order at the time.
 */
export const techBriefVersions = pgTable(
  "tech_brief_versions",
  {
    id: id(),
    workspaceId: uuid().notNull(),
    briefId: uuid().notNull(),
    version: integer().notNull(),
    answers: jsonb().notNull().$type<{ requirementId: string; title: string; need: string; answer: string }[]>(),
    notes: text().notNull().default(""),
    /** sha-256 of the canonical text, as for business case versions. */
    contentHash: text().notNull(),
    createdById: uuid().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    foreignKey({
      columns: [t.workspaceId, t.briefId],
      foreignColumns: [techBriefs.workspaceId, techBriefs.id],
    }),
    foreignKey({
      columns: [t.workspaceId, t.createdById],
      foreignColumns: [members.workspaceId, members.id],
    }),
    unique("tech_brief_versions_workspace_id_id_key").on(t.workspaceId, t.id),
    unique("tech_brief_versions_brief_version_key").on(t.briefId, t.version),
  ],
);

/**
 * A request to one gatekeeper to review one version of a customer's brief. `roundId` is the round
 * open when it was sent (for reminders against its close date); null when sent between rounds.
 */
export const clearanceRequests = pgTable(
  "clearance_requests",
  {
    id: id(),
    workspaceId: uuid().notNull(),
    programId: uuid().notNull(),
    roundId: uuid(),
    customerId: uuid().notNull(),
    contactId: uuid().notNull(),
    briefVersionId: uuid().notNull(),
    createdAt: createdAt(),
    expiresAt: ts().notNull(),
    reminderCount: smallint().notNull().default(0),
    lastRemindedAt: ts(),
    /** The brief was edited (or the request re-sent to someone else) after this went out. */
    supersededAt: ts(),
  },
  (t) => [
    foreignKey({
      columns: [t.workspaceId, t.programId],
      foreignColumns: [programs.workspaceId, programs.id],
    }),
    foreignKey({
      columns: [t.workspaceId, t.roundId],
      foreignColumns: [rounds.workspaceId, rounds.id],
    }),
    foreignKey({
      columns: [t.customerId, t.contactId],
      foreignColumns: [contacts.customerId, contacts.id],
    }),
    foreignKey({
      columns: [t.workspaceId, t.customerId],
      foreignColumns: [customers.workspaceId, customers.id],
    }),
    foreignKey({
      columns: [t.workspaceId, t.briefVersionId],
      foreignColumns: [techBriefVersions.workspaceId, techBriefVersions.id],
    }),
    unique("clearance_requests_workspace_id_id_key").on(t.workspaceId, t.id),
    index("clearance_requests_customer_idx").on(t.customerId, t.createdAt),
    // One live request per customer; older ones are superseded.
    uniqueIndex("clearance_requests_live_key")
      .on(t.customerId)
      .where(sql`${t.supersededAt} is null`),
    check("clearance_requests_reminders_max", sql`${t.reminderCount} between 0 and 3`),
  ],
);

/** A gatekeeper's personal link to a request: only the token's hash is stored. */
export const clearanceLinks = pgTable(
  "clearance_links",
  {
    id: id(),
    workspaceId: uuid().notNull(),
    requestId: uuid().notNull(),
    tokenHash: text().notNull(),
    createdAt: createdAt(),
    revokedAt: ts(),
  },
  (t) => [
    foreignKey({
      columns: [t.workspaceId, t.requestId],
      foreignColumns: [clearanceRequests.workspaceId, clearanceRequests.id],
    }),
    uniqueIndex("clearance_links_token_hash_key").on(t.tokenHash),
    index("clearance_links_request_idx").on(t.requestId),
  ],
);

export const clearanceDecision = pgEnum("clearance_decision", ["cleared", "cleared_with_conditions", "veto"]);

/** A gatekeeper's decision. One per request (unique), so a replayed post can never record twice. */
export const clearances = pgTable(
  "clearances",
  {
    id: id(),
    workspaceId: uuid().notNull(),
    requestId: uuid().notNull(),
    programId: uuid().notNull(),
    roundId: uuid(),
    customerId: uuid().notNull(),
    contactId: uuid().notNull(),
    briefVersionId: uuid().notNull(),
    decision: clearanceDecision().notNull(),
    conditions: text().notNull().default(""),
    vetoReason: text(),
    signatureName: text().notNull(),
    signedContentHash: text().notNull(),
    ip: text(),
    userAgent: text(),
    decidedAt: createdAt(),
  },
  (t) => [
    foreignKey({
      columns: [t.workspaceId, t.requestId],
      foreignColumns: [clearanceRequests.workspaceId, clearanceRequests.id],
    }),
    foreignKey({
      columns: [t.customerId, t.contactId],
      foreignColumns: [contacts.customerId, contacts.id],
    }),
    foreignKey({
      columns: [t.workspaceId, t.briefVersionId],
      foreignColumns: [techBriefVersions.workspaceId, techBriefVersions.id],
    }),
    unique("clearances_workspace_id_id_key").on(t.workspaceId, t.id),
    uniqueIndex("clearances_request_key").on(t.requestId),
    index("clearances_customer_idx").on(t.customerId, t.decidedAt),
    check(
      "clearances_veto_has_reason",
      sql`${t.decision} <> 'veto' or length(trim(coalesce(${t.vetoReason}, ''))) > 0`,
    ),
    check(
      "clearances_conditions_given",
      sql`${t.decision} <> 'cleared_with_conditions' or length(trim(${t.conditions})) > 0`,
    ),
  ],
);

export const requirementMark = pgEnum("requirement_mark", ["met", "needs_work", "blocker"]);

/** The gatekeeper's mark on one requirement of the brief they reviewed. */
export const clearanceMarks = pgTable(
  "clearance_marks",
  {
    id: id(),
    workspaceId: uuid().notNull(),
    clearanceId: uuid().notNull(),
    requirementId: uuid().notNull(),
    mark: requirementMark().notNull(),
    note: text().notNull().default(""),
  },
  (t) => [
    foreignKey({
      columns: [t.workspaceId, t.clearanceId],
      foreignColumns: [clearances.workspaceId, clearances.id],
    }),
    foreignKey({
      columns: [t.workspaceId, t.requirementId],
      foreignColumns: [techRequirements.workspaceId, techRequirements.id],
    }),
    unique("clearance_marks_workspace_id_id_key").on(t.workspaceId, t.id),
    unique("clearance_marks_clearance_requirement_key").on(t.clearanceId, t.requirementId),
  ],
);

// ---------------------------------------------------------------------------------------------
// Learning across customers: themes tagged on feedback from every channel

export const themeKind = pgEnum("theme_kind", ["problem", "request"]);
export const themeStatus = pgEnum("theme_status", ["open", "addressed", "wont_do"]);

export const themes = pgTable(
  "themes",
  {
    id: id(),
    workspaceId: uuid().notNull(),
    programId: uuid().notNull(),
    kind: themeKind().notNull(),
    title: text().notNull(),
    description: text().notNull().default(""),
    status: themeStatus().notNull().default("open"),
    /** "Addressed in round N". */
    addressedRoundId: uuid(),
    wontDoReason: text(),
    createdById: uuid().notNull(),
    createdAt: createdAt(),
    updatedAt: createdAt(),
  },
  (t) => [
    foreignKey({
      columns: [t.workspaceId, t.programId],
      foreignColumns: [programs.workspaceId, programs.id],
    }),
    foreignKey({
      columns: [t.workspaceId, t.addressedRoundId],
      foreignColumns: [rounds.workspaceId, rounds.id],
    }),
    foreignKey({
      columns: [t.workspaceId, t.createdById],
      foreignColumns: [members.workspaceId, members.id],
    }),
    unique("themes_workspace_id_id_key").on(t.workspaceId, t.id),
    uniqueIndex("themes_program_title_key").on(t.programId, sql`lower(${t.title})`),
    check("themes_addressed_has_round", sql`(${t.status} = 'addressed') = (${t.addressedRoundId} is not null)`),
    check(
      "themes_wont_do_has_reason",
      sql`${t.status} <> 'wont_do' or length(trim(coalesce(${t.wontDoReason}, ''))) > 0`,
    ),
  ],
);

/**
 * What can be tagged: a user's comment (user_responses), a task comment (user_response_tasks), a
 * buyer's conditions or decline reason (signoffs), a gatekeeper's conditions, veto reason or
 * requirement note (clearances / clearance_marks).
 */
export const feedbackSource = pgEnum("feedback_source", [
  "user_comment",
  "task_comment",
  "buyer_conditions",
  "buyer_decline",
  "gatekeeper_conditions",
  "gatekeeper_veto",
  "gatekeeper_note",
]);
export const feedbackChannel = pgEnum("feedback_channel", ["users", "buyers", "gatekeepers"]);

export const themeTags = pgTable(
  "theme_tags",
  {
    id: id(),
    workspaceId: uuid().notNull(),
    themeId: uuid().notNull(),
    source: feedbackSource().notNull(),
    /** The id of the row the feedback lives in (see `feedbackSource`); for a task comment, the response's. */
    sourceId: uuid().notNull(),
    /** A task comment's task: user_response_tasks has no id of its own (its rows are rewritten on resubmission). */
    taskId: uuid(),
    channel: feedbackChannel().notNull(),
    customerId: uuid().notNull(),
    roundId: uuid(),
    createdById: uuid().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    foreignKey({
      columns: [t.workspaceId, t.themeId],
      foreignColumns: [themes.workspaceId, themes.id],
    }).onDelete("cascade"),
    foreignKey({
      columns: [t.workspaceId, t.customerId],
      foreignColumns: [customers.workspaceId, customers.id],
    }),
    foreignKey({
      columns: [t.workspaceId, t.roundId],
      foreignColumns: [rounds.workspaceId, rounds.id],
    }),
    unique("theme_tags_theme_source_key").on(t.themeId, t.source, t.sourceId, t.taskId).nullsNotDistinct(),
    check("theme_tags_task_only_for_task_comments", sql`(${t.source} = 'task_comment') = (${t.taskId} is not null)`),
    index("theme_tags_source_idx").on(t.sourceId),
    index("theme_tags_customer_idx").on(t.customerId),
  ],
);

/** The themes a round's iterate close cites as what was learned. */
export const roundLearnings = pgTable(
  "round_learnings",
  {
    workspaceId: uuid().notNull(),
    roundId: uuid().notNull(),
    themeId: uuid().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.roundId, t.themeId] }),
    foreignKey({
      columns: [t.workspaceId, t.roundId],
      foreignColumns: [rounds.workspaceId, rounds.id],
    }),
    foreignKey({
      columns: [t.workspaceId, t.themeId],
      foreignColumns: [themes.workspaceId, themes.id],
    }).onDelete("cascade"),
  ],
);

// ---------------------------------------------------------------------------------------------
// Live at launch, and references in use (PRODUCT.md, "Live at launch, and references in use")

/** A customer's go-live plan and the agreement reached; one row per customer, written when first set. */
export const customerGoLives = pgTable(
  "customer_go_lives",
  {
    id: id(),
    workspaceId: uuid().notNull(),
    customerId: uuid().notNull(),
    plannedOn: date({ mode: "string" }),
    liveOn: date({ mode: "string" }),
    /** The agreement: plan or price name, seats, amount per year, currency, signed date. */
    agreementPlan: text().notNull().default(""),
    agreementSeats: integer(),
    agreementAmount: numeric({ precision: 14, scale: 2, mode: "number" }),
    agreementCurrency: text(),
    agreementSignedOn: date({ mode: "string" }),
    updatedAt: createdAt(),
  },
  (t) => [
    foreignKey({
      columns: [t.workspaceId, t.customerId],
      foreignColumns: [customers.workspaceId, customers.id],
    }),
    unique("customer_go_lives_customer_key").on(t.customerId),
    check("customer_go_lives_seats_positive", sql`${t.agreementSeats} is null or ${t.agreementSeats} > 0`),
    check("customer_go_lives_amount_currency", sql`(${t.agreementAmount} is null) = (${t.agreementCurrency} is null)`),
  ],
);

export const referenceKind = pgEnum("reference_kind", ["call", "case_study", "logo", "press_quote", "analyst_briefing"]);
export const referenceStatus = pgEnum("reference_status", ["pending", "agreed", "declined", "cancelled"]);

/**
 * One use of a reference: requested by a member for a prospect or purpose, agreed (or not) by the
 * customer's buyer — or the person the buyer named — by emailed link, counted against the limit.
 */
export const referenceRequests = pgTable(
  "reference_requests",
  {
    id: id(),
    workspaceId: uuid().notNull(),
    programId: uuid().notNull(),
    customerId: uuid().notNull(),
    /** Who is asked to agree. */
    contactId: uuid().notNull(),
    kind: referenceKind().notNull(),
    /** Who asks (a sales rep's name, say) and for which prospect or purpose. */
    requester: text().notNull(),
    purpose: text().notNull(),
    neededBy: date({ mode: "string" }),
    requestedById: uuid().notNull(),
    /** Past the limit only with an admin's reason. */
    overrideReason: text(),
    overrideById: uuid(),
    status: referenceStatus().notNull().default("pending"),
    createdAt: createdAt(),
    expiresAt: ts().notNull(),
    answeredAt: ts(),
    answerNote: text().notNull().default(""),
    signatureName: text(),
    ip: text(),
    userAgent: text(),
    cancelledAt: ts(),
    cancelReason: text(),
  },
  (t) => [
    foreignKey({
      columns: [t.workspaceId, t.programId],
      foreignColumns: [programs.workspaceId, programs.id],
    }),
    foreignKey({
      columns: [t.workspaceId, t.customerId],
      foreignColumns: [customers.workspaceId, customers.id],
    }),
    foreignKey({
      columns: [t.customerId, t.contactId],
      foreignColumns: [contacts.customerId, contacts.id],
    }),
    foreignKey({
      columns: [t.workspaceId, t.requestedById],
      foreignColumns: [members.workspaceId, members.id],
    }),
    unique("reference_requests_workspace_id_id_key").on(t.workspaceId, t.id),
    index("reference_requests_customer_idx").on(t.customerId, t.createdAt),
    index("reference_requests_program_idx").on(t.programId, t.createdAt),
    check(
      "reference_requests_answered",
      sql`(${t.status} in ('agreed', 'declined')) = (${t.answeredAt} is not null)`,
    ),
    check("reference_requests_cancelled", sql`(${t.status} = 'cancelled') = (${t.cancelledAt} is not null)`),
  ],
);

export const referenceLinks = pgTable(
  "reference_links",
  {
    id: id(),
    workspaceId: uuid().notNull(),
    requestId: uuid().notNull(),
    tokenHash: text().notNull(),
    createdAt: createdAt(),
    revokedAt: ts(),
  },
  (t) => [
    foreignKey({
      columns: [t.workspaceId, t.requestId],
      foreignColumns: [referenceRequests.workspaceId, referenceRequests.id],
    }),
    uniqueIndex("reference_links_token_hash_key").on(t.tokenHash),
    index("reference_links_request_idx").on(t.requestId),
  ],
);

export const quoteSource = pgEnum("quote_source", ["champion", "user_comment"]);
export const quoteStatus = pgEnum("quote_status", ["requested", "given", "approved", "rejected", "withdrawn"]);

/**
 * A quote about the product: asked of the champion by link (or taken from a user's comment), then
 * approved for public use by the buyer by link. Only approved quotes appear in the dossier and library.
 */
export const customerQuotes = pgTable(
  "customer_quotes",
  {
    id: id(),
    workspaceId: uuid().notNull(),
    customerId: uuid().notNull(),
    source: quoteSource().notNull(),
    /** The champion asked, or the user whose comment it is. */
    authorContactId: uuid().notNull(),
    /** For a user comment: the response it came from. */
    responseId: uuid(),
    text: text(),
    /** How the author wants to be named ("Dana W., Head of Finance"). */
    attribution: text().notNull().default(""),
    status: quoteStatus().notNull().default("requested"),
    requestedById: uuid().notNull(),
    createdAt: createdAt(),
    givenAt: ts(),
    /** The buyer's answer on public use. */
    approverContactId: uuid(),
    answeredAt: ts(),
    answerNote: text().notNull().default(""),
    /** The buyer's typed name, as on a sign-off: who answered for public use. */
    signatureName: text(),
    ip: text(),
    userAgent: text(),
  },
  (t) => [
    foreignKey({
      columns: [t.workspaceId, t.customerId],
      foreignColumns: [customers.workspaceId, customers.id],
    }),
    foreignKey({
      columns: [t.customerId, t.authorContactId],
      foreignColumns: [contacts.customerId, contacts.id],
    }),
    foreignKey({
      columns: [t.workspaceId, t.requestedById],
      foreignColumns: [members.workspaceId, members.id],
    }),
    unique("customer_quotes_workspace_id_id_key").on(t.workspaceId, t.id),
    index("customer_quotes_customer_idx").on(t.customerId, t.createdAt),
    // A quote withdrawn before the champion wrote it has no text either.
    check("customer_quotes_given_has_text", sql`${t.status} in ('requested', 'withdrawn') or length(trim(coalesce(${t.text}, ''))) > 0`),
  ],
);

/** Links of the quote flow: the champion's "give a quote" and the buyer's "approve for public use". */
export const quoteLinks = pgTable(
  "quote_links",
  {
    id: id(),
    workspaceId: uuid().notNull(),
    quoteId: uuid().notNull(),
    purpose: text({ enum: ["give", "approve"] }).notNull(),
    tokenHash: text().notNull(),
    expiresAt: ts().notNull(),
    createdAt: createdAt(),
    revokedAt: ts(),
  },
  (t) => [
    foreignKey({
      columns: [t.workspaceId, t.quoteId],
      foreignColumns: [customerQuotes.workspaceId, customerQuotes.id],
    }),
    check("quote_links_purpose", sql`${t.purpose} in ('give', 'approve')`),
    uniqueIndex("quote_links_token_hash_key").on(t.tokenHash),
    index("quote_links_quote_idx").on(t.quoteId),
  ],
);
