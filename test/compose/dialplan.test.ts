// dialplan/extensions.conf as Asterisk reads it, checked against what the engine expects of it:
// the contexts its configuration names, the variables it sets on its calls and the Stasis
// arguments it parses, the contexts pjsip.conf sends calls to, and the simulated callees of the
// compose stack behaving as real lines do.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { dialplanVariables } from '../../src/adapters/ari/dialplan-variables.js';
import { parseStasisArgs } from '../../src/adapters/ari/app-args.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const read = (file: string): string => readFileSync(join(root, file), 'utf8');

interface Step { exten: string; priority: number; label: string | null; app: string; data: string }

/** Each context's steps in order, `same => n` resolved to its extension and priority. */
function parseDialplan(text: string): Map<string, Step[]> {
  const contexts = new Map<string, Step[]>();
  let steps: Step[] = [];
  let last: Step | null = null;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/(^|[^\\]);.*$/, '$1').trim();
    const header = /^\[([^\]]+)\]/.exec(line);
    if (header?.[1] !== undefined) {
      steps = [];
      last = null;
      contexts.set(header[1], steps);
      continue;
    }
    const step = /^(exten|same)\s*=>\s*(?:([^,]+),)?([^,(]+?)(?:\(([\w-]+)\))?,(\w+)(?:\((.*)\))?$/.exec(line);
    if (step === null) continue;
    const [, kind, exten, priority, label, app, data] = step;
    const ext: string = kind === 'same' ? (last?.exten ?? '') : (exten ?? '');
    const n: number = priority === 'n' ? (last?.priority ?? 0) + 1 : Number(priority);
    last = { exten: ext.trim(), priority: n, label: label ?? null, app: app ?? '', data: data ?? '' };
    steps.push(last);
  }
  return contexts;
}

