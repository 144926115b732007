/**
 * `subnetkit wallet create|new-hotkey|regen-coldkey|regen-hotkey|list|show|env-password`: bittensor wallets on disk,
 * compatible with btcli (same layout, keyfile JSON and `$NACL` encryption).
 */
import {
  type CreatedKey,
  encodeEnvPassword,
  type Keyfile,
  type KeyfileProgress,
  type Keypair,
  listWallets,
  MNEMONIC_WORD_COUNTS,
  type MnemonicWordCount,
  type RegenerateKeyOptions,
  Wallet,
} from '@subnetkit/wallet';
import { boolFlag, type ParsedArgs, parseArgs, stringFlag, UsageError } from './wallet/args.js';
import { closePrompt, readNewPassword, readPassword } from './wallet/prompt.js';

const HELP = `usage: subnetkit wallet <command> [flags]

commands:
  create          new coldkey (encrypted) and hotkey (plaintext) in a new wallet
  new-hotkey      new hotkey in an existing wallet
  regen-coldkey   rewrite the coldkey from --mnemonic "<words>" or --seed 0x<64 hex> (or --uri //Alice)
  regen-hotkey    rewrite the hotkey from --mnemonic, --seed or --uri
  list            all wallets under the path, with coldkey and hotkey addresses (from pub files; no password)
  show            the selected wallet: addresses, files, encryption
  env-password    print the BT_PW_* variable that holds a keyfile's password (coldkey with --coldkey)

flags:
  --wallet.path <dir>    wallets root     (env BT_WALLET_PATH, default ~/.bittensor/wallets)
  --wallet.name <name>   wallet           (env BT_WALLET_NAME, default "default")
  --wallet.hotkey <name> hotkey           (env BT_WALLET_HOTKEY, default "default")
                         --wallet-path / --wallet_path / -p, -w, -H spellings work too
  --no-password          write the coldkey unencrypted (development only)
  --use-password         encrypt the hotkey too
  --n-words <n>          mnemonic length: 12 (default), 15, 18, 21 or 24
  --mnemonic <words>     regen-*: the BIP39 phrase
  --seed <hex>           regen-*: the 32-byte secretSeed
  --uri <suri>           regen-*: a secret URI such as //Alice (development)
  --overwrite            replace existing key files (otherwise refused)
  --hide-mnemonic        do not print new mnemonics
  --json                 machine-readable output (list, show, create)

passwords:
  On a terminal you are prompted (no echo). Otherwise one line per password is read from stdin.
  A keyfile's password may also come from BT_PW_<PATH>, e.g. for ~/.bittensor/wallets/default/coldkey
  BT_PW__HOME_ME__BITTENSOR_WALLETS_DEFAULT_COLDKEY, holding base64(password XOR variable name);
  'subnetkit wallet env-password --coldkey' prints the export line for you.`;

function walletFrom(args: ParsedArgs): Wallet {
  const path = stringFlag(args, 'wallet-path');
  const name = stringFlag(args, 'wallet-name');
  const hotkey = stringFlag(args, 'wallet-hotkey');
  return new Wallet({
    ...(path !== undefined ? { path } : {}),
    ...(name !== undefined ? { name } : {}),
    ...(hotkey !== undefined ? { hotkey } : {}),
  });
}

function nWords(args: ParsedArgs): MnemonicWordCount {
  const raw = stringFlag(args, 'n-words');
  if (raw === undefined) return 12;
  const n = Number(raw);
  if (!(MNEMONIC_WORD_COUNTS as readonly number[]).includes(n)) {
    throw new UsageError(`--n-words must be one of ${MNEMONIC_WORD_COUNTS.join(', ')}, got ${raw}`);
  }
  return n as MnemonicWordCount;
}

/** Progress lines on stderr while Argon2i runs (several seconds, 512 MiB). */
function progress(what: string): KeyfileProgress {
  return (e) => {
    if (e.stage === 'start') process.stderr.write(`Encrypting ${what} (Argon2i, 512 MiB; this takes a few seconds)...`);
    if (e.stage === 'done') process.stderr.write(` done in ${(e.ms / 1000).toFixed(1)} s\n`);
  };
}

