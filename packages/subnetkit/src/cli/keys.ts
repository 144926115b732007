/**
 * Keys and the chain for the chain commands: keys from a wallet (`--wallet.name/.path/.hotkey`, btcli's layout) or a
 * development URI (`--uri //Alice`), and a connection to `--chain`. Imported by the commands when they run (it
 * loads the chain client and the keyring).
 */
import type { ChainClient } from '@subnetkit/chain';
import { Keypair, Wallet } from '@subnetkit/wallet';
import type { CommandContext } from './command.js';
import { closePrompt, readPassword } from './prompt.js';
import { warnSecretOnCommandLine } from './secret-input.js';

export function walletFrom(ctx: CommandContext): Wallet {
  const { walletPath: path, walletName: name, walletHotkey: hotkey } = ctx.settings;
  return new Wallet({
    ...(typeof path === 'string' ? { path } : {}),
    ...(typeof name === 'string' ? { name } : {}),
    ...(typeof hotkey === 'string' ? { hotkey } : {}),
  });
}

const text = (v: unknown) => (typeof v === 'string' ? v : undefined);

/** `--uri` / `--hotkey-uri` as given on the command line, warned about when it holds a real secret. */
function uriFlag(ctx: CommandContext, key: 'uri' | 'hotkeyUri'): string | undefined {
  const value = text(ctx.opt(key));
  if (value !== undefined) warnSecretOnCommandLine(key === 'uri' ? '--uri' : '--hotkey-uri', value);
  return value;
}

/** The coldkey that signs: `--uri`, else the wallet's coldkey (decrypted; the password is asked once). */
export async function coldkeyOf(ctx: CommandContext): Promise<Keypair> {
  const uri = uriFlag(ctx, 'uri');
  if (uri !== undefined) return Keypair.fromUri(uri);
  try {
    return await walletFrom(ctx).getColdkey({ password: () => readPassword('Coldkey password: ') });
  } finally {
    closePrompt();
  }
}

/** The hotkey that signs (weights, pings): `--hotkey-uri`, `--uri`, else the wallet's hotkey. */
export async function hotkeySignerOf(ctx: CommandContext): Promise<Keypair> {
  uriFlag(ctx, 'hotkeyUri');
  const uri = text(ctx.settings.hotkeyUri) ?? uriFlag(ctx, 'uri');
  if (uri !== undefined) return Keypair.fromUri(uri);
  try {
    return await walletFrom(ctx).getHotkey({ password: () => readPassword('Hotkey password: ') });
  } finally {
    closePrompt();
  }
}

/** The hotkey's address (registration, staking): `--hotkey`, `--hotkey-uri`, `--uri`, else the wallet's hotkey pub. */
export async function hotkeyAddressOf(ctx: CommandContext): Promise<string> {
  const address = text(ctx.opt('hotkey'));
  if (address !== undefined) return (await Keypair.fromSs58(address)).address;
  uriFlag(ctx, 'hotkeyUri');
  const uri = text(ctx.settings.hotkeyUri) ?? uriFlag(ctx, 'uri');
  if (uri !== undefined) return (await Keypair.fromUri(uri)).address;
  return (await walletFrom(ctx).getHotkeypub()).address;
}

/** Connects to `--chain` (default `local`), runs `fn` and always closes the connection. */
export async function withClient<T>(ctx: CommandContext, fn: (client: ChainClient) => Promise<T>): Promise<T> {
  const endpoint = text(ctx.settings.endpoint) ?? 'local';
  ctx.endpoint = endpoint;
  const { ChainClient } = await import('@subnetkit/chain');
  const client = await ctx.progress.step(`connecting to ${endpoint}`, () =>
    ChainClient.connect(endpoint, { timeoutMs: 20_000, reconnect: false }),
  );
  try {
    return await fn(client);
  } finally {
    await client.close();
  }
}
