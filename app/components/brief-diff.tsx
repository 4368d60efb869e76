import { FieldsDiff } from "./case-diff";

type BriefText = { answers: { requirementId: string; title: string; answer: string }[]; notes: string };

/**
 * What changed between two versions of a technical brief: each requirement's answer (a requirement
 * added or removed since shows as all added or all removed), then the notes.
 */
export function BriefDiff({ from, to, fromLabel, toLabel }: { from: BriefText; to: BriefText; fromLabel: string; toLabel: string }) {
  const fields = [...to.answers, ...from.answers.filter((a) => !to.answers.some((b) => b.requirementId === a.requirementId))].map((a) => ({ key: a.requirementId, label: a.title }));
  const text = (brief: BriefText) => ({ ...Object.fromEntries(brief.answers.map((a) => [a.requirementId, a.answer])), notes: brief.notes });
  return <FieldsDiff from={text(from)} to={text(to)} fields={[...fields, { key: "notes", label: "Notes" }]} fromLabel={fromLabel} toLabel={toLabel} lowerLabels={false} />;
}
