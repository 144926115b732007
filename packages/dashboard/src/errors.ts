export type DashboardErrorCode = 'DASHBOARD_INVALID_OPTIONS' | 'DASHBOARD_NO_SUBNET' | 'DASHBOARD_LISTEN_FAILED';

/** Errors of the dashboard with a stable `code`; the chain's own failures stay `ChainError`s. */
export class DashboardError extends Error {
  readonly code: DashboardErrorCode;
  constructor(code: DashboardErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DashboardError';
    this.code = code;
  }
}
