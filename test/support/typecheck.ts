// Type-checks many generated TypeScript files in one compiler run (the compiler's start
// is the expensive part), against generated packages linked into a temporary project.
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import ts from "typescript";

export interface Diagnostic {
  file: string;
  /** 0-based line. */
  line: number;
  message: string;
}

export const STRICT_OPTIONS: ts.CompilerOptions = {
  strict: true,
  exactOptionalPropertyTypes: true,
  noEmit: true,
  skipLibCheck: false,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  types: [],
};

/** A temp project whose node_modules holds `packages` (npm name → folder), as symlinks. */
export function makeProject(packages: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "k8s-openapi-ts-check-"));
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
  for (const [name, folder] of Object.entries(packages)) {
    const link = join(dir, "node_modules", name);
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(folder, link, "dir");
  }
  return dir;
}

/** Writes `files` (relative name → text) into `project` and type-checks them together. */
export function typecheck(project: string, files: Record<string, string>, options: ts.CompilerOptions = STRICT_OPTIONS): Diagnostic[] {
  const roots: string[] = [];
  for (const [name, text] of Object.entries(files)) {
    const path = join(project, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    roots.push(path);
  }
  const program = ts.createProgram(roots, options);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const position = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : { line: -1 };
    return {
      file: d.file?.fileName ?? "",
      line: position.line,
      message: ts.flattenDiagnosticMessageText(d.messageText, "\n"),
    };
  });
}
