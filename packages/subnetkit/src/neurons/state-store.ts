/**
 * The validator's state on disk: scores and step state in one JSON file, replaced whole through a temp file in the
 * same directory, fsync, rename and a directory fsync. A crash at any moment (SIGKILL mid-write included) leaves
 * either the previous file or the new one, never a mix. The format is versioned; a file that cannot be read is an
 * error naming it, never silently replaced by an empty state.
 */
import { mkdir, open, readFile, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { atomicTempPath, isAtomicWriteError, removeStaleTemps, writeFileAtomic } from '@subnetkit/synapse/atomic-write';
import { NeuronError } from './errors.js';

export const STATE_FORMAT_VERSION = 1;

export interface ValidatorState {
  version: typeof STATE_FORMAT_VERSION;
  netuid: number;
  /** The validator's hotkey: a state belongs to one (netuid, hotkey). */
  hotkey: string;
  /** Steps completed. */
  step: number;
  /** Block of the last completed step. */
  block: number;
  /** First block at which weights are due again (0: at the next step). */
  nextWeightsBlock: number;
  /** Block weights were last put on chain (0: never). */
  lastWeightsBlock: number;
  scores: number[];
  /** The hotkey each score belongs to, by uid. */
  hotkeys: string[];
  savedAt: string;
}

export class StateStore {
  readonly path: string;

  constructor(path: string) {
    this.path = path;
  }

  /** The saved state, or undefined when there is none yet. */
  async load(): Promise<ValidatorState | undefined> {
    // Temp files of a process killed mid-write: never the state itself, safe to delete.
    await removeStaleTemps(this.path);
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new NeuronError('NEURON_STATE', `cannot read validator state ${this.path}: ${(err as Error).message}`, {
        cause: err,
      });
    }
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (err) {
      throw new NeuronError(
        'NEURON_STATE',
        `validator state ${this.path} is not valid JSON (${(err as Error).message}); move it aside to start afresh`,
        { cause: err },
      );
    }
    return parseState(data, this.path);
  }

  async save(state: Omit<ValidatorState, 'version' | 'savedAt'>): Promise<void> {
    const full: ValidatorState = { version: STATE_FORMAT_VERSION, ...state, savedAt: new Date().toISOString() };
    try {
      await writeFileAtomic(this.path, `${JSON.stringify(full)}\n`, { mode: 0o600, dirMode: 0o700 });
    } catch (err) {
      throw new NeuronError('NEURON_STATE', `cannot write validator state ${this.path}: ${reasonOf(err)}`, {
        cause: err,
        metaMessages: isAtomicWriteError(err) ? err.metaMessages : [],
      });
    }
  }

  /**
   * Fails now, with a STATE error naming the file and the reason, if the state could not be saved (a read-only or
   * full disk, a file where the directory should be): a validator should not run for hours before finding out.
   * Writes and removes one small temp file; the state file is not touched.
   */
  async assertWritable(): Promise<void> {
    const dir = dirname(this.path);
    const tmp = atomicTempPath(this.path); // the writes' own pattern: a probe left by a kill is cleaned like them
    try {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      const handle = await open(tmp, 'wx', 0o600);
      try {
        await handle.writeFile('{}\n');
        await handle.sync();
      } finally {
        await handle.close();
      }
    } catch (err) {
      throw new NeuronError('NEURON_STATE', `cannot write validator state ${this.path}: ${(err as Error).message}`, {
        cause: err,
      });
    } finally {
      await unlink(tmp).catch(() => undefined);
    }
  }
}

function parseState(data: unknown, path: string): ValidatorState {
  const bad = (what: string) => new NeuronError('NEURON_STATE', `validator state ${path}: ${what}`);
  if (data === null || typeof data !== 'object') throw bad('not a JSON object');
  const s = data as Record<string, unknown>;
  if (s.version !== STATE_FORMAT_VERSION) {
    throw bad(`format version ${String(s.version)} is not the supported ${STATE_FORMAT_VERSION}`);
  }
  const int = (k: string) => {
    if (!Number.isInteger(s[k]) || (s[k] as number) < 0) throw bad(`${k} must be a non-negative integer`);
    return s[k] as number;
  };
  if (typeof s.hotkey !== 'string') throw bad('hotkey must be a string');
  if (!Array.isArray(s.scores) || !s.scores.every((x) => typeof x === 'number' && Number.isFinite(x) && x >= 0)) {
    throw bad('scores must be an array of non-negative numbers');
  }
  if (!Array.isArray(s.hotkeys) || !s.hotkeys.every((x) => typeof x === 'string')) {
    throw bad('hotkeys must be an array of strings');
  }
  if (s.hotkeys.length !== s.scores.length) throw bad('scores and hotkeys differ in length');
  return {
    version: STATE_FORMAT_VERSION,
    netuid: int('netuid'),
    hotkey: s.hotkey,
    step: int('step'),
    block: int('block'),
    nextWeightsBlock: int('nextWeightsBlock'),
    lastWeightsBlock: int('lastWeightsBlock'),
    scores: s.scores as number[],
    hotkeys: s.hotkeys as string[],
    savedAt: typeof s.savedAt === 'string' ? s.savedAt : '',
  };
}

/** The one-line reason of a failed write (the atomic write's short message, else the error's). */
function reasonOf(err: unknown): string {
  return (err as { shortMessage?: string }).shortMessage ?? (err as Error).message;
}
