/**
 * `subnetkit synapse hash|check`: the tools a subnet author reaches for when a Python validator says "hash mismatch".
 *
 *   subnetkit synapse hash --def <synapse.json> --body <body.json> [--explain]
 *   subnetkit synapse check <raw-request-file> [--index N] [--def <synapse.json>] [--axon-hotkey <ss58>]
 */
import { readFileSync } from 'node:fs';
import {
  ALLOWED_DELTA_NS,
  BaseSynapse,
  bodyHash,
  captureRequests,
  defineSynapse,
  defineSynapseFromJson,
  EMPTY_BODY_HASH,
  type FieldShape,
  fromHeaders,
  parseJson,
  pyRepr,
  type SynapseDefinition,
  SynapseError,
  sha3Hex,
  strField,
  t,
  verifyRequestSignature,
  wallClockNs,
} from '@subnetkit/synapse';

const USAGE = `usage:
  subnetkit synapse hash --def <synapse.json> --body <body.json> [--explain]
      Print the body hash of a JSON body under a synapse definition
      ({"name":"F","fields":{"x":{"type":"float","required":true}},"hashFields":["x"]}).
      --explain also prints Python str() of each hash field and its SHA3-256.
  subnetkit synapse check <raw-request-file> [--index N] [--def <synapse.json>] [--axon-hotkey <ss58>]
      Read one raw HTTP request (or the N-th request of a capture file, 1-based; default the first) and report the
      synapse name, the body hash computed from the body against the header's, whether the dendrite signature
      verifies (against --axon-hotkey, default the bt_header_axon_hotkey header) and the nonce's age.
      Without --def the hash fields are inferred by trying the body's fields. Exit code 1 on a hash mismatch or a
      signature that does not verify, or a missing bt_header_input_obj_* placeholder.`;

class UsageError extends Error {}

function parseArgs(args: string[], flags: readonly string[], bools: readonly string[] = []) {
  const opts: Record<string, string | true> = {};
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (!a.startsWith('--')) {
      positional.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
    if (bools.includes(name)) {
      opts[name] = true;
      continue;
    }
    if (!flags.includes(name)) throw new UsageError(`unknown option --${name}`);
    const value = eq > 0 ? a.slice(eq + 1) : args[++i];
    if (value === undefined) throw new UsageError(`--${name} needs a value`);
    opts[name] = value;
  }
  return { opts, positional };
}

