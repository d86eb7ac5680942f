/**
 * Wall-clock time in Asia/Shanghai, the only time zone T/CEC 102 speaks: envelope `TimeStamp`
 * (`yyyyMMddHHmmss`), query times (`yyyy-MM-dd HH:mm:ss`) and statistics days (`yyyy-MM-dd`).
 *
 * China has kept UTC+8 without daylight saving since 1991, so a fixed offset is exact for every date
 * a partner can send, and it does not depend on the machine's TZ or on the ICU data Node ships with.
 */

const OFFSET_MS = 8 * 60 * 60 * 1000;

interface Parts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function partsOf(at: Date): Parts {
  const shifted = new Date(at.getTime() + OFFSET_MS);
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
    second: shifted.getUTCSeconds(),
  };
}

/** The instant of a Shanghai wall-clock time, or undefined when it is not a real calendar time (Feb 30, 25:00). */
function instantOf(p: Parts): Date | undefined {
  const utc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  const back = new Date(utc);
  if (
    back.getUTCFullYear() !== p.year ||
    back.getUTCMonth() !== p.month - 1 ||
    back.getUTCDate() !== p.day ||
    back.getUTCHours() !== p.hour ||
    back.getUTCMinutes() !== p.minute ||
    back.getUTCSeconds() !== p.second
  ) {
    return undefined;
  }
  return new Date(utc - OFFSET_MS);
}

/** `yyyyMMddHHmmss` in Asia/Shanghai: the envelope TimeStamp. */
export function formatTimeStamp(at: Date): string {
  const p = partsOf(at);
  return `${pad(p.year, 4)}${pad(p.month)}${pad(p.day)}${pad(p.hour)}${pad(p.minute)}${pad(p.second)}`;
}

/** The instant an envelope TimeStamp names, or undefined when it is not 14 digits of a real time. */
export function parseTimeStamp(text: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  return instantOf({ year, month, day, hour, minute, second });
}

/** `yyyy-MM-dd HH:mm:ss` in Asia/Shanghai (LastQueryTime and other business times). */
export function formatDateTime(at: Date): string {
  const p = partsOf(at);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}`;
}

export function parseDateTime(text: string): Date | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  return instantOf({ year, month, day, hour, minute, second });
}

/** `yyyy-MM-dd`: the Shanghai calendar day an instant falls on. */
export function formatDate(at: Date): string {
  const p = partsOf(at);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`;
}

/** The first instant (00:00:00 Shanghai) of a `yyyy-MM-dd` day, or undefined for a day that does not exist. */
export function parseDate(text: string): Date | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return undefined;
  const [year, month, day] = m.slice(1).map(Number) as [number, number, number];
  return instantOf({ year, month, day, hour: 0, minute: 0, second: 0 });
}
