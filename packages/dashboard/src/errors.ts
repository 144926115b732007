import { SubnetkitError, type SubnetkitErrorParameters } from '@subnetkit/synapse';

export type DashboardErrorCode = 'DASHBOARD_INVALID_OPTIONS' | 'DASHBOARD_NO_SUBNET' | 'DASHBOARD_LISTEN_FAILED';

/** Errors of the dashboard (SubnetkitErrors) with a stable `code`; the chain's own failures stay `ChainError`s. */
export class DashboardError extends SubnetkitError<DashboardErrorCode> {
  override name = 'DashboardError';

  constructor(code: DashboardErrorCode, shortMessage: string, parameters?: SubnetkitErrorParameters) {
    super(code, shortMessage, parameters);
  }
}
