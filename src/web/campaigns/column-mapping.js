// Which column of an uploaded CSV feeds which lead field: the header row read in the browser,
// each field matched to a column by its usual names, and the mapping the import API takes.

/** Lead fields a list can fill, in the order they are shown; phones in dial order. */
export const leadFields = ['phone', 'phone2', 'phone3', 'first_name', 'last_name', 'external_id', 'timezone', 'postal_code', 'grade', 'priority'];

/** Names a column usually has for each field, compared without case, spaces or punctuation. */
const usualNames = {
  phone: ['phone', 'phonenumber', 'telephone', 'tel', 'number', 'phone1', 'homephone', 'landline'],
  phone2: ['mobile', 'cell', 'cellphone', 'mobilephone', 'phone2', 'altphone', 'alternatephone'],
  phone3: ['workphone', 'officephone', 'phone3', 'businessphone'],
  first_name: ['firstname', 'first', 'givenname', 'forename'],
  last_name: ['lastname', 'last', 'surname', 'familyname'],
  external_id: ['id', 'externalid', 'customerid', 'leadid', 'ref', 'reference', 'accountid'],
  timezone: ['timezone', 'tz', 'zone'],
  postal_code: ['zip', 'zipcode', 'postcode', 'postalcode'],
  grade: ['grade', 'leadgrade', 'rating'],
  priority: ['priority', 'prio'],
};

const squash = (name) => name.toLowerCase().replace(/[^a-z0-9]/g, '');

/**
 * The cell separator of a CSV text, as the import finds it: the one its first line holds most
 * often outside quotes (a comma, a semicolon as Excel saves CSV where the comma is the decimal
 * mark, or a tab), a comma on a tie.
 */
export function delimiterOf(text) {
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const c of text) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) break;
    else if (!quoted && c in counts) counts[c]++;
  }
  return [';', '\t'].reduce((best, c) => (counts[c] > counts[best] ? c : best), ',');
}

/** A first line `sep=;` (or `sep=,`, `sep=` and a tab), as tools write for Excel, which takes the
 * separator from it and does not show it; quoted or padded with empty cells when re-saved. */
const separatorLine = /^ *"?sep=([,;\t])"?[,;\t]* *(?:\r\n|\r|\n|$)/i;

/**
 * The first record of a CSV text (quotes and doubled quotes understood; a byte-order mark dropped);
 * after a `sep=` line, the record on the next line, read with the separator that line names.
 */
export function headerRow(text) {
  const cells = [];
  let cell = '';
  let quoted = false;
  let start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const named = separatorLine.exec(text.slice(start));
  if (named) start += named[0].length;
  const delimiter = named ? named[1] : delimiterOf(text.slice(start));
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === delimiter) {
      cells.push(cell.trim());
      cell = '';
    } else if (c === '\n' || c === '\r') break;
    else cell += c;
  }
  cells.push(cell.trim());
  // A column without a name cannot be mapped (nor kept by name).
  return cells.filter((name) => name !== '');
}

/** A first guess at the column of each field (each column used once), by its usual names. */
export function guessMapping(columns) {
  const used = new Set();
  const guess = {};
  for (const field of leadFields) {
    const column = columns.find((c) => !used.has(c) && usualNames[field].includes(squash(c)));
    if (column) {
      guess[field] = column;
      used.add(column);
    }
  }
  return guess;
}

/** A custom field's name for a column the mapping does not use: "Renewal Date" -> renewal_date. */
export const customFieldName = (column) => column.trim().toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '') || 'field';

/**
 * The import API's mapping for the columns chosen per field; with `keepOthers`, every other
 * column is kept as a custom field (shown to agents with the lead), so nothing in the file is lost.
 */
export function importMapping(chosen, columns, keepOthers) {
  const phones = ['phone', 'phone2', 'phone3'].map((f) => chosen[f]).filter(Boolean);
  const mapping = { phones, fields: {} };
  for (const field of leadFields.filter((f) => !f.startsWith('phone'))) if (chosen[field]) mapping[field] = chosen[field];
  if (keepOthers) {
    const used = new Set(Object.values(chosen).filter(Boolean));
    for (const column of columns.filter((c) => !used.has(c))) {
      let name = customFieldName(column);
      while (name in mapping.fields) name = `${name}_`;
      mapping.fields[name] = column;
    }
  }
  return mapping;
}
