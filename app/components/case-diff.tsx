import { diffWords } from "diff";

type CaseText = { problem: string; valueClaimed: string; priceTerms: string; notes: string };

const FIELDS: { key: keyof CaseText; label: string }[] = [
  { key: "problem", label: "The problem" },
  { key: "valueClaimed", label: "The value claimed" },
  { key: "priceTerms", label: "Price or terms" },
  { key: "notes", label: "Notes" },
];

/** What changed between two versions of a business case (see FieldsDiff). */
export function CaseDiff({ from, to, fromLabel, toLabel }: { from: CaseText; to: CaseText; fromLabel: string; toLabel: string }) {
  return <FieldsDiff from={from} to={to} fields={FIELDS} fromLabel={fromLabel} toLabel={toLabel} />;
}

/**
 * What changed between two versions of a text with named fields (a business case, a technical
 * brief), word by word, field by field. Removed words are struck through and added ones underlined,
 * each also named for screen readers; unchanged fields are listed as such so the reader knows they
 * were compared.
 */
export function FieldsDiff({ from, to, fields, fromLabel, toLabel, lowerLabels = true }: { from: Record<string, string>; to: Record<string, string>; fields: { key: string; label: string }[]; fromLabel: string; toLabel: string; lowerLabels?: boolean }) {
  const changed = fields.filter((f) => (from[f.key] ?? "") !== (to[f.key] ?? ""));
  const unchanged = fields.filter((f) => (from[f.key] ?? "") === (to[f.key] ?? "") && (from[f.key] || to[f.key]));
  return (
    <div className="space-y-3 text-sm">
      <p className="text-slate-600">
        From {fromLabel} to {toLabel}: <span className="line-through decoration-red-700">removed</span>, <span className="bg-green-100 underline decoration-green-800">added</span>.
      </p>
      {changed.length === 0 ? <p>The text is the same.</p> : null}
      <dl className="space-y-3">
        {changed.map((f) => (
          <div key={f.key}>
            <dt className="font-medium text-slate-800">{f.label}</dt>
            <dd className="whitespace-pre-line break-words text-slate-800">
              {diffWords(from[f.key] ?? "", to[f.key] ?? "").map((part, i) =>
                part.added ? (
                  <ins key={i} className="bg-green-100 underline decoration-green-800">
                    <span className="sr-only">[added: </span>
                    {part.value}
                    <span className="sr-only">]</span>
                  </ins>
                ) : part.removed ? (
                  <del key={i} className="text-red-800 line-through">
                    <span className="sr-only">[removed: </span>
                    {part.value}
                    <span className="sr-only">]</span>
                  </del>
                ) : (
                  <span key={i}>{part.value}</span>
                ),
              )}
            </dd>
          </div>
        ))}
      </dl>
      {unchanged.length ? <p className="text-slate-600">Unchanged: {unchanged.map((f) => (lowerLabels ? f.label.toLowerCase() : f.label)).join(", ")}.</p> : null}
    </div>
  );
}
