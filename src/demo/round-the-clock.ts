// A calling window open every hour of every day. Only for dialling the simulated PBX (demo and
// tests), where nobody is woken up: real campaigns keep their regime's legal hours.

import { weekdays } from '../core/compliance/local-time.js';

export const roundTheClockWindow = {
  regime: 'custom',
  weekly: Object.fromEntries(weekdays.map((day) => [day, [{ start: '00:00', end: '24:00' }]])),
} as const;
