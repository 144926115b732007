/**
 * The Dummy miner: serves Dummy (output = input × 2) and DummyStream (streams `count` chunks `tok0 `, `tok1 `, …).
 *
 *   npx tsx examples/dummy/miner.ts --port 8091 [--ip 127.0.0.1] [--hotkey-uri //Bob]
 *   npx tsx examples/dummy/miner.ts --port 8091 --wallet.path ~/.bittensor/wallets --wallet.name miner --wallet.hotkey default
 *
 * Prints one line `AXON_READY <ip>:<port> <hotkey ss58>` on stdout once listening (logs go to stderr) and stops
 * cleanly on SIGINT/SIGTERM.
 */
import { parseArgs } from 'node:util';
import { Axon, RequestRejected } from '@subnetkit/axon';
import { Keypair, type Signer, Wallet } from '@subnetkit/wallet';
import { pino } from 'pino';
import { Dummy, DummyStream, double, dummyProblem, streamProblem, tokens } from './protocol.js';

const USAGE =
  'usage: npx tsx examples/dummy/miner.ts --port P [--ip 127.0.0.1] [--hotkey-uri //Bob | --wallet.path DIR --wallet.name NAME --wallet.hotkey HOTKEY]';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      ip: { type: 'string', default: '127.0.0.1' },
      'hotkey-uri': { type: 'string' },
      'wallet.path': { type: 'string' },
      'wallet.name': { type: 'string' },
      'wallet.hotkey': { type: 'string' },
      'log-level': { type: 'string', default: 'warn' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const port = Number(values.port);
  if (!values.port || !Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port must be a TCP port number\n${USAGE}`);
    return 2;
  }
  const keys: { signer?: Signer; wallet?: Wallet } = {};
  if (values['hotkey-uri']) keys.signer = await Keypair.fromUri(values['hotkey-uri']);
  else {
    keys.wallet = new Wallet({
      ...(values['wallet.path'] ? { path: values['wallet.path'] } : {}),
      ...(values['wallet.name'] ? { name: values['wallet.name'] } : {}),
      ...(values['wallet.hotkey'] ? { hotkey: values['wallet.hotkey'] } : {}),
    });
  }
  const logger = pino({ name: 'dummy-miner', level: values['log-level'] }, pino.destination(2));
  const axon = new Axon({ ...keys, port, ip: values.ip, logger });
  axon.attach(Dummy, (synapse) => {
    const problem = dummyProblem(synapse.input);
    if (problem) throw new RequestRejected(422, problem);
    synapse.output = double(synapse.input);
    return synapse;
  });
  // Checked before the stream starts: once the 200 and its headers are sent, a refusal can no longer be told.
  axon.attach(DummyStream, (synapse, { signal }) => {
    const problem = streamProblem(synapse.count);
    if (problem) throw new RequestRejected(422, problem);
    return (async function* () {
      for (const token of tokens(synapse.count)) {
        if (signal.aborted) return;
        yield token;
      }
    })();
  });
  await axon.start();
  process.stdout.write(`AXON_READY ${values.ip}:${axon.port} ${axon.hotkey}\n`);

  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await axon.stop(5000);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`dummy miner failed: ${(err as Error).message}`);
    process.exit(1);
  },
);
