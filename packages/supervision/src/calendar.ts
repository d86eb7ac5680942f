/**
 * Days, months and years as the city counts them: in Asia/Shanghai (UTC+8 all year; China keeps no
 * daylight saving time), so a fixed offset is exact. Days are written `YYYY-MM-DD`.
 */
import { SupervisionError } from './errors.js';
import type { TimeWindow } from './timeline.js';

export const shanghaiOffsetMinutes = 480;
const OFFSET = shanghaiOffsetMinutes * 60_000;
const DAY = 86_400_000;

function parseDay(day: string): { y: number; m: number; d: number } {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  const y = Number(match?.[1]);
  const m = Number(match?.[2]);
  const d = Number(match?.[3]);
  const check = new Date(Date.UTC(y, m - 1, d));
  if (!match || check.getUTCFullYear() !== y || check.getUTCMonth() !== m - 1 || check.getUTCDate() !== d) {
    throw new SupervisionError('PW_SUP_DAY_INVALID', `"${day}" is not a day; write it as YYYY-MM-DD`, { day });
  }
  return { y, m, d };
}

/** Midnight in Shanghai starting `day`. */
export function startOfDay(day: string): Date {
  const { y, m, d } = parseDay(day);
  return new Date(Date.UTC(y, m - 1, d) - OFFSET);
}

/** The Shanghai day an instant falls on. */
export function shanghaiDay(instant: Date): string {
  return new Date(instant.getTime() + OFFSET).toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
  return shanghaiDay(new Date(startOfDay(day).getTime() + days * DAY));
}

export function dayWindow(day: string): TimeWindow {
  const from = startOfDay(day);
  return { from, to: new Date(from.getTime() + DAY) };
}

/** `YYYY-MM` → that calendar month. */
export function monthWindow(month: string): TimeWindow {
  const first = `${month}-01`;
  const { y, m } = parseDay(first);
  const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
  return { from: startOfDay(first), to: startOfDay(next) };
}

export function yearWindow(year: number): TimeWindow {
  return { from: startOfDay(`${year}-01-01`), to: startOfDay(`${year + 1}-01-01`) };
}

/** The 12 months ending with `lastDay` (included): 2024-03-31 → [2023-04-01, 2024-04-01). */
export function rolling12Months(lastDay: string): TimeWindow {
  const to = startOfDay(addDays(lastDay, 1));
  const { y, m, d } = parseDay(shanghaiDay(to));
  return { from: new Date(Date.UTC(y - 1, m - 1, d) - OFFSET), to };
}

/** Every Shanghai day a window touches, in order. */
export function daysOf(window: TimeWindow): string[] {
  const days: string[] = [];
  for (let day = shanghaiDay(window.from); startOfDay(day) < window.to; day = addDays(day, 1)) days.push(day);
  return days;
}
