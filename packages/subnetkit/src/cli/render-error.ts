/**
 * How an error from any layer reaches the terminal: one line, one sentence saying what went wrong and what to do,
 * never a stack trace unless --verbose (or SUBNETKIT_DEBUG=1). The errors users hit most are worded here (a missing
 * key file, a wrong password, a weights rate limit, a refused connection); every other error is rendered from its
 * fields: a `SubnetkitError`'s `code`, `shortMessage` and `metaMessages` (hints), a chain error's `hint`, or a plain
 * error's message. Matching is by code suffix and shape, not by class, so it holds for every package's errors.
 */
import { inspect } from 'node:util';
import { CliError, UsageError } from './errors.js';

interface ErrorLike {
  code?: unknown;
  message?: unknown;
  shortMessage?: unknown;
  metaMessages?: unknown;
  hint?: unknown;
  rule?: unknown;
  kind?: unknown;
  details?: unknown;
  cause?: unknown;
}

export interface RenderContext {
  /** The chain endpoint the command used, when the error does not say. */
  endpoint?: string | undefined;
}

const oneLine = (s: string) =>
  s
    .replace(/\s*\n\s*/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

/** The error and its causes, outermost first (cycles stopped). */
export function causeChain(err: unknown): unknown[] {
  const chain: unknown[] = [];
  let current: unknown = err;
  while (current !== undefined && current !== null && !chain.includes(current) && chain.length < 20) {
    chain.push(current);
    current = (current as ErrorLike).cause;
  }
  return chain;
}

const codeOf = (e: unknown) => str((e as ErrorLike)?.code) ?? '';
const messageOf = (e: unknown) => str((e as ErrorLike)?.shortMessage) ?? str((e as ErrorLike)?.message) ?? String(e);

/** `…/wallets/<name>/coldkey` or `…/<name>/hotkeys/<hotkey>` → the command that creates it. */
function createKeyCommand(path: string): string {
  const hot = /^(.*)\/([^/]+)\/hotkeys\/([^/]+)$/.exec(path);
  if (hot) {
    return `'subnetkit wallet new-hotkey --wallet.path ${hot[1]} --wallet.name ${hot[2]} --wallet.hotkey ${hot[3]}' (or 'subnetkit wallet create' for a new wallet)`;
  }
  const cold = /^(.*)\/([^/]+)\/(coldkey|coldkeypub\.txt)$/.exec(path);
  if (cold) return `'subnetkit wallet create --wallet.path ${cold[1]} --wallet.name ${cold[2]}'`;
  return "'subnetkit wallet create'";
}

type Translator = (e: unknown, ctx: RenderContext) => string | undefined;

const translators: Translator[] = [
  // A wallet or key file that is not there.
  (e) => {
    if (!codeOf(e).endsWith('KEYFILE_NOT_FOUND')) return undefined;
    const path = /(?:keyfile )?(\/\S+?)(?: does not exist| is not a file)/.exec(messageOf(e))?.[1];
    if (!path)
      return `${messageOf(e)}: create the wallet with 'subnetkit wallet create', or point --wallet.name/--wallet.path at an existing one`;
    return `No key file at ${path}: create it with ${createKeyCommand(path)}, or point --wallet.name/--wallet.path/--wallet.hotkey at an existing wallet`;
  },
  // The password did not open the key file.
  (e) => {
    if (!codeOf(e).endsWith('WRONG_PASSWORD')) return undefined;
    const path = /^(\S+): wrong password/.exec(messageOf(e))?.[1];
    return `Wrong password${path ? ` for ${path}` : ''}: run the command again and type the password the key was encrypted with (a BT_PW_* variable, if set, is tried first: 'subnetkit wallet env-password' prints the right one)`;
  },
  // Weights sent again before WeightsSetRateLimit blocks passed (checked before sending, or refused by the chain).
  (e) => {
    const name = str((e as ErrorLike).rule) ?? codeOf(e);
    if (name !== 'SettingWeightsTooFast' && name !== 'CommittingWeightsTooFast') return undefined;
    const toGo = (e as { blocksToGo?: unknown }).blocksToGo;
    const m = /wait (\d+) more blocks? \(until block (\d+)\)/.exec(messageOf(e));
    const n = typeof toGo === 'number' ? toGo : m ? Number(m[1]) : undefined;
    const what = name === 'CommittingWeightsTooFast' ? 'committed' : 'set';
    if (n === undefined) {
      return `Weights were ${what} too recently (the subnet's WeightsSetRateLimit has not passed): wait some blocks and run it again`;
    }
    return `Weights were ${what} too recently: ${n} block${n === 1 ? '' : 's'} to go${m ? ` (until block ${m[2]})` : ''} before the subnet's WeightsSetRateLimit allows it again; run the command again then`;
  },
  // Staking on a subnet whose owner has not sent start_call (the chain's bare "Custom error 255" when sent to the pool).
  (e) => {
    if (codeOf(e) !== 'SubtokenDisabled') return undefined;
    const netuid = /subnet (\d+) is not started/.exec(messageOf(e))?.[1];
    const which = netuid ? `Subnet ${netuid}` : 'The subnet';
    return `${which} is not started yet, so the chain takes no stake on it: the subnet's owner runs 'subnetkit subnet start --netuid ${netuid ?? '<netuid>'}' (signed by the owner coldkey; allowed some blocks after 'subnetkit subnet create'), then stake again`;
  },
  // A chain spec path (--chain-spec, SUBNETKIT_CHAIN_SPEC) that cannot be read. Other chain-spec errors word their fix.
  (e) => {
    const m = /^cannot read the chain spec at (\S+)/.exec(messageOf(e));
    if (!codeOf(e).endsWith('CHAIN_SPEC_NOT_FOUND') || !m) return undefined;
    const why = str(((e as ErrorLike).cause as ErrorLike | undefined)?.code);
    return `[${codeOf(e)}] No chain spec at ${m[1]}${why ? ` (${why})` : ''}: point --chain-spec or SUBNETKIT_CHAIN_SPEC at the spec file, or unset them so the pinned spec is found in the repository, the cache (~/.cache/subnetkit/chain) or downloaded`;
  },
  // Nothing answers at the chain endpoint.
  (e, ctx) => {
    const code = codeOf(e);
    const message = messageOf(e);
    // A chain client's connection failure (not any refused socket: a download's, say, words its own fix).
    const connection =
      code === 'ConnectTimeout' ||
      code === 'ConnectFailed' ||
      ((e as ErrorLike).kind === 'connection' && /ECONNREFUSED|could not connect/i.test(message));
    if (!connection) return undefined;
    const endpoint = /(wss?:\/\/[^\s:]+(?::\d+)?[^\s)]*)/.exec(message)?.[1] ?? ctx.endpoint ?? 'the chain endpoint';
    return `Could not connect to the chain at ${endpoint}: nothing accepted the connection; start a local chain with 'subnetkit localnet up', or pass --chain with the right ws:// URL (or test, finney)`;
  },
];

