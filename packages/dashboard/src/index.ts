export { type Dashboard, type DashboardOptions, startDashboard } from './dashboard.js';
export { DashboardError, type DashboardErrorCode } from './errors.js';
export type { AxonHealth } from './health.js';
export type { DashboardState } from './monitor.js';
export type { HistoryPoint, MetagraphView, NeuronView } from './view.js';
