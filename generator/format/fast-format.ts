// Stage 6, format (fast path). Running prettier over every emitted file was 60 % of a
// generation run (profiled with node --cpu-prof): almost everything it did was indenting
// lines by nesting depth. The emitters already write one member per line, so most of a
// file only needs re-indenting. This module does exactly that for the line shapes it
// knows prettier leaves alone except for indentation, and answers `undefined` for any
// chunk it is not sure about; format-files.ts then hands that chunk to prettier. The
// result is byte-identical to prettier's (test/unit/fast-format.test.ts compares both on
// every module of a real package).

export const PRINT_WIDTH = 110;

/** Splits a source file into top-level chunks separated by blank lines, or undefined when a chunk is not self-contained. */
export function splitChunks(text: string): string[] | undefined {
  const chunks = text
    .replace(/\r\n?/g, "\n")
    .split(/\n[ \t]*\n/)
    .map((c) => c.replace(/^\n+|\s+$/g, ""))
    .filter((c) => c !== "");
  return chunks.every(isSelfContained) ? chunks : undefined;
}

/** Whether brackets balance and no comment or string is left open at the end of the chunk. */
function isSelfContained(chunk: string): boolean {
  let depth = 0;
  let i = 0;
  const n = chunk.length;
  while (i < n) {
    const c = chunk[i]!;
    if (c === "/" && chunk[i + 1] === "*") {
      const end = chunk.indexOf("*/", i + 2);
      if (end < 0) return false;
      i = end + 2;
    } else if (c === "/" && chunk[i + 1] === "/") {
      const end = chunk.indexOf("\n", i);
      i = end < 0 ? n : end;
    } else if (c === '"' || c === "'" || c === "`") {
      const end = stringEnd(chunk, i);
      if (end < 0) return false;
      i = end;
    } else {
      if (c === "{" || c === "[" || c === "(") depth++;
      else if (c === "}" || c === "]" || c === ")") depth--;
      if (depth < 0) return false;
      i++;
    }
  }
  return depth === 0;
}

/** Index just after the string literal starting at `start`, or -1 if it does not close on its line. */
function stringEnd(text: string, start: number): number {
  const quote = text[start];
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i];
    if (c === "\\") i++;
    else if (c === quote) return i + 1;
    else if (c === "\n" && quote !== "`") return -1;
  }
  return -1;
}

