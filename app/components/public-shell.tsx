import type { ReactNode } from "react";

/** The frame of the pages customers' users and buyers open from an email (no account, no menu). */
export function PublicShell({ label, children }: { label: string; children: ReactNode }) {
  return (
    <main className="mx-auto max-w-2xl px-4 py-8 sm:py-12">
      <div className="mb-6 flex items-center gap-2 text-sm font-semibold text-slate-700">
        <img src="/favicon.svg" alt="" className="size-5" width={20} height={20} /> Charter · {label}
      </div>
      {children}
    </main>
  );
}
