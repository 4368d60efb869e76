import { completionFigureText, smallSampleWords, susFigureText, susLetter } from "~/modules/feedback/intervals";

/**
 * A mean SUS with its 90% interval and n, its curved-scale letter, and the small-sample words
 * (PRODUCT.md, "Small samples carry their uncertainty"). One component for every page that shows one.
 */
export function SusFigure({ n, mean, sd, letter = false }: { n: number; mean: number | null; sd: number | null | undefined; letter?: boolean }) {
  if (mean === null || n === 0) return <span>—</span>;
  const small = smallSampleWords(n);
  return (
    <span className="inline">
      <span className="whitespace-normal">{susFigureText({ n, mean, sd: sd ?? null })}</span>
      {letter ? <span className="block text-xs text-slate-600">Grade {susLetter(mean)} on the curved scale</span> : null}
      {small ? <span className="block text-xs font-medium text-amber-800">{small}</span> : null}
    </span>
  );
}

/** A completion rate with its counts and adjusted-Wald 90% interval. */
export function CompletionFigure({ completed, attempts }: { completed: number; attempts: number }) {
  return <span className="whitespace-normal">{completionFigureText(completed, attempts)}</span>;
}

/** A customer's SUS and completion with their intervals, small, under a usable verdict. */
export function UsableFigures({ figures }: { figures: { responses: number; meanSus: number | null; susSd: number | null; completed: number; attempts: number } | undefined }) {
  if (!figures || figures.responses === 0) return null;
  return (
    <span className="mt-1 block text-xs text-slate-700">
      <span className="block">SUS <SusFigure n={figures.responses} mean={figures.meanSus} sd={figures.susSd} /></span>
      <span className="block">completion <CompletionFigure completed={figures.completed} attempts={figures.attempts} /></span>
    </span>
  );
}