// Quoted keys only when prettier keeps the quotes (not an identifier, not a number).
const KEY = String.raw`(?:[A-Za-z_$][\w$]*|"(?![A-Za-z_$][\w$]*"|[\d.]+")[^"\\]*")`;
// Lines that open a block: the block's kind decides which closing lines are allowed.
const OPEN_INTERFACE = /^export interface [A-Za-z_$][\w$]* \{$/;
const OPEN_TYPE = /^export type [A-Za-z_$][\w$]* = \{$/;
const OPEN_CONST = /^export declare const [A-Za-z_$][\w$]*: \{$/;
const OPEN_MEMBER = new RegExp(String.raw`^(?:readonly )?${KEY}\??: \{$`);
const QUOTED_IDENTIFIER_KEY = /^((?:readonly )?)"([A-Za-z_$][\w$]*)"(?=\??: )/;
// Single-line statements and members (their type text is checked separately).
const STATEMENT = /^(?:import type \* as [A-Za-z_$][\w$]* from "[^"\\]*";|export \* from "[^"\\]*";|export \{\};|export type [A-Za-z_$][\w$]* = (.+);)$/;
const MEMBER = new RegExp(String.raw`^(?:readonly )?(?:${KEY}\??|\[key: string\]|[A-Za-z_$][\w$]*\([A-Za-z_$][\w$]*: [A-Za-z_$][\w$.]*\)): (.+);$`);
const READONLY_TUPLE = /^(readonly [A-Za-z_$][\w$]*: readonly )\[(.*)\];$/;
const GENERIC_ALIAS = /^(export type [A-Za-z_$][\w$]* = [A-Za-z_$][\w$.]*)<(.+)>;$/;
// How a block opened by a member or `export type … = {` may close.
const CLOSE_MEMBER = /^\}(?:\[\]| \| null)?;$/;
const CLOSE_TYPE = /^\}(?: \| null)?;$/;

/**
 * The chunk re-indented the way prettier (printWidth 110, typescript parser) prints it, or
 * undefined when the chunk has a shape this function does not know. Only for .d.ts text.
 */
export function formatTypesChunk(chunk: string): string | undefined {
  const out: string[] = [];
  const stack: ("interface" | "type" | "const" | "member")[] = [];
  let inComment = false;
  let previousOpened = false;
  for (const raw of chunk.split("\n")) {
    const indent = "  ".repeat(stack.length);
    if (inComment) {
      const line = raw.trim();
      if (!line.startsWith("*")) return undefined;
      out.push(`${indent} ${line}`);
      if (line.endsWith("*/")) inComment = false;
      continue;
    }
    // prettier (quoteProps "as-needed") drops the quotes of a key that is an identifier.
    const line = raw.trim().replace(QUOTED_IDENTIFIER_KEY, "$1$2");
    if (line.startsWith("/**")) {
      if (line.endsWith("*/") && line.length > 3) {
        if (line.indexOf("*/") !== line.length - 2) return undefined;
        out.push(`${indent}${line}`);
      } else if (line === "/**") {
        out.push(`${indent}${line}`);
        inComment = true;
      } else return undefined;
      previousOpened = false;
      continue;
    }
    if (line.startsWith("//")) {
      out.push(`${indent}${line}`);
      previousOpened = false;
      continue;
    }
    if (line.startsWith("}")) {
      const kind = stack.pop();
      if (!kind || previousOpened) return undefined; // an empty body prints as `{}`
      const ok = kind === "interface" ? line === "}" : kind === "const" ? line === "};" : kind === "type" ? CLOSE_TYPE.test(line) : CLOSE_MEMBER.test(line);
      if (!ok) return undefined;
      out.push(`${"  ".repeat(stack.length)}${line}`);
      previousOpened = false;
      continue;
    }
    let opened: (typeof stack)[number] | undefined;
    if (OPEN_INTERFACE.test(line)) opened = stack.length === 0 ? "interface" : undefined;
    else if (OPEN_TYPE.test(line)) opened = stack.length === 0 ? "type" : undefined;
    else if (OPEN_CONST.test(line)) opened = stack.length === 0 ? "const" : undefined;
    else if (OPEN_MEMBER.test(line)) opened = stack.length > 0 ? "member" : undefined;
    if (opened) {
      if (!plainText(line) || indent.length + line.length > PRINT_WIDTH) return undefined;
      out.push(`${indent}${line}`);
      stack.push(opened);
      previousOpened = true;
      continue;
    }
    previousOpened = false;
    if (!plainText(line)) return undefined;
    const tuple = stack.length > 0 ? READONLY_TUPLE.exec(line) : null;
    if (tuple) {
      const items = tuple[2] === "" ? [] : splitTopLevel(tuple[2]!, ", ");
      if (!items || !items.every((item) => /^"[^"\\]*"$/.test(item))) return undefined;
      if (indent.length + line.length <= PRINT_WIDTH) out.push(`${indent}${line}`);
      else if (indent.length + tuple[1]!.length + 1 <= PRINT_WIDTH && items.every((item) => indent.length + item.length + 3 <= PRINT_WIDTH)) {
        out.push(`${indent}${tuple[1]}[`, ...items.map((item) => `${indent}  ${item},`), `${indent}];`);
      } else return undefined;
      continue;
    }
    if (stack.length === 0 && DECLARED_CONST.test(line)) {
      const printed = formatConstantsLine(line);
      if (!printed) return undefined;
      out.push(...printed);
      continue;
    }
    const statement = stack.length === 0 ? STATEMENT.exec(line) : null;
    const member = stack.length > 0 ? MEMBER.exec(line) : null;
    const type = statement ? statement[1] : member?.[1];
    if ((!statement && !member) || (type !== undefined && !isInlineType(type))) return undefined;
    if (indent.length + line.length <= PRINT_WIDTH) {
      out.push(`${indent}${line}`);
      continue;
    }
    // `export type FooList = meta_v1.List<Foo, "FooList">;` too long: one type argument per line.
    const generic = stack.length === 0 ? GENERIC_ALIAS.exec(line) : null;
    const args = generic ? splitTopLevel(generic[2]!, ", ") : undefined;
    if (!generic || !args || !args.every((a) => SIMPLE_TOKEN.test(a) && a.length + 2 <= PRINT_WIDTH) || generic[1]!.length + 1 > PRINT_WIDTH) return undefined;
    out.push(`${generic[1]}<`, ...args.map((a, i) => `  ${a}${i < args.length - 1 ? "," : ""}`), ">;");
  }
  if (inComment || stack.length > 0) return undefined;
  return out.join("\n");
}

const DECLARED_CONST = /^(export declare const [A-Za-z_$][\w$]*: )(.+);$/;
const GENERIC_REFERENCE = /^([A-Za-z_$][\w$.]*)<(.+)>$/;
const STRING_TUPLE = /^readonly \[(.*)\]$/;

/** The items of `readonly ["a", "b"]`, or undefined when `arg` is not a tuple of plain strings. */
function stringTupleItems(arg: string): string[] | undefined {
  const m = STRING_TUPLE.exec(arg);
  if (!m || !closesAtEnd(arg.slice("readonly ".length), "[", "]")) return undefined;
  const items = m[1] === "" ? [] : splitTopLevel(m[1]!, ", ");
  return items?.every((item) => /^"[^"\\]*"$/.test(item)) ? items : undefined;
}

/** The type arguments of `Name<…>`, each a tuple of strings or a one-line type; undefined otherwise. */
function referenceArguments(part: string): { name: string; args: string[] } | undefined {
  const m = GENERIC_REFERENCE.exec(part);
  if (!m || !closesAtEnd(`<${m[2]}>`, "<", ">")) return undefined;
  const args = splitTopLevel(m[2]!, ", ");
  return args?.every((a) => a !== "" && (stringTupleItems(a) !== undefined || isInlineType(a))) ? { name: m[1]!, args } : undefined;
}

/**
 * A kind's constants, `export declare const Pod: A<…> & B<…> & C<…>;`, as prettier prints it:
 * on one line when it fits; else the first reference on the first line if that line fits
 * (then ` &`), each further reference on its own line; else the first reference's type
 * arguments one per line (a tuple too long for its line: one item per line). Undefined for
 * any other shape or a line that would still be too long.
 */
function formatConstantsLine(line: string): string[] | undefined {
  const m = DECLARED_CONST.exec(line)!;
  const parts = splitTopLevel(m[2]!, " & ");
  const references = parts?.map(referenceArguments);
  if (!parts || !references || references.some((r) => r === undefined)) return undefined;
  if (line.length <= PRINT_WIDTH) return [line];
  const rest = parts.slice(1).map((p, i) => `  ${p}${i < parts.length - 2 ? " &" : ";"}`);
  if (rest.some((l) => l.length > PRINT_WIDTH)) return undefined;
  const first = `${m[1]}${parts[0]} &`;
  if (parts.length > 1 && first.length <= PRINT_WIDTH) return [first, ...rest];
  const { name, args } = references[0]!;
  const out = [`${m[1]}${name}<`];
  for (const [i, arg] of args.entries()) {
    const comma = i < args.length - 1 ? "," : "";
    const items = stringTupleItems(arg);
    if (`  ${arg}${comma}`.length <= PRINT_WIDTH) out.push(`  ${arg}${comma}`);
    else if (items && items.length > 0 && items.every((item) => `    ${item},`.length <= PRINT_WIDTH)) out.push("  readonly [", ...items.map((item) => `    ${item},`), `  ]${comma}`);
    else return undefined;
  }
  out.push(parts.length > 1 ? "> &" : ">;", ...rest);
  return out.length > 0 && out[0]!.length <= PRINT_WIDTH ? out : undefined;
}

/** ASCII only (prettier measures width in columns), no escapes, no exponent numbers, single spaces. */
function plainText(line: string): boolean {
  return /^[\x20-\x7e]*$/.test(line) && !line.includes("\\") && !line.includes("  ") && !/\d[eE][+-]?\d/.test(line);
}

const SIMPLE_TOKEN = /^(?:[A-Za-z_$][\w$.]*(?:\[\])*|"[^"\\]*"(?:\[\])*|-?\d+(?:\.\d+)?)$/;

/**
 * A type written on one line the way prettier prints it: unions and intersections of names,
 * literals, `T[]`, `(…)[]`, `Name<…>` and `{ [key: string]: T }` / `{ a: T; b?: U }`.
 */
export function isInlineType(type: string): boolean {
  const parts = splitTopLevel(type, " | ");
  if (parts === undefined) return false;
  if (parts.length > 1) return parts.every((p) => p !== "" && isInlineType(p));
  const inter = splitTopLevel(type, " & ");
  if (inter === undefined) return false;
  if (inter.length > 1) return inter.every((p) => p !== "" && !p.includes(" | ") && isInlineType(p));
  if (SIMPLE_TOKEN.test(type)) return true;
  let m = /^\((.+)\)((?:\[\])+)$/.exec(type);
  if (m) return closesAtEnd(type) && splitTopLevel(m[1]!, " | ")!.length > 1 && isInlineType(m[1]!);
  m = /^([A-Za-z_$][\w$.]*)<(.+)>((?:\[\])*)$/.exec(type);
  if (m) {
    if (!closesAtEnd(`<${m[2]}>`, "<", ">")) return false;
    const args = splitTopLevel(m[2]!, ", ");
    return args !== undefined && args.every((a) => a !== "" && isInlineType(a));
  }
  m = /^\{ (.+) \}((?:\[\])*)$/.exec(type);
  if (m && closesAtEnd(`{ ${m[1]} }`, "{", "}")) {
    const members = splitTopLevel(m[1]!, "; ");
    return (
      members !== undefined &&
      members.every((member) => {
        const mm = new RegExp(String.raw`^(?:${KEY}\??|\[[a-z]+: string\]): (.+)$`).exec(member);
        return mm !== null && isInlineType(mm[1]!);
      })
    );
  }
  return false;
}

/** Whether the bracket opened at the first character closes at the last one (before any `[]`). */
function closesAtEnd(text: string, open = "(", close = ")"): boolean {
  const body = text.replace(/(?:\[\])+$/, "");
  let depth = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === '"') {
      const end = stringEnd(body, i);
      if (end < 0) return false;
      i = end - 1;
    } else if (c === open) depth++;
    else if (c === close) {
      depth--;
      if (depth === 0 && i !== body.length - 1) return false;
    }
  }
  return depth === 0;
}

