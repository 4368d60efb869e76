import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ContactForm, roleHints } from "~/components/forms/contact-form";
import { CustomerStatusBadge, formatDate } from "~/components/status";
import { Button, LinkButton } from "~/components/ui/button";
import { Field, FormErrors } from "~/components/ui/field";
import { Badge, Card, Notice, PageHeader } from "~/components/ui/page";
import { requireEditor, requireMember } from "~/modules/auth/session.server";
import { coverageGaps } from "~/modules/customers/coverage";
import { contactSchema, customerStatusSchema } from "~/modules/customers/customers.schema";
import { addContact, changeCustomerStatus, getCustomer, listContacts } from "~/modules/customers/customers.server";
import { getProgram } from "~/modules/programs/programs.server";
import { handleSubmission, idParam, orHttpError } from "~/utils/forms.server";
import { customerTimeline } from "~/modules/customers/timeline.server";
import { customerQuotesPanel } from "~/modules/quotes/panel.server";
import { quoteActionSchema, quoteIntents } from "~/modules/quotes/quotes.schema";
import { changeQuotes } from "~/modules/quotes/requests.server";
import { QuotesCard } from "./customer/quotes";
import { goLiveSchema, markLiveSchema } from "~/modules/golive/golive.schema";
import { customerGoLive, markLiveToday, saveGoLive } from "~/modules/golive/golive.server";
import { today } from "~/modules/rounds/schedule";
import { clock } from "~/utils/clock.server";
import { taggableFeedback } from "~/modules/themes/themes.server";
import { CustomerTimeline } from "./customer/timeline";
import { GoLivePanel } from "./customer/go-live-panel";
import { useWorkspace } from "./workspace";
import { ClearanceSummary } from "~/components/clearance-review";
import { clearanceStates } from "~/modules/clearance/states.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.customer.name ?? "Customer"} · Charter` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request);
  const programId = idParam(params.programId);
  const customerId = idParam(params.customerId);
  const [program, customer, contacts, timeline, quotes, goLive, reviews, feedback] = await Promise.all([
    orHttpError(getProgram(member.workspaceId, programId)),
    orHttpError(getCustomer(member.workspaceId, programId, customerId)),
    listContacts(member.workspaceId, customerId),
    customerTimeline(member.workspaceId, programId, customerId),
    customerQuotesPanel(member.workspaceId, customerId),
    orHttpError(customerGoLive(member.workspaceId, programId, customerId)),
    clearanceStates({ workspaceId: member.workspaceId, programId }),
    taggableFeedback(member.workspaceId, programId, { customerId }),
  ]);
  return { program, customer, contacts, timeline, quotes, goLive, review: reviews.find((r) => r.customerId === customerId) ?? null, feedback };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = await requireEditor(request, context);
  const programId = idParam(params.programId);
  const customerId = idParam(params.customerId);
  const formData = await request.formData();
  if (formData.get("intent") === "add-contact") {
    return handleSubmission(formData, contactSchema, (input) => addContact({ actor, programId, customerId, input }));
  }
  if (quoteIntents.has(String(formData.get("intent")))) {
    return handleSubmission(formData, quoteActionSchema, (input) => changeQuotes({ actor, programId, customerId, input }));
  }
  if (formData.get("intent") === "save-go-live") {
    return handleSubmission(formData, goLiveSchema(today(clock.now())), ({ intent: _, ...input }) => saveGoLive({ actor, programId, customerId, input }));
  }
  if (formData.get("intent") === "mark-live-today") return handleSubmission(formData, markLiveSchema, () => markLiveToday({ actor, programId, customerId }));
  return handleSubmission(formData, customerStatusSchema, (change) => changeCustomerStatus({ actor, programId, customerId, change }));
}

const roleKeys = Object.keys(roleHints) as (keyof typeof roleHints)[];

