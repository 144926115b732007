/**
 * The signed-request load generator the axon and inference benches share: dev keys that sign fast, requests signed
 * before the timed run (one dendrite uuid per worker, strictly increasing nonces, so the axon's nonce rule never refuses
 * one), a closed-loop driver on undici, and the parent's side of the child-process channel.
 */
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import {
  encodeAddress,
  keyExtractSuri,
  keyFromPath,
  mnemonicToMiniSecret,
  sr25519PairFromSeed,
} from '@polkadot/util-crypto';
import { sr25519Sign } from '@polkadot/wasm-crypto';
import {
  bodyHash,
  encodeJsonBody,
  type FieldShape,
  PROTOCOL_VERSION,
  type Synapse,
  type SynapseDefinition,
  signatureToHex,
  signedMessage,
  toHeaders,
} from '@subnetkit/synapse';
import type { Signer } from '@subnetkit/wallet';
import { Pool } from 'undici';

const DEV_PHRASE = 'bottom drive obey lake curtain smoke basket hold race lonely fit walk';

/** A dev key (//Alice, //Bob) whose signing uses the WASM schnorrkel (fast enough to pre-sign tens of thousands). */
export function devSigner(uri: string): Signer {
  const pair = keyFromPath(
    sr25519PairFromSeed(mnemonicToMiniSecret(DEV_PHRASE)),
    keyExtractSuri(`${DEV_PHRASE}${uri}`).path,
    'sr25519',
  );
  return {
    address: encodeAddress(pair.publicKey, 42),
    publicKey: pair.publicKey,
    sign: (m) => sr25519Sign(pair.publicKey, pair.secretKey, typeof m === 'string' ? new TextEncoder().encode(m) : m),
  };
}

export interface PreparedRequest {
  headers: Record<string, string>;
  body: string;
}

/** The base fields every request carries; `make` adds the synapse's own. */
export interface RequestBase {
  timeout: number;
  dendrite: { ip: string; version: number; nonce: bigint; uuid: string; hotkey: string };
  axon: { ip: string; port: number; hotkey: string };
}

export interface PresignParameters<S extends FieldShape> {
  def: SynapseDefinition<S, unknown>;
  /** Builds request `k` of worker `w` from the base fields. */
  make: (w: number, k: number, base: RequestBase) => Synapse<S>;
  signer: Signer;
  port: number;
  axonHotkey: string;
  workers: number;
  perWorker: number;
  /** false: a zero signature (for a route that ignores it: same bytes on the wire, no signing cost). */
  sign?: boolean;
}

/** One list of signed JSON requests per worker. */
export function presignRequests<S extends FieldShape>(p: PresignParameters<S>): PreparedRequest[][] {
  const nowNs = BigInt(Date.now()) * 1_000_000n;
  const lists: PreparedRequest[][] = [];
  for (let w = 0; w < p.workers; w++) {
    const uuid = randomUUID();
    const list: PreparedRequest[] = [];
    for (let k = 0; k < p.perWorker; k++) {
      const s = p.make(w, k, {
        // The widest window the axon allows (4 s + its 60 s cap), so pre-signing time never makes a first nonce stale.
        timeout: 60,
        dendrite: {
          ip: '127.0.0.1',
          version: PROTOCOL_VERSION,
          nonce: nowNs + BigInt(k),
          uuid,
          hotkey: p.signer.address,
        },
        axon: { ip: '127.0.0.1', port: p.port, hotkey: p.axonHotkey },
      });
      const hash = bodyHash(p.def, s);
      const message = signedMessage({
        nonce: s.dendrite.nonce!,
        dendriteHotkey: p.signer.address,
        axonHotkey: p.axonHotkey,
        uuid,
        bodyHash: hash,
      });
      s.dendrite.signature = p.sign === false ? `0x${'00'.repeat(64)}` : signatureToHex(p.signer.sign(message));
      const headers: Record<string, string> = Object.fromEntries(toHeaders(p.def, s, { bodyHash: hash }));
      headers['content-type'] = 'application/json';
      list.push({ headers, body: encodeJsonBody(p.def, s) });
    }
    lists.push(list);
  }
  return lists;
}

export interface LoadResult {
  completed: number;
  non200: Record<string, number>;
  errors: number;
  elapsedMs: number;
  p50Ms: number;
  p99Ms: number;
  /** Workers that ran out of pre-signed requests before the time was up (too few were signed). */
  exhausted: number;
}

/**
 * One connection per worker list, each sending its requests one at a time until they run out or `durationMs` ends.
 * Several ports (axon processes serving one hotkey): list `i` goes to port `i % ports.length`.
 */
export async function driveLoad(
  port: number | readonly number[],
  path: string,
  lists: PreparedRequest[][],
  durationMs: number,
) {
  const ports = typeof port === 'number' ? [port] : port;
  const pools = ports.map(
    (p) => new Pool(`http://127.0.0.1:${p}`, { connections: Math.ceil(lists.length / ports.length), pipelining: 1 }),
  );
  const lat: number[] = [];
  const non200: Record<string, number> = {};
  let errors = 0;
  let exhausted = 0;
  const start = performance.now();
  const stopAt = start + durationMs;
  let last = start;
  await Promise.all(
    lists.map(async (list, i) => {
      const pool = pools[i % pools.length]!;
      for (const req of list) {
        if (performance.now() >= stopAt) return;
        const a = performance.now();
        try {
          const res = await pool.request({ path, method: 'POST', headers: req.headers, body: req.body });
          await res.body.text();
          if (res.statusCode !== 200) non200[res.statusCode] = (non200[res.statusCode] ?? 0) + 1;
        } catch {
          errors++;
        }
        last = performance.now();
        lat.push(last - a);
      }
      exhausted++;
    }),
  );
  await Promise.all(pools.map((p) => p.close()));
  lat.sort((x, y) => x - y);
  const q = (p: number) => lat[Math.min(lat.length - 1, Math.floor(p * lat.length))] ?? 0;
  return {
    completed: lat.length,
    non200,
    errors,
    elapsedMs: last - start,
    p50Ms: q(0.5),
    p99Ms: q(0.99),
    exhausted,
  } satisfies LoadResult;
}

/** The parent's side of a forked load generator: `next()` resolves with the child's next message, in order. */
export function messagesFrom(child: ChildProcess): <T>() => Promise<T> {
  const messages: unknown[] = [];
  let wake: (() => void) | undefined;
  child.on('message', (m) => {
    messages.push(m);
    wake?.();
  });
  return async <T>(): Promise<T> => {
    while (messages.length === 0) await new Promise<void>((r) => (wake = r));
    return messages.shift() as T;
  };
}
