import { Keypair } from '@subnetkit/wallet';

let alice: Promise<Keypair> | undefined;

/** //Alice: the sudo key of the localnet spec (and its richest account). */
export function devSudoKey(): Promise<Keypair> {
  alice ??= Keypair.fromUri('//Alice');
  return alice;
}
