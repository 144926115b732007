/**
 * The one parser: commander, built from the command definitions in registry.ts. Help (usage line, options,
 * examples), btcli's flag spellings (`--wallet_name` = `--wallet-name` = `--wallet.name`), the precedence of settings
 * and the exit codes come from here, the same for every command.
 */
import { Command, CommanderError, type Help, Option } from 'commander';
import { resolveConfig } from '../neurons/config.js';
import type { CommandContext, CommandSpec, OptionSpec } from './command.js';
import { toJson } from './command.js';
import { UsageError } from './errors.js';
import { ALL_FIELDS } from './options.js';
import { createProgress } from './progress.js';
import { GROUPS } from './registry.js';

export const verboseOption: OptionSpec = {
  key: 'verbose',
  flags: '--verbose',
  description: 'on failure, also print the stack trace and every cause',
};
export const configOption: OptionSpec = {
  key: 'config',
  flags: '--config <file>',
  description: 'JSON file of settings (env SUBNETKIT_CONFIG); flags and environment variables override it',
};

/** The options a command accepts: its own, `--config` when it reads settings, and `--verbose`. */
export function optionsOf(spec: CommandSpec): OptionSpec[] {
  const settings = spec.options.some((o) => o.setting);
  return [...spec.options, ...(settings ? [configOption] : []), verboseOption];
}

export function usageOf(spec: CommandSpec): string {
  if (spec.usage) return spec.usage;
  const args = (spec.arguments ?? []).map((a) => a.name);
  return [...args, '[options]'].join(' ');
}

const normalise = (flag: string) => flag.replace(/^-+/, '').toLowerCase().replaceAll('.', '-').replaceAll('_', '-');
const longFlag = (o: OptionSpec) => o.flags.split(/[ ,]+/).find((f) => f.startsWith('--')) as string;

/** Rewrites every spelling of a flag the command knows into its canonical one; leaves the rest to the parser. */
export function canonicalArgs(spec: CommandSpec, args: readonly string[]): string[] {
  const byName = new Map<string, string>();
  for (const o of optionsOf(spec)) {
    const flag = longFlag(o);
    byName.set(normalise(flag), flag);
    for (const a of o.aliases ?? []) byName.set(normalise(a), flag);
    // `--no-password` also answers to the spellings of its aliases' negations.
  }
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--') {
      out.push(...args.slice(i));
      break;
    }
    if (!arg.startsWith('--')) {
      out.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const flag = byName.get(normalise(eq >= 0 ? arg.slice(0, eq) : arg));
    out.push(flag === undefined ? arg : eq >= 0 ? `${flag}${arg.slice(eq)}` : flag);
  }
  return out;
}

function helpSettings(): Partial<Help> {
  return {
    styleTitle: (title: string) => title.toLowerCase(),
    subcommandTerm: (cmd: Command) => [cmd.name(), ...cmd.registeredArguments.map((a) => a.name())].join(' '),
    sortSubcommands: false,
    helpWidth: 110,
  } as Partial<Help>;
}

const EXIT_NOTE =
  'Exit codes: 0 ok, 1 failure, 2 usage error. Settings: flags > environment > config file > defaults (docs/cli.md).';

/** A group's help ends with the flags every one of its commands takes, generated from their definitions. */
function groupFooter(group: string, specs: readonly CommandSpec[]): string {
  const members = specs.filter((s) => s.name.startsWith(`${group} `));
  const shared = optionsOf(members[0] as CommandSpec).filter((o) =>
    members.every((m) => optionsOf(m).some((x) => x.flags === o.flags)),
  );
  const width = Math.max(...shared.map((o) => o.flags.length)) + 2;
  const lines = shared.map((o) => `  ${o.flags.padEnd(width)}${o.description}`);
  return `\nflags every ${group} command takes:\n${lines.join('\n')}\n\nRun 'subnetkit ${group} <command> --help' for its flags and examples.`;
}

export interface Invocation {
  spec: CommandSpec;
  ctx: CommandContext;
}

/**
 * Builds the parser. `onInvoke` receives the chosen command with its context; the returned program's
 * `parseAsync` runs it.
 */
