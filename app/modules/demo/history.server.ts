import type { MemberActor } from "~/modules/audit/audit.server";
import { changeCustomerStatus } from "~/modules/customers/customers.server";
import { submitFeedback } from "~/modules/feedback/feedback.server";
import type { FeedbackInput } from "~/modules/feedback/feedback.schema";
import { closeRound } from "~/modules/gates/gates.server";
import { changeTasks, createRound, listTasks, openRound } from "~/modules/rounds/rounds.server";
import { today } from "~/modules/rounds/schedule";
import { demoCustomers } from "./demo-customers";
import { demoBuyerChannel, demoConsentWithdrawn, demoOrigin, type DemoBuyerStep } from "./buyers.server";
import { feedbackTokens } from "./mailbox-links.server";

/** A moment of the demo's history: `days` from today (negative: in the past), at a time of day (UTC). */
export function demoDay(days: number, hour = 9, minute = 0) {
  const at = new Date();
  at.setUTCDate(at.getUTCDate() + days);
  at.setUTCHours(hour, minute, 0, 0);
  return at;
}

/** Per customer and round: each responding user's SUS score and how many tasks they did unaided. */
type Evidence = Record<string, { sus: number[]; unaided: number[] }>;

type DemoRound = {
  title: string;
  version: string;
  testerNotes: string;
  /** Days from today: created, opened, planned close, closed (an open round has no `closed`). */
  days: { created: number; opened: number; closesOn: number; closed?: number };
  newTasks: [instruction: string, successCriteria: string][];
  evidence: Evidence;
  buyers: { customer: string; sent: number; decided?: number; approve?: { referenceConsent: boolean; conditions?: string }; decline?: string }[];
  close?: { outcome: "passed" | "iterate"; note: string };
};

const prototype = "https://prototype.fieldline.example/dispatch-board";

/** The demo's three rounds: iterate, passed, and one open with part of its evidence in. */
const demoRounds: DemoRound[] = [
  {
    title: "Drag-and-drop day plan",
    version: "v0.3 clickable",
    testerNotes: "A clickable prototype: the board shows yesterday's real jobs; nothing you do is saved.",
    days: { created: -44, opened: -42, closesOn: -30, closed: -30 },
    newTasks: [
      ["Plan tomorrow's jobs for three technicians on the board", "Every job placed, no overlaps"],
      ["Move an urgent job to the nearest free technician", "Done in under a minute"],
      ["Find the jobs at risk of missing their time window", "All three at-risk jobs found"],
    ],
    evidence: {
      "Harbor Mechanical": { sus: [75, 70, 77.5, 72.5], unaided: [3, 3, 2, 3] },
      "Brightline Elevators": { sus: [55, 60, 57.5], unaided: [2, 3, 2] },
      "Cascade Pest Control": { sus: [72.5, 77.5, 70], unaided: [3, 3, 2] },
      "Summit Solar Services": { sus: [70, 72.5, 67.5, 75], unaided: [2, 2, 2, 3] },
      "Northgate Facilities": { sus: [75, 72.5, 80], unaided: [3, 3, 2] },
      "Riverbend Plumbing": { sus: [77.5, 80], unaided: [3, 3] },
    },
    buyers: [
      { customer: "Harbor Mechanical", sent: -42, decided: -39, approve: { referenceConsent: true } },
      { customer: "Brightline Elevators", sent: -42, decided: -38, approve: { referenceConsent: true, conditions: "SLA report for the COO each month." } },
      { customer: "Cascade Pest Control", sent: -42, decided: -37, approve: { referenceConsent: true } },
      { customer: "Summit Solar Services", sent: -42, decided: -36, approve: { referenceConsent: true } },
      {
        customer: "Northgate Facilities",
        sent: -42,
        decided: -35,
        decline: "Procurement will not sign a paid pilot without single sign-on and an audit trail of every schedule change. Our dispatchers like it; that is not the question.",
      },
      { customer: "Riverbend Plumbing", sent: -41, decided: -40, approve: { referenceConsent: true } },
    ],
    close: {
      outcome: "iterate",
      note: "Two of six pass both tests. Brightline's dispatchers got lost in the filter panel (mean SUS 58); Summit could not plan crews of two (75% unaided); Northgate's buyer declined: no single sign-on, no audit trail. Round 2: simpler filters, a crew view, and SSO with an audit trail in the case.",
    },
  },
  {
    title: "Crews and simpler filters",
    version: "v0.5",
    testerNotes: "New since round 1: the crew view, one-line filters, and single sign-on on the sign-in page.",
    days: { created: -29, opened: -28, closesOn: -14, closed: -14 },
    newTasks: [["Assign a two-person crew to a two-day installation", "Both technicians booked on both days"]],
    evidence: {
      "Harbor Mechanical": { sus: [82.5, 80, 77.5, 85], unaided: [4, 4, 3, 4] },
      "Brightline Elevators": { sus: [70, 72.5, 75], unaided: [4, 3, 4] },
      "Cascade Pest Control": { sus: [77.5, 80, 75], unaided: [4, 4, 3] },
      "Summit Solar Services": { sus: [72.5, 75, 77.5, 70, 72.5], unaided: [4, 3, 4, 4, 3] },
      "Northgate Facilities": { sus: [77.5, 75, 80, 72.5], unaided: [4, 4, 3, 4] },
      "Riverbend Plumbing": { sus: [85, 80, 82.5], unaided: [4, 4, 4] },
      "Keystone Security Systems": { sus: [72.5, 67.5], unaided: [3, 4] },
    },
    buyers: [
      // Harbor, Brightline, Cascade, Summit and Riverbend approved their unchanged cases in round 1: those approvals stand.
      { customer: "Northgate Facilities", sent: -27, decided: -19, approve: { referenceConsent: false, conditions: "A reference only after our security review is complete." } },
      { customer: "Keystone Security Systems", sent: -26, decided: -21, approve: { referenceConsent: true } },
    ],
    close: {
      outcome: "passed",
      note: "Six of seven pass both tests. Keystone, new this round, had 2 of 3 responses. Northgate approves but will be a reference only after its security review.",
    },
  },
  {
    title: "Time windows and SMS arrival notices",
    version: "v0.7",
    testerNotes: "New since round 2: customers get an SMS arrival window; at-risk jobs turn amber an hour ahead.",
    days: { created: -6, opened: -4, closesOn: 10 },
    newTasks: [],
    evidence: {
      "Harbor Mechanical": { sus: [85, 82.5, 87.5], unaided: [4, 4, 4] },
      "Summit Solar Services": { sus: [75, 80], unaided: [4, 4] },
      "Keystone Security Systems": { sus: [70, 75, 72.5], unaided: [4, 3, 4] },
      "Brightline Elevators": { sus: [77.5], unaided: [4] },
    },
    buyers: [
      // Revised cases: the buyers are asked again; Brightline has approved, Summit has not answered yet.
      { customer: "Brightline Elevators", sent: -3, decided: -2, approve: { referenceConsent: true, conditions: "SLA report for the COO each month." } },
      { customer: "Summit Solar Services", sent: -3 },
    ],
  },
];