function readJsonFile(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${what} ${path}: ${(err as Error).message}`);
  }
  try {
    return parseJson(text);
  } catch (err) {
    throw new SynapseError('SYNAPSE_INVALID_JSON', `${what} ${path}: ${(err as Error).message}`, { cause: err });
  }
}

function hashCommand(args: string[]): number {
  const { opts, positional } = parseArgs(args, ['def', 'body'], ['explain']);
  if (positional.length) throw new UsageError(`unexpected argument ${positional[0]}`);
  if (typeof opts.def !== 'string' || typeof opts.body !== 'string')
    throw new UsageError('hash needs --def and --body');
  const def = defineSynapseFromJson(readJsonFile(opts.def, 'definition'));
  const synapse = def.fromBody(readJsonFile(opts.body, 'body'));
  if (opts.explain) {
    const rec = synapse as unknown as Record<string, unknown>;
    for (const f of def.hashFields) {
      const s = strField(def.fields[f]!, rec[f], f);
      console.log(`${f}: str() = ${s.length > 200 ? `${s.slice(0, 200)}… (${s.length} chars)` : s}`);
      console.log(`${' '.repeat(f.length)}  sha3  = ${sha3Hex(s)}`);
    }
  }
  console.log(bodyHash(def, synapse));
  return 0;
}

const BASE_KEYS = new Set(['name', 'timeout', 'total_size', 'header_size', 'dendrite', 'axon', 'computed_body_hash']);

/**
 * Without a definition, finds which body fields (in which order) the sender hashed: every ordered subset of up to
 * four fields is tried, each integral number both as an int and as a float.
 */
function inferHashFields(body: Record<string, unknown>, target: string): { fields: string[]; floats: string[] } | null {
  if (target === EMPTY_BODY_HASH) return { fields: [], floats: [] };
  const names = Object.keys(body).filter((k) => !BASE_KEYS.has(k));
  const variants = new Map<string, { digest: string; float: boolean }[]>();
  for (const n of names) {
    const v = body[n];
    const list = [{ digest: sha3Hex(typeof v === 'string' ? v : pyRepr(v)), float: false }];
    if (typeof v === 'number' && Number.isInteger(v)) list.push({ digest: sha3Hex(pyRepr(v, true)), float: true });
    variants.set(n, list);
  }
  let tries = 0;
  const search = (
    chosen: string[],
    floats: string[],
    joined: string,
  ): { fields: string[]; floats: string[] } | null => {
    if (chosen.length && sha3Hex(joined) === target) return { fields: chosen, floats };
    if (chosen.length >= 4 || ++tries > 200_000) return null;
    for (const n of names) {
      if (chosen.includes(n)) continue;
      for (const v of variants.get(n)!) {
        const r = search([...chosen, n], v.float ? [...floats, n] : floats, joined + v.digest);
        if (r) return r;
      }
    }
    return null;
  };
  return search([], [], '');
}

function checkCommand(args: string[]): number {
  const { opts, positional } = parseArgs(args, ['index', 'def', 'axon-hotkey']);
  if (positional.length !== 1) throw new UsageError('check needs exactly one raw request file');
  const file = positional[0]!;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${file}: ${(err as Error).message}`);
  }
  const requests = captureRequests(text);
  if (requests.length === 0) throw new UsageError(`${file}: no dendrite -> axon request found`);
  const index = opts.index === undefined ? 1 : Number(opts.index);
  if (!Number.isInteger(index) || index < 1 || index > requests.length)
    throw new UsageError(`--index must be 1..${requests.length} (${file} holds ${requests.length} requests)`);
  const { label, request } = requests[index - 1]!;
  const headers = new Map(request.headers);
  const name = headers.get('name') ?? request.path.split('/')[1] ?? '';
  const body = parseJson(request.body);
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new SynapseError('SYNAPSE_INVALID_JSON', 'the request body is not a JSON object');
  const bodyRec = body as Record<string, unknown>;
  const headerHash = headers.get('computed_body_hash') ?? '';

  let def: SynapseDefinition<FieldShape, unknown>;
  let hashNote: string;
  if (typeof opts.def === 'string') {
    def = defineSynapseFromJson(readJsonFile(opts.def, 'definition'));
    if (def.name !== name) console.log(`note:         the definition is ${def.name}, the request names ${name}`);
    hashNote = `${def.hashFields.join(', ') || '(none)'} (from ${opts.def})`;
  } else {
    const found = inferHashFields(bodyRec, headerHash);
    const fields: FieldShape = {};
    for (const k of Object.keys(bodyRec)) {
      if (BASE_KEYS.has(k)) continue;
      fields[k] = found?.floats.includes(k) ? t.float().optional() : t.any().optional();
    }
    const hashFields = found?.fields ?? [];
    def = defineSynapse({ name: /^[A-Za-z_]\w*$/.test(name) ? name : 'Synapse', fields, hashFields });
    hashNote = found
      ? `${hashFields.join(', ') || '(none)'} (inferred: no --def given${found.floats.length ? `; ${found.floats.join(', ')} as float` : ''})`
      : 'unknown (no --def given and no combination of up to 4 body fields reproduces the header hash)';
  }

  // Terminal info and the header hash come from a field-less parse, so that a missing placeholder is reported
  // below instead of hiding the hash and signature results.
  const headerSynapse = fromHeaders(BaseSynapse, request.headers);
  let placeholders = 'ok';
  try {
    fromHeaders(def, request.headers);
  } catch (err) {
    placeholders = `${(err as Error).message} (a Python axon answers 500)`;
  }
  const bodySynapse = def.fromBody(bodyRec);
  const computed = bodyHash(def, bodySynapse);
  const hashOk = computed === headerHash;
  const axonHotkey = typeof opts['axon-hotkey'] === 'string' ? opts['axon-hotkey'] : headerSynapse.axon.hotkey;
  const sig = axonHotkey
    ? verifyRequestSignature(headerSynapse, axonHotkey)
    : { ok: false as const, message: '', reason: 'no axon hotkey (pass --axon-hotkey)' };

  console.log(`request:      ${request.method} ${request.path}  [${label}]`);
  console.log(`synapse:      ${name}`);
  console.log(`hash fields:  ${hashNote}`);
  if (placeholders !== 'ok') console.log(`headers:      ${placeholders}`);
  console.log(`body hash:    ${computed}  (computed from the body)`);
  console.log(`header hash:  ${headerHash || '(missing)'}  ${hashOk ? 'MATCH' : 'MISMATCH'}`);
  console.log(
    sig.ok
      ? `signature:    verifies (${sig.form} message) by ${headerSynapse.dendrite.hotkey} for axon ${axonHotkey}`
      : `signature:    DOES NOT VERIFY: ${sig.reason}`,
  );
  console.log(`message:      ${sig.message}`);
  const nonce = headerSynapse.dendrite.nonce;
  if (nonce === null) console.log('nonce:        (missing)');
  else {
    const age = Number(wallClockNs() - nonce) / 1e9;
    const allowed = Number(ALLOWED_DELTA_NS) / 1e9 + (headerSynapse.timeout ?? 0);
    const verdict = age <= allowed ? 'within' : 'outside';
    console.log(
      `nonce:        ${nonce} (age ${age.toFixed(2)} s; ${verdict} the ${allowed.toFixed(2)} s window a fresh axon allows)`,
    );
  }
  const ok = hashOk && sig.ok && placeholders === 'ok';
  console.log(`result:       ${ok ? 'OK' : 'FAIL'}`);
  return ok ? 0 : 1;
}

export async function run(args: string[]): Promise<number> {
  const [cmd, ...rest] = args;
  try {
    if (rest.includes('--help') || rest.includes('-h')) {
      console.log(USAGE);
      return 0;
    }
    if (cmd === 'hash') return hashCommand(rest);
    if (cmd === 'check') return checkCommand(rest);
    if (!cmd || cmd === '--help' || cmd === '-h' || cmd === 'help') {
      console.log(USAGE);
      return cmd ? 0 : 2;
    }
    throw new UsageError(`unknown synapse command '${cmd}'`);
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`subnetkit synapse: ${err.message}\n\n${USAGE}`);
      return 2;
    }
    throw err;
  }
}
