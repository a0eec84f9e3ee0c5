// scripts/extended-diagnostics.ts: the statistics of `tsc --extendedDiagnostics`, from text
// captured from TypeScript 5.9 and 7 (an empty program with the benchmark's options).
import { describe, expect, it } from "vitest";
import { parseExtendedDiagnostics } from "../../scripts/extended-diagnostics.js";

const TS59 = `Files:                         58
Lines of Library:           10710
Lines of Definitions:           0
Lines of TypeScript:            2
Identifiers:                 8679
Symbols:                     7896
Types:                       3299
Instantiations:              1178
Memory used:               34010K
Assignability cache size:     209
I/O Read time:              0.03s
Parse time:                 0.20s
ResolveLibrary time:        0.06s
Program time:               0.33s
Bind time:                  0.24s
Check time:                 0.68s
printTime time:             0.00s
Emit time:                  0.00s
Total time:                 1.25s
`;

const TS7 = `Files:              58
Lines:           10616
Identifiers:      8680
Symbols:         10238
Types:            6278
Instantiations:   1998
Memory used:    11167K
Memory allocs:   69139
Config time:    0.001s
Parse time:     0.117s
Bind time:      0.057s
Check time:     0.295s
Emit time:      0.000s
Total time:     0.504s
`;

describe("parseExtendedDiagnostics", () => {
  it("reads TypeScript 5.9's statistics: counts exact, times in seconds, memory in KB", () => {
    const stats = parseExtendedDiagnostics(TS59);
    expect(stats).toMatchObject({ Files: 58, Symbols: 7896, Types: 3299, Instantiations: 1178, "Memory used": 34010, "Check time": 0.68, "Total time": 1.25, "I/O Read time": 0.03, "printTime time": 0 });
    expect(Object.keys(stats)).toHaveLength(19);
  });

  it("reads TypeScript 7's statistics", () => {
    expect(parseExtendedDiagnostics(TS7)).toEqual({
      Files: 58,
      Lines: 10616,
      Identifiers: 8680,
      Symbols: 10238,
      Types: 6278,
      Instantiations: 1998,
      "Memory used": 11167,
      "Memory allocs": 69139,
      "Config time": 0.001,
      "Parse time": 0.117,
      "Bind time": 0.057,
      "Check time": 0.295,
      "Emit time": 0,
      "Total time": 0.504,
    });
  });

  it("ignores compile errors and blank lines printed before the statistics, and CRLF", () => {
    const text = `bad.ts(1,14): error TS2322: Type 'string' is not assignable to type 'number'.\n\nerror TS6053: File 'x.ts' not found: 3\r\nSymbols: 12\r\nCheck time: 2.5s\r\nMemory used: 2M\r\n`;
    expect(parseExtendedDiagnostics(text)).toEqual({ Symbols: 12, "Check time": 2.5, "Memory used": 2000 });
  });

  it("gives nothing for text without statistics", () => {
    expect(parseExtendedDiagnostics("Version 5.9.3\n")).toEqual({});
  });
});
