/**
 * The partners file (`PILEWATCH_PROVINCE_PARTNERS_FILE`, docs/province.md), as the worker reads it: the
 * same file and rules as the API's T/CEC interface (services/api province/partners-file.ts).
 */
import { readFileSync } from 'node:fs';
import { parsePartners, TcecError, type Partner } from '@pilewatch/tcec';

export function readPartnersFile(path: string): Partner[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new TcecError('PW_TCEC_PARTNER_CONFIG_INVALID', `cannot read the T/CEC partners file ${path}: ${(cause as Error).message}`, { path });
  }
  try {
    return parsePartners(JSON.parse(text));
  } catch (err) {
    if (err instanceof TcecError) throw err;
    // Not JSON.parse's message: recent Node versions quote the text around the error, and the file holds secrets.
    throw new TcecError('PW_TCEC_PARTNER_CONFIG_INVALID', `the T/CEC partners file ${path} is not valid JSON`, { path });
  }
}
