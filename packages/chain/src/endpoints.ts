import { ChainError } from './errors.js';

/** Named endpoints accepted wherever an endpoint is. */
export const NAMED_ENDPOINTS: Readonly<Record<string, string>> = {
  local: 'ws://127.0.0.1:9944',
  test: 'wss://test.finney.opentensor.ai:443',
  finney: 'wss://entrypoint-finney.opentensor.ai:443',
};

/** Turns `local` / `test` / `finney` / `ws://…` / `wss://…` into a ws URL, or throws `InvalidEndpoint`. */
export function resolveEndpoint(endpoint: string): string {
  const trimmed = endpoint.trim();
  const named = NAMED_ENDPOINTS[trimmed.toLowerCase()];
  if (named) return named;
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch (cause) {
    throw new ChainError(
      'InvalidEndpoint',
      `invalid endpoint '${endpoint}': use ws://host:port, wss://host:port or one of ${Object.keys(NAMED_ENDPOINTS).join(', ')}`,
      { kind: 'input', cause },
    );
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') {
    throw new ChainError(
      'InvalidEndpoint',
      `invalid endpoint '${endpoint}': the protocol must be ws: or wss: (got ${url.protocol}); subtensor nodes speak JSON-RPC over WebSocket`,
      { kind: 'input' },
    );
  }
  return trimmed;
}
