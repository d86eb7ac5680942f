export { startMaintenance, type MaintenanceLoop } from './maintenance.js';
