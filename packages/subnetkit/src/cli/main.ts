/**
 * `subnetkit <group> <command> [flags]`. Each group lives in its own module, loaded only when used so that
 * `subnetkit synapse hash` does not pay for loading the chain client.
 */
import type { CommandGroup } from './types.js';

const groups: Record<string, { summary: string; load: () => Promise<CommandGroup> }> = {
  synapse: {
    summary: 'hash a body, check a raw request (hash mismatch debugging)',
    load: () => import('./synapse.js'),
  },
  wallet: { summary: 'create, regenerate, list and show bittensor wallets', load: () => import('./wallet.js') },
  metagraph: { summary: "a subnet's neurons as a table or JSON", load: () => import('./metagraph.js') },
  subnet: { summary: 'create a subnet, register a hotkey, add stake', load: () => import('./subnet.js') },
  weights: { summary: "set (or commit) and reveal a validator's weights", load: () => import('./weights.js') },
  localnet: { summary: 'run the embedded subtensor localnet (ws server)', load: () => import('./localnet.js') },
  dashboard: { summary: "a subnet's live web page (metagraph, charts, weights)", load: () => import('./dashboard.js') },
};

export function usage(): string {
  const lines = Object.entries(groups).map(([name, g]) => `  ${name.padEnd(10)} ${g.summary}`);
  return `usage: subnetkit <command> [args]\n\ncommands:\n${lines.join('\n')}\n\nRun 'subnetkit <command> --help' for details.`;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage());
    return name ? 0 : 1;
  }
  const group = groups[name];
  if (!group) {
    console.error(`subnetkit: unknown command '${name}'\n\n${usage()}`);
    return 2;
  }
  try {
    const mod = await group.load();
    return await mod.run(rest);
  } catch (err) {
    const e = err as Error & { code?: string };
    console.error(`subnetkit ${name}: ${e.code ? `[${e.code}] ` : ''}${e.message}`);
    if (process.env.SUBNETKIT_DEBUG) console.error(e.stack);
    return 1;
  }
}
