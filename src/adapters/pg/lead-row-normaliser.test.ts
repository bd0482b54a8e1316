import { describe, expect, it } from 'vitest';
import { parseMappingFlags } from './lead-import-mapping.js';
import { normaliseRow, type RowContext } from './lead-row-normaliser.js';
import { createPhoneNormaliser } from './phone-normaliser.js';

const mapping = parseMappingFlags('phone=Phone,first_name=First,field.note=Note');
const context: RowContext = {
  mapping, columnIndex: new Map([['Phone', 0], ['First', 1], ['Note', 2], ['Unused', 3]]),
  phones: createPhoneNormaliser('US'), listRegion: 'US', campaignZone: 'UTC',
};

describe('row normaliser', () => {
  it('rejects a row with a NUL in a mapped cell, naming the column; one in an unmapped cell does no harm', () => {
    expect(normaliseRow(['2125550100', 'Fl\u0000o', ''], 7, context)).toEqual({
      lead: null,
      problems: [{ rowNumber: 7, column: 'First', reason: expect.stringContaining('NUL character'), code: 'nul_character', params: {} }],
    });
    expect(normaliseRow(['2125550100', 'Flo', '', 'x\u0000'], 8, context).lead).not.toBeNull();
  });

  it('stores no zone for a lead on the campaign default, so it follows the campaign', () => {
    expect(normaliseRow(['+7 495 123 45 67', 'Ana', ''], 2, context).lead).toMatchObject({ timezone: null, timezoneSource: 'campaign_default' });
    expect(normaliseRow(['2125550100', 'Bo', ''], 3, context).lead).toMatchObject({ timezone: 'America/New_York', timezoneSource: 'area_code' });
  });
});
