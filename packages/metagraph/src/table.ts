import type { Metagraph } from './metagraph.js';

const RAO_PER_UNIT = 1_000_000_000n;

/** Rao as units with 4 decimals (exact: bigint arithmetic, truncated). */
export function formatRao(rao: bigint): string {
  const whole = rao / RAO_PER_UNIT;
  const frac = ((rao % RAO_PER_UNIT) / 100_000n).toString().padStart(4, '0');
  return `${whole}.${frac}`;
}

const short = (key: string) => (key.length > 12 ? `${key.slice(0, 6)}…${key.slice(-4)}` : key);
const f = (x: number | undefined) => (x ?? 0).toFixed(4);

/** The metagraph as an aligned text table (numbers right-aligned), with a header line naming subnet and block. */
export function formatTable(mg: Metagraph): string {
  const header = [
    'UID',
    'HOTKEY',
    'COLDKEY',
    'STAKE',
    'RANK',
    'TRUST',
    'CONS',
    'INCENT',
    'DIVS',
    'VTRUST',
    'EMISSION',
    'VPERMIT',
    'ACTIVE',
    'UPDATED',
    'AXON',
  ];
  const rows: string[][] = [];
  for (let i = 0; i < mg.n; i++) {
    const axon = mg.axons[i];
    rows.push([
      String(mg.uids[i]),
      short(mg.hotkeys[i] ?? ''),
      short(mg.coldkeys[i] ?? ''),
      formatRao(mg.stake[i] ?? 0n),
      f(mg.rank[i]),
      f(mg.trust[i]),
      f(mg.consensus[i]),
      f(mg.incentive[i]),
      f(mg.dividends[i]),
      f(mg.validatorTrust[i]),
      formatRao(mg.emission[i] ?? 0n),
      mg.validatorPermit[i] ? 'yes' : 'no',
      mg.active[i] ? 'yes' : 'no',
      String(Math.max(0, mg.block - (mg.lastUpdate[i] ?? 0))),
      axon?.isServing ? `${axon.ipType === 6 ? `[${axon.ip}]` : axon.ip}:${axon.port}` : '-',
    ]);
  }
  const leftAligned = new Set([1, 2, 11, 12, 14]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => (leftAligned.has(c) ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0)))
      .join('  ')
      .trimEnd();
  const title = `subnet ${mg.netuid}  block ${mg.block}  n ${mg.n}${mg.lite ? '' : '  (full)'}`;
  return [title, line(header), ...rows.map(line)].join('\n');
}
