import { useEffect, useRef, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from "react";

const control =
  "block w-full rounded-md border-0 bg-white px-3 py-2 text-slate-900 shadow-xs ring-1 ring-inset ring-slate-300 placeholder:text-slate-400 focus:ring-2 focus:ring-inset focus:ring-brand-600 aria-invalid:ring-red-500 sm:text-sm";

type Errors = string[] | undefined;

export function ErrorList({ id, errors }: { id?: string; errors: Errors }) {
  if (!errors?.length) return null;
  return (
    <ul id={id} className="mt-1.5 space-y-0.5 text-sm text-red-700">
      {errors.map((e) => (
        <li key={e}>{e}</li>
      ))}
    </ul>
  );
}

function FieldShell({ id, label, hint, errors, errorId, children }: { id: string; label: ReactNode; hint?: ReactNode; errors: Errors; errorId: string; children: ReactNode }) {
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      {hint ? <p id={`${id}-hint`} className="mt-0.5 text-sm text-slate-500">{hint}</p> : null}
      <div className="mt-1.5">{children}</div>
      <ErrorList id={errorId} errors={errors} />
    </div>
  );
}

/** The control's description: its hint (read with the label), then its errors when it has any. */
const describedBy = (id: string, hint: ReactNode, errors: Errors) => [hint ? `${id}-hint` : "", errors?.length ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;

/** `inputProps` come from Conform's getInputProps, so id, name and aria wiring match the form. */
export function Field({ label, hint, errors, inputProps }: { label: ReactNode; hint?: ReactNode; errors: Errors; inputProps: InputHTMLAttributes<HTMLInputElement> & { id: string } }) {
  const errorId = `${inputProps.id}-error`;
  return (
    <FieldShell id={inputProps.id} label={label} hint={hint} errors={errors} errorId={errorId}>
      <input {...inputProps} className={control} aria-describedby={describedBy(inputProps.id, hint, errors)} />
    </FieldShell>
  );
}

export function TextareaField({ label, hint, errors, textareaProps }: { label: ReactNode; hint?: ReactNode; errors: Errors; textareaProps: TextareaHTMLAttributes<HTMLTextAreaElement> & { id: string } }) {
  const errorId = `${textareaProps.id}-error`;
  return (
    <FieldShell id={textareaProps.id} label={label} hint={hint} errors={errors} errorId={errorId}>
      <textarea rows={3} {...textareaProps} className={control} aria-describedby={describedBy(textareaProps.id, hint, errors)} />
    </FieldShell>
  );
}

export function SelectField({ label, hint, errors, selectProps, options }: { label: ReactNode; hint?: ReactNode; errors: Errors; selectProps: SelectHTMLAttributes<HTMLSelectElement> & { id: string }; options: { value: string; label: string }[] }) {
  const errorId = `${selectProps.id}-error`;
  return (
    <FieldShell id={selectProps.id} label={label} hint={hint} errors={errors} errorId={errorId}>
      <select {...selectProps} className={control} aria-describedby={describedBy(selectProps.id, hint, errors)}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}

export function CheckboxField({ label, hint, inputProps }: { label: ReactNode; hint?: ReactNode; inputProps: InputHTMLAttributes<HTMLInputElement> & { id: string } }) {
  return (
    <div className="flex gap-3">
      <input {...inputProps} type="checkbox" className="mt-0.5 size-4 shrink-0 rounded border-slate-300 text-brand-600 focus:ring-brand-600" />
      <div className="text-sm">
        <label htmlFor={inputProps.id} className="font-medium text-slate-800">
          {label}
        </label>
        {hint ? <p className="text-slate-500">{hint}</p> : null}
      </div>
    </div>
  );
}

/** Errors that belong to the whole form (a rule the database checked, for example), scrolled into view. */
export function FormErrors({ id, errors }: { id?: string; errors: Errors }) {
  const ref = useRef<HTMLDivElement>(null);
  const text = errors?.join(" ") ?? "";
  useEffect(() => {
    if (text) ref.current?.scrollIntoView({ block: "nearest", behavior: "smooth" });
  }, [text]);
  if (!errors?.length) return null;
  return (
    <div ref={ref} id={id} role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800">
      {errors.map((e) => (
        <p key={e}>{e}</p>
      ))}
    </div>
  );
}

/**
 * After a refused submission, every problem at the top of the page, each linking to its field's
 * message (`${formId}-${name}-error`, Conform's error id). Without JavaScript the page comes back
 * scrolled to the top, where the messages beside the fields may be screens away.
 */
export function ErrorSummary({ formId, errors, prefix }: { formId: string; errors: Record<string, string[]>; prefix?: (name: string) => string }) {
  const entries = Object.entries(errors).filter(([name, messages]) => name !== "" && messages.length > 0);
  if (entries.length === 0) return null;
  return (
    <div role="alert" aria-labelledby={`${formId}-summary`} className="mt-4 rounded-md border border-red-200 bg-red-50 p-4 text-sm text-red-800">
      <h2 id={`${formId}-summary`} className="font-semibold">
        {entries.length === 1 ? "One answer needs your attention" : `${entries.length} answers need your attention`}
      </h2>
      <ul className="mt-2 list-disc space-y-1 pl-5">
        {entries.map(([name, messages]) => (
          <li key={name}>
            <a href={`#${formId}-${name}-error`} className="underline">
              {prefix?.(name) ?? ""}
              {messages[0]}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}
