export { dashboardDir, dashboardRouter, vendorFiles, DASHBOARD_CSP_DIRECTIVES, type DashboardRouterOptions } from './dashboard-router';
