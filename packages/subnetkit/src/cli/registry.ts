/**
 * Every command, one file each under commands/. A command file defines its flags and examples and imports what it
 * needs (the chain client, the localnet) only when it runs, so listing them all here loads nothing heavy:
 * `subnetkit synapse hash` never loads the chain client. Adding a command is one file plus one line below.
 */
import type { CommandSpec } from './command.js';
import dashboard from './commands/dashboard.js';
import localnetUp from './commands/localnet/up.js';
import metagraph from './commands/metagraph.js';
import miner from './commands/miner.js';
import scaffoldNew from './commands/new.js';
import subnetCreate from './commands/subnet/create.js';
import subnetRegister from './commands/subnet/register.js';
import subnetStake from './commands/subnet/stake.js';
import subnetStart from './commands/subnet/start.js';
import synapseCheck from './commands/synapse/check.js';
import synapseHash from './commands/synapse/hash.js';
import validator from './commands/validator.js';
import walletCreate from './commands/wallet/create.js';
import walletEnvPassword from './commands/wallet/env-password.js';
import walletList from './commands/wallet/list.js';
import walletNewHotkey from './commands/wallet/new-hotkey.js';
import walletRegenColdkey from './commands/wallet/regen-coldkey.js';
import walletRegenHotkey from './commands/wallet/regen-hotkey.js';
import walletShow from './commands/wallet/show.js';
import weightsReveal from './commands/weights/reveal.js';
import weightsSet from './commands/weights/set.js';
import weightsTimelock from './commands/weights/timelock.js';
import weightsUntimelock from './commands/weights/untimelock.js';

/** One line per group, for `subnetkit <group> --help`. */
export const GROUPS: Record<string, string> = {
  synapse: 'hash a body, check a raw request (hash mismatch debugging)',
  wallet: 'create, regenerate, list and show bittensor wallets',
  localnet: 'run the embedded subtensor localnet (ws server)',
  subnet: 'create a subnet, register a hotkey, add stake',
  weights: "set (or commit) and reveal a validator's weights",
};

/** In the order `subnetkit --help` and docs/cli.md list them. */
export const COMMANDS: readonly CommandSpec[] = [
  scaffoldNew,
  miner,
  validator,
  synapseHash,
  synapseCheck,
  walletCreate,
  walletNewHotkey,
  walletRegenColdkey,
  walletRegenHotkey,
  walletList,
  walletShow,
  walletEnvPassword,
  localnetUp,
  subnetCreate,
  subnetStart,
  subnetRegister,
  subnetStake,
  weightsSet,
  weightsReveal,
  weightsTimelock,
  weightsUntimelock,
  metagraph,
  dashboard,
];
