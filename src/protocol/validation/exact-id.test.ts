import { describe, expect, it } from 'vitest';
import { parseMessage } from './jsonrpc.js';

const WIDE = '9007199254740993';

describe('ids beyond 2^53 - 1 (parseMessage)', () => {
  it('keeps the digits of the top-level id, not of a nested one or an earlier duplicate', () => {
    const text = `{"params":{"id":1,"x":[{"id":2}]},"id":"a","jsonrpc":"2.0","method":"m","id" : ${WIDE}}`;
    const classified = parseMessage(text);
    expect(classified).toMatchObject({ kind: 'request', wideId: true, message: { id: WIDE } });
  });

  it('reads a member name written with escapes, and ignores "id" inside strings', () => {
    const text = `{"jsonrpc":"2.0","method":"m","params":{"s":"\\"id\\":1"},"\\u0069d":${WIDE}}`;
    expect(parseMessage(text)).toMatchObject({ kind: 'request', wideId: true, message: { id: WIDE } });
  });

  it('leaves safe ids, string ids and notifications alone', () => {
    const safe = parseMessage('{"jsonrpc":"2.0","id":9007199254740991,"method":"m"}');
    expect(safe).toMatchObject({ kind: 'request', message: { id: 9007199254740991 } });
    expect(safe).not.toHaveProperty('wideId');
    const text = parseMessage(`{"jsonrpc":"2.0","id":"${WIDE}","method":"m"}`);
    expect(text).not.toHaveProperty('wideId');
  });

  it('marks a response with a wide id, so a client never confuses it with its own', () => {
    const classified = parseMessage(`{"jsonrpc":"2.0","id":${WIDE},"result":{}}`);
    expect(classified).toMatchObject({ kind: 'result', wideId: true, message: { id: WIDE } });
  });
});
