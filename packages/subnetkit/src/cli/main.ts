/**
 * `subnetkit <command> [args]`: parses with the one parser (program.ts), runs the command, and turns whatever it
 * throws into one line on stderr and an exit code: 0 ok, 1 failure, 2 usage error.
 */
import { createRequire } from 'node:module';
import type { CommandContext } from './command.js';
import { EXIT, UsageError } from './errors.js';
import { buildProgram, CommanderError, canonicalArgs, commanderOutcome, findSpec } from './program.js';
import { closePrompt } from './prompt.js';
import { COMMANDS } from './registry.js';
import { describeError, describeErrorVerbose } from './render-error.js';

const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };

export async function main(argv: string[]): Promise<number> {
  const spec = findSpec(COMMANDS, argv);
  const words = spec ? spec.name.split(' ').length : 0;
  const args = spec ? [...argv.slice(0, words), ...canonicalArgs(spec, argv.slice(words))] : argv;
  const verbose = argv.includes('--verbose') || ['1', 'true'].includes(process.env.SUBNETKIT_DEBUG ?? '');
  const name = spec ? `subnetkit ${spec.name}` : 'subnetkit';
  let code: number = EXIT.ok;
  let ctx: CommandContext | undefined;
  const program = buildProgram(
    COMMANDS,
    async (invocation) => {
      ctx = invocation.ctx;
      code = (await invocation.spec.run(invocation.ctx)) ?? EXIT.ok;
    },
    version,
  );
  try {
    await program.parseAsync(args, { from: 'user' });
    return code;
  } catch (err) {
    if (err instanceof CommanderError) {
      const outcome = commanderOutcome(err);
      if (outcome.message) console.error(`${name}: ${outcome.message}\nRun '${name} --help' for usage.`);
      return outcome.code;
    }
    if (err instanceof UsageError) {
      console.error(`${name}: ${err.message}\nRun '${name} --help' for usage.`);
      return EXIT.usage;
    }
    console.error(`${name}: ${describeError(err, { endpoint: ctx?.endpoint })}`);
    if (verbose) console.error(describeErrorVerbose(err));
    return EXIT.failure;
  } finally {
    closePrompt();
  }
}
