/**
 * The dashboard against the real in-process localnet, looked at in real headless Chromium: a subnet with a
 * validator and three miners (two serving real axons), the page's table, charts, heatmap and axon health, live
 * updates after a weights epoch without a reload, sorting and filtering. Screenshots go to test-artifacts/ (ignored
 * by git) for a person to look at.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { Axon } from '@subnetkit/axon';
import { type ChainClient, serveAxon } from '@subnetkit/chain';
import { type Dashboard, DashboardError, type DashboardState, startDashboard } from '@subnetkit/dashboard';
import { type Localnet, startLocalnet } from '@subnetkit/localnet';
import { setWeights } from '@subnetkit/metagraph';
import { Keypair } from '@subnetkit/wallet';
import type { Page } from 'playwright-core';
import { bootstrapSubnet, type Subnet } from '../metagraph/bootstrap.js';
import { type Browser, launchChromium } from './browser.js';

const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));
const MINER_UIDS = [2, 3, 4];

let net: Localnet;
let client: ChainClient;
let subnet: Subnet;
let dash: Dashboard;
let browser: Browser | undefined;
let page: Page;
const axons: Axon[] = [];

/** Pixels of the canvases under `selector` that carry a saturated colour (series, heat cells), not the grey of axes. */
async function colouredPixels(selector: string): Promise<number> {
  // Page code is passed as text: it runs in the browser, and Node's types know nothing of the DOM.
  return page.evaluate(`(() => {
    let count = 0;
    for (const c of document.querySelectorAll(${JSON.stringify(selector)})) {
      if (c.width === 0 || c.height === 0) continue;
      const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      for (let i = 0; i < data.length; i += 4) {
        const r = data[i], g = data[i + 1], b = data[i + 2], a = data[i + 3];
        if (a > 128 && Math.max(r, g, b) - Math.min(r, g, b) > 60) count++;
      }
    }
    return count;
  })()`);
}

/**
 * Waits until a JavaScript expression is true in the page. (Playwright's own waitForFunction compiles its predicate
 * with eval, which the dashboard's Content-Security-Policy refuses, as it should.)
 */
async function waitFor(expression: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await page.evaluate(expression))) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for: ${expression}`);
    await sleep(200);
  }
}

const rowUids = () => page.$$eval('#neurons tbody tr', (rows) => rows.map((r) => Number(r.getAttribute('data-uid'))));
const cellValue = (uid: number, col: string) =>
  page.$eval(`#neurons tr[data-uid="${uid}"] td[data-col="${col}"]`, (td) => Number(td.getAttribute('data-value')));

before(async () => {
  // Fail before the slow chain work when the browser is missing.
  browser = await launchChromium();
  net = await startLocalnet();
  client = await net.client();
  subnet = await bootstrapSubnet(net);
  // Miners 1 and 2 serve real axons (the chain refuses 127.0.0.1; Linux routes all of 127/8 to loopback).
  for (const [i, m] of subnet.miners.slice(0, 2).entries()) {
    const ip = `127.0.0.${i + 2}`;
    const axon = new Axon({ signer: m.hot, ip, port: 0, verifyThreads: 0, logLevel: 'silent' });
    await axon.start();
    axons.push(axon);
    await serveAxon(client, { netuid: subnet.netuid, hotkey: m.hot, ip, port: axon.port });
  }
  dash = await startDashboard({ chain: client, netuid: subnet.netuid, port: 0, healthIntervalMs: 1_000 });
  page = await browser.context.newPage();
  mkdirSync(ARTIFACTS, { recursive: true });
});

after(async () => {
  await browser?.close();
  await dash?.close();
  for (const a of axons) await a.stop(1_000);
  await net?.close();
});

