import { ScrollRegion } from "~/components/ui/page";
import { smallSampleWords, susFigureText, susLetter } from "~/modules/feedback/intervals";
import { susGrade } from "~/modules/feedback/usability";

type RoundScores = { number: number; scores: number[]; meanSus: number | null; susSd: number | null };

/** The p-quantile of sorted values, interpolated between neighbours (type 7, as spreadsheets do). */
function quantile(sorted: number[], p: number): number {
  const at = (sorted.length - 1) * p;
  const below = Math.floor(at);
  const above = Math.min(sorted.length - 1, below + 1);
  return sorted[below] + (sorted[above] - sorted[below]) * (at - below);
}

const fmt = (v: number) => (Math.round(v * 10) / 10).toString();

/**
 * Every user's SUS per round, server-rendered: a strip of dots over a box (quartiles and median),
 * with the 68 line. The picture is decoration for sighted readers (aria-hidden); the table below
 * is the same data for everyone.
 */
export function SusDistribution({ rounds }: { rounds: RoundScores[] }) {
  const W = 640;
  const rowH = 36;
  const left = 72;
  const right = 16;
  const top = 8;
  const bottom = 28;
  const H = top + bottom + rowH * rounds.length;
  const x = (v: number) => left + (v / 100) * (W - left - right);
  return (
    <div>
      <svg viewBox={`0 0 ${W} ${H}`} className="h-auto w-full" aria-hidden="true" focusable="false">
        {[0, 25, 50, 68, 75, 100].map((v) => (
          <g key={v}>
            <line x1={x(v)} x2={x(v)} y1={top} y2={H - bottom} stroke={v === 68 ? "#b45309" : "#e2e8f0"} strokeDasharray={v === 68 ? "4 3" : undefined} strokeWidth={v === 68 ? 1.5 : 1} />
            <text x={x(v)} y={H - bottom + 16} fontSize={11} textAnchor="middle" fill={v === 68 ? "#92400e" : "#64748b"}>
              {v}
            </text>
          </g>
        ))}
        {rounds.map((r, i) => {
          const mid = top + rowH * i + rowH / 2;
          const sorted = [...r.scores].sort((a, b) => a - b);
          return (
            <g key={r.number}>
              <text x={8} y={mid + 4} fontSize={12} fill="#334155">
                Round {r.number}
              </text>
              {sorted.length >= 2 ? (
                <>
                  <line x1={x(sorted[0])} x2={x(sorted.at(-1)!)} y1={mid} y2={mid} stroke="#94a3b8" />
                  <rect x={x(quantile(sorted, 0.25))} y={mid - 10} width={Math.max(1, x(quantile(sorted, 0.75)) - x(quantile(sorted, 0.25)))} height={20} fill="#e0e7ff" stroke="#3b3fb6" />
                  <line x1={x(quantile(sorted, 0.5))} x2={x(quantile(sorted, 0.5))} y1={mid - 10} y2={mid + 10} stroke="#1e1b4b" strokeWidth={2} />
                </>
              ) : null}
              {sorted.map((s, j) => (
                // A small fixed vertical spread so equal scores stay countable.
                <circle key={j} cx={x(s)} cy={mid + ((j % 3) - 1) * 5} r={3.5} fill="#3b3fb6" fillOpacity={0.75} />
              ))}
            </g>
          );
        })}
      </svg>
      <ScrollRegion label="SUS per round as a table" framed={false} className="mt-2">
        <table className="min-w-full text-left text-sm">
          <caption className="sr-only">SUS per round: every user's score, with the mean and its 90% interval</caption>
          <thead className="text-slate-600">
            <tr>
              <th scope="col" className="py-1 pr-3 font-medium">Round</th>
              <th scope="col" className="py-1 pr-3 font-medium">Mean SUS</th>
              <th scope="col" className="py-1 pr-3 font-medium">Grade</th>
              <th scope="col" className="py-1 pr-3 font-medium">Median (quartiles)</th>
              <th scope="col" className="py-1 pr-3 font-medium">Scores</th>
            </tr>
          </thead>
          <tbody>
            {rounds.map((r) => {
              const sorted = [...r.scores].sort((a, b) => a - b);
              const small = smallSampleWords(sorted.length);
              return (
                <tr key={r.number} className="border-t border-slate-100 align-top">
                  <th scope="row" className="py-1.5 pr-3 font-normal">{r.number}</th>
                  <td className="py-1.5 pr-3">
                    {sorted.length === 0 ? "no answers yet" : susFigureText({ n: sorted.length, mean: r.meanSus, sd: r.susSd })}
                    {small ? <span className="block text-xs font-medium text-amber-800">{small}</span> : null}
                  </td>
                  <td className="py-1.5 pr-3">{r.meanSus === null ? "—" : <>{susLetter(r.meanSus)}<span className="block text-xs text-slate-500">{susGrade(r.meanSus).label}</span></>}</td>
                  <td className="py-1.5 pr-3">{sorted.length === 0 ? "—" : `${fmt(quantile(sorted, 0.5))} (${fmt(quantile(sorted, 0.25))}–${fmt(quantile(sorted, 0.75))})`}</td>
                  <td className="py-1.5 pr-3">{sorted.length === 0 ? "—" : sorted.map(fmt).join(", ")}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </ScrollRegion>
    </div>
  );
}
