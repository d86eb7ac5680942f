/** Numbers, percentages and times as the page shows them, in the page's language and in Beijing time. */
import { lang } from '../i18n/i18n.js';

const locale = () => (lang() === 'zh' ? 'zh-CN' : 'en-GB');

export const dash = '—';

export function num(value: number | null | undefined, digits = 0): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return dash;
  return value.toLocaleString(locale(), { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

export function percent(value: number | null | undefined, digits = 1): string {
  return value === null || value === undefined || !Number.isFinite(value) ? dash : `${num(value, digits)}%`;
}

/** Time in Asia/Shanghai, the plan's and the city's clock, whatever the viewer's own zone. */
export function dateTime(iso: string | null | undefined): string {
  if (!iso) return dash;
  return new Date(iso).toLocaleString(locale(), { timeZone: 'Asia/Shanghai', hour12: false, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

export function time(iso: string | null | undefined): string {
  if (!iso) return dash;
  return new Date(iso).toLocaleTimeString(locale(), { timeZone: 'Asia/Shanghai', hour12: false });
}

/** The Shanghai calendar month of an instant, YYYY-MM. */
export function shanghaiMonth(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 7);
}

export function kwh(wh: number | null | undefined): string {
  return wh === null || wh === undefined ? dash : `${num(wh / 1000, 1)} kWh`;
}
