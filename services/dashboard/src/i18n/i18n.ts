/**
 * The page's language: Chinese by default, English on request, remembered in the browser. Every label
 * comes from the one dictionary (dictionary.ts); `{name}` placeholders are filled from `params`.
 */
import { dictionary, type Lang, type LabelKey } from './dictionary.js';

const storageKey = 'pilewatch.lang';
let current: Lang = 'zh';
const listeners = new Set<(lang: Lang) => void>();

export function initLang(stored: string | null): Lang {
  current = stored === 'en' ? 'en' : 'zh';
  document.documentElement.lang = current === 'zh' ? 'zh-CN' : 'en';
  return current;
}

export const lang = (): Lang => current;

export function setLang(next: Lang): void {
  if (next === current) return;
  current = next;
  localStorage.setItem(storageKey, next);
  document.documentElement.lang = next === 'zh' ? 'zh-CN' : 'en';
  for (const l of listeners) l(next);
}

export function onLangChange(listener: (lang: Lang) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function storedLang(): string | null {
  return localStorage.getItem(storageKey);
}

/** The label in the current language, with `{name}` placeholders filled. */
export function t(key: LabelKey, params: Record<string, string | number> = {}, language: Lang = current): string {
  const text: string = dictionary[language][key];
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** A label that may not exist (an alert rule, a status from a newer charger): the key itself otherwise. */
export function tOr(key: string, fallback: string): string {
  const table = dictionary[current] as Record<string, string>;
  return table[key] ?? fallback;
}
