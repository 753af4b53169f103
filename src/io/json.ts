/**
 * A strict JSON parser for untrusted headers: rejects duplicate keys (JSON.parse keeps the last
 * one silently), caps nesting depth, and builds objects without prototypes so keys such as
 * `__proto__` are plain data.
 */

/** A JSON value as parsed here: objects have a null prototype. */
export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Why parsing failed; `duplicate` is set when a key repeats. */
export class JsonParseError extends Error {
  constructor(
    message: string,
    readonly duplicate?: string,
  ) {
    super(message);
  }
}

const MAX_DEPTH = 64;

/**
 * Parses `text` strictly (RFC 8259), rejecting duplicate object keys.
 * @example parseStrictJson('{"a":1}') // { a: 1 }
 */
export function parseStrictJson(text: string): Json {
  let i = 0;
  const fail = (what: string): never => {
    throw new JsonParseError(`${what} at position ${i}`);
  };
  const ws = () => {
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) i++;
      else break;
    }
  };
  const str = (): string => {
    // Find the closing quote; validate escapes and control characters, then let JSON.parse decode.
    const start = i;
    i++;
    for (;;) {
      if (i >= text.length) fail("unterminated string");
      const c = text.charCodeAt(i);
      if (c === 0x22) break;
      if (c < 0x20) fail("control character in string");
      if (c === 0x5c) {
        const e = text[i + 1];
        if (e === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail("bad \\u escape");
          i += 6;
          continue;
        }
        if (e === undefined || !'"\\/bfnrt'.includes(e)) fail("bad escape");
        i += 2;
        continue;
      }
      i++;
    }
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const num = (): number => {
    const m = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(text.slice(i, i + 400));
    if (m === null || m[0].length === 0) fail("bad number");
    i += m![0].length;
    return Number(m![0]);
  };
  const value = (depth: number): Json => {
    if (depth > MAX_DEPTH) fail(`nesting deeper than ${MAX_DEPTH}`);
    ws();
    const c = text[i];
    if (c === "{") {
      i++;
      const obj = Object.create(null) as { [k: string]: Json };
      const seen = new Set<string>();
      ws();
      if (text[i] === "}") {
        i++;
        return obj;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail("expected a string key");
        const k = str();
        if (seen.has(k)) throw new JsonParseError(`duplicate key ${JSON.stringify(k)}`, k);
        seen.add(k);
        ws();
        if (text[i] !== ":") fail("expected ':'");
        i++;
        obj[k] = value(depth + 1);
        ws();
        if (text[i] === ",") {
          i++;
          continue;
        }
        if (text[i] === "}") {
          i++;
          return obj;
        }
        fail("expected ',' or '}'");
      }
    }
    if (c === "[") {
      i++;
      const arr: Json[] = [];
      ws();
      if (text[i] === "]") {
        i++;
        return arr;
      }
      for (;;) {
        arr.push(value(depth + 1));
        ws();
        if (text[i] === ",") {
          i++;
          continue;
        }
        if (text[i] === "]") {
          i++;
          return arr;
        }
        fail("expected ',' or ']'");
      }
    }
    if (c === '"') return str();
    if (text.startsWith("true", i)) return ((i += 4), true);
    if (text.startsWith("false", i)) return ((i += 5), false);
    if (text.startsWith("null", i)) return ((i += 4), null);
    return num();
  };
  const v = value(0);
  ws();
  if (i !== text.length) fail("trailing characters");
  return v;
}
