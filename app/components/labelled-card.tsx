import { useId, type ReactNode } from "react";

/** A Card (ui/page.tsx) named by its heading, so it is a region a person — and a test — finds by name. */
export function LabelledCard({ title, children, className = "" }: { title: string; children: ReactNode; className?: string }) {
  const id = useId();
  return (
    <section aria-labelledby={id} className={`rounded-lg bg-white shadow-xs ring-1 ring-slate-200 ${className}`}>
      <div className="border-b border-slate-200 px-4 py-3 sm:px-5">
        <h2 id={id} className="text-base font-semibold text-slate-900">
          {title}
        </h2>
      </div>
      <div className="px-4 py-4 sm:px-5">{children}</div>
    </section>
  );
}