/** Write options for one key: encryption on/off and a password asked only if BT_PW_* does not provide one. */
function writeOptions(args: ParsedArgs, what: 'coldkey' | 'hotkey') {
  const usePassword = what === 'coldkey' ? !boolFlag(args, 'no-password') : boolFlag(args, 'use-password');
  return {
    usePassword,
    overwrite: boolFlag(args, 'overwrite'),
    password: (_f: Keyfile) => readNewPassword(what),
    onProgress: progress(what),
  };
}

function printCreated(args: ParsedArgs, wallet: Wallet, keys: { kind: string; file: Keyfile; key: CreatedKey }[]) {
  const hide = boolFlag(args, 'hide-mnemonic');
  if (boolFlag(args, 'json')) {
    const out: Record<string, unknown> = { wallet: wallet.name, path: wallet.root };
    for (const k of keys) {
      out[k.kind] = {
        address: k.key.keypair.address,
        file: k.file.path,
        ...(hide ? {} : { mnemonic: k.key.mnemonic }),
      };
    }
    console.log(JSON.stringify(out, null, 2));
    return;
  }
  for (const k of keys) console.log(`${k.kind.padEnd(8)} ${k.key.keypair.address}  ${k.file.path}`);
  if (!hide) {
    console.log('\nThese mnemonics are the ONLY way to recover the keys. Write them down and keep them offline:');
    for (const k of keys) console.log(`  ${k.kind.padEnd(8)} ${k.key.mnemonic}`);
  }
}

async function create(args: ParsedArgs): Promise<number> {
  const wallet = walletFrom(args);
  const words = nWords(args);
  const { coldkey, hotkey } = await wallet.create({
    coldkey: { ...writeOptions(args, 'coldkey'), nWords: words },
    hotkey: { ...writeOptions(args, 'hotkey'), nWords: words },
  });
  if (boolFlag(args, 'no-password')) {
    console.error('note: the coldkey is stored unencrypted (--no-password); use this for development only');
  }
  printCreated(args, wallet, [
    { kind: 'coldkey', file: wallet.coldkeyFile, key: coldkey },
    { kind: 'hotkey', file: wallet.hotkeyFile(), key: hotkey },
  ]);
  return 0;
}

async function newHotkey(args: ParsedArgs): Promise<number> {
  const wallet = walletFrom(args);
  const hotkey = await wallet.createHotkey({ ...writeOptions(args, 'hotkey'), nWords: nWords(args) });
  printCreated(args, wallet, [{ kind: 'hotkey', file: wallet.hotkeyFile(), key: hotkey }]);
  return 0;
}

/** The secret for regen-*: exactly one of --mnemonic, --seed, --uri; prompts for a mnemonic when none is given. */
async function regenSource(args: ParsedArgs): Promise<{ mnemonic: string } | { seed: string } | { uri: string }> {
  const mnemonic = stringFlag(args, 'mnemonic');
  const seed = stringFlag(args, 'seed');
  const uri = stringFlag(args, 'uri');
  const given = [mnemonic, seed, uri].filter((v) => v !== undefined).length;
  if (given > 1) throw new UsageError('give only one of --mnemonic, --seed, --uri');
  if (mnemonic !== undefined) return { mnemonic };
  if (seed !== undefined) return { seed };
  if (uri !== undefined) return { uri };
  // Keep the phrase out of shell history: ask for it (no echo on a terminal).
  return { mnemonic: await readPassword('Mnemonic: ') };
}

async function regen(args: ParsedArgs, what: 'coldkey' | 'hotkey'): Promise<number> {
  const wallet = walletFrom(args);
  const options = { ...(await regenSource(args)), ...writeOptions(args, what) } as RegenerateKeyOptions;
  const kp: Keypair =
    what === 'coldkey' ? await wallet.regenerateColdkey(options) : await wallet.regenerateHotkey(options);
  const file = what === 'coldkey' ? wallet.coldkeyFile : wallet.hotkeyFile();
  if (boolFlag(args, 'json'))
    console.log(JSON.stringify({ [what]: { address: kp.address, file: file.path } }, null, 2));
  else console.log(`${what.padEnd(8)} ${kp.address}  ${file.path}`);
  return 0;
}