export function buildProgram(
  specs: readonly CommandSpec[],
  onInvoke: (invocation: Invocation) => Promise<void>,
  version: string,
): Command {
  const root = new Command('subnetkit')
    .usage('<command> [options]')
    .description('The subnetkit command: wallets, a local chain, subnets, weights, miners and validators.')
    .version(version, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'print this help')
    .exitOverride()
    .configureOutput({ outputError: () => undefined })
    .configureHelp(helpSettings())
    .showHelpAfterError(false);
  root.addHelpCommand(false);
  const groups = new Map<string, Command>();
  for (const spec of specs) {
    const words = spec.name.split(' ');
    let parent = root;
    if (words.length === 2) {
      const groupName = words[0] as string;
      let group = groups.get(groupName);
      if (!group) {
        group = root
          .command(groupName)
          .summary(GROUPS[groupName] ?? '')
          .description(GROUPS[groupName] ?? '')
          .usage('<command> [options]')
          .helpOption('-h, --help', 'print this help');
        group.addHelpCommand(false);
        group.addHelpText('after', groupFooter(groupName, specs));
        groups.set(groupName, group);
      }
      parent = group;
    }
    const cmd = parent
      .command(words.at(-1) as string)
      .summary(spec.summary)
      .description(spec.description ?? spec.summary)
      .usage(usageOf(spec))
      .helpOption('-h, --help', 'print this help')
      .allowExcessArguments(false);
    for (const a of spec.arguments ?? []) cmd.argument(a.name, a.description);
    for (const o of optionsOf(spec)) cmd.addOption(new Option(o.flags, o.description));
    cmd.addHelpText('after', `\nexamples:\n${spec.examples.map((e) => `  ${e}`).join('\n')}\n\n${EXIT_NOTE}`);
    cmd.action(async (...params: unknown[]) => {
      const command = params.at(-1) as Command;
      await onInvoke({ spec, ctx: contextOf(spec, command) });
    });
  }
  root.addHelpText('after', `\nRun 'subnetkit <command> --help' for its flags and examples.\n${EXIT_NOTE}`);
  // The root lists every command, not just the groups.
  root.configureHelp({
    ...helpSettings(),
    visibleCommands: () => [],
    formatHelp: (cmd: Command, helper: Help) => {
      const width = Math.max(...specs.map((s) => s.name.length)) + 2;
      const lines = specs.map((s) => `  ${s.name.padEnd(width)}${s.summary}`);
      const options = helper
        .visibleOptions(cmd)
        .map((o) => `  ${helper.optionTerm(o).padEnd(width)}${helper.optionDescription(o)}`);
      return [
        `usage: subnetkit ${cmd.usage()}`,
        '',
        cmd.description(),
        '',
        'commands:',
        ...lines,
        '',
        'options:',
        ...options,
        '',
      ].join('\n');
    },
  } as Partial<Help>);
  return root;
}

function contextOf(spec: CommandSpec, command: Command): CommandContext {
  const raw = command.opts() as Record<string, string | boolean | undefined>;
  const values = new Map<string, string | boolean | undefined>();
  for (const o of optionsOf(spec)) {
    const option = command.options.find((x) => x.flags === o.flags);
    values.set(o.key, option ? raw[option.attributeName()] : undefined);
  }
  const flags = new Map<string, string | boolean>();
  const fields: Record<string, (typeof ALL_FIELDS)[string]> = {};
  for (const o of spec.options) {
    if (!o.setting) continue;
    fields[o.setting.key] = o.setting.field;
    const v = values.get(o.key);
    if (v !== undefined) flags.set(o.setting.key, v);
  }
  let settings: CommandContext['settings'] = {};
  if (Object.keys(fields).length > 0) {
    const file = values.get('config');
    try {
      settings = resolveConfig(fields, {
        flags,
        ...(typeof file === 'string' ? { file } : {}),
        knownKeys: Object.keys(ALL_FIELDS),
      }).values as CommandContext['settings'];
    } catch (err) {
      // A value of the wrong kind is a usage error; an unreadable config file too.
      throw new UsageError((err as Error).message, { cause: err });
    }
  }
  const json = values.get('json') === true;
  const ctx: CommandContext = {
    args: command.processedArgs as (string | undefined)[],
    opt: (key) => values.get(key),
    settings,
    json,
    verbose: values.get('verbose') === true,
    progress: createProgress(),
    print: (data, text) => console.log(json ? toJson(data, 2) : text),
  };
  return ctx;
}

/** Which command the arguments name (for flag spellings before parsing), if any. */
export function findSpec(specs: readonly CommandSpec[], argv: readonly string[]): CommandSpec | undefined {
  const two = `${argv[0]} ${argv[1]}`;
  return specs.find((s) => s.name === two) ?? specs.find((s) => s.name === argv[0]);
}

/** A parse failure or a help request, as an exit code and the message to print (if any). */
export function commanderOutcome(err: CommanderError): { code: number; message?: string } {
  if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return { code: 0 };
  if (err.code === 'commander.help') return { code: 2 }; // a group without its command: the help was printed
  if (err.code === 'commander.unknownOption') {
    const flag = /'([^']+)'/.exec(err.message)?.[1] ?? '';
    return { code: 2, message: `unknown flag ${flag}` };
  }
  if (err.code === 'commander.unknownCommand') {
    const name = /'([^']+)'/.exec(err.message)?.[1] ?? '';
    return { code: 2, message: `unknown command '${name}'` };
  }
  if (err.code === 'commander.excessArguments') {
    return { code: 2, message: err.message.replace(/^error: /, '').replace(/\.$/, '') };
  }
  return { code: 2, message: err.message.replace(/^error: /, '') };
}

export { CommanderError };
