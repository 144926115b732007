/** Progress of a slow keyfile unlock or lock, for a spinner or a log line. Carries no secret material. */
export type KeyfileProgressEvent =
  | { stage: 'start'; kdf: 'argon2i' | 'pbkdf2-sha256' }
  | { stage: 'derived'; ms: number }
  | { stage: 'done'; ms: number };

export type KeyfileProgress = (event: KeyfileProgressEvent) => void;

export interface SlowCryptoOptions {
  onProgress?: KeyfileProgress;
  signal?: AbortSignal;
}
