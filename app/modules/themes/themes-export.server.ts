import { csvLine } from "~/utils/csv";
import { programThemes } from "./themes.server";

const HEADER = ["theme", "kind", "status", "reach", "customers", "customer names", "channels", "rounds", "quote round", "quote customer", "quote channel", "quote person", "quote about", "quote"];

/**
 * The themes as CSV: one row per quote, each row repeating its theme's columns (a theme with no
 * quote yet has one row with the quote columns empty). Cells are formula-safe (csvLine).
 */
export async function themesCsv(workspaceId: string, programId: string) {
  const { themes } = await programThemes(workspaceId, programId);
  let csv = csvLine(HEADER);
  for (const theme of themes) {
    const status = theme.status === "addressed" ? `addressed in round ${theme.addressedRoundNumber}` : theme.status === "wont_do" ? `won't do: ${theme.wontDoReason}` : "open";
    const channels = (["users", "buyers", "gatekeepers"] as const).filter((c) => theme.channels[c].length > 0).map((c) => `${c} ${theme.channels[c].length}`).join("; ");
    const themeCells = [theme.title, theme.kind, status, theme.reach, theme.customers, theme.customerNames.join("; "), channels, theme.rounds.join("; ")];
    if (theme.quotes.length === 0) csv += csvLine([...themeCells, "", "", "", "", "", ""]);
    for (const q of theme.quotes) csv += csvLine([...themeCells, q.roundNumber ?? "", q.customerName, q.channel, q.person, q.label, q.body]);
  }
  return csv;
}
