/**
 * docs/cli.md, generated from the command definitions, so the reference cannot drift from the parser:
 * `npm run docs:cli -w subnetkit` writes it and src/cli/reference.test.ts fails when it is out of date.
 */
import type { CommandSpec } from './command.js';
import { optionsOf, usageOf } from './program.js';
import { COMMANDS, GROUPS } from './registry.js';

const cell = (s: string) => s.replaceAll('|', '\\|');

function commandSection(spec: CommandSpec): string {
  const lines = [`### \`subnetkit ${spec.name}\``, '', spec.description ?? spec.summary, ''];
  lines.push('```text', `subnetkit ${spec.name} ${usageOf(spec)}`, '```', '');
  if (spec.arguments?.length) {
    lines.push('| argument | meaning |', '|---|---|');
    for (const a of spec.arguments) lines.push(`| \`${a.name}\` | ${cell(a.description)} |`);
    lines.push('');
  }
  lines.push('| flag | meaning |', '|---|---|');
  for (const o of optionsOf(spec)) {
    const aliases = (o.aliases ?? []).filter((a) => !o.flags.includes(`--${a}`)).map((a) => `\`--${a}\``);
    const also = aliases.length ? ` Also spelled ${aliases.join(', ')}.` : '';
    lines.push(`| \`${cell(o.flags)}\` | ${cell(o.description)}${also} |`);
  }
  lines.push('', 'Examples:', '', '```text', ...spec.examples, '```', '');
  return lines.join('\n');
}

export function cliReference(commands: readonly CommandSpec[] = COMMANDS): string {
  const groups = [...new Set(commands.map((c) => c.name.split(' ')[0] as string))];
  const out = [
    '# The `subnetkit` command',
    '',
    '<!-- Generated from the command definitions in packages/subnetkit/src/cli/commands/ by',
    '`npm run docs:cli -w subnetkit`; src/cli/reference.test.ts fails when this file is out of date. Edit the',
    'definitions, not this file. -->',
    '',
    'The terminal side of subnetkit: wallets, a local chain, subnets, weights, and your own miner and validator',
    'modules. `subnetkit --help` lists every command; `subnetkit <command> --help` prints its usage line, flags and',
    'examples.',
    '',
    '## Conventions every command follows',
    '',
    '- **Exit codes**: `0` ok; `1` failure; `2` usage error (an unknown command or flag, a missing or malformed',
    '  value). The same for every command.',
    '- **Errors** are one line on stderr, `subnetkit <command>: <what went wrong and what to do>`, with the error code',
    '  in brackets where the error has one. `--verbose` (or `SUBNETKIT_DEBUG=1`) adds the stack trace of the error and',
    '  of each cause.',
    '- **`--json`**, on every command that prints data, prints it as JSON on stdout. Progress and errors always go to',
    '  stderr, so stdout stays parseable.',
    '- **Progress** of long steps (connecting, a transaction, key encryption, starting a neuron) goes to stderr: a',
    '  spinner with the elapsed time on a terminal; without one (CI, a pipe) plain lines, one when a step starts and',
    '  one when it ends, stamped with the seconds since the command started.',
    "- **Flag spellings**: btcli's are accepted. Case, `.`, `_` and `-` do not matter in long flags: `--wallet.name`,",
    '  `--wallet-name` and `--wallet_name` are one flag.',
    '',
    '## Settings: flags > environment > config file > defaults',
    '',
    'Settings (the flags whose description names an environment variable: `--netuid`, `--chain`, `--wallet.*`,',
    '`--hotkey-uri`, `--logging.level`, `--axon.*`, `--mecid` and every flag of `miner` and `validator`) take their',
    'value from the first of these that sets it:',
    '',
    '1. the flag on the command line;',
    '2. the environment variable: `SUBNETKIT_` and the setting in upper snake case (`SUBNETKIT_NETUID`,',
    "   `SUBNETKIT_ENDPOINT`, `SUBNETKIT_SYNC_EVERY_BLOCKS`); the wallet settings also read btcli's `BT_WALLET_NAME`,",
    '   `BT_WALLET_PATH`, `BT_WALLET_HOTKEY`;',
    '3. the config file: a JSON object given by `--config <file>` or `SUBNETKIT_CONFIG`, keyed by the setting',
    '   (`{ "netuid": 2, "endpoint": "ws://127.0.0.1:9944", "wallet": { "name": "miner" } }`; nested objects and',
    '   dotted keys both work; an unknown key is an error);',
    '4. the default: for `miner` and `validator`, the values written in the definition, then the built-in defaults.',
    '',
    'The same rule, implemented once (`resolveConfig` in packages/subnetkit/src/neurons/config.ts), serves',
    '`loadConfig()` for neurons started from your own script.',
    '',
    '## Commands',
    '',
    '| command | what it does |',
    '|---|---|',
    ...commands.map(
      (c) => `| [\`subnetkit ${c.name}\`](#subnetkit-${c.name.replaceAll(' ', '-')}) | ${cell(c.summary)} |`,
    ),
    '',
  ];
  for (const group of groups) {
    const members = commands.filter((c) => c.name.split(' ')[0] === group);
    if (members.length > 1 || members[0]?.name.includes(' ')) {
      out.push(`## \`subnetkit ${group}\``, '', `${GROUPS[group] ?? ''}.`, '');
    } else out.push(`## \`subnetkit ${group}\``, '');
    for (const spec of members) out.push(commandSection(spec));
  }
  return `${out.join('\n').trimEnd()}\n`;
}
