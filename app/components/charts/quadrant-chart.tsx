import type { Quadrant, ValuableState } from "~/modules/gates/evaluate";
import type { UsableVerdict } from "~/modules/feedback/usability";

type Placed = { customerId: string; name: string; quadrant: Quadrant; usable: Pick<UsableVerdict, "state">; valuable: { state: ValuableState } };

/**
 * A test that does not pass for want of evidence is not a fail (PRODUCT.md): the customer sits in
 * its quadrant by what passes, with what it is still waiting for.
 */
function waitingFor(c: Placed) {
  const users = c.usable.state === "not_enough_data";
  const buyer = c.valuable.state === "pending" || c.valuable.state === "not_sent";
  return users && buyer ? "awaiting users and buyer" : users ? "awaiting users" : buyer ? "awaiting buyer" : null;
}

const cells: { quadrant: Quadrant; x: number; y: number; title: string; note: string; fill: string }[] = [
  { quadrant: "vegetables", x: 0, y: 0, title: "Vegetables", note: "valuable only: bought, users struggle", fill: "#fef3c7" },
  { quadrant: "ready", x: 1, y: 0, title: "Ready", note: "both tests pass", fill: "#dcfce7" },
  { quadrant: "neither", x: 0, y: 1, title: "Neither", note: "neither test passes yet", fill: "#f1f5f9" },
  { quadrant: "candy", x: 1, y: 1, title: "Candy", note: "usable only: buyer not convinced", fill: "#fce7f3" },
];

/** Server-rendered 2×2 of the round's customers: usable (left→right) by valuable (bottom→top). */
export function QuadrantChart({ customers, caption }: { customers: Placed[]; caption: string }) {
  const W = 640;
  const H = 360;
  const cw = (W - 40) / 2;
  const ch = (H - 40) / 2;
  const byQuadrant = (q: Quadrant) => customers.filter((c) => c.quadrant === q);
  const label = (c: Placed) => (waitingFor(c) ? `${c.name} (${waitingFor(c)})` : c.name);
  const summary = cells.map((c) => `${c.title}: ${byQuadrant(c.quadrant).map(label).join(", ") || "none"}`).join(". ");
  return (
    <figure>
      {/* On a phone the drawing's text would be a few pixels high: the same quadrants as a list. */}
      <dl className="space-y-3 text-sm sm:hidden">
        {cells.map((cell) => (
          <div key={cell.quadrant} className="rounded-md p-3" style={{ backgroundColor: cell.fill }}>
            <dt>
              <span className="font-semibold text-slate-900">{cell.title} ({byQuadrant(cell.quadrant).length})</span> <span className="text-slate-600">· {cell.note}</span>
            </dt>
            {byQuadrant(cell.quadrant).map((c) => (
              <dd key={c.customerId} className="text-slate-800">
                {c.name}
                {waitingFor(c) ? <span className="text-slate-600"> · {waitingFor(c)}</span> : null}
              </dd>
            ))}
          </div>
        ))}
      </dl>
      <svg viewBox={`0 0 ${W} ${H}`} className="hidden h-auto w-full sm:block" role="img" aria-label={`${caption}. ${summary}.`}>
        {cells.map((cell) => {
          const x0 = 40 + cell.x * cw;
          const y0 = cell.y * ch;
          const names = byQuadrant(cell.quadrant);
          return (
            <g key={cell.quadrant}>
              <rect x={x0 + 2} y={y0 + 2} width={cw - 4} height={ch - 4} rx={8} fill={cell.fill} />
              <text x={x0 + 14} y={y0 + 26} fontSize={16} fontWeight={600} fill="#0f172a">
                {cell.title} ({names.length})
              </text>
              <text x={x0 + 14} y={y0 + 44} fontSize={12} fill="#475569">
                {cell.note}
              </text>
              {names.slice(0, 6).map((c, i) => {
                const waiting = waitingFor(c);
                const room = waiting ? 36 - waiting.length : 34;
                return (
                  <text key={c.customerId} x={x0 + 14} y={y0 + 68 + i * 17} fontSize={13} fill="#1e293b">
                    {c.name.length > room ? `${c.name.slice(0, room - 1)}…` : c.name}
                    {waiting ? <tspan fill="#64748b" fontSize={11}> · {waiting}</tspan> : null}
                  </text>
                );
              })}
              {names.length > 6 ? (
                <text x={x0 + 14} y={y0 + 68 + 6 * 17} fontSize={12} fill="#475569">
                  and {names.length - 6} more
                </text>
              ) : null}
            </g>
          );
        })}
        <text x={40 + cw} y={H - 10} fontSize={12} textAnchor="middle" fill="#475569">
          usable test →
        </text>
        <text x={14} y={ch} fontSize={12} textAnchor="middle" fill="#475569" transform={`rotate(-90 14 ${ch})`}>
          valuable test →
        </text>
      </svg>
      <figcaption className="mt-1 text-sm text-slate-600">{caption}</figcaption>
    </figure>
  );
}
