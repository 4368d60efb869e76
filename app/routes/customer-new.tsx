import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { CustomerForm } from "~/components/forms/customer-form";
import { LinkButton } from "~/components/ui/button";
import { Notice, PageHeader } from "~/components/ui/page";
import { requireEditor, requireEditorPage } from "~/modules/auth/session.server";
import { customerSchema } from "~/modules/customers/customers.schema";
import { enrollCustomer, listCustomers } from "~/modules/customers/customers.server";
import { MAX_CUSTOMERS } from "~/modules/programs/limits";
import { getProgram } from "~/modules/programs/programs.server";
import { handleSubmission, idParam, orHttpError } from "~/utils/forms.server";

export const meta: MetaFunction = () => [{ title: "Enroll a charter customer · Charter" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireEditorPage(request);
  const programId = idParam(params.programId);
  const [program, customers] = await Promise.all([
    orHttpError(getProgram(member.workspaceId, programId)),
    listCustomers(member.workspaceId, programId),
  ]);
  return { program, seated: customers.filter((c) => c.status !== "withdrawn").length };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = await requireEditor(request, context);
  const programId = idParam(params.programId);
  return handleSubmission(await request.formData(), customerSchema, async (input) => {
    const customer = await enrollCustomer({ actor, programId, input });
    throw redirect(`/programs/${programId}/customers/${customer.id}`);
  });
}

export default function EnrollCustomer() {
  const { program, seated } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <>
      <PageHeader
        title="Enroll a charter customer"
        breadcrumb={
          <>
            <Link to="/programs" className="hover:underline">Programs</Link> / <Link to={`/programs/${program.id}`} className="hover:underline">{program.name}</Link>
          </>
        }
        description={`${seated} of at most ${MAX_CUSTOMERS} places taken. You will add the decision-making unit next.`}
      />
      {/* A full program offers no form to fill in for nothing; the server refuses the 11th all the same. */}
      {seated >= MAX_CUSTOMERS ? (
        <div className="max-w-2xl space-y-4">
          <Notice title="This program is full">
            A program holds at most {MAX_CUSTOMERS} charter customers. Withdraw one on its customer page to free a place.
          </Notice>
          <LinkButton to={`/programs/${program.id}`} variant="secondary">
            Back to the program
          </LinkButton>
        </div>
      ) : (
        <CustomerForm lastResult={lastResult} submitLabel="Enroll customer" cancelTo={`/programs/${program.id}`} />
      )}
    </>
  );
}
