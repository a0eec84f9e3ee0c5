// Where a JSON text breaks: the character offset of the first syntax error and the JSON
// pointer of the value being read there. JSON.parse only sometimes says where ("…at
// position N"), never inside which value, so when it fails this scanner walks the text
// again. It runs only on failure and keeps its own stack (no recursion), so a hostile
// document nested a million levels deep cannot overflow the call stack.
import { jsonPointer } from "../errors.js";

export interface JsonErrorLocation {
  /** 0-based character offset of the offending character (text.length when the text ends early). */
  offset: number;
  /** RFC 6901 pointer of the value that was being read ("" for the document itself). */
  pointer: string;
  /** What the scanner expected there. */
  expected: string;
}

type Frame = { kind: "object" | "array"; key: string | number | undefined };

const WS = new Set([0x20, 0x09, 0x0a, 0x0d]);

/** Scans `text`; returns where it first stops being JSON, or undefined when it is valid JSON. */
export function locateJsonError(text: string): JsonErrorLocation | undefined {
  let i = 0;
  const stack: Frame[] = [];
  const pointer = (): string =>
    stack
      .filter((f) => f.key !== undefined)
      .map((f) => jsonPointer(f.key!))
      .join("");
  const fail = (expected: string, at = i): JsonErrorLocation => ({ offset: at, pointer: pointer(), expected });
  const skipWs = (): void => {
    while (i < text.length && WS.has(text.charCodeAt(i))) i++;
  };
  /** Reads a string starting at the quote; returns its value or an error. */
  const readString = (): string | JsonErrorLocation => {
    const start = i;
    i++;
    let value = "";
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return value;
      }
      if (c < 0x20) return fail("a closing quote (control characters must be escaped)");
      if (c === 0x5c) {
        const e = text[i + 1];
        if (e === undefined) break;
        if (e === "u") {
          const hex = text.slice(i + 2, i + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) return fail("four hex digits after \\u", i + 2);
          value += String.fromCharCode(parseInt(hex, 16));
          i += 6;
          continue;
        }
        const simple: Record<string, string> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };
        if (!Object.hasOwn(simple, e)) return fail("a valid escape sequence", i + 1);
        value += simple[e];
        i += 2;
        continue;
      }
      value += text[i];
      i++;
    }
    void start;
    return fail("a closing quote (the text ends inside a string)", text.length);
  };
  const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
  /** Reads a scalar or opens a container; returns an error, or "open" when a container was pushed. */
  const readValue = (key: string | number | undefined): JsonErrorLocation | "open" | "done" => {
    skipWs();
    if (i >= text.length) return fail("a value", text.length);
    const c = text[i];
    if (c === "{" || c === "[") {
      stack.push({ kind: c === "{" ? "object" : "array", key });
      i++;
      return "open";
    }
    // Scalars are located inside their parent, under their own key.
    stack.push({ kind: "array", key });
    try {
      if (c === '"') {
        const s = readString();
        return typeof s === "string" ? "done" : s;
      }
      for (const word of ["true", "false", "null"]) {
        if (text.startsWith(word, i)) {
          i += word.length;
          return "done";
        }
      }
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(text);
      if (m && m[0].length > 0 && m[0] !== "-") {
        i += m[0].length;
        return "done";
      }
      return fail("a value (string, number, object, array, true, false or null)");
    } finally {
      stack.pop();
    }
  };

  const first = readValue(undefined);
  if (first !== "open" && first !== "done") return first;
  if (first === "open") {
    // Inside containers: after "{" / "[" or after a member.
    let justOpened = true;
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!;
      skipWs();
      if (i >= text.length) return fail(frame.kind === "object" ? "a property or '}'" : "a value or ']'", text.length);
      const closer = frame.kind === "object" ? "}" : "]";
      if (text[i] === closer && justOpened) {
        i++;
        stack.pop();
        justOpened = false;
        continue;
      }
      if (!justOpened) {
        if (text[i] === closer) {
          i++;
          stack.pop();
          continue;
        }
        if (text[i] !== ",") return fail(`',' or '${closer}'`);
        i++;
        skipWs();
      }
      let key: string | number;
      if (frame.kind === "object") {
        if (text[i] !== '"') return fail(i >= text.length ? "a property name" : "a double-quoted property name", Math.min(i, text.length));
        const name = readString();
        if (typeof name !== "string") return name;
        skipWs();
        if (text[i] !== ":") return fail("':' after the property name");
        i++;
        key = name;
      } else {
        key = countItems(frame);
      }
      const result = readValue(key);
      if (result === "open") {
        justOpened = true;
        continue;
      }
      if (result !== "done") return result;
      justOpened = false;
    }
  }
  skipWs();
  if (i < text.length) return { offset: i, pointer: "", expected: "the end of the text (there is more after the document)" };
  return undefined;
}

// Array indexes: counted per frame as items are read.
const counts = new WeakMap<Frame, number>();
function countItems(frame: Frame): number {
  const n = counts.get(frame) ?? 0;
  counts.set(frame, n + 1);
  return n;
}