/** The one sentence for `err`: a worded translation when one applies (anywhere in the cause chain), else its fields. */
export function describeError(err: unknown, ctx: RenderContext = {}): string {
  // The CLI's own errors are worded already.
  if (err instanceof CliError) return oneLine(err.message);
  const chain = causeChain(err);
  for (const t of translators) {
    for (const e of chain) {
      const line = t(e, ctx);
      if (line !== undefined) return oneLine(`${line}${/[.!?]$/.test(line) ? '' : '.'}`);
    }
  }
  const e = err as ErrorLike;
  const parts = [messageOf(err)];
  const meta = Array.isArray(e?.metaMessages) ? (e.metaMessages as unknown[]).filter((m) => typeof m === 'string') : [];
  parts.push(...(meta as string[]));
  const hint = str(e?.hint);
  // A ChainError's hint is also the first of its metaMessages: say it once.
  if (hint && !parts.some((p) => p.includes(hint))) parts.push(hint);
  const code = codeOf(err);
  const show = code && !(err instanceof UsageError) && !(err instanceof CliError) ? `[${code}] ` : '';
  return oneLine(`${show}${parts.join(' ')}`);
}

/** The full story for --verbose: every error in the chain with its stack, and its fields. */
export function describeErrorVerbose(err: unknown): string {
  return causeChain(err)
    .map((e, i) => {
      const head = i === 0 ? '' : 'caused by: ';
      if (!(e instanceof Error)) return `${head}${inspect(e)}`;
      const fields = Object.fromEntries(
        Object.entries(e).filter(([k, v]) => k !== 'cause' && v !== undefined && typeof v !== 'function'),
      );
      const extra = Object.keys(fields).length ? `\n${inspect(fields, { depth: 3 })}` : '';
      return `${head}${e.stack ?? e.message}${extra}`;
    })
    .join('\n');
}
