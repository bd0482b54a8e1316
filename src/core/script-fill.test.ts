import { describe, expect, it } from 'vitest';
import { fillScript } from './script-fill.js';

const named = { first_name: 'Lin', last_name: 'Wei', company: 'Wei Trading', agent_name: 'Alice' };
const unnamed = { first_name: '', last_name: '', company: '', agent_name: 'Alice' };

describe('fillScript', () => {
  it('fills values and keeps a key the call has no value for as written', () => {
    expect(fillScript('Hi {first_name}, {agent_name} here ({plan}, {constructor}).', named))
      .toEqual({ text: 'Hi Lin, Alice here ({plan}, {constructor}).', lacking: ['plan', 'constructor'] });
  });

  it('reads an empty value as its fallback, and a fallback is not used when there is a value', () => {
    expect(fillScript('Hi {first_name|there}, about {company|your account}.', unnamed))
      .toEqual({ text: 'Hi there, about your account.', lacking: ['first_name', 'company'] });
    expect(fillScript('Hi {first_name|there}, {plan|our offer}.', named).text).toBe('Hi Lin, our offer.');
  });

  it('leaves no stray space before punctuation for an empty value without a fallback', () => {
    expect(fillScript('Hi {first_name}, this is {agent_name}. Dear {first_name} {last_name}!', unnamed).text)
      .toBe('Hi, this is Alice. Dear!');
    expect(fillScript('{first_name}, how are you?\n{first_name}: hello', unnamed).text).toBe('how are you?\nhello');
    expect(fillScript('Hi {first_name} how are you', unnamed).text).toBe('Hi how are you');
    expect(fillScript('Hi {first_name|}, about {plan|}.', unnamed).text).toBe('Hi, about.');
  });

});
