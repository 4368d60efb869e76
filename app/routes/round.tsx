import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { oneDecimal, percent, RoundStatusBadge } from "~/components/round-status";
import { formatDate } from "~/components/status";
import { LinkButton } from "~/components/ui/button";
import { FlashNotice } from "~/components/ui/flash";
import { FormErrors } from "~/components/ui/field";
import { Card, PageHeader } from "~/components/ui/page";
import { requireEditor, requireMember } from "~/modules/auth/session.server";
import { closeRound, closedSnapshot, roundGate } from "~/modules/gates/gates.server";
import { closeEffect } from "~/modules/gates/readiness.server";
import type { ItClearanceState } from "~/modules/gates/it-clearance";
import { getProgram } from "~/modules/programs/programs.server";
import { taskActionSchema } from "~/modules/rounds/rounds.schema";
import { closeDateStatus } from "~/modules/rounds/schedule";
import { changeTasks, getRound, listTasks, openRound, REMINDER_INTERVAL_MS, remindNonResponders, resendFeedbackLink } from "~/modules/rounds/rounds.server";
import { clock } from "~/utils/clock.server";
import { sendAllSignoffRequests } from "~/modules/signoff/requests.server";
import { feedbackItems } from "~/modules/themes/feedback-items.server";
import { roundThemes } from "~/modules/themes/themes.server";
import { handleSubmission, idParam, orHttpError } from "~/utils/forms.server";
import { DraftPanel } from "./round/draft-panel";
import { EvidencePanel } from "./round/evidence-panel";
import { FeedbackPanel } from "./round/feedback-panel";
import { GatePanel } from "./round/gate-panel";
import { LearnedThemes } from "./round/learned-themes";
import { TaskList } from "./round/task-list";
import { ValuablePanel } from "./round/valuable-panel";
import { ClearancePanel } from "./round/clearance-panel";
import { clearanceOverview } from "~/modules/clearance/states.server";
import { useWorkspace } from "./workspace";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Round ${data.round.number}: ${data.round.title} · Charter` : "Round · Charter" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request);
  const programId = idParam(params.programId);
  const roundId = idParam(params.roundId);
  const [program, round, tasks] = await Promise.all([
    orHttpError(getProgram(member.workspaceId, programId)),
    orHttpError(getRound(member.workspaceId, programId, roundId)),
    listTasks(member.workspaceId, roundId),
  ]);
  // The gate evaluates both channels; its parts feed the two evidence panels, which stay separate.
  // A closed round is read with the setting it closed under, not today's.
  const snapshot = round.status === "closed" ? await closedSnapshot(member.workspaceId, roundId) : null;
  const requireLowerBound = snapshot ? snapshot.thresholds.requireLowerBound === true : program.usableRequiresLowerBound;
  // The gate, the gatekeepers' channel and the themes do not depend on each other: loaded together.
  const [{ usable: evidence, valuable: signoffs, gate, evaluations }, { states: clearances, itClearances }, feedbackList, themes] = await Promise.all([
    roundGate({ workspaceId: member.workspaceId, round, target: program.targetReferenceable, requireLowerBound }),
    // The gatekeepers' channel, its own panel beside users and buyers; each customer's IT clearance
    // is shown beside the gate, never part of it (readiness counts it when the program asks for it).
    clearanceOverview({ workspaceId: member.workspaceId, programId }),
    // Themes: the round's feedback to tag, and (one statement) the themes to tag it with, its tags,
    // what was learned, and the open themes to plan or close with.
    feedbackItems({ workspaceId: member.workspaceId, programId, roundId }),
    roundThemes(member.workspaceId, programId, round),
  ]);
  // What closing now would do to readiness, said before the PM closes (PRODUCT.md, Across rounds).
  const effect =
    round.status === "open"
      ? await closeEffect({ workspaceId: member.workspaceId, programId, round, evaluations, customers: evidence.customers.map((c) => ({ customerId: c.customerId, name: c.name, status: c.status })), clearances: program.itClearanceRequired ? itClearances : null })
      : null;
  const itClearance: Record<string, { state: ItClearanceState; reason: string }> = Object.fromEntries([...itClearances.entries()].map(([customerId, c]) => [customerId, { state: c.state, reason: c.reason }]));
  // Users a reminder would reach now: invited, not responded, and last emailed over a day ago.
  const remindBefore = clock.now().getTime() - REMINDER_INTERVAL_MS;
  const remindable = evidence.users.filter((u) => !u.respondedAt && u.lastLinkAt && new Date(u.lastLinkAt).getTime() <= remindBefore).length;
  const schedule = round.status === "closed" ? null : closeDateStatus(round.closesOn, clock.now());
  return { program, round, tasks, evidence: round.status === "draft" ? null : evidence, signoffs, gate, evaluations, itClearance, snapshot, effect, remindable, schedule, clearances, feedback: { items: feedbackList, choices: themes.choices, tags: themes.tags }, learnings: themes.learnings, openThemes: round.status === "closed" ? [] : themes.openThemes };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = await requireEditor(request, context);
  const programId = idParam(params.programId);
  const roundId = idParam(params.roundId);
  return handleSubmission(await request.formData(), taskActionSchema, async (input) => {
    switch (input.intent) {
      case "open-round": {
        const { invited } = await openRound({ actor, programId, roundId, confirmedInvitees: input.invitees });
        return `Round opened: ${invited} personal ${invited === 1 ? "invitation" : "invitations"} queued.`;
      }
      case "remind": {
        const { reminded, waiting } = await remindNonResponders({ actor, programId, roundId });
        if (waiting === 0) return "Every invited user has responded: nobody to remind.";
        return reminded === 0
          ? `Nobody reminded: the ${waiting} users still waiting were all contacted within the last day.`
          : `Reminded ${reminded} of the ${waiting} users who have not responded.`;
      }
      case "send-all-signoffs": {
        const { sent, skipped } = await sendAllSignoffRequests({ actor, programId, roundId });
        return `${sent} sign-off ${sent === 1 ? "request" : "requests"} sent.${skipped.length ? ` Not sent: ${skipped.join(" ")}` : ""}`;
      }
      case "close-round": {
        await closeRound({ actor, programId, roundId, outcome: input.outcome, note: input.note, learnedThemeIds: input.learnedThemeIds });
        return input.outcome === "passed" ? "Round closed as passed." : "Round closed: iterate. Plan the next round with what was learned.";
      }
      case "resend-link":
        await resendFeedbackLink({ actor, programId, roundId, contactId: input.contactId });
        return "A new link was sent; the earlier links of that user no longer work.";
      default:
        await changeTasks({ actor, programId, roundId, change: input });
        return null;
    }
  });
}

export default function RoundPage() {
  const { program, round, tasks, evidence, schedule } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { canEdit: isEditor } = useWorkspace();
  const canEdit = isEditor && program.status === "active" && round.status !== "closed";
  const intent = lastResult?.formIntent;
  const message = typeof lastResult?.outcome === "string" ? lastResult.outcome : null;
  const formError = intent && intent !== "add-task" && intent !== "close-round" ? (lastResult?.error?.[""] ?? lastResult?.error?.invitees ?? undefined) : undefined;
  const back = `/programs/${program.id}`;

  return (
    <>
      <PageHeader
        breadcrumb={
          <>
            <Link to="/programs" className="hover:underline">Programs</Link> / <Link to={back} className="hover:underline">{program.name}</Link>
          </>
        }
        title={
          <span className="flex flex-wrap items-center gap-2">
            Round {round.number}: {round.title} <RoundStatusBadge status={round.status} outcome={round.outcome} />
          </span>
        }
        description={
          <span className="flex flex-wrap gap-x-3 text-sm">
            {round.prototypeUrl ? (
              <a href={round.prototypeUrl} className="text-brand-700 underline" target="_blank" rel="noopener noreferrer">
                Open the prototype
              </a>
            ) : (
              <span className="text-amber-800">No prototype link yet</span>
            )}
            {round.version ? <span>Version {round.version}</span> : null}
            {round.openedAt ? <span>Opened {formatDate(round.openedAt)}</span> : <span>Created {formatDate(round.createdAt)}</span>}
            {schedule ? (
              <span className={schedule.overdue ? "font-medium text-amber-800" : undefined}>
                Planned close {formatDate(schedule.closesOn)} · {schedule.label}
              </span>
            ) : round.status !== "closed" ? (
              <span>No planned close date</span>
            ) : null}
          </span>
        }
        actions={canEdit ? <LinkButton to="edit" variant="secondary">Edit round</LinkButton> : null}
      />
      <div className="mb-6 space-y-3">
        <FlashNotice message={message} />
        <FormErrors errors={formError} />
        <p className="text-sm text-slate-600">
          The usable test passes for a customer with at least <strong>{round.minResponses}</strong> responses, a mean SUS of at least{" "}
          <strong>{oneDecimal(round.minSus)}</strong> and unaided task completion of at least <strong>{percent(round.minTaskCompletion)}</strong>.
        </p>
      </div>

      {round.status === "draft" ? <DraftPanel canEdit={canEdit} /> : <GatePanel canEdit={canEdit} />}
      <LearnedThemes />
      {evidence ? <EvidencePanel /> : null}
      <ValuablePanel canEdit={canEdit} />
      <ClearancePanel />
      {round.status !== "draft" ? <FeedbackPanel /> : null}
      {round.testerNotes ? (
        <Card title="Notes for testers" className="mt-6">
          <p className="whitespace-pre-line text-sm text-slate-700">{round.testerNotes}</p>
        </Card>
      ) : null}
      {round.status !== "draft" ? (
        <Card title={`Usability tasks (${tasks.length})`} className="mt-6">
          <TaskList editable={false} />
        </Card>
      ) : null}
    </>
  );
}

