/**
 * Pulls the documented examples out of the sources and the Markdown docs, so that
 * `examples.test.ts` and `markdown.test.ts` can run them. Conventions (docs/contributing.md):
 *
 * - A TSDoc `@example` runs from the tag to the next block tag or the end of the comment; when it
 *   holds a fenced code block, only the fenced code runs (the text before it is a title).
 * - An example whose code holds a line comment with the word `fragment` (`// fragment`, or
 *   `// [2, 3] (fragment)` after a stated value) does
 *   not run standalone (it continues a larger program); it is only counted.
 * - A fenced ```ts block in Markdown preceded by `<!-- fragment -->` (blank lines allowed between)
 *   is a fragment; every other ```ts block runs.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

export interface DocExample {
  /** `src/ops/unary.ts:37` or `docs/io.md:12`: where the example starts. */
  where: string;
  code: string;
  fragment: boolean;
}

const FRAGMENT = /\/\/.*\bfragment\b/;
const BLOCK_TAG =
  /(?:^|\s)@(?:param|returns?|throws|example|see|remarks|deprecated|defaultValue|default|typeParam|internal|privateRemarks|since|category|group|module|packageDocumentation)\b/;

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else if (name.endsWith(".ts") && !name.endsWith(".d.ts")) out.push(p);
  }
  return out;
}

function lineAt(text: string, index: number): number {
  let n = 1;
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

/** The code of one `@example` tag's body (text after the tag name). */
function exampleCode(body: string): string {
  const fence = /```[a-z]*\n([\s\S]*?)```/.exec(body);
  return (fence ? fence[1]! : body).replace(/^\n+|\s+$/g, "");
}

/** Every `@example` in every `.ts` file under `srcDir`. */
export function sourceExamples(root: string, srcDir = join(root, "src")): DocExample[] {
  const out: DocExample[] = [];
  for (const file of walk(srcDir)) {
    const text = readFileSync(file, "utf8");
    const rel = relative(root, file);
    for (const m of text.matchAll(/\/\*\*([\s\S]*?)\*\//g)) {
      // Comment text without the ` * ` gutters, keeping line structure.
      const lines = m[1]!.split("\n").map((l, i) => (i === 0 ? l : l.replace(/^\s*\*( |$)/, "")));
      const comment = lines.join("\n");
      const startLine = lineAt(text, m.index!);
      let rest = comment;
      let offset = 0;
      for (;;) {
        const tag = /(?:^|\s)@example\b/.exec(rest);
        if (!tag) break;
        const bodyStart = tag.index + tag[0].length;
        const after = rest.slice(bodyStart);
        const next = BLOCK_TAG.exec(after);
        const body = next ? after.slice(0, next.index) : after;
        const line = startLine + lineAt(comment, offset + tag.index + (tag[0].startsWith("\n") ? 1 : 0)) - 1;
        const code = exampleCode(body);
        out.push({ where: `${rel}:${line}`, code, fragment: FRAGMENT.test(code) });
        rest = after.slice(body.length);
        offset += bodyStart + body.length;
      }
    }
  }
  return out;
}

/** Every fenced ```ts block of one Markdown file. */
export function markdownExamples(root: string, file: string): DocExample[] {
  const text = readFileSync(join(root, file), "utf8");
  const out: DocExample[] = [];
  for (const m of text.matchAll(/^```(?:ts|typescript)\s*\n([\s\S]*?)^```/gm)) {
    const before = text.slice(0, m.index!).replace(/\s+$/, "");
    const fragment = /<!--\s*fragment\b[^>]*-->$/.test(before) || FRAGMENT.test(m[1]!);
    out.push({ where: `${file}:${lineAt(text, m.index!)}`, code: m[1]!, fragment });
  }
  return out;
}
