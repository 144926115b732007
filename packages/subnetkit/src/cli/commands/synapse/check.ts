/**
 * `subnetkit synapse check`: one raw request (or the N-th of a capture file) read the way an axon reads it: the
 * synapse name, the body hash against the header's, the signature and the nonce's age.
 */
import { readFileSync } from 'node:fs';
import type { FieldShape, SynapseDefinition } from '@subnetkit/synapse';
import { defineCommand } from '../../command.js';
import { UsageError } from '../../errors.js';
import { jsonOption } from '../../options.js';
import { readJsonFile } from './read-json.js';

const BASE_KEYS = new Set(['name', 'timeout', 'total_size', 'header_size', 'dendrite', 'axon', 'computed_body_hash']);

/**
 * Without a definition, finds which body fields (in which order) the sender hashed: every ordered subset of up to
 * four fields is tried, each integral number both as an int and as a float.
 */
async function inferHashFields(
  body: Record<string, unknown>,
  target: string,
): Promise<{ fields: string[]; floats: string[] } | null> {
  const { EMPTY_BODY_HASH, pyRepr, sha3Hex } = await import('@subnetkit/synapse');
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

export default defineCommand({
  name: 'synapse check',
  summary: 'check a raw request: name, body hash vs header, signature, nonce age',
  description:
    'Reads one raw HTTP request (or the N-th request of a capture file, 1-based; default the first) and reports the ' +
    'synapse name, the body hash computed from the body against the header’s, whether the dendrite signature ' +
    'verifies (against --axon-hotkey, default the bt_header_axon_hotkey header) and the nonce’s age. Without --def ' +
    'the hash fields are inferred by trying the body’s fields. Exit code 1 on a hash mismatch, a signature that does ' +
    'not verify, or a missing bt_header_input_obj_* placeholder.',
  arguments: [{ name: '<request-file>', description: 'a raw HTTP request, or a capture file of several' }],
  options: [
    { key: 'index', flags: '--index <n>', description: 'which request of a capture file, 1-based (default 1)' },
    { key: 'def', flags: '--def <file>', description: 'the synapse definition (JSON); default: inferred' },
    { key: 'axonHotkey', flags: '--axon-hotkey <ss58>', description: 'the axon the request was signed for' },
    jsonOption,
  ],
  examples: [
    'subnetkit synapse check capture.txt --index 2',
    'subnetkit synapse check request.http --def synapse.json',
  ],
  async run(ctx) {
    const file = ctx.args[0] as string;
    const syn = await import('@subnetkit/synapse');
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      throw new UsageError(`cannot read ${file}: ${(err as Error).message}`);
    }
    const requests = syn.captureRequests(text);
    if (requests.length === 0) throw new UsageError(`${file}: no dendrite -> axon request found`);
    const rawIndex = ctx.opt('index');
    const index = rawIndex === undefined ? 1 : Number(rawIndex);
    if (!Number.isInteger(index) || index < 1 || index > requests.length)
      throw new UsageError(`--index must be 1..${requests.length} (${file} holds ${requests.length} requests)`);
    const { label, request } = requests[index - 1]!;
    const headers = new Map(request.headers);
    const name = headers.get('name') ?? request.path.split('/')[1] ?? '';
    const body = syn.parseJson(request.body);
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      throw new syn.SynapseError('SYNAPSE_INVALID_JSON', 'the request body is not a JSON object');
    const bodyRec = body as Record<string, unknown>;
    const headerHash = headers.get('computed_body_hash') ?? '';
    const notes: string[] = [];

    let def: SynapseDefinition<FieldShape, unknown>;
    let hashNote: string;
    const defPath = ctx.opt('def');
    if (typeof defPath === 'string') {
      def = syn.defineSynapseFromJson(await readJsonFile(defPath, 'definition'));
      if (def.name !== name) notes.push(`the definition is ${def.name}, the request names ${name}`);
      hashNote = `${def.hashFields.join(', ') || '(none)'} (from ${defPath})`;
    } else {
      const found = await inferHashFields(bodyRec, headerHash);
      const fields: FieldShape = {};
      for (const k of Object.keys(bodyRec)) {
        if (BASE_KEYS.has(k)) continue;
        fields[k] = found?.floats.includes(k) ? syn.t.float().optional() : syn.t.any().optional();
      }
      const hashFields = found?.fields ?? [];
      def = syn.defineSynapse({ name: /^[A-Za-z_]\w*$/.test(name) ? name : 'Synapse', fields, hashFields });
      hashNote = found
        ? `${hashFields.join(', ') || '(none)'} (inferred: no --def given${found.floats.length ? `; ${found.floats.join(', ')} as float` : ''})`
        : 'unknown (no --def given and no combination of up to 4 body fields reproduces the header hash)';
    }

    // Terminal info and the header hash come from a field-less parse, so that a missing placeholder is reported
    // below instead of hiding the hash and signature results.
    const headerSynapse = syn.fromHeaders(syn.BaseSynapse, request.headers);
    let placeholders = 'ok';
    try {
      syn.fromHeaders(def, request.headers);
    } catch (err) {
      placeholders = `${(err as Error).message} (a Python axon answers 500)`;
    }
    const computed = syn.bodyHash(def, def.fromBody(bodyRec));
    const hashOk = computed === headerHash;
    const axonHotkeyFlag = ctx.opt('axonHotkey');
    const axonHotkey = typeof axonHotkeyFlag === 'string' ? axonHotkeyFlag : headerSynapse.axon.hotkey;
    const sig = axonHotkey
      ? syn.verifyRequestSignature(headerSynapse, axonHotkey)
      : { ok: false as const, message: '', reason: 'no axon hotkey (pass --axon-hotkey)' };
    const nonce = headerSynapse.dendrite.nonce;
    const age = nonce === null ? undefined : Number(syn.wallClockNs() - nonce) / 1e9;
    const allowed = Number(syn.ALLOWED_DELTA_NS) / 1e9 + (headerSynapse.timeout ?? 0);
    const ok = hashOk && sig.ok && placeholders === 'ok';

    if (ctx.json) {
      ctx.print(
        {
          ok,
          request: { method: request.method, path: request.path, label },
          synapse: name,
          hashFields: hashNote,
          placeholders,
          bodyHash: computed,
          headerHash: headerHash || null,
          hashMatches: hashOk,
          signature: sig.ok
            ? { verifies: true, form: sig.form, dendrite: headerSynapse.dendrite.hotkey, axon: axonHotkey }
            : { verifies: false, reason: sig.reason },
          message: sig.message,
          nonce: nonce === null ? null : { value: String(nonce), ageSeconds: age, allowedSeconds: allowed },
          notes,
        },
        '',
      );
      return ok ? 0 : 1;
    }
    for (const n of notes) console.log(`note:         ${n}`);
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
    if (nonce === null || age === undefined) console.log('nonce:        (missing)');
    else {
      const verdict = age <= allowed ? 'within' : 'outside';
      console.log(
        `nonce:        ${nonce} (age ${age.toFixed(2)} s; ${verdict} the ${allowed.toFixed(2)} s window a fresh axon allows)`,
      );
    }
    console.log(`result:       ${ok ? 'OK' : 'FAIL'}`);
    return ok ? 0 : 1;
  },
});
