import { describe, expect, it } from 'vitest';
import { checkNode } from './doctor-checks.js';

describe('the Node.js check of outpace doctor', () => {
  it('takes a version from package.json\'s engines on, and refuses one before it', () => {
    expect(checkNode('20.19.0')).toEqual({ name: 'Node.js', state: 'ok', line: '20.19.0 (this release needs >=20.19)' });
    expect(checkNode('22.1.0').state).toBe('ok');
    expect(checkNode('20.18.3')).toEqual({ name: 'Node.js', state: 'failed', line: '20.18.3, but this release needs >=20.19: install Node.js 20.19 or newer' });
    expect(checkNode('18.20.4').state).toBe('failed');
  });
});
