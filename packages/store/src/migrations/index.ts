/**
 * Every migration, in order. To add one: write `NNN-name.ts` exporting a `Migration` with version NNN
 * and append it here. Versions 1-9 belong to the store; later features take 010+, 020+, ...
 */
import { core } from './001-core.js';
import { api } from './010-api.js';
import { alerts } from './020-alerts.js';
import { province } from './030-province.js';
import { plan } from './040-plan.js';
import type { Migration } from './migration.js';

export const migrations: readonly Migration[] = [core, api, alerts, province, plan];
