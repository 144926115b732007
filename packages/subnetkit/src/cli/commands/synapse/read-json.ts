/** Reads a JSON file for the synapse commands: an unreadable file is a usage error, bad JSON a SynapseError. */
import { readFileSync } from 'node:fs';
import { UsageError } from '../../errors.js';

export async function readJsonFile(path: string, what: string): Promise<unknown> {
  const { parseJson, SynapseError } = await import('@subnetkit/synapse');
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
