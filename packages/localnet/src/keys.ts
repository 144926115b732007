import { Keypair } from '@subnetkit/wallet';

let alice: Promise<Keypair> | undefined;

/** //Alice: the sudo key of the localnet spec (and its richest account). */
export function devSudoKey(): Promise<Keypair> {
  alice ??= Keypair.fromUri('//Alice');
  return alice;
}

/** //Alice's address (sr25519, ss58 42). */
export const DEV_SUDO_ADDRESS = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY';
