import { describe, expect, it } from 'vitest';
import { storedWindowNeverOpensProblem, windowNeverOpensProblem } from './window-never-opens.js';

describe('a calling window that never opens', () => {
  it("is one whose hours all fall outside its regime's, or that has none", () => {
    expect(windowNeverOpensProblem({ regime: 'us', weekly: { mon: [{ start: '22:00', end: '23:00' }], tue: [{ start: '06:00', end: '08:00' }] } })).toBe(
      "the window never opens: no hours are left on any day within the US calling hours (08:00-21:00 in the called person's local time): "
      + 'mon 22:00-23:00, tue 06:00-08:00 are outside them; no lead would ever be dialled. Give hours within 08:00-21:00 on at least one day, or pause the campaign to stop dialling');
    expect(windowNeverOpensProblem({ regime: 'cn', weekly: { sat: [{ start: '08:00', end: '09:00' }] } })).toContain("within China's calling hours (09:00-21:00");
    expect(windowNeverOpensProblem({ regime: 'custom', weekly: {} })).toBe(
      'the window never opens: it has no hours on any day; no lead would ever be dialled. Give hours on at least one day, or pause the campaign to stop dialling');
  });

  it('is not one open for a minute on one day, nor the regime default week', () => {
    expect(windowNeverOpensProblem({ regime: 'us', weekly: { sun: [{ start: '20:59', end: '23:00' }] } })).toBeNull();
    expect(windowNeverOpensProblem({ regime: 'custom', weekly: { mon: [{ start: '23:00', end: '24:00' }] } })).toBeNull();
    for (const regime of ['us', 'uk', 'cn', 'custom'] as const) expect(windowNeverOpensProblem({ regime })).toBeNull();
  });

  it('stored, is named only when it reads as a window: one that does not is dialled on its regime default, which opens', () => {
    expect(storedWindowNeverOpensProblem({ regime: 'uk', settings: { callingWindow: { regime: 'uk', weekly: { sun: [{ start: '21:30', end: '22:00' }] } } } }))
      .toMatch(/^settings\.callingWindow, stored before such windows were refused: the window never opens: .* within the UK courtesy hours/);
    for (const callingWindow of [undefined, 'uk', { regime: 'moon' }, { regime: 'us', weekly: { mon: [{ start: '25:00', end: '26:00' }] } }, { regime: 'us' }]) {
      expect(storedWindowNeverOpensProblem({ regime: 'us', settings: { callingWindow } })).toBeNull();
    }
  });

  it('stored, is read as dialling reads it: a holiday that is no date makes it the default week, custom hours keep the US ones outside a laboratory', () => {
    const lateMonday = { mon: [{ start: '22:00', end: '23:00' }] };
    expect(storedWindowNeverOpensProblem({ regime: 'us', settings: { callingWindow: { regime: 'us', weekly: lateMonday, holidays: ['2024-02-31'] } } })).toBeNull();
    expect(storedWindowNeverOpensProblem({ regime: 'us', settings: { callingWindow: { regime: 'custom', weekly: lateMonday } } })).toContain('within the US calling hours');
    expect(storedWindowNeverOpensProblem({ regime: 'strict', settings: { callingWindow: { regime: 'moon', weekly: lateMonday } } })).toContain('within the US calling hours');
    expect(storedWindowNeverOpensProblem({ regime: 'us', laboratory: true, settings: { callingWindow: { regime: 'custom', weekly: lateMonday } } })).toBeNull();
    expect(storedWindowNeverOpensProblem({ regime: 'uk', settings: { callingWindow: { regime: 'custom', weekly: lateMonday } } })).toBeNull();
  });
});
