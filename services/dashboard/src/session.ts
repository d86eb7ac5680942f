/**
 * Who is looking: the bearer token a person logged in with (kept in this browser until they log out)
 * and what the API says it is. What the page shows follows the role.
 */
import type { Me, Role } from './api/types.js';

const tokenKey = 'pilewatch.token';
const tileKey = 'pilewatch.tileUrl';

export const storedToken = (): string | null => localStorage.getItem(tokenKey);
export const storeToken = (token: string) => localStorage.setItem(tokenKey, token);
export const forgetToken = () => localStorage.removeItem(tokenKey);

/** The optional map tile URL template (Settings), else the one the build was given. */
export function tileUrlSetting(): string | null {
  return localStorage.getItem(tileKey) ?? (import.meta.env.VITE_PILEWATCH_TILE_URL as string | undefined) ?? null;
}

export function setTileUrl(url: string | null): void {
  if (url && url.trim()) localStorage.setItem(tileKey, url.trim());
  else localStorage.removeItem(tileKey);
}

/** What each role may do on the page (the API enforces it; the page only leaves out what would be refused). */
export const can = {
  command: (role: Role) => role === 'admin' || role === 'operator',
  acknowledge: (role: Role) => role !== 'province',
  readReports: (role: Role) => role === 'admin' || role === 'regulator',
  administer: (role: Role) => role === 'admin',
  useDashboard: (role: Role) => role !== 'province',
};

export type { Me };