describe('the dashboard in Chromium', () => {
  it('shows one row per neuron, the charts, axon health, and no secrets in its feed', async () => {
    await page.goto(dash.url);
    await page.waitForSelector('#neurons tbody tr');
    assert.deepEqual(await rowUids(), [0, 1, 2, 3, 4]);
    assert.equal(await page.textContent('#title'), `Subnet ${subnet.netuid}`);
    assert.equal(await page.textContent('#block'), `#${dash.state().metagraph?.block.toLocaleString('en-US')}`);
    const hotkeyCell = await page.textContent('#neurons tr[data-uid="1"] td[data-col="hotkey"]');
    const v = subnet.validator.hot.address;
    assert.equal(hotkeyCell, `${v.slice(0, 5)}…${v.slice(-4)}`);
    const stake = await cellValue(1, 'stake');
    assert.ok(stake > 100, `the validator shows its stake (1000 TAO in, as alpha): ${stake}`);
    assert.equal(stake, dash.state().metagraph?.neurons[1]?.stake);
    await waitFor(`document.querySelector('#live').classList.contains('off') === false`);

    // Health: a signed ping reached both axons (200, with a latency); the third miner publishes none.
    await waitFor(`document.querySelectorAll('#neurons td[data-col="latency"] .pill.ok').length === 2`);
    for (const uid of [2, 3]) {
      const text = await page.textContent(`#neurons tr[data-uid="${uid}"] td[data-col="latency"]`);
      assert.match(text ?? '', /^ok \d+\.\d ms$/);
    }
    assert.equal(await page.textContent('#neurons tr[data-uid="4"] td[data-col="latency"]'), 'not serving');
    assert.equal(await page.textContent('#stat-health'), '2 / 2');

    // The stake chart drew the validator's line; no weights yet, so the heatmap says so.
    assert.ok((await colouredPixels('#chart-stake canvas')) > 50, 'the stake chart has a coloured line');
    assert.equal(await page.isVisible('#heatmap-empty'), true);

    const feed = JSON.stringify(await (await fetch(new URL('/api/state', dash.url))).json());
    assert.ok(!/mnemonic|secret|seed|password/i.test(feed), 'no secret-bearing field in the feed');
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-start.png'), fullPage: true });
  });

  it('updates without a reload after weights and an epoch: incentive, charts, heatmap', async () => {
    const blockBefore = await page.textContent('#block');
    assert.deepEqual(await Promise.all(MINER_UIDS.map((u) => cellValue(u, 'incentive'))), [0, 0, 0]);
    await page.evaluate('window.marker = 42'); // survives only if the page is not reloaded
    await setWeights(client, {
      netuid: subnet.netuid,
      signer: subnet.validator.hot,
      uids: MINER_UIDS,
      weights: [0.6, 0.3, 0.1],
    });
    await net.advanceToNextEpoch(subnet.netuid);
    const incentiveOf2 = `document.querySelector('#neurons tr[data-uid="2"] td[data-col="incentive"]')`;
    await waitFor(`Number(${incentiveOf2}.getAttribute('data-value')) > 0`, 60_000);
    // The last sync runs at the head; wait until the page shows it too.
    await dash.refresh();
    const head = `#${dash.state().metagraph?.block.toLocaleString('en-US')}`;
    await waitFor(`document.querySelector('#block').textContent === ${JSON.stringify(head)}`);
    assert.notEqual(head, blockBefore);
    assert.equal(await page.evaluate('window.marker'), 42, 'no reload');
    const [i2, i3, i4] = await Promise.all(MINER_UIDS.map((u) => cellValue(u, 'incentive')));
    assert.ok(i2! > i3! && i3! > i4! && i4! > 0, `incentive follows the weights: ${[i2, i3, i4]}`);

    for (const key of ['stake', 'incentive', 'emission', 'trust', 'dividends']) {
      assert.ok((await colouredPixels(`#chart-${key} canvas`)) > 20, `the ${key} chart drew its series`);
    }
    await page.waitForSelector('#heatmap', { state: 'visible' });
    assert.equal(await page.isVisible('#heatmap-empty'), false);
    assert.ok((await colouredPixels('#heatmap')) > 200, 'the heatmap drew its cells');
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard.png'), fullPage: true });
    writeFileSync(join(ARTIFACTS, 'dashboard-state.json'), JSON.stringify(dash.state()));
  });

  it('sorts by a clicked column and filters by text', async () => {
    await page.click('#neurons th[data-key="incentive"]');
    const byIncentive = await rowUids();
    assert.deepEqual(byIncentive.slice(0, 3), [2, 3, 4], 'highest incentive first');
    await page.click('#neurons th[data-key="incentive"]');
    assert.deepEqual((await rowUids()).slice(-3), [4, 3, 2], 'a second click reverses the order');
    await page.click('#neurons th[data-key="uid"]');
    assert.deepEqual(await rowUids(), [0, 1, 2, 3, 4]);

    const miner = subnet.miners[2]!.hot.address;
    await page.fill('#filter', miner.slice(0, 8));
    assert.deepEqual(await rowUids(), [4]);
    assert.equal(await page.textContent('#count'), '1 of 5 neurons');
    await page.fill('#filter', '127.0.0.3');
    assert.deepEqual(await rowUids(), [3]);
    await page.fill('#filter', '');
    assert.equal((await rowUids()).length, 5);
  });
});