/** Splits at `separator` outside brackets and strings; undefined when brackets do not balance. */
function splitTopLevel(text: string, separator: string, angles = true): string[] | undefined {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') {
      const end = stringEnd(text, i);
      if (end < 0) return undefined;
      i = end - 1;
    } else if (c === "(" || c === "[" || c === "{" || (angles && c === "<")) depth++;
    else if (c === ")" || c === "]" || c === "}" || (angles && c === ">")) {
      depth--;
      if (depth < 0) return undefined;
    } else if (depth === 0 && text.startsWith(separator, i)) {
      parts.push(text.slice(start, i));
      start = i + separator.length;
      i += separator.length - 1;
    }
  }
  if (depth !== 0) return undefined;
  parts.push(text.slice(start));
  return parts;
}

const SCRIPT_LINES = new Set([
  '"use strict";',
  'Object.defineProperty(exports, "__esModule", { value: true });',
  "const metadata = (object) => object.metadata;",
  "export {};",
]);
const FROZEN = /^(exports\.[A-Za-z_$][\w$]* = |export const [A-Za-z_$][\w$]* = \/\*#__PURE__\*\/ )Object\.freeze\(\{ (.+) \}\);$/;
const FROZEN_ENTRY = /^([A-Za-z_$][\w$]*): (?:("[^"\\]*"|\(object\) => object\.metadata)|((?:\/\*#__PURE__\*\/ )?)Object\.freeze\(\[((?:"[^"\\]*"(?:,"[^"\\]*")*)?)\]\))$/;

/**
 * The chunk of an emitted .js/.mjs file as prettier (babel parser) prints it, or undefined.
 * Knows the constants statements (`exports.Pod = Object.freeze({ … });`) and the fixed
 * lines of the module templates.
 */
export function formatScriptChunk(chunk: string): string | undefined {
  const out: string[] = [];
  for (const raw of chunk.split("\n")) {
    const line = raw.trim();
    if (!/^[\x20-\x7e]*$/.test(line)) return undefined;
    if (SCRIPT_LINES.has(line) || (line.startsWith("//") && !line.includes("*/"))) {
      out.push(line);
      continue;
    }
    const frozen = FROZEN.exec(line);
    if (!frozen) return undefined;
    const entries = splitTopLevel(frozen[2]!, ", ", false);
    if (!entries) return undefined;
    const printed: { key: string; value?: string; pure?: string; items?: string[] }[] = [];
    for (const entry of entries) {
      if (/^[A-Za-z_$][\w$]*$/.test(entry)) {
        printed.push({ key: entry });
        continue;
      }
      const m = FROZEN_ENTRY.exec(entry);
      if (!m || m[1] === "__proto__") return undefined;
      if (m[2] !== undefined) printed.push({ key: m[1]!, value: m[2] });
      else printed.push({ key: m[1]!, pure: m[3] ?? "", items: m[4] ? (splitTopLevel(m[4], ",") ?? []) : [] });
    }
    const inline = (e: (typeof printed)[number]) =>
      e.value !== undefined ? `${e.key}: ${e.value}` : e.items ? `${e.key}: ${e.pure}Object.freeze([${e.items.join(", ")}])` : e.key;
    const flat = `${frozen[1]}Object.freeze({ ${printed.map(inline).join(", ")} });`;
    if (flat.length <= PRINT_WIDTH) {
      out.push(flat);
      continue;
    }
    out.push(`${frozen[1]}Object.freeze({`);
    for (const e of printed) {
      const one = `  ${inline(e)},`;
      if (one.length <= PRINT_WIDTH) out.push(one);
      else if (e.items && e.items.length > 0 && e.items.every((item) => `    ${item},`.length <= PRINT_WIDTH)) {
        out.push(`  ${e.key}: ${e.pure}Object.freeze([`, ...e.items.map((item) => `    ${item},`), "  ]),");
      } else return undefined;
    }
    out.push("});");
  }
  return out.join("\n");
}
