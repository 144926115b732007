// `npm run demo -- --dashboard --dashboard-keep` as a user runs it: the URL is printed early, the page follows the
// subnet while the demo runs (the block and the incentive move), stays up after the report, and Ctrl-C ends it cleanly.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { test } from 'node:test';

interface State {
  metagraph: { block: number; n: number; neurons: { uid: number; incentive: number; axon: unknown }[] } | null;
}

async function stateOf(url: string): Promise<State> {
  const res = await fetch(new URL('api/state', url));
  assert.equal(res.status, 200);
  return (await res.json()) as State;
}

test('the demo serves its live dashboard while it runs and holds it until Ctrl-C', { timeout: 600_000 }, async () => {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'examples/digits/run.ts',
      ...['--epochs', '1', '--miners', '1', '--validators', '1', '--dashboard', '--dashboard-keep'],
    ],
    {
      cwd: new URL('../..', import.meta.url).pathname,
      env: { ...process.env, NODE_TEST_CONTEXT: undefined },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  let err = '';
  child.stderr.on('data', (c) => {
    err += c;
  });
  const exited = once(child, 'exit');
  const waitFor = (pattern: RegExp) =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const check = () => {
        const m = out.match(pattern);
        if (m) {
          child.stdout.off('data', onData);
          child.off('exit', onExit);
          resolve(m);
        }
      };
      const onData = (c: Buffer) => {
        out += c;
        check();
      };
      const onExit = (code: number | null) =>
        reject(new Error(`demo exited (${code}) before ${pattern}\n${out.slice(-3000)}\n${err.slice(-3000)}`));
      child.stdout.on('data', onData);
      child.on('exit', onExit);
      check();
    });
  try {
    const [, url] = (await waitFor(/dashboard: (http:\/\/127\.0\.0\.1:\d+\/) \(live while the demo runs\)/)) as [
      string,
      string,
    ];
    const early = await stateOf(url);
    const page = await fetch(url);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<html/i);

    await waitFor(/stays live; Ctrl-C to stop/);
    const late = await stateOf(url);
    assert.ok(early.metagraph && late.metagraph, 'a metagraph in the state');
    assert.ok(
      late.metagraph.block > early.metagraph.block,
      `block moved: ${early.metagraph.block} → ${late.metagraph.block}`,
    );
    // Subnet owner, one validator, one miner; the miner earned incentive in the Yuma epoch, and its axon is listed.
    assert.equal(late.metagraph.n, 3);
    const miner = late.metagraph.neurons.find((x) => x.axon !== null);
    assert.ok(miner && miner.incentive > 0, JSON.stringify(late.metagraph.neurons));
    assert.match(out, /better miners earned more/, 'the report printed before the hold');

    child.kill('SIGINT');
    const [code] = await Promise.race([
      exited,
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no exit 30 s after SIGINT')), 30_000)),
    ]);
    assert.equal(code, 0, err.slice(-2000));
    await assert.rejects(fetch(url), 'the page is gone after Ctrl-C');
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
});