/** Reads an event stream until `count` events arrived (or it ends); returns their names. */
async function firstEvents(url: string, count: number): Promise<{ status: number; events: string[] }> {
  const res = await fetch(url);
  if (res.status !== 200 || !res.body) return { status: res.status, events: [] };
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  const names = () => [...text.matchAll(/^event: (\w+)$/gm)].map((m) => m[1] as string);
  while (names().length < count) {
    const { done, value } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
  }
  await reader.cancel();
  return { status: 200, events: names() };
}

describe('the event feed', () => {
  it('sends a snapshot first, is bounded (503 beyond maxClients), and close() ends the streams', async () => {
    const small = await startDashboard({
      chain: client,
      netuid: subnet.netuid,
      port: 0,
      maxClients: 1,
      backfillPoints: 0,
    });
    try {
      const ac = new AbortController();
      const first = await fetch(new URL('/api/events', small.url), { signal: ac.signal });
      assert.equal(first.status, 200);
      assert.match(first.headers.get('content-type') ?? '', /^text\/event-stream/);
      const second = await fetch(new URL('/api/events', small.url));
      assert.equal(second.status, 503);
      assert.match(await second.text(), /too many open dashboard pages/);
      ac.abort();
      await sleep(200); // the server sees the first page go
      const again = await firstEvents(new URL('/api/events', small.url).href, 1);
      assert.deepEqual(again.events, ['snapshot']);
      // An open page's stream ends when the dashboard closes (no socket left hanging).
      const open = await fetch(new URL('/api/events', small.url));
      const reader = open.body!.getReader();
      await reader.read();
      await small.close();
      let done = false;
      while (!done) done = (await reader.read()).done;
    } finally {
      await small.close();
    }
  });
});

describe('subnetkit dashboard (the CLI) on a ws endpoint', () => {
  it('serves the page for a subnet over ws, says where, and stops on SIGTERM', async () => {
    const server = await net.serve({ port: 0 });
    const bin = fileURLToPath(new URL('../../packages/subnetkit/bin/subnetkit.js', import.meta.url));
    const child = spawn(
      process.execPath,
      [bin, 'dashboard', '--endpoint', server.url, '--netuid', String(subnet.netuid), '--port', '0'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stderr.on('data', (d) => {
      err += d;
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no DASHBOARD_READY in 120 s:\n${out}\n${err}`)), 120_000);
        child.stdout.on('data', (d) => {
          out += d;
          const m = /^DASHBOARD_READY (http:\/\/127\.0\.0\.1:\d+\/)$/m.exec(out);
          if (m) {
            clearTimeout(timer);
            resolve(m[1] as string);
          }
        });
        child.once('exit', () => reject(new Error(`exited early:\n${out}\n${err}`)));
      });
      const state = (await (await fetch(new URL('/api/state', url))).json()) as DashboardState;
      assert.equal(state.endpoint, server.url);
      assert.equal(state.metagraph?.n, 5);
      assert.deepEqual((await firstEvents(new URL('/api/events', url).href, 1)).events, ['snapshot']);
      const page = await fetch(url);
      assert.match(await page.text(), /<table id="neurons">/);
      assert.equal((await fetch(new URL('/vendor/uplot/uPlot.iife.min.js', url))).status, 200);
      child.kill('SIGTERM');
      assert.equal(await exited, 0, err);
      assert.match(out, /SIGTERM received, stopping/);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await server.close();
    }
  });
});

describe('startDashboard input errors', () => {
  it('names the problem', async () => {
    await assert.rejects(startDashboard({ netuid: 2, port: 0 }), (e: unknown) => {
      assert.ok(e instanceof DashboardError);
      assert.equal(e.code, 'DASHBOARD_INVALID_OPTIONS');
      assert.match(e.message, /exactly one of `chain` or `endpoint`/);
      return true;
    });
    await assert.rejects(
      startDashboard({ chain: client, netuid: 77, port: 0 }),
      /subnet 77 does not exist on in-process/,
    );
    const signer = await Keypair.fromUri('//Dave');
    await assert.rejects(
      startDashboard({ chain: client, netuid: subnet.netuid, port: 70_000, signer }),
      /port must be/,
    );
    await assert.rejects(
      startDashboard({ chain: client, netuid: subnet.netuid, port: dash.port, backfillPoints: 0 }),
      (e: unknown) => {
        assert.ok(e instanceof DashboardError);
        assert.equal(e.code, 'DASHBOARD_LISTEN_FAILED');
        assert.match(e.message, new RegExp(`port ${dash.port} on 127\\.0\\.0\\.1 is in use`));
        return true;
      },
    );
  });
});
