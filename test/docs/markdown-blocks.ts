/**
 * Reads the fenced code blocks of a markdown file and the annotations that say how the docs test runs them.
 *
 * In the fence's info string, after the language:
 *   - `no-run <reason>`  not run (a long-running server, mainnet, a GPU, the scaffold...); the reason is required and
 *                        the docs test lists every such block with it. Must come last: the rest of the line is the reason.
 *   - `group=<name>`     blocks of one file with the same group run as one program, in order (TypeScript blocks are
 *                        joined with their imports merged; shell blocks are joined as one script).
 *   - `exit=<n>`         the exit status the block must end with (default 0), e.g. a command that reports a failure.
 *   - `timeout=<s>`      seconds the block may take (default: the runner's).
 * An HTML comment right above the fence, `<!-- expect: <regex> -->` (one or more), is a pattern (^ and $ at line ends) the block's standard
 * output must match; the comment is invisible on the rendered page.
 */

/** Languages whose blocks are executed; every other block (json, text, none) is shown text only. */
export const RUNNABLE = new Set(['ts', 'typescript', 'js', 'javascript', 'sh', 'bash', 'shell']);

export type Kind = 'ts' | 'js' | 'sh';

export interface CodeBlock {
  file: string;
  /** 1-based line of the opening fence. */
  line: number;
  lang: string;
  kind: Kind | null;
  code: string;
  noRun: string | null;
  group: string | null;
  exit: number;
  timeoutS: number | null;
  expect: RegExp[];
}

export class DocAnnotationError extends Error {}

function kindOf(lang: string): Kind | null {
  if (lang === 'ts' || lang === 'typescript') return 'ts';
  if (lang === 'js' || lang === 'javascript') return 'js';
  if (lang === 'sh' || lang === 'bash' || lang === 'shell') return 'sh';
  return null;
}

function parseInfo(info: string, where: string): Pick<CodeBlock, 'lang' | 'noRun' | 'group' | 'exit' | 'timeoutS'> {
  const [lang = '', ...rest] = info.trim().split(/\s+/).filter(Boolean);
  const out = {
    lang,
    noRun: null as string | null,
    group: null as string | null,
    exit: 0,
    timeoutS: null as number | null,
  };
  if (!RUNNABLE.has(lang)) return out;
  for (let i = 0; i < rest.length; i++) {
    const token = rest[i] as string;
    if (token === 'no-run') {
      const reason = rest.slice(i + 1).join(' ');
      if (!reason) throw new DocAnnotationError(`${where}: 'no-run' needs a reason after it`);
      out.noRun = reason;
      break;
    }
    const m = /^(group|exit|timeout)=(.+)$/.exec(token);
    if (!m) throw new DocAnnotationError(`${where}: unknown annotation '${token}' (no-run, group=, exit=, timeout=)`);
    const [, key, value] = m as unknown as [string, string, string];
    if (key === 'group') out.group = value;
    else if (!/^\d+$/.test(value))
      throw new DocAnnotationError(`${where}: ${key}= needs a whole number, got '${value}'`);
    else if (key === 'exit') out.exit = Number(value);
    else out.timeoutS = Number(value);
  }
  return out;
}

/** Every fenced block of `text` (`file` names it in errors), with its annotations. */
export function parseBlocks(text: string, file: string): CodeBlock[] {
  const lines = text.split('\n');
  const blocks: CodeBlock[] = [];
  let pendingExpect: RegExp[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const expect = /^\s*<!--\s*expect:\s*(.*?)\s*-->\s*$/.exec(line);
    if (expect) {
      try {
        pendingExpect.push(new RegExp(expect[1] as string, 'm')); // ^ and $ match at each line
      } catch (err) {
        throw new DocAnnotationError(`${file}:${i + 1}: bad expect pattern: ${(err as Error).message}`);
      }
      continue;
    }
    const open = /^( *)(`{3,}|~{3,})(.*)$/.exec(line);
    if (!open) {
      if (line.trim() !== '') pendingExpect = [];
      continue;
    }
    const [, indent = '', fence = '', info = ''] = open;
    const where = `${file}:${i + 1}`;
    const body: string[] = [];
    let j = i + 1;
    const close = new RegExp(`^ *${fence[0] === '`' ? '`' : '~'}{${fence.length},}\\s*$`);
    for (; j < lines.length && !close.test(lines[j] as string); j++) {
      const l = lines[j] as string;
      body.push(l.startsWith(indent) ? l.slice(indent.length) : l.trimStart());
    }
    if (j === lines.length) throw new DocAnnotationError(`${where}: code block is never closed`);
    const parsed = parseInfo(info, where);
    if (pendingExpect.length && !RUNNABLE.has(parsed.lang)) {
      throw new DocAnnotationError(`${where}: an expect comment stands above a block that is not run`);
    }
    blocks.push({
      file,
      line: i + 1,
      ...parsed,
      kind: kindOf(parsed.lang),
      code: `${body.join('\n')}\n`,
      expect: pendingExpect,
    });
    pendingExpect = [];
    i = j;
  }
  return blocks;
}

/** What runs as one program: one block, or the blocks of one group (placed where the group's last block stands). */
export interface Unit {
  blocks: CodeBlock[];
  kind: Kind;
}

export function unitsOf(blocks: CodeBlock[]): Unit[] {
  const runnable = blocks.filter((b) => b.kind && !b.noRun);
  const units: Unit[] = [];
  const groups = new Map<string, CodeBlock[]>();
  for (const b of runnable) {
    if (!b.group) continue;
    const list = groups.get(b.group) ?? [];
    if (list[0] && list[0].kind !== b.kind) {
      throw new DocAnnotationError(
        `${b.file}:${b.line}: group '${b.group}' mixes ${list[0].kind} and ${b.kind} blocks`,
      );
    }
    list.push(b);
    groups.set(b.group, list);
  }
  for (const b of runnable) {
    if (!b.group) units.push({ blocks: [b], kind: b.kind as Kind });
    else {
      const list = groups.get(b.group) as CodeBlock[];
      if (list.at(-1) === b) units.push({ blocks: list, kind: b.kind as Kind });
    }
  }
  return units;
}

const IMPORT = /^import\s+(type\s+)?([\s\S]*?)\s+from\s+(['"][^'"]+['"]);?[ \t]*$/gm;

/**
 * Joins TypeScript blocks into one module: the imports of all blocks are merged at the top (one statement per
 * module, named imports united), the rest follows in order. So each block can show its own imports.
 */
export function joinModules(codes: string[]): string {
  const named = new Map<string, Set<string>>();
  const other = new Set<string>();
  const bodies: string[] = [];
  for (const code of codes) {
    bodies.push(
      code.replace(IMPORT, (stmt, typeOnly: string | undefined, clause: string, from: string) => {
        const m = /^\{([\s\S]*)\}$/.exec(clause.trim());
        if (!m || typeOnly) {
          other.add(stmt.trim());
          return '';
        }
        const set = named.get(from) ?? new Set<string>();
        for (const n of (m[1] as string).split(',').map((s) => s.trim())) if (n) set.add(n);
        named.set(from, set);
        return '';
      }),
    );
  }
  const imports = [...other, ...[...named].map(([from, names]) => `import { ${[...names].join(', ')} } from ${from};`)];
  return `${imports.join('\n')}\n${bodies.join('\n')}`;
}
