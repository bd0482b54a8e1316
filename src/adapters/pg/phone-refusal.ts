// Why a phone number was refused, as a code with its parameters for a page to say in its own
// language, and as an English sentence for logs, reports and the command line.

export const phoneRefusalCodes = ['empty', 'not_a_number', 'not_valid_for_region', 'not_valid_nanp', 'scientific_notation'] as const;

export type PhoneRefusalCode = (typeof phoneRefusalCodes)[number];

export interface PhoneRefusal {
  ok: false;
  /** In English. */
  reason: string;
  code: PhoneRefusalCode;
  /** What the reason names: `region` (not_valid_for_region), `text` (scientific_notation). */
  params: Record<string, string>;
}

const english: Record<PhoneRefusalCode, (params: Record<string, string>) => string> = {
  empty: () => 'empty',
  not_a_number: () => 'not a phone number',
  not_valid_for_region: (p) => `not a valid number for ${p.region ?? ''}`,
  not_valid_nanp: () => 'not a valid NANP number',
  scientific_notation: (p) => `"${p.text ?? ''}" is scientific notation, as a spreadsheet writes a long number in a column formatted `
    + 'as a number: the digits it does not show are lost. Format the column as text (or a number with no decimals) and save the file again',
};

export function phoneRefusal(code: PhoneRefusalCode, params: Record<string, string> = {}): PhoneRefusal {
  return { ok: false, reason: english[code](params), code, params };
}
