/**
 * The Dummy client: one signed request to a miner, printed as JSON.
 *
 *   npx tsx examples/dummy/client.ts --ip 127.0.0.1 --port 8091 --axon-hotkey <ss58> --input 5 [--timeout 12]
 *   npx tsx examples/dummy/client.ts --ip 127.0.0.1 --port 8091 --axon-hotkey <ss58> --input 3 --stream
 *   … [--hotkey-uri //Alice | --wallet.path DIR --wallet.name NAME --wallet.hotkey HOTKEY]
 *     [--scheme bittensor|epistula] [--body json|msgpack]
 *
 * Prints one JSON line `{"status_code":…,"status_message":…,"output":…,"process_time":…}` (Dummy: output =
 * input × 2). With `--stream` it sends DummyStream with count = --input and prints one line `{"chunk":"tok0 "}` per
 * chunk, then the final line with `output` = the collected tokens. Exit status 0 when the miner answered 200, 1 for
 * any other status, 2 for bad arguments.
 */
import { parseArgs } from 'node:util';
import { type BodyFormat, Dendrite, type Scheme, textFraming } from '@subnetkit/dendrite';
import { Keypair, type Signer, Wallet } from '@subnetkit/wallet';
import { Dummy, DummyStream } from './protocol.js';

const USAGE =
  'usage: npx tsx examples/dummy/client.ts --ip IP --port P --axon-hotkey SS58 --input N [--stream] [--timeout S]\n' +
  '       [--hotkey-uri //Alice | --wallet.path DIR --wallet.name NAME --wallet.hotkey HOTKEY]\n' +
  '       [--scheme bittensor|epistula] [--body json|msgpack]';

function line(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      ip: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string' },
      'axon-hotkey': { type: 'string' },
      input: { type: 'string' },
      stream: { type: 'boolean', default: false },
      timeout: { type: 'string', default: '12' },
      'hotkey-uri': { type: 'string' },
      'wallet.path': { type: 'string' },
      'wallet.name': { type: 'string' },
      'wallet.hotkey': { type: 'string' },
      scheme: { type: 'string', default: 'bittensor' },
      body: { type: 'string', default: 'json' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const port = Number(values.port);
  const input = Number(values.input);
  const timeout = Number(values.timeout);
  const problems: string[] = [];
  if (!values.port || !Number.isInteger(port) || port < 1 || port > 65535) problems.push('--port must be 1..65535');
  if (!values['axon-hotkey']) problems.push("--axon-hotkey is required (the miner's SS58 hotkey)");
  if (values.input === undefined || !Number.isSafeInteger(input)) problems.push('--input must be an integer');
  if (!(timeout > 0)) problems.push('--timeout must be a positive number of seconds');
  if (values.scheme !== 'bittensor' && values.scheme !== 'epistula') problems.push('--scheme is bittensor or epistula');
  if (values.body !== 'json' && values.body !== 'msgpack') problems.push('--body is json or msgpack');
  if (problems.length > 0) {
    console.error(`${problems.join('\n')}\n${USAGE}`);
    return 2;
  }

  let signer: Signer;
  if (values['hotkey-uri']) signer = await Keypair.fromUri(values['hotkey-uri']);
  else if (values['wallet.name'] || values['wallet.path'] || values['wallet.hotkey']) {
    signer = await new Wallet({
      ...(values['wallet.path'] ? { path: values['wallet.path'] } : {}),
      ...(values['wallet.name'] ? { name: values['wallet.name'] } : {}),
      ...(values['wallet.hotkey'] ? { hotkey: values['wallet.hotkey'] } : {}),
    }).getHotkey();
  } else signer = await Keypair.fromUri('//Alice');

  const dendrite = new Dendrite({
    signer,
    scheme: values.scheme as Scheme,
    bodyFormat: values.body as BodyFormat,
  });
  const axon = { ip: values.ip, port, hotkey: values['axon-hotkey']! };
  try {
    if (values.stream) {
      const framing = textFraming<(typeof DummyStream)['fields']>((s, token) => s.tokens.push(token));
      for await (const item of dendrite.stream(
        axon,
        DummyStream,
        { count: input },
        { timeout, framing, deserialize: false },
      )) {
        if (typeof item === 'string') line({ chunk: item });
        else {
          const d = item.dendrite;
          line({
            status_code: d.status_code,
            status_message: d.status_message,
            output: item.tokens,
            process_time: d.process_time,
          });
          return d.status_code === 200 ? 0 : 1;
        }
      }
      return 1;
    }
    const result = await dendrite.call(axon, Dummy, { input }, { timeout, deserialize: false });
    const d = result.dendrite;
    line({
      status_code: d.status_code,
      status_message: d.status_message,
      output: result.output,
      process_time: d.process_time,
    });
    return d.status_code === 200 ? 0 : 1;
  } finally {
    await dendrite.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`dummy client failed: ${(err as Error).message}`);
    process.exit(1);
  },
);
