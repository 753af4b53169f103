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

// Sticky scanners: they match at `lastIndex` without slicing the text (linear, native speed).
const NUM = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const CTRL = /[\x00-\x1f]/;
const HEX4 = /[0-9a-fA-F]{4}/y;

/** Limits of `parseStrictJson`. */
export interface StrictJsonOptions {
  /** Longest array accepted (default: unlimited); longer ones fail as soon as they pass it. */
  maxArrayLength?: number;
}

/**
 * Parses `text` strictly (RFC 8259), rejecting duplicate object keys. Linear in the text: strings
 * without escapes are sliced, not decoded character by character.
 * @example parseStrictJson('{"a":1}') // { a: 1 }
 */
export function parseStrictJson(text: string, opts: StrictJsonOptions = {}): Json {
  const maxArray = opts.maxArrayLength ?? Infinity;
  const len = text.length;
  let i = 0;
  let slash = 0;
  const fail = (what: string): never => {
    throw new JsonParseError(`${what} at position ${i}`);
  };
  const ws = () => {
    let c = text.charCodeAt(i);
    while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = text.charCodeAt(++i);
  };
  const str = (): string => {
    // i is at the opening quote
    const start = i + 1;
    const close = text.indexOf('"', start);
    if (close < 0) return fail("unterminated string");
    // the next backslash, cached: positions only grow, so every search is done once (linear)
    if (slash !== -1 && slash < start) slash = text.indexOf("\\", start);
    if (slash < 0 || slash > close) {
      const s = text.slice(start, close);
      if (CTRL.test(s)) fail("control character in string");
      i = close + 1;
      return s;
    }
    // escapes: validate them, then let JSON.parse decode the literal
    i = start;
    for (;;) {
      if (i >= len) fail("unterminated string");
      const c = text.charCodeAt(i);
      if (c === 0x22) break;
      if (c < 0x20) fail("control character in string");
      if (c === 0x5c) {
        const e = text.charCodeAt(i + 1);
        if (e === 0x75) {
          HEX4.lastIndex = i + 2;
          if (!HEX4.test(text)) fail("bad \\u escape");
          i += 6;
          continue;
        }
        // " \ / b f n r t
        if (!(
          e === 0x22 ||
          e === 0x5c ||
          e === 0x2f ||
          e === 0x62 ||
          e === 0x66 ||
          e === 0x6e ||
          e === 0x72 ||
          e === 0x74
        ))
          fail("bad escape");
        i += 2;
        continue;
      }
      i++;
    }
    i++;
    return JSON.parse(text.slice(start - 1, i)) as string;
  };
  const num = (): number => {
    // plain integers (shapes, offsets) without the regex: digits up to a delimiter
    let j = i;
    if (text.charCodeAt(j) === 0x2d) j++;
    const d0 = text.charCodeAt(j);
    if (d0 >= 0x31 && d0 <= 0x39) {
      let c = text.charCodeAt(++j);
      while (c >= 0x30 && c <= 0x39) c = text.charCodeAt(++j);
      if (c !== 0x2e && c !== 0x65 && c !== 0x45) {
        const v = Number(text.slice(i, j));
        i = j;
        return v;
      }
    }
    NUM.lastIndex = i;
    if (!NUM.test(text) || NUM.lastIndex === i) fail("bad number");
    const end = NUM.lastIndex;
    const v = Number(text.slice(i, end));
    i = end;
    return v;
  };
  const value = (depth: number): Json => {
    if (depth > MAX_DEPTH) fail(`nesting deeper than ${MAX_DEPTH}`);
    ws();
    const c = text.charCodeAt(i);
    if (c === 0x7b) {
      // {
      i++;
      // null prototype: `k in obj` sees only keys already parsed (JSON values are never undefined)
      const obj = Object.create(null) as { [k: string]: Json };
      ws();
      if (text.charCodeAt(i) === 0x7d) {
        i++;
        return obj;
      }
      for (;;) {
        ws();
        if (text.charCodeAt(i) !== 0x22) fail("expected a string key");
        const k = str();
        if (k in obj) throw new JsonParseError(`duplicate key ${JSON.stringify(k)}`, k);
        ws();
        if (text.charCodeAt(i) !== 0x3a) fail("expected ':'");
        i++;
        obj[k] = value(depth + 1);
        ws();
        const d = text.charCodeAt(i);
        if (d === 0x2c) {
          i++;
          continue;
        }
        if (d === 0x7d) {
          i++;
          return obj;
        }
        fail("expected ',' or '}'");
      }
    }
    if (c === 0x5b) {
      // [
      i++;
      const arr: Json[] = [];
      ws();
      if (text.charCodeAt(i) === 0x5d) {
        i++;
        return arr;
      }
      for (;;) {
        if (arr.length >= maxArray) fail(`array longer than ${maxArray} elements`);
        arr.push(value(depth + 1));
        ws();
        const d = text.charCodeAt(i);
        if (d === 0x2c) {
          i++;
          continue;
        }
        if (d === 0x5d) {
          i++;
          return arr;
        }
        fail("expected ',' or ']'");
      }
    }
    if (c === 0x22) return str();
    if (c === 0x74 && text.startsWith("true", i)) return ((i += 4), true);
    if (c === 0x66 && text.startsWith("false", i)) return ((i += 5), false);
    if (c === 0x6e && text.startsWith("null", i)) return ((i += 4), null);
    return num();
  };
  const v = value(0);
  ws();
  if (i !== len) fail("trailing characters");
  return v;
}
