// The script editor's preview fills a script as the desktop's script is filled.

import { describe, expect, it } from 'vitest';
import { fillScript } from '../../core/script-fill.js';
// @ts-expect-error: a browser module of plain JavaScript, without types.
import { previewScript } from '../shared/script-fill.js';

const unnamed = { first_name: '', last_name: '', company: '', agent_name: 'Alice' };

describe('previewScript', () => {
  it('is how the desktop fills a script', () => {
    const scripts = ['Hi {first_name}, {agent_name} here.', 'Hi {first_name|there}, {plan}.', '{first_name}, hi\n{last_name|Sir}: {company}!', 'Dear {first_name} {last_name}!', 'Hi {first_name|}, {plan|}.'];
    for (const script of scripts) expect(previewScript(script, unnamed)).toEqual(fillScript(script, unnamed));
  });
});
