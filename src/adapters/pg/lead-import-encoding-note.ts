// The import report's note when a file is read in another encoding than the upload gave: on the
// row that decided it (the first with a character that is not ASCII), or on the header row when a
// byte order mark did. Never a rejection: the row is imported; the manager is told to check it.

import type { CsvDecoder } from './lead-import-decoder.js';
import type { ImportEncoding } from './lead-import-encoding.js';
import type { RowProblem } from './lead-row-normaliser.js';

// eslint-disable-next-line no-control-regex -- ASCII is what is looked for
const notAscii = /[^\x00-\x7f]/;

export const NOT_UTF8_NOTE = 'the file is not UTF-8 (this row is the first with a byte that is not): read as Windows-1252, as Excel on Windows saves CSV. '
  + 'Check that accented names came out right (é, ñ, ü, €); if they did not, save the file as CSV UTF-8 and import it again';

export class EncodingNote {
  private noted = false;

  constructor(private readonly encoding: ImportEncoding, private readonly decoder: CsvDecoder) {}

  /** The note if it belongs on this row (rows given in order), once per file. */
  forRow(cells: readonly string[], rowNumber: number): RowProblem[] {
    const note = this.noted ? null : this.note(cells);
    if (note === null) return [];
    this.noted = true;
    return [{ rowNumber, column: null, ...note }];
  }

  private note(cells: readonly string[]): Pick<RowProblem, 'reason' | 'code' | 'params'> | null {
    const { readAs } = this.decoder;
    if (this.encoding === 'windows-1252') {
      return readAs === null || readAs === 'windows-1252' ? null : {
        reason: `the file starts with a byte order mark saying ${readAs}: read as ${readAs}, not as the windows-1252 the upload gave`,
        code: 'byte_order_mark_wins', params: { readAs },
      };
    }
    return readAs === 'windows-1252' && cells.some((cell) => notAscii.test(cell)) ? { reason: NOT_UTF8_NOTE, code: 'read_as_windows_1252', params: {} } : null;
  }
}
