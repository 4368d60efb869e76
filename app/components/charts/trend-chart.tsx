import { ScrollRegion } from "~/components/ui/page";
import { completionFigureText, susFigureText } from "~/modules/feedback/intervals";

type Point = { number: number; meanSus: number | null; susSd: number | null; completionRate: number | null; completed: number; attempts: number; approvals: number; declines: number; responses: number };

/** Server-rendered trend over rounds: mean SUS and unaided completion (0–100), with a table twin. */
export function TrendChart({ rounds }: { rounds: Point[] }) {
  const W = 640;
  const H = 240;
  const left = 56;
  const right = 56;
  const top = 16;
  const bottom = 40;
  const x = (i: number) => (rounds.length === 1 ? (left + W - right) / 2 : left + (i * (W - left - right)) / (rounds.length - 1));
  const y = (v: number) => top + (1 - v / 100) * (H - top - bottom);
  const line = (values: (number | null)[]) =>
    values
      .map((v, i) => (v === null ? null : `${x(i)},${y(v)}`))
      .filter(Boolean)
      .join(" ");
  const sus = rounds.map((r) => r.meanSus);
  const completion = rounds.map((r) => (r.completionRate === null ? null : r.completionRate * 100));
  const fmt = (v: number | null) => (v === null ? "—" : (Math.round(v * 10) / 10).toString());
  return (
    <div>
      <svg viewBox={`0 0 ${W} ${H}`} className="h-auto w-full" role="img" aria-labelledby="trend-title">
        <title id="trend-title">
          {`Trend over rounds: ${rounds.map((r) => `round ${r.number}: SUS ${fmt(r.meanSus)}, completion ${fmt(r.completionRate === null ? null : r.completionRate * 100)}%, ${r.approvals} approvals`).join("; ")}`}
        </title>
        {[0, 25, 50, 68, 78, 100].map((v) => (
          <g key={v}>
            <line x1={left} x2={W - right} y1={y(v)} y2={y(v)} stroke={v === 68 || v === 78 ? "#cbd5e1" : "#e2e8f0"} strokeDasharray={v === 68 || v === 78 ? "4 4" : undefined} />
            <text x={left - 6} y={y(v) + 4} fontSize={11} textAnchor="end" fill="#64748b">
              {v}
            </text>
          </g>
        ))}
        <polyline points={line(sus)} fill="none" stroke="#3b3fb6" strokeWidth={2.5} />
        <polyline points={line(completion)} fill="none" stroke="#15803d" strokeWidth={2.5} strokeDasharray="6 3" />
        {rounds.map((r, i) => (
          <g key={r.number}>
            {r.meanSus !== null ? <circle cx={x(i)} cy={y(r.meanSus)} r={4} fill="#3b3fb6" /> : null}
            {completion[i] !== null ? <circle cx={x(i)} cy={y(completion[i]!)} r={4} fill="#15803d" /> : null}
            <text x={x(i)} y={H - 22} fontSize={12} textAnchor="middle" fill="#334155">
              Round {r.number}
            </text>
            <text x={x(i)} y={H - 6} fontSize={11} textAnchor="middle" fill="#64748b">
              {r.approvals} approved
            </text>
          </g>
        ))}
      </svg>
      <p className="mt-1 flex flex-wrap gap-4 text-sm text-slate-600">
        <span><span aria-hidden className="mr-1 inline-block h-0.5 w-5 bg-brand-600 align-middle" />Mean SUS (68 = average)</span>
        <span><span aria-hidden className="mr-1 inline-block h-0.5 w-5 border-t-2 border-dashed border-green-700 align-middle" />Unaided task completion % (78% = average)</span>
      </p>
      <details className="mt-2 text-sm">
        <summary className="cursor-pointer text-slate-700">Show as a table</summary>
        <ScrollRegion label="Trend over rounds as a table" framed={false} className="mt-2">
          <table className="min-w-full text-left">
            <thead className="text-slate-600">
              <tr>
                <th scope="col" className="py-1 pr-4 font-medium">Round</th>
                <th scope="col" className="py-1 pr-4 font-medium">Responses</th>
                <th scope="col" className="py-1 pr-4 font-medium">Mean SUS</th>
                <th scope="col" className="py-1 pr-4 font-medium">Unaided completion</th>
                <th scope="col" className="py-1 pr-4 font-medium">Approvals</th>
                <th scope="col" className="py-1 pr-4 font-medium">Declines</th>
              </tr>
            </thead>
            <tbody>
              {rounds.map((r) => (
                <tr key={r.number} className="border-t border-slate-100">
                  <th scope="row" className="py-1 pr-4 font-normal">{r.number}</th>
                  <td className="py-1 pr-4">{r.responses}</td>
                  <td className="py-1 pr-4">{susFigureText({ n: r.responses, mean: r.meanSus, sd: r.susSd })}</td>
                  <td className="py-1 pr-4">{completionFigureText(r.completed, r.attempts)}</td>
                  <td className="py-1 pr-4">{r.approvals}</td>
                  <td className="py-1 pr-4">{r.declines}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      </details>
    </div>
  );
}
