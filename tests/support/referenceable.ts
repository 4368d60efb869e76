import { and, eq } from "drizzle-orm";
import { db } from "#db/client";
import { emailOutbox, signoffs } from "#db/schema";
import { addContact, changeCustomerStatus, enrollCustomer } from "~/modules/customers/customers.server";
import type { FeedbackInput } from "~/modules/feedback/feedback.schema";
import { loadFeedbackPage, submitFeedback } from "~/modules/feedback/feedback.server";
import { closeRound } from "~/modules/gates/gates.server";
import { createProgram } from "~/modules/programs/programs.server";
import { changeTasks, createRound, listTasks, openRound } from "~/modules/rounds/rounds.server";
import { saveBusinessCase } from "~/modules/signoff/business-case.server";
import { submitSignoff } from "~/modules/signoff/buyer.server";
import { sendSignoffRequest } from "~/modules/signoff/requests.server";
import type { SignoffInput } from "~/modules/signoff/signoff.schema";
import { emailProps } from "./emails";
import { contactInput, customerInput, newWorkspace, origin, programInput } from "./factories";

/** Names and text outside Latin-1, to prove the documents survive them. */
export const WORLD = {
  customer: "Ødegård Ænergi",
  buyer: "Zoë Ødegård",
  signature: "Zoë Ødegård 🚀",
  user: "Łukasz Wróbel",
  problem: "Dispatchers in Łódź and 東京 retype every order ✓",
};

export const caseInput = { problem: WORLD.problem, valueClaimed: "15% less overtime", priceTerms: "EUR 24,000 a year", notes: "" };
const approve: SignoffInput = { decision: "approve", declineReason: "", conditions: "", willingnessToPay: "as_proposed", referenceConsent: "yes", consentNameLogo: true, consentCaseStudy: true, consentReferenceCalls: false, signatureName: "Buyer" };

/**
 * A program whose first round closed as passed: six customers with a buyer and three users each
 * (the first customer and its people named outside Latin-1), every user answered the two tasks,
 * every buyer approved. Every customer is referenceable. With `colleagueOf`, that customer's buyer
 * names a colleague (Pat Colleague) to be asked about each reference use.
 */
export const COLLEAGUE = { name: "Pat Colleague", email: "pat.colleague@customer.test" };
export async function referenceableProgram({ colleagueOf }: { colleagueOf?: number } = {}) {
  const ws = await newWorkspace();
  const { id: programId } = await createProgram({ actor: ws.admin, input: programInput });
  const customerIds: string[] = [];
  for (let c = 0; c < 6; c++) {
    const { id } = await enrollCustomer({ actor: ws.admin, programId, input: customerInput(c === 0 ? WORLD.customer : `Customer ${c}`) });
    await changeCustomerStatus({ actor: ws.admin, programId, customerId: id, change: { intent: "activate" } });
    await addContact({ actor: ws.admin, programId, customerId: id, input: { ...contactInput(`Buyer ${c}`, { isBuyer: true }), ...(c === 0 ? { name: WORLD.buyer } : {}) } });
    for (let u = 0; u < 3; u++)
      await addContact({ actor: ws.admin, programId, customerId: id, input: { ...contactInput(`User ${c} ${u}`, { isUser: true }), ...(c === 0 && u === 0 ? { name: WORLD.user } : {}) } });
    customerIds.push(id);
  }
  const round = await createRound({ actor: ws.admin, programId, input: { title: "First look", prototypeUrl: "", version: "", testerNotes: "", minResponses: 3, minSus: 68, minTaskCompletionPct: 78 } });
  for (const instruction of ["Plan tomorrow", "Move a job"]) await changeTasks({ actor: ws.admin, programId, roundId: round.id, change: { intent: "add-task", instruction, successCriteria: "" } });
  await openRound({ actor: ws.admin, programId, roundId: round.id });
  const tasks = await listTasks(ws.workspaceId, round.id);
  const links = async (template: string, marker: string) =>
    (await db().select({ to: emailOutbox.toAddress, props: emailProps }).from(emailOutbox).where(and(eq(emailOutbox.workspaceId, ws.workspaceId), eq(emailOutbox.template, template)))).map((r) => ({
      to: r.to,
      token: (r.props as { link: string }).link.split(marker)[1],
    }));
  for (const [i, { token }] of (await links("feedback-invite", "/f/")).entries()) {
    if ((await loadFeedbackPage(token)).state !== "ok") continue;
    // Everyone completes both tasks unaided but one user, who needs help with the second.
    const input = {
      tasks: tasks.map((t, n) => ({ taskId: t.id, outcome: n === 1 && i === 1 ? "completed_with_help" : "completed", comment: n === 0 ? "=SUM(A1:A9)" : "" })),
      ...Object.fromEntries([5, 1, 5, 1, 5, 1, 5, 1, 5, 2].map((a, n) => [`sus${n + 1}`, a])),
      confusing: "Nothing",
      missing: "",
    } as FeedbackInput;
    await submitFeedback({ token, input, origin });
  }
  for (const customerId of customerIds) {
    await saveBusinessCase({ actor: ws.admin, programId, roundId: round.id, customerId, input: caseInput });
    await sendSignoffRequest({ actor: ws.admin, programId, roundId: round.id, customerId });
  }
  for (const { to, token } of await links("signoff-request", "/s/")) {
    const named = colleagueOf !== undefined && to === `buyer.${colleagueOf}@customer.test` ? { referenceContactName: COLLEAGUE.name, referenceContactEmail: COLLEAGUE.email } : {};
    await submitSignoff({ token, input: { ...approve, ...named, signatureName: to === "buyer.0@customer.test" ? WORLD.signature : "Buyer" }, origin });
  }
  await closeRound({ actor: ws.admin, programId, roundId: round.id, outcome: "passed", note: "" });
  const [first] = await db().select({ id: signoffs.id }).from(signoffs).where(and(eq(signoffs.workspaceId, ws.workspaceId), eq(signoffs.customerId, customerIds[0])));
  return { ...ws, programId, roundId: round.id, customerIds, signoffId: first.id };
}