export default function CustomerPage() {
  const { program, customer, contacts, timeline, quotes, goLive, review, feedback } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { canEdit: isEditor } = useWorkspace();
  const archived = program.status === "archived";
  const withdrawn = customer.status === "withdrawn";
  const canEdit = isEditor && !archived;
  const gaps = withdrawn
    ? []
    : coverageGaps({ buyers: contacts.filter((c) => c.isBuyer).length, users: contacts.filter((c) => c.isUser).length, gatekeepers: contacts.filter((c) => c.isGatekeeper).length, minUsers: program.minResponses, itClearanceRequired: program.itClearanceRequired });
  const intent = lastResult?.formIntent;
  const contactResult = intent === "add-contact" ? lastResult : null;
  const quoteResult = intent && quoteIntents.has(intent) ? lastResult : null;
  const goLiveResult = intent === "save-go-live" || intent === "mark-live-today" ? lastResult : null;
  const statusResult = intent && intent !== "add-contact" && !quoteResult && !goLiveResult ? lastResult : null;

  return (
    <>
      <PageHeader
        breadcrumb={
          <>
            <Link to="/programs" className="hover:underline">Programs</Link> / <Link to={`/programs/${program.id}`} className="hover:underline">{program.name}</Link>
          </>
        }
        title={
          <span className="flex flex-wrap items-center gap-2">
            {customer.name} <CustomerStatusBadge status={customer.status} />
          </span>
        }
        description={
          <span className="flex flex-wrap gap-x-3 text-sm">
            {customer.segment ? <span>{customer.segment}</span> : null}
            {customer.size ? <span>{customer.size}</span> : null}
            {customer.website ? (
              <a href={customer.website} className="text-brand-700 underline" rel="noopener noreferrer" target="_blank">
                {customer.website.replace(/^https?:\/\//, "")}
              </a>
            ) : null}
            <span>Enrolled {formatDate(customer.enrolledAt)}</span>
          </span>
        }
        actions={
          <>
            <LinkButton to="dossier" variant="secondary">Reference dossier</LinkButton>
            {canEdit && !withdrawn ? <LinkButton to="edit" variant="secondary">Edit details</LinkButton> : null}
          </>
        }
      />

      {withdrawn ? (
        <div className="mb-6">
          <Notice tone="blue" title={`Withdrawn on ${formatDate(customer.withdrawnAt!)}`}>
            {customer.withdrawnReason ? <p>Reason: {customer.withdrawnReason}</p> : null}
            <p>Its history is kept and its place in the program is free.</p>
          </Notice>
        </div>
      ) : gaps.length > 0 ? (
        <div className="mb-6">
          <Notice title="Gaps in the decision-making unit">
            <ul className="list-disc pl-5">
              {gaps.map((gap) => (
                <li key={gap}>{gap}</li>
              ))}
            </ul>
          </Notice>
        </div>
      ) : null}

      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          <Card title={`Decision-making unit (${contacts.length})`}>
            {contacts.length === 0 ? (
              <p className="text-sm text-slate-600">No contacts yet. Add the economic buyer and at least {program.minResponses} users.</p>
            ) : (
              <ul className="divide-y divide-slate-100">
                {contacts.map((contact) => (
                  <li key={contact.id} className="flex flex-wrap items-start justify-between gap-2 py-3">
                    <div className="min-w-0">
                      <p className="font-medium text-slate-900">{contact.name}</p>
                      {/* An address is one long word: it wraps rather than widen a phone's page. */}
                      <p className="break-words text-sm text-slate-600">
                        {contact.email}
                        {contact.title ? ` · ${contact.title}` : ""}
                      </p>
                      <div className="mt-1 flex flex-wrap gap-1">
                        {roleKeys
                          .filter((role) => contact[role])
                          .map((role) => (
                            <Badge key={role} tone={role === "isBuyer" ? "blue" : "gray"}>
                              {roleHints[role][0]}
                            </Badge>
                          ))}
                      </div>
                    </div>
                    {canEdit && !withdrawn ? (
                      <Link to={`contacts/${contact.id}`} className="text-sm font-medium text-brand-700 underline-offset-2 hover:underline" aria-label={`Edit ${contact.name}`}>
                        Edit
                      </Link>
                    ) : null}
                  </li>
                ))}
              </ul>
            )}
          </Card>
          {canEdit && !withdrawn ? (
            <Card title="Add a contact">
              {/* A fresh form after each added contact (keyed by the new contact's id). */}
              <ContactForm key={contactResult?.outcome && "id" in contactResult.outcome ? contactResult.outcome.id : "new"} id="add-contact" intent="add-contact" lastResult={contactResult} submitLabel="Add contact" />
            </Card>
          ) : null}
          <QuotesCard
            quotes={quotes.quotes}
            comments={quotes.comments}
            champions={withdrawn ? [] : contacts.filter((c) => c.isChampion)}
            hasBuyer={contacts.some((c) => c.isBuyer)}
            canEdit={canEdit && !withdrawn}
            errors={quoteResult ? Object.values(quoteResult.error ?? {}).flatMap((e) => e ?? []) : undefined}
          />
        </div>
        <div className="space-y-6">
          {customer.notes ? (
            <Card title="Notes">
              <p className="whitespace-pre-line text-sm text-slate-700">{customer.notes}</p>
            </Card>
          ) : null}
          {review ? <ClearanceSummary review={review} /> : null}
          {/* Keyed by what is saved, so the form shows the stored values after each save. */}
          <GoLivePanel key={JSON.stringify(goLive.goLive)} {...goLive} canEdit={canEdit && !withdrawn} lastResult={goLiveResult} />
          {canEdit ? <StatusCard status={customer.status} lastResult={statusResult} /> : null}
        </div>
      </div>
      <CustomerTimeline timeline={timeline} product={program.product} tagging={{ programId: program.id, canEdit, returnTo: `/programs/${program.id}/customers/${customer.id}`, ...feedback }} />
    </>
  );
}

function StatusCard({ status, lastResult }: { status: "enrolled" | "active" | "withdrawn"; lastResult: SubmissionResult<string[]> | null | undefined }) {
  const navigation = useNavigation();
  const pending = navigation.state === "submitting" ? navigation.formData?.get("intent") : null;
  const [form, fields] = useForm<{ intent: string; reason: string }>({ id: "customer-status", lastResult });
  return (
    <Card title="Participation">
      <FormErrors id={form.errorId} errors={form.errors} />
      {status === "withdrawn" ? (
        <Form method="post" className="space-y-3">
          <p className="text-sm text-slate-600">Re-enroll this organisation if it rejoins the program (a free place is needed).</p>
          <input type="hidden" name="intent" value="reenroll" />
          <Button variant="secondary" disabled={pending === "reenroll"}>Re-enroll</Button>
        </Form>
      ) : (
        <div className="space-y-5">
          {status === "enrolled" ? (
            <Form method="post" className="space-y-2">
              <p className="text-sm text-slate-600">Mark the customer active once its kickoff is done: its users then get the prototype rounds.</p>
              <input type="hidden" name="intent" value="activate" />
              <Button variant="secondary" disabled={pending === "activate"}>Mark active</Button>
            </Form>
          ) : null}
          <Form
            method="post"
            className="space-y-3"
            {...getFormProps(form)}
            onSubmit={(event) => {
              if (!confirm("Withdraw this customer from the program? Its history is kept and its place is freed; you can re-enroll it while a place is free.")) event.preventDefault();
            }}
          >
            <input type="hidden" name="intent" value="withdraw" />
            <Field label="Reason for withdrawing" hint="Optional. Kept with the customer's history." inputProps={getInputProps(fields.reason, { type: "text" })} errors={fields.reason.errors} />
            <Button variant="danger" disabled={pending === "withdraw"}>Withdraw customer</Button>
          </Form>
        </div>
      )}
    </Card>
  );
}
