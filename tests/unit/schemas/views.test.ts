import { describe, expect, it } from 'vitest';
import { dateParamEnd, dateParamStart, parseLenient, ZIndicatorViewInput, ZPollListInput, ZQuestionViewInput } from '@/lib/schemas/views';

describe('view query schemas', () => {
  it('accepts the documented values and defaults the method to kalman (best RMSE among methods passing bench:coverage)', () => {
    expect(ZQuestionViewInput.parse({})).toEqual({ method: 'kalman' });
    expect(ZQuestionViewInput.parse({ method: 'kalman', from: '2018', to: '2019-06', option: 'approve', zoom: '1' })).toMatchObject({
      method: 'kalman',
      from: '2018',
    });
    expect(ZPollListInput.parse({ page: '2' })).toEqual({ page: 2, pageSize: 50 });
    expect(ZIndicatorViewInput.parse({ by: '2030' })).toEqual({ by: 2030 });
  });

  it('names the bad parameter', () => {
    const r = ZQuestionViewInput.safeParse({ method: 'median' });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['method']);
    expect(ZQuestionViewInput.safeParse({ from: '2018-13-45' }).success).toBe(false);
    expect(ZPollListInput.safeParse({ pageSize: '1000' }).error?.issues[0]?.path).toEqual(['pageSize']);
  });

  it('drops only the invalid parameters for pages', () => {
    expect(parseLenient(ZQuestionViewInput, { method: 'nope', from: '2018' })).toEqual({ value: { method: 'kalman', from: '2018' }, ignored: ['method'] });
  });

  it('turns partial dates into whole periods', () => {
    expect(dateParamStart('2018')).toBe(Date.UTC(2018, 0, 1));
    expect(dateParamEnd('2018')).toBe(Date.UTC(2019, 0, 1) - 1);
    expect(dateParamEnd('2018-02')).toBe(Date.UTC(2018, 2, 1) - 1);
    expect(dateParamEnd('2018-02-03')).toBe(Date.UTC(2018, 1, 4) - 1);
  });
});
