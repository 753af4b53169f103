/**
 * How many positional parameters a function declares, read from its source: `fn.length` stops at
 * the first parameter with a default, so `(x, p = 2) => …` has length 1 though it takes 2. A rest
 * parameter means any number (Infinity). Used once per function at module load, never per call.
 */

const OPEN = "([{";
const CLOSE = ")]}";

/** Index just past the string or template literal starting at `i` (`q` is its quote). */
function skipQuoted(src: string, i: number, q: string): number {
  for (let j = i + 1; j < src.length; j++) {
    if (src[j] === "\\") j++;
    else if (src[j] === q) return j + 1;
  }
  return src.length;
}

/** The text of the parameter list: between the first "(" and its match, or a lone arrow parameter. */
function parameterText(src: string): string {
  const arrow = /^\s*(?:async\s+)?([A-Za-z_$][\w$]*)\s*=>/.exec(src);
  if (arrow !== null) return arrow[1]!;
  const open = src.indexOf("(");
  if (open < 0) return "";
  let depth = 0;
  for (let i = open; i < src.length; i++) {
    const c = src[i]!;
    if (c === '"' || c === "'" || c === "`") {
      i = skipQuoted(src, i, c) - 1;
      continue;
    }
    if (OPEN.includes(c)) depth++;
    else if (CLOSE.includes(c) && --depth === 0) return src.slice(open + 1, i);
  }
  return "";
}

/**
 * The number of positional parameters `fn` declares (Infinity with a rest parameter).
 * @example declaredArity((x: number, p = 2) => x + p) // 2
 */
export function declaredArity(fn: (...args: never[]) => unknown): number {
  const text = parameterText(Function.prototype.toString.call(fn));
  let count = 0;
  let depth = 0;
  let current = "";
  const end = (): boolean => {
    const p = current.trim();
    current = "";
    if (p === "") return false;
    if (p.startsWith("...")) return true;
    count++;
    return false;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"' || c === "'" || c === "`") {
      const j = skipQuoted(text, i, c);
      current += text.slice(i, j);
      i = j - 1;
      continue;
    }
    if (OPEN.includes(c)) depth++;
    else if (CLOSE.includes(c)) depth--;
    if (c === "," && depth === 0) {
      if (end()) return Infinity;
      continue;
    }
    current += c;
  }
  return end() ? Infinity : count;
}
