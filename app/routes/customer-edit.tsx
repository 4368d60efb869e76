import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { CustomerForm } from "~/components/forms/customer-form";
import { PageHeader } from "~/components/ui/page";
import { requireEditor, requireEditorPage } from "~/modules/auth/session.server";
import { customerSchema } from "~/modules/customers/customers.schema";
import { getCustomer, updateCustomer } from "~/modules/customers/customers.server";
import { getProgram } from "~/modules/programs/programs.server";
import { handleSubmission, idParam, orHttpError } from "~/utils/forms.server";

export const meta: MetaFunction = () => [{ title: "Edit customer · Charter" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireEditorPage(request);
  const programId = idParam(params.programId);
  const [program, customer] = await Promise.all([
    orHttpError(getProgram(member.workspaceId, programId)),
    orHttpError(getCustomer(member.workspaceId, programId, idParam(params.customerId))),
  ]);
  return { program, customer };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = await requireEditor(request, context);
  const programId = idParam(params.programId);
  const customerId = idParam(params.customerId);
  return handleSubmission(await request.formData(), customerSchema, async (input) => {
    await updateCustomer({ actor, programId, customerId, input });
    throw redirect(`/programs/${programId}/customers/${customerId}`);
  });
}

export default function EditCustomer() {
  const { program, customer } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const back = `/programs/${program.id}/customers/${customer.id}`;
  return (
    <>
      <PageHeader
        title={`Edit ${customer.name}`}
        breadcrumb={
          <>
            <Link to={`/programs/${program.id}`} className="hover:underline">{program.name}</Link> / <Link to={back} className="hover:underline">{customer.name}</Link>
          </>
        }
      />
      <CustomerForm lastResult={lastResult} defaultValue={customer} submitLabel="Save changes" cancelTo={back} />
    </>
  );
}
