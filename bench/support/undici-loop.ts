/**
 * The baseline a dendrite is held to at small fan-outs: the least code that sends signed Dummy requests with undici
 * and reads the answers, signing each message on the main thread. No validation, no merging, no status mapping:
 * only what any client must do (nonce, body hash, sr25519 signature, headers, body, JSON parse of the answer).
 *
 * `body: 'same'` (the default, the fair comparison) sends what the dendrite sends: Python's body with the dendrite
 * and axon blocks (nonce, signature …) and the header_size/total_size headers, so the stand-in axons, which share
 * this machine's cores, parse the same bytes for both. `body: 'short'` sends only the synapse's own fields (a
 * ~60-byte body that Python axons also accept), for comparison with earlier figures.
 */
import { createHash } from 'node:crypto';
import type { Keypair } from '@subnetkit/wallet';
import { Agent, request } from 'undici';

export interface LoopTarget {
  ip: string;
  port: number;
  hotkey: string;
}

export function undiciLoop(keypair: Keypair, connectionsPerAxon = 4, body: 'same' | 'short' = 'same') {
  const dispatcher = new Agent({ connections: connectionsPerAxon, keepAliveTimeout: 15_000 });
  const uuid = '2fa3f7e2-e605-11f1-84c0-02fc00000001';
  let last = 0n;
  return {
    async forward(targets: readonly LoopTarget[], input: number): Promise<unknown[]> {
      const bodyHash = createHash('sha3-256').update(String(input)).digest('hex');
      const short = JSON.stringify({ name: 'Dummy', timeout: 12.0, input, output: null });
      return Promise.all(
        targets.map(async (t) => {
          const now = BigInt(Date.now()) * 1_000_000n;
          last = now > last ? now : last + 1n;
          const nonce = last.toString();
          const message = `${nonce}.${keypair.address}.${t.hotkey}.${uuid}.${bodyHash}`;
          const signature = `0x${Buffer.from(keypair.sign(message)).toString('hex')}`;
          const payload =
            body === 'short'
              ? short
              : JSON.stringify({
                  name: 'Dummy',
                  timeout: 12.0,
                  total_size: 0,
                  header_size: 0,
                  dendrite: {
                    ip: '127.0.0.1',
                    version: 10002000,
                    nonce: 0,
                    uuid,
                    hotkey: keypair.address,
                    signature,
                  },
                  axon: { ip: t.ip, port: t.port, hotkey: t.hotkey },
                  computed_body_hash: '',
                  input,
                  output: null,
                }).replace('"nonce":0', `"nonce":${nonce}`); // a 19-digit nonce is past JSON.stringify's exact range
          const res = await request(`http://${t.ip}:${t.port}/Dummy`, {
            method: 'POST',
            dispatcher,
            headers: {
              name: 'Dummy',
              timeout: '12.0',
              bt_header_axon_ip: t.ip,
              bt_header_axon_port: String(t.port),
              bt_header_axon_hotkey: t.hotkey,
              bt_header_dendrite_ip: '127.0.0.1',
              bt_header_dendrite_version: '10002000',
              bt_header_dendrite_nonce: nonce,
              bt_header_dendrite_uuid: uuid,
              bt_header_dendrite_hotkey: keypair.address,
              bt_header_dendrite_signature: signature,
              bt_header_input_obj_input: Buffer.from(String(input)).toString('base64'),
              ...(body === 'same' ? { header_size: '0', total_size: String(Buffer.byteLength(payload)) } : {}),
              computed_body_hash: bodyHash,
              'content-type': 'application/json',
            },
            body: payload,
          });
          return res.body.json();
        }),
      );
    },
    close: () => dispatcher.close(),
  };
}
