/**
 * The flags of `subnetkit miner` and `subnetkit validator`: one per setting of the neuron (MINER_FIELDS,
 * VALIDATOR_FIELDS), so the flags, the environment variables and the config file keys stay one list.
 */
import type { ConfigField } from '../../neurons/config.js';
import type { CommandContext, OptionSpec } from '../command.js';
import { UsageError } from '../errors.js';
import { jsonOption, settingOption } from '../options.js';

export function neuronOptions(fields: Record<string, ConfigField>): OptionSpec[] {
  return [...Object.keys(fields).map((key) => settingOption(key)), jsonOption];
}

/** The settings the command line, environment and config file gave, over the definition's own values. */
export function neuronSettings(
  ctx: CommandContext,
  fields: Record<string, ConfigField>,
  definition: Record<string, unknown>,
): Record<string, unknown> & { netuid: number } {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(fields)) {
    const value = ctx.settings[key] ?? definition[key];
    if (value !== undefined) out[key] = value;
  }
  if (typeof out.netuid !== 'number') {
    throw new UsageError('--netuid is required (or SUBNETKIT_NETUID, netuid in the config file, or in the definition)');
  }
  return out as Record<string, unknown> & { netuid: number };
}

/** Resolves on the first SIGINT or SIGTERM (registered before start, so Ctrl-C while starting also stops cleanly). */
export function shutdownSignal(): { signal: Promise<NodeJS.Signals>; off: () => void } {
  let resolveSignal!: (s: NodeJS.Signals) => void;
  const signal = new Promise<NodeJS.Signals>((r) => {
    resolveSignal = r;
  });
  const handler = (s: NodeJS.Signals) => resolveSignal(s);
  process.once('SIGINT', handler);
  process.once('SIGTERM', handler);
  return {
    signal,
    off: () => {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}

/** Logs on stderr (stdout carries the ready line and --json data), at --logging.level. */
export async function stderrLogger(name: string, level: unknown) {
  const { pino } = await import('pino');
  const chosen = typeof level === 'string' ? level : (process.env.SUBNETKIT_LOG_LEVEL ?? 'info');
  return pino({ name, level: chosen }, pino.destination({ fd: 2, sync: true }));
}
