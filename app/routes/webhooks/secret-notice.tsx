import type { ReactNode } from "react";
import { Notice } from "~/components/ui/page";

/** An endpoint's signing secret, shown after it is made, rotated or revealed; never kept in the page otherwise. */
export function SecretNotice({ title, secret, children }: { title: string; secret: string; children: ReactNode }) {
  return (
    <Notice tone="green" title={title}>
      <p>{children}</p>
      <p className="mt-2">
        <span className="font-medium">Signing secret:</span> <code className="break-all rounded bg-white px-1 py-0.5 font-mono text-sm text-slate-900">{secret}</code>
      </p>
    </Notice>
  );
}
