/**
 * What a validator and a wallet write, run against a state directory given as argv[3] (inside a tiny tmpfs the
 * faults suite mounts). Phases (argv[2]):
 *   prepare   writes a validator state, one pending commit and a wallet hotkey, and prints their bytes' hashes;
 *   full      fills the filesystem, then tries to write each again (bigger): every try must fail with an error naming
 *             the file; then frees the filler and saves once more (recovery);
 *   readonly  tries the same writes on a filesystem remounted read-only; reads must still work.
 * Prints one `RESULT <json>` line.
 */
import { createHash } from 'node:crypto';
import { open, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { PendingCommitStore } from '@subnetkit/metagraph';
import { defineSynapse, t } from '@subnetkit/synapse';
import { Keypair, Wallet } from '@subnetkit/wallet';
import { StateStore, Validator } from 'subnetkit';

const [phase, dir] = process.argv.slice(2) as [string, string];
const statePath = join(dir, 'validators', '2-validator.json');
const commitPath = join(dir, 'validators', '2-validator.commits.json');
const wallet = new Wallet({ path: join(dir, 'wallets'), name: 'v', hotkey: 'h' });
const files = [statePath, commitPath, wallet.hotkeyFile().path, wallet.hotkeypubFile().path];

const state = (n: number) => ({
  netuid: 2,
  hotkey: '5validator',
  step: n,
  block: 10 * n,
  nextWeightsBlock: 0,
  lastWeightsBlock: 0,
  scores: Array.from({ length: n }, (_, i) => i / n),
  hotkeys: Array.from({ length: n }, (_, i) => `5miner${i}`),
});
const commit = (n: number) => ({
  genesisHash: '0x00',
  netuid: 2,
  hotkey: '5validator',
  hash: `0x${n.toString(16).padStart(64, '0')}`,
  uids: Array.from({ length: n }, (_, i) => i % 65536),
  values: Array.from({ length: n }, () => 65535),
  salt: [1, 2, 3, 4, 5, 6, 7, 8],
  versionKey: '0',
  commitBlock: 1,
  firstRevealBlock: 20,
  lastRevealBlock: 30,
  createdAt: Date.now(),
});

async function hashes(): Promise<Record<string, string | null>> {
  const out: Record<string, string | null> = {};
  for (const f of files) {
    out[f] = await readFile(f).then(
      (b) => createHash('sha256').update(b).digest('hex'),
      () => null,
    );
  }
  return out;
}

async function leftovers(): Promise<string[]> {
  const names: string[] = [];
  for (const d of [join(dir, 'validators'), join(dir, 'wallets', 'v'), join(dir, 'wallets', 'v', 'hotkeys')]) {
    for (const n of await readdir(d).catch(() => [])) if (n.endsWith('.tmp')) names.push(join(d, n));
  }
  return names;
}

/** Each write a validator or wallet does, bigger than what is on disk; the error (code, message) of each. */
async function tryWrites(): Promise<Record<string, { code: string | undefined; message: string } | 'ok'>> {
  const out: Record<string, { code: string | undefined; message: string } | 'ok'> = {};
  const attempt = async (name: string, fn: () => Promise<unknown>) => {
    try {
      await fn();
      out[name] = 'ok';
    } catch (err) {
      const e = err as Error & { code?: string };
      out[name] = { code: e.code, message: e.message };
    }
  };
  await attempt('state', () => new StateStore(statePath).save(state(4000)));
  await attempt('commit', () => new PendingCommitStore({ path: commitPath }).add(commit(4000)));
  await attempt('hotkey', () => wallet.regenerateHotkey({ uri: '//Dave', overwrite: true }));
  // A validator starting on this disk refuses at once, before it connects (nothing listens on port 9).
  await attempt('validatorStart', async () => {
    const v = new Validator({
      netuid: 2,
      signer: await Keypair.fromUri('//Bob//validator'),
      endpoint: 'ws://127.0.0.1:9',
      statePath: join(dir, 'validators', '2-other.json'),
      synapse: defineSynapse({ name: 'Echo', fields: { input: t.int() } }),
      handleSignals: false,
      logLevel: 'silent',
      challenge: () => ({ input: { input: 1 } }),
      reward: () => 1,
    });
    await v.start();
    await v.stop();
  });
  return out;
}

/** Writes zeros until the filesystem refuses: what a disk that filled up looks like. */
async function fill(): Promise<string> {
  const handle = await open(join(dir, 'filler'), 'w');
  const chunk = Buffer.alloc(4096);
  try {
    for (;;) await handle.write(chunk);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code ?? String(err);
  } finally {
    await handle.close();
  }
}

const result: Record<string, unknown> = { phase };
if (phase === 'prepare') {
  await new StateStore(statePath).save(state(3));
  await new PendingCommitStore({ path: commitPath }).add(commit(3));
  await wallet.regenerateHotkey({ uri: '//Bob//validator' });
  result.hashes = await hashes();
} else if (phase === 'full') {
  result.fill = await fill();
  result.writes = await tryWrites();
  result.hashes = await hashes();
  result.leftovers = await leftovers();
  result.loadedStep = (await new StateStore(statePath).load())?.step;
  result.loadedCommits = (await new PendingCommitStore({ path: commitPath }).all()).length;
  result.hotkey = (await wallet.getHotkey()).address;
  await rm(join(dir, 'filler'));
  await new StateStore(statePath).save(state(5));
  result.recoveredStep = (await new StateStore(statePath).load())?.step;
} else if (phase === 'readonly') {
  result.writes = await tryWrites();
  result.hashes = await hashes();
  result.leftovers = await leftovers();
  result.loadedStep = (await new StateStore(statePath).load())?.step;
  result.loadedCommits = (await new PendingCommitStore({ path: commitPath }).all()).length;
  result.hotkey = (await wallet.getHotkey()).address;
} else {
  throw new Error(`unknown phase ${phase}`);
}
process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