async function list(args: ParsedArgs): Promise<number> {
  const root = walletFrom(args).root;
  const wallets = await listWallets(root);
  if (boolFlag(args, 'json')) {
    console.log(JSON.stringify({ path: root, wallets }, null, 2));
    return 0;
  }
  console.log(`Wallets in ${root}`);
  if (wallets.length === 0) console.log('  (none)');
  for (const w of wallets) {
    console.log(`  ${w.name}  ${w.coldkeypub ?? '(no coldkeypub.txt)'}`);
    for (const h of w.hotkeys) console.log(`    ${h.name}  ${h.address ?? '(address unknown: no pub file)'}`);
  }
  return 0;
}

async function describeKey(file: Keyfile, read: () => Promise<Keypair>) {
  const exists = await file.exists();
  let address: string | undefined;
  let error: string | undefined;
  try {
    address = (await read()).address;
  } catch (err) {
    const e = err as Error & { code?: string };
    error = e.code ? `${e.code}: ${e.message}` : e.message;
  }
  return {
    file: file.path,
    exists,
    encryption: exists ? ((await file.encryption()) ?? 'none') : null,
    ...(address ? { address } : {}),
    ...(error && exists ? { error } : {}),
    passwordEnv: file.envVarName,
  };
}

async function show(args: ParsedArgs): Promise<number> {
  const wallet = walletFrom(args);
  const coldkey = await describeKey(wallet.coldkeyFile, () => wallet.getColdkeypub());
  const hotkey = await describeKey(wallet.hotkeyFile(), () => wallet.getHotkeypub());
  if (!coldkey.exists && !(await wallet.coldkeypubFile.exists()) && !hotkey.exists) {
    console.error(`no wallet '${wallet.name}' in ${wallet.root} (create one with 'subnetkit wallet create')`);
    return 1;
  }
  const hotkeys = await wallet.hotkeyNames();
  if (boolFlag(args, 'json')) {
    const out = {
      name: wallet.name,
      path: wallet.root,
      coldkey,
      hotkey: { name: wallet.hotkeyName, ...hotkey },
      hotkeys,
    };
    console.log(JSON.stringify(out, null, 2));
    return 0;
  }
  console.log(`wallet   ${wallet.name}  (${wallet.dir})`);
  console.log(`coldkey  ${coldkey.address ?? '(unknown)'}  [${coldkey.encryption ?? 'missing'}]`);
  console.log(`hotkey   ${wallet.hotkeyName}  ${hotkey.address ?? '(unknown)'}  [${hotkey.encryption ?? 'missing'}]`);
  console.log(`hotkeys  ${hotkeys.join(', ') || '(none)'}`);
  return 0;
}

async function envPassword(args: ParsedArgs): Promise<number> {
  const wallet = walletFrom(args);
  const file = boolFlag(args, 'coldkey') ? wallet.coldkeyFile : wallet.hotkeyFile();
  const password = await readPassword(`Password for ${file.path}: `);
  console.log(`export ${file.envVarName}='${encodeEnvPassword(file.envVarName, password)}'`);
  return 0;
}

const COMMANDS: Record<string, (args: ParsedArgs) => Promise<number>> = {
  create,
  'new-hotkey': newHotkey,
  'regen-coldkey': (a) => regen(a, 'coldkey'),
  'regen-hotkey': (a) => regen(a, 'hotkey'),
  list,
  show,
  'env-password': envPassword,
};

export async function run(argv: string[]): Promise<number> {
  let args: ParsedArgs;
  try {
    args = parseArgs(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    console.error(`subnetkit wallet: ${err.message}\n\n${HELP}`);
    return 2;
  }
  const [command, ...extra] = args.positional;
  if (!command || boolFlag(args, 'help') || command === 'help') {
    console.log(HELP);
    return command || boolFlag(args, 'help') ? 0 : 1;
  }
  const handler = COMMANDS[command];
  if (!handler) {
    console.error(`subnetkit wallet: unknown command '${command}'\n\n${HELP}`);
    return 2;
  }
  if (extra.length > 0) {
    console.error(`subnetkit wallet ${command}: unexpected argument '${extra[0]}'`);
    return 2;
  }
  try {
    return await handler(args);
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`subnetkit wallet ${command}: ${err.message}`);
      return 2;
    }
    throw err;
  } finally {
    closePrompt();
  }
}