const comments = {
  confusing: ["", "The filter panel: I did not see where the technician's skills were.", "", "Dragging a job onto a full day did not say why it was refused.", ""],
  missing: ["", "", "A view of the whole crew for multi-day jobs.", "", "Text the customer when the technician is on the way."],
};

/** Ten SUS answers (1–5) scoring `score`: from all-neutral (50), each step of 2.5 moves one item. */
export function susAnswersFor(score: number) {
  const answers = [3, 3, 3, 3, 3, 3, 3, 3, 3, 3];
  let steps = Math.round((score - 50) / 2.5);
  for (let i = 0; steps !== 0; i = (i + 1) % 10) {
    const odd = i % 2 === 0; // items 1, 3, 5, 7, 9 are the positive statements
    const towards = steps > 0 ? (odd ? 1 : -1) : odd ? -1 : 1;
    const next = answers[i] + towards;
    if (next >= 1 && next <= 5) {
      answers[i] = next;
      steps += steps > 0 ? -1 : 1;
    }
  }
  return answers;
}

function feedbackInput(tasks: { id: string }[], sus: number, unaided: number, n: number): FeedbackInput {
  const a = susAnswersFor(sus);
  return {
    tasks: tasks.map((t, i) => ({
      taskId: t.id,
      outcome: i < unaided ? "completed" : i === unaided ? "completed_with_help" : "not_completed",
      comment: i < unaided ? "" : "I needed the notes to find it.",
    })),
    sus1: a[0], sus2: a[1], sus3: a[2], sus4: a[3], sus5: a[4], sus6: a[5], sus7: a[6], sus8: a[7], sus9: a[8], sus10: a[9],
    confusing: comments.confusing[n % comments.confusing.length],
    missing: comments.missing[n % comments.missing.length],
  };
}

const buyerOf = new Map(demoCustomers.map((c) => [c.name, c.buyer[0]]));
const notesOf = new Map(demoCustomers.map((c) => [c.name, c.notes]));

