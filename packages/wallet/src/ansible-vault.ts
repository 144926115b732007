/**
 * Decrypt-only support for `$ANSIBLE_VAULT;1.1;AES256` keyfiles (older bittensor wallets). Format (Ansible docs,
 * "Vault payload format 1.1 - 1.2"): header line, then hex lines of hexlify(hex(salt) "\n" hex(hmac) "\n"
 * hex(ciphertext)). PBKDF2-HMAC-SHA256(password, salt, 10000) gives 80 bytes: AES-256 key ‖ HMAC key ‖ CTR IV.
 * HMAC-SHA256 covers the ciphertext; the plaintext is PKCS#7 padded to the AES block size.
 */
import { createDecipheriv, createHmac, pbkdf2, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { KeyfileCorruptError, WalletError, WrongPasswordError } from './errors.js';

const pbkdf2Async = promisify(pbkdf2);
export const ANSIBLE_PREFIX = '$ANSIBLE_VAULT';
const ITERATIONS = 10000;

function unhex(text: string, what: string, where: string): Buffer {
  const clean = text.trim();
  if (clean.length === 0 || clean.length % 2 !== 0 || !/^[0-9a-fA-F]+$/.test(clean)) {
    throw new KeyfileCorruptError(`${where}: Ansible vault ${what} is not valid hex`);
  }
  return Buffer.from(clean, 'hex');
}

export async function decryptAnsibleVault(data: Uint8Array, password: string, where: string): Promise<Uint8Array> {
  const text = Buffer.from(data).toString('utf8');
  const lines = text.split(/\r?\n/).map((l) => l.trim());
  const header = (lines[0] ?? '').split(';');
  if (header[0] !== ANSIBLE_PREFIX) throw new KeyfileCorruptError(`${where}: not an Ansible vault`);
  if (!['1.1', '1.2'].includes(header[1] ?? '') || header[2] !== 'AES256') {
    throw new WalletError(
      'WALLET_KEYFILE_UNSUPPORTED',
      `${where}: unsupported Ansible vault format ${JSON.stringify(lines[0])} (only 1.1/1.2 AES256)`,
    );
  }
  const outer = unhex(lines.slice(1).join(''), 'payload', where).toString('ascii').split('\n');
  if (outer.length !== 3) throw new KeyfileCorruptError(`${where}: Ansible vault payload must have 3 parts`);
  const salt = unhex(outer[0] ?? '', 'salt', where);
  const mac = unhex(outer[1] ?? '', 'HMAC', where);
  const ciphertext = unhex(outer[2] ?? '', 'ciphertext', where);
  if (mac.length !== 32 || ciphertext.length % 16 !== 0) {
    throw new KeyfileCorruptError(`${where}: Ansible vault HMAC or ciphertext has the wrong length`);
  }
  // Async pbkdf2 runs on libuv's thread pool, off the main thread.
  const derived = await pbkdf2Async(Buffer.from(password, 'utf8'), salt, ITERATIONS, 80, 'sha256');
  const expected = createHmac('sha256', derived.subarray(32, 64)).update(ciphertext).digest();
  if (!timingSafeEqual(expected, mac)) {
    derived.fill(0);
    throw new WrongPasswordError(`${where}: wrong password for Ansible vault (or the file was modified)`);
  }
  const decipher = createDecipheriv('aes-256-ctr', derived.subarray(0, 32), derived.subarray(64, 80));
  const padded = Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  derived.fill(0);
  const pad = padded[padded.length - 1] ?? 0;
  if (pad < 1 || pad > 16 || pad > padded.length || !padded.subarray(padded.length - pad).every((b) => b === pad)) {
    throw new KeyfileCorruptError(`${where}: Ansible vault plaintext has invalid padding`);
  }
  return new Uint8Array(padded.subarray(0, padded.length - pad));
}
