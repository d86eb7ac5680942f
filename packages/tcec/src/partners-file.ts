/**
 * The partners file (`PILEWATCH_PROVINCE_PARTNERS_FILE`, docs/province.md): read once at start, validated
 * as a whole, with the deployment's clock-skew limit for partners that set none. The API (pulls) and the
 * worker (pushes) both read it through this one function.
 */
import { readFileSync } from 'node:fs';
import { TcecError } from './errors.js';
import { parsePartners, type Partner } from './partners.js';

export function readPartnersFile(path: string, defaults: { maxSkewS: number }): Partner[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw invalid(`cannot read the T/CEC partners file ${path}: ${(cause as Error).message}`, path);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    // Not JSON.parse's message: recent Node versions quote the text around the error, and the file holds secrets.
    throw invalid(`the T/CEC partners file ${path} is not valid JSON`, path);
  }
  return parsePartners(withDefaultSkew(raw, defaults.maxSkewS));
}

function withDefaultSkew(raw: unknown, maxSkewS: number): unknown {
  if (!Array.isArray(raw)) return raw;
  return raw.map((p: unknown) => {
    const inbound = (p as { inbound?: unknown } | null)?.inbound;
    if (!inbound || typeof inbound !== 'object' || 'maxSkewS' in inbound) return p;
    return { ...(p as object), inbound: { ...inbound, maxSkewS } };
  });
}

function invalid(message: string, path: string): TcecError {
  return new TcecError('PW_TCEC_PARTNER_CONFIG_INVALID', message, { path });
}
