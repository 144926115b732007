/** What the subnet commands share: the flags of a coldkey-signed action, and running one. */
import type { ChainClient, SubmitResult } from '@subnetkit/chain';
import type { Keypair } from '@subnetkit/wallet';
import type { CommandContext, OptionSpec } from '../../command.js';
import {
  chainOption,
  hotkeyAddressOption,
  hotkeyUriOption,
  jsonOption,
  uriOption,
  walletOptions,
} from '../../options.js';

export const KEY_OPTIONS: readonly OptionSpec[] = [
  chainOption,
  ...walletOptions,
  uriOption,
  hotkeyUriOption,
  hotkeyAddressOption,
  jsonOption,
];

export const KEYS_NOTE =
  "The coldkey signs: the wallet's (its password is asked for, or read from BT_PW_* or one line of stdin), or " +
  '--uri for development. The hotkey is --hotkey, --hotkey-uri, --uri, or the wallet’s.';

/** Resolves the keys, connects, and runs one coldkey-signed action. */
export async function withKeys<T extends SubmitResult>(
  ctx: CommandContext,
  label: string,
  action: (client: ChainClient, coldkey: Keypair, hotkey: string) => Promise<T>,
): Promise<T & { hotkey: string }> {
  const { coldkeyOf, hotkeyAddressOf, withClient } = await import('../../keys.js');
  const hotkey = await hotkeyAddressOf(ctx);
  const coldkey = await coldkeyOf(ctx);
  return withClient(ctx, async (client) => ({
    ...(await ctx.progress.step(label, () => action(client, coldkey, hotkey))),
    hotkey,
  }));
}