/** An Asterisk extension pattern (`_X.`, `_[0-9A-Za-z].`) as a regular expression. */
function patternRegExp(pattern: string): RegExp {
  if (!pattern.startsWith('_')) return new RegExp(`^${pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  let source = '';
  const body = pattern.slice(1);
  for (let i = 0; i < body.length; i++) {
    const c = body[i] ?? '';
    if (c === '[') {
      const end = body.indexOf(']', i);
      const set = body.slice(i + 1, end);
      let cls = '';
      for (let j = 0; j < set.length; j++) {
        const from = set[j] ?? '';
        if (set[j + 1] === '-' && j + 2 < set.length) {
          cls += `\\x${from.charCodeAt(0).toString(16)}-\\x${(set[j + 2] ?? '').charCodeAt(0).toString(16)}`;
          j += 2;
        } else cls += `\\x${from.charCodeAt(0).toString(16)}`;
      }
      source += `[${cls}]`;
      i = end;
    } else if (c.toUpperCase() === 'X') source += '[0-9]';
    else if (c.toUpperCase() === 'Z') source += '[1-9]';
    else if (c.toUpperCase() === 'N') source += '[2-9]';
    else if (c === '.') source += '.+';
    else if (c === '!') source += '.*';
    else source += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

const dialplan = parseDialplan(read('dialplan/extensions.conf'));
const defaults = parseYaml(read('config/default.yaml')) as { endpoints: { customer: string; agent: string; amdContext: string } };

function context(name: string): Step[] {
  const steps = dialplan.get(name);
  if (steps === undefined) throw new Error(`no context [${name}] in dialplan/extensions.conf`);
  return steps;
}

const matches = (name: string, exten: string): boolean => context(name).some((s) => s.priority === 1 && patternRegExp(s.exten).test(exten));

/** The context a Local/...@<context> endpoint template dials into. */
const localContext = (template: string): string => /^Local\/\{\w+\}@([\w-]+)$/.exec(template)?.[1] ?? '';

describe('dialplan/extensions.conf', () => {
  it('reads the pattern matcher right (the checks below are not vacuous)', () => {
    expect(patternRegExp('_[0-9A-Za-z].').test('a1')).toBe(true);
    expect(patternRegExp('_[0-9A-Za-z].').test('a')).toBe(false);
    expect(patternRegExp('_[+0-9].').test('+15550100')).toBe(true);
    expect(patternRegExp('_X.').test('x1')).toBe(false);
    expect(patternRegExp('_X.').test('1x')).toBe(true);
    expect(patternRegExp('s').test('s')).toBe(true);
  });

  it('has the AMD context the engine continues answered calls into, back into Stasis with amd, AMDSTATUS and AMDCAUSE', () => {
    const steps = context(defaults.endpoints.amdContext).filter((s) => s.exten === 's');
    expect(steps.map((s) => s.app)).toEqual(['AMD', 'Stasis', 'Hangup']);
    const [amd, stasis] = steps;
    // Up to nine arguments in Asterisk 22; the third, the silence after a greeting, the campaign's.
    expect(amd?.data.split(',').length).toBeLessThanOrEqual(9);
    expect(amd?.data.split(',')[2]).toContain('${AMD_AFTER_GREETING_MS}');
    const [app, ...args] = (stasis?.data ?? '').split(',');
    expect(app).toBe('${OUTPACE_APP}');
    expect(parseStasisArgs(args.map((a) => a.replace('${AMDSTATUS}', 'HUMAN').replace('${AMDCAUSE}', 'HUMAN-818-800'))))
      .toEqual({ kind: 'amd', status: 'HUMAN', cause: 'HUMAN-818-800' });
  });

  it('reads only the channel variables the engine sets on its calls, and names an app where a call has none', () => {
    const set = Object.keys(dialplanVariables('outpace', { type: 'originate', amd: true, amdAfterGreetingMs: 800 } as Parameters<typeof dialplanVariables>[1]));
    const read = new Set([...readFileSync(join(root, 'dialplan/extensions.conf'), 'utf8').matchAll(/\$\{(OUTPACE_[A-Z_]+|AMD_[A-Z_]+)\}/g)].map((m) => m[1]));
    expect([...read].sort()).toEqual([...set].sort());
    expect(globalValue('OUTPACE_APP')).toMatch(/^[\w.-]+$/);
  });

  it('sends a return call into the app as return,<dialled number>', () => {
    const stasis = context('outpace-return-calls').find((s) => s.app === 'Stasis');
    expect(stasis?.data).toBe('${OUTPACE_APP},return,${EXTEN}');
    expect(matches('outpace-return-calls', '+15550100')).toBe(true);
  });

  it('answers a return call no node is connected to take with a sound, rather than hanging up on the caller', () => {
    const steps = context('outpace-return-calls');
    expect(steps.map((s) => s.app)).toEqual(['Stasis', 'GotoIf', 'Answer', 'Playback', 'Hangup']);
    const [, gotoIf, , playback, hangup] = steps;
    // Only a Stasis that failed (the app not registered) plays it: a call the engine had goes on to the hang-up.
    expect(gotoIf?.data).toBe('$["${STASISSTATUS}" != "FAILED"]?done');
    expect(hangup?.label).toBe('done');
    expect(playback?.data).toBe('${RETURN_CALL_UNAVAILABLE_SOUND}');
    expect(globalValue('RETURN_CALL_UNAVAILABLE_SOUND')).toBe('vm-nobodyavail');
  });

  it('has the contexts pjsip.conf sends agents\' phones and the carrier to', () => {
    const pjsip = read('config/asterisk/pjsip.conf');
    const named = [...pjsip.matchAll(/^;?\s*context\s*=\s*([\w-]+)/gm)].map((m) => m[1] ?? '');
    expect(named.sort()).toEqual(['agents-in', 'from-carrier']);
    for (const name of named) expect(context(name).length, name).toBeGreaterThan(0);
  });

  it('answers the default endpoints: every number in the simulated network, every valid agent id at a simulated phone', () => {
    const pstn = localContext(defaults.endpoints.customer);
    for (const number of ['+15550100', '15550105', '4420718387509']) expect(matches(pstn, number), number).toBe(true);
    const agents = localContext(defaults.endpoints.agent);
    // Agent ids are letters, digits, _ . and - (1 to 64), in any order.
    for (const id of ['1001', 'a', '7', 'alice', 'alice.smith', 'bob_2', 'team-a', '_x', '-a', '.b', 'x'.repeat(64)]) {
      expect(matches(agents, id), id).toBe(true);
    }
  });

  it('keeps audio flowing from each simulated callee that answers, as a real line does: AMD and talk detection measure silence in frames', () => {
    // Through a Local channel a Wait() sends no frames: AMD then never hears the silence after a
    // greeting (NOTSURE after its whole analysis time) and TALK_DETECT never the end of one.
    const steps = context(localContext(defaults.endpoints.customer));
    const silentWaits: string[] = [];
    let answered = false;
    let sounding = false;
    let branch = 'start';
    for (const step of steps) {
      if (step.label !== null) [branch, answered, sounding] = [step.label, false, false];
      if (step.app === 'Answer') answered = true;
      if (step.app === 'PlayTones') sounding = true;
      if (step.app === 'StopPlayTones') sounding = false;
      if (step.app === 'Wait' && answered && !sounding) silentWaits.push(`${branch}: Wait(${step.data}) at priority ${step.priority}`);
    }
    expect(silentWaits).toEqual([]);
  });
});

function globalValue(name: string): string | undefined {
  return /^\[globals\][^[]*/m.exec(read('dialplan/extensions.conf'))?.[0].match(new RegExp(`^${name}\\s*=\\s*(\\S+)`, 'm'))?.[1];
}
