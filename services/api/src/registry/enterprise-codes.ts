/**
 * The two identifiers a Chinese enterprise carries, with their check characters:
 * the 18-character unified social credit code (GB 32100-2015) and the 9-character organisation code
 * (GB 11714-1997) that the province interface uses as OperatorID — characters 9 to 17 of the former.
 */

const creditAlphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const creditWeights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export function isCreditCode(code: string): boolean {
  if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(code)) return false;
  const sum = creditWeights.reduce((acc, w, i) => acc + w * creditAlphabet.indexOf(code[i]!), 0);
  const check = (31 - (sum % 31)) % 31;
  return code[17] === creditAlphabet[check] && isOrganisationCode(code.slice(8, 17));
}

const orgWeights = [3, 7, 9, 10, 5, 8, 4, 2];

export function isOrganisationCode(code: string): boolean {
  if (!/^[0-9A-Z]{8}[0-9X]$/.test(code)) return false;
  const sum = orgWeights.reduce((acc, w, i) => acc + w * parseInt(code[i]!, 36), 0);
  const check = 11 - (sum % 11);
  return code[8] === (check === 10 ? 'X' : check === 11 ? '0' : String(check));
}

/** The organisation code embedded in a credit code. */
export function organisationCodeOf(creditCode: string): string {
  return creditCode.slice(8, 17);
}
