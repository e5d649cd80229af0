import { describe, expect, it } from 'vitest';
import { checkNumbers, parseNumbers, refusedNumbers, withoutNumbers } from './numbers';

describe('Add numbers', () => {
  it('reads one number per line and drops the spaces and dashes written inside one', () => {
    expect(parseNumbers('+1 408 555-0101\n\n+1 (408) 555.0102, +14085550103;+14085550104\r\n')).toEqual([
      '+14085550101', '+14085550102', '+14085550103', '+14085550104',
    ]);
  });

  it('refuses what the API would: not E.164, listed twice, none, more than 100', () => {
    expect(checkNumbers(['+14085550101', '4085550102', '+14085550101', '+14085550101', 'x', 'x']).problems).toEqual([
      { number: '4085550102', key: 'numbers.notE164' },
      { number: '+14085550101', key: 'numbers.duplicate' },
      { number: 'x', key: 'numbers.notE164' },
    ]);
    expect(checkNumbers([]).count).toBe('none');
    expect(checkNumbers(Array.from({ length: 101 }, (_, i) => `+1408555${String(i).padStart(4, '0')}`)).count).toBe('tooMany');
    expect(checkNumbers(Array.from({ length: 100 }, (_, i) => `+1408555${String(i).padStart(4, '0')}`))).toEqual({ problems: [], count: null });
  });

  it('finds the number each API error names, not a shorter one it starts with', () => {
    const sent = ['+4532000001', '+453200000', '+4532000002'];
    const { refused, rest } = refusedNumbers(
      [
        { errorCode: 7010, description: '+4532000001 is already in use.' },
        { errorCode: 7010, description: '+453200000 is already in use.' },
        { errorCode: 6017, description: 'The customer is being removed; its locations and numbers cannot change.' },
      ],
      sent,
    );
    expect(refused.map((r) => r.number)).toEqual(['+4532000001', '+453200000']);
    expect(rest.map((e) => e.errorCode)).toEqual([6017]);
  });

  it('removes the refused numbers from the box', () => {
    expect(withoutNumbers('+4532000001\n+4532000002\n+4532000003', new Set(['+4532000002']))).toBe('+4532000001\n+4532000003');
  });
});
