/**
 * Interactive `subnetkit new`: asks for what the flags did not give (the project name, the template) on a terminal.
 * Answers are checked as they are typed; a bad one is explained and asked again.
 */
import { basename, resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { ScaffoldError } from './errors.js';
import type { ScaffoldSubnetParameters } from './scaffold-subnet.js';
import { isTemplateName, type ScaffoldTemplateName, scaffoldTemplates } from './templates.js';
import { nameFromDir, packageNameProblem } from './validate-name.js';

export interface PromptScaffoldParametersOptions {
  /** The target directory (from the command line). */
  dir: string;
  /** Answers already given as flags: not asked again. */
  name?: string;
  template?: ScaffoldTemplateName;
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
}

/** Asks for the name and the template; returns parameters for `scaffoldSubnet`. */
export async function promptScaffoldParameters(
  options: PromptScaffoldParametersOptions,
): Promise<ScaffoldSubnetParameters> {
  const output = options.output ?? process.stderr;
  const rl = createInterface({ input: options.input ?? process.stdin, output, terminal: false });
  const lines = rl[Symbol.asyncIterator]();
  const ask = async (question: string): Promise<string> => {
    output.write(question);
    const next = await lines.next();
    if (next.done) throw new ScaffoldError('SCAFFOLD_CANCELLED', 'no answer (input ended); nothing was written');
    return next.value.trim();
  };
  try {
    let name = options.name;
    const suggested = nameFromDir(basename(resolve(options.dir)));
    while (name === undefined) {
      const answer = (await ask(`Project name (${suggested}): `)) || suggested;
      const problem = packageNameProblem(answer);
      if (problem) output.write(`  '${answer}' is not a valid npm package name: ${problem}\n`);
      else name = answer;
    }
    let template = options.template;
    if (template === undefined) {
      output.write('Templates:\n');
      scaffoldTemplates.forEach((t, i) => {
        output.write(`  ${i + 1}. ${t.name.padEnd(9)} ${t.description}\n`);
      });
    }
    while (template === undefined) {
      const answer = (await ask('Template (1): ')) || '1';
      const byNumber = scaffoldTemplates[Number(answer) - 1]?.name;
      const chosen = /^\d+$/.test(answer) ? byNumber : answer;
      if (chosen !== undefined && isTemplateName(chosen)) template = chosen;
      else output.write(`  no template '${answer}': type 1-${scaffoldTemplates.length} or a name\n`);
    }
    return { dir: options.dir, name, template };
  } finally {
    rl.close();
  }
}
