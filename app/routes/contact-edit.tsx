import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ContactForm } from "~/components/forms/contact-form";
import { Button } from "~/components/ui/button";
import { Card, PageHeader } from "~/components/ui/page";
import { requireEditor, requireEditorPage } from "~/modules/auth/session.server";
import { contactSchema } from "~/modules/customers/customers.schema";
import { getContact, getCustomer, removeContact, updateContact } from "~/modules/customers/customers.server";
import { getProgram } from "~/modules/programs/programs.server";
import { handleSubmission, idParam, orHttpError } from "~/utils/forms.server";

export const meta: MetaFunction = () => [{ title: "Edit contact · Charter" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireEditorPage(request);
  const programId = idParam(params.programId);
  const customerId = idParam(params.customerId);
  const [program, customer, contact] = await Promise.all([
    orHttpError(getProgram(member.workspaceId, programId)),
    orHttpError(getCustomer(member.workspaceId, programId, customerId)),
    orHttpError(getContact(member.workspaceId, customerId, idParam(params.contactId))),
  ]);
  return { program, customer, contact };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = await requireEditor(request, context);
  const programId = idParam(params.programId);
  const customerId = idParam(params.customerId);
  const contactId = idParam(params.contactId);
  const back = `/programs/${programId}/customers/${customerId}`;
  const formData = await request.formData();
  if (formData.get("intent") === "remove") {
    await orHttpError(removeContact({ actor, programId, customerId, contactId }));
    throw redirect(back);
  }
  return handleSubmission(formData, contactSchema, async (input) => {
    await updateContact({ actor, programId, customerId, contactId, input });
    throw redirect(back);
  });
}

export default function EditContact() {
  const { program, customer, contact } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const back = `/programs/${program.id}/customers/${customer.id}`;
  return (
    <>
      <PageHeader
        title={`Edit ${contact.name}`}
        breadcrumb={
          <>
            <Link to={`/programs/${program.id}`} className="hover:underline">{program.name}</Link> / <Link to={back} className="hover:underline">{customer.name}</Link>
          </>
        }
      />
      <div className="max-w-3xl space-y-6">
        <Card>
          <ContactForm id="edit-contact" lastResult={lastResult} defaultValue={contact} submitLabel="Save changes">
            <Link to={back} className="self-center text-sm font-medium text-slate-700 underline">
              Cancel
            </Link>
          </ContactForm>
        </Card>
        <Card title="Remove from the decision-making unit">
          <Form
            method="post"
            className="flex flex-wrap items-center justify-between gap-3"
            onSubmit={(event) => {
              if (!confirm(`Remove ${contact.name}?`)) event.preventDefault();
            }}
          >
            <p className="text-sm text-slate-600">Their past answers stay in the program's history.</p>
            <input type="hidden" name="intent" value="remove" />
            <Button variant="danger">Remove contact</Button>
          </Form>
        </Card>
      </div>
    </>
  );
}
