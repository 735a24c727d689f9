import { TelegramError } from 'telegraf';
import { classifyPollingStop } from '../../src/bot/polling';

const tgError = (error_code: number, description: string) => new TelegramError({ error_code, description });

describe('classifyPollingStop', () => {
  it('goes by error_code, never by the description', () => {
    // Descriptions deliberately contradict the codes: only the code may decide.
    expect(classifyPollingStop(tgError(409, 'Unauthorized'))).toMatchObject({ kind: 'conflict', code: 409 });
    expect(classifyPollingStop(tgError(401, 'Conflict: terminated by other getUpdates request'))).toMatchObject({ kind: 'unauthorized', code: 401 });
  });

  it('names any other Telegram error by its code, and anything else as unexpected', () => {
    expect(classifyPollingStop(tgError(404, 'Not Found'))).toMatchObject({ kind: 'telegram-error', code: 404 });
    expect(classifyPollingStop(tgError(404, 'Not Found')).message).toContain('error 404');
    const other = classifyPollingStop(new TypeError('boom'));
    expect(other.kind).toBe('unexpected');
    expect(other.code).toBeUndefined();
  });
});
