// Parsing what `tsc --extendedDiagnostics` prints (TypeScript 5.9 and 7): one "Name: value"
// line per statistic. Pure, so it is unit-tested on captured text (test/unit/extended-diagnostics.test.ts).

/**
 * The statistics of one `tsc --extendedDiagnostics` run, by the name tsc prints ("Symbols",
 * "Check time", "Memory used", …). Units are normalised: times ("1.77s") in seconds, sizes
 * ("34067K") in the kilobytes tsc prints (1 K = 1,000 bytes; "M" and "G" scaled alike), counts as they are. Any other line (a compile error, a blank) is
 * ignored; so is a statistic whose value is not a number.
 */
export function parseExtendedDiagnostics(text: string): Record<string, number> {
  const stats: Record<string, number> = {};
  for (const line of text.split(/\r?\n/)) {
    const m = /^([A-Za-z][A-Za-z0-9 /]*?):\s+(\d+(?:\.\d+)?)(s|ms|K|M|G)?\s*$/.exec(line);
    if (!m) continue;
    const [, name, number, unit] = m as unknown as [string, string, string, string | undefined];
    const value = Number(number);
    const factor = unit === "ms" ? 1 / 1000 : unit === "M" ? 1000 : unit === "G" ? 1000 * 1000 : 1;
    stats[name] = value * factor;
  }
  return stats;
}
