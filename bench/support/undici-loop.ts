/**
 * The baseline a dendrite is held to at small fan-outs: the least code that sends the same signed Dummy requests
 * with undici and reads the answers, signing each message on the main thread. No validation, no merging, no
 * status mapping: only what any client must do (nonce, sr25519 signature, headers, body, JSON parse).
 */
import { createHash } from 'node:crypto';
import type { Keypair } from '@subnetkit/wallet';
import { Agent, request } from 'undici';

export interface LoopTarget {
  ip: string;
  port: number;
  hotkey: string;
}

export function undiciLoop(keypair: Keypair, connectionsPerAxon = 4) {
  const dispatcher = new Agent({ connections: connectionsPerAxon, keepAliveTimeout: 15_000 });
  const uuid = '2fa3f7e2-e605-11f1-84c0-02fc00000001';
  let last = 0n;
  return {
    async forward(targets: readonly LoopTarget[], input: number): Promise<unknown[]> {
      const body = JSON.stringify({ name: 'Dummy', timeout: 12.0, input, output: null });
      const bodyHash = createHash('sha3-256').update(String(input)).digest('hex');
      return Promise.all(
        targets.map(async (t) => {
          const now = BigInt(Date.now()) * 1_000_000n;
          last = now > last ? now : last + 1n;
          const nonce = last.toString();
          const message = `${nonce}.${keypair.address}.${t.hotkey}.${uuid}.${bodyHash}`;
          const signature = `0x${Buffer.from(keypair.sign(message)).toString('hex')}`;
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
              computed_body_hash: bodyHash,
              'content-type': 'application/json',
            },
            body,
          });
          return res.body.json();
        }),
      );
    },
    close: () => dispatcher.close(),
  };
}