/**
 * Each customer's case, as the PM revised it over the rounds. A case is the customer's for the
 * whole program: unchanged, its buyer's approval carries into later rounds; revised, the buyer is
 * asked again (Northgate gets single sign-on after declining; Summit's price and Brightline's
 * reporting change in round 3).
 */
function businessCaseFor(customer: string, round: number) {
  const sso = customer === "Northgate Facilities" && round >= 2;
  return {
    problem: `${customer}: ${notesOf.get(customer)}`,
    valueClaimed:
      "Dispatchers plan a full day in half the time; overtime falls by 15% within a quarter." +
      (sso ? " Single sign-on and an audit trail of every schedule change are included." : "") +
      (customer === "Brightline Elevators" && round >= 3 ? " A monthly SLA report for the COO is included." : ""),
    priceTerms:
      customer === "Summit Solar Services" && round >= 3
        ? "€34 per technician per month for crews of two or more, billed yearly; the charter price holds for two years."
        : "€38 per technician per month, billed yearly; the charter price holds for two years.",
    notes: sso ? "Revised after round 1: single sign-on and the audit trail." : "",
  };
}

/**
 * Runs the demo's rounds through the app's own operations, moving the (shifted) clock as it goes:
 * open, users answer through their emailed links, buyers decide, the round closes at the gate.
 */
export async function buildDemoHistory({ actor, programId, customerIds, travel }: { actor: MemberActor; programId: string; customerIds: Map<string, string>; travel: (to: Date) => void }) {
  const decisions: Map<string, string>[] = [];
  for (const [index, plan] of demoRounds.entries()) {
    const number = index + 1;
    if (number === 2) {
      travel(demoDay(plan.days.created, 8, 30));
      await changeCustomerStatus({ actor, programId, customerId: customerIds.get("Keystone Security Systems")!, change: { intent: "activate" } });
    }
    travel(demoDay(plan.days.created, 10));
    const round = await createRound({
      actor,
      programId,
      copyTasks: number > 1,
      input: { title: plan.title, prototypeUrl: prototype, version: plan.version, testerNotes: plan.testerNotes, closesOn: today(demoDay(plan.days.closesOn)), minResponses: 3, minSus: 68, minTaskCompletionPct: 78 },
    });
    for (const [instruction, successCriteria] of plan.newTasks)
      await changeTasks({ actor, programId, roundId: round.id, change: { intent: "add-task", instruction, successCriteria } });
    travel(demoDay(plan.days.opened, 9, 30));
    await openRound({ actor, programId, roundId: round.id });

    const [tasks, links] = await Promise.all([listTasks(actor.workspaceId, round.id), feedbackTokens(round.id)]);
    let n = 0;
    for (const [customer, { sus, unaided }] of Object.entries(plan.evidence)) {
      const customerId = customerIds.get(customer)!;
      const users = links.filter((l) => l.customerId === customerId).sort((a, b) => a.contactId.localeCompare(b.contactId));
      for (const [i, score] of sus.entries()) {
        // Answers come in over the round's first days, a few each working hour.
        travel(demoDay(plan.days.opened + 1 + Math.floor(n / 6), 9 + (n % 6), 10 + i));
        await submitFeedback({ token: users[i].token, input: feedbackInput(tasks, score, unaided[i], n), origin: demoOrigin });
        n++;
      }
    }

    const steps: DemoBuyerStep[] = plan.buyers.map((b) => ({
      customer: b.customer,
      buyerName: buyerOf.get(b.customer)!,
      businessCase: businessCaseFor(b.customer, number),
      sentAt: demoDay(b.sent, 10, 15),
      decision:
        b.decided === undefined
          ? undefined
          : b.decline
            ? { at: demoDay(b.decided, 14), approve: false, reason: b.decline }
            : { at: demoDay(b.decided, 14), approve: true, referenceConsent: b.approve!.referenceConsent, conditions: b.approve!.conditions },
    }));
    decisions.push(await demoBuyerChannel({ actor, programId, roundId: round.id, customerIds, steps, travel }));

    if (plan.close && plan.days.closed !== undefined) {
      travel(demoDay(plan.days.closed, 16));
      await closeRound({ actor, programId, roundId: round.id, outcome: plan.close.outcome, note: plan.close.note });
    }
    if (number === 2) {
      // After the round passed, Cascade's owner took back the reference: a sale to a competitor's client.
      travel(demoDay(-10, 11, 20));
      // Its standing approval is round 1's: the unchanged case carried it through round 2.
      await demoConsentWithdrawn(decisions[0].get("Cascade Pest Control")!);
    }
  }
}
