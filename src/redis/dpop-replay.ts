/**
 * The DPoP replay memory in Redis: a proof accepted by one server process is
 * refused by every other on the same Redis and key prefix.
 */
import type { DpopReplayStore } from '../auth/server/dpop-proof.js';
import type { RedisLink } from './link.js';

/**
 * A {@link DpopReplayStore} every process shares: each proof is one key,
 * set with `SET key 1 NX PXAT until` (atomic: of two processes offered the
 * same proof at once, exactly one records it) and gone when the proof could
 * no longer be accepted anyway. Redis unreachable: `remember` rejects with
 * `RedisUnavailableError`, and the guard refuses the request (fails closed).
 *
 * @example
 * const backplane = redisBackplane({ url: 'redis://localhost:6379' });
 * new McpServer(info, { auth: { ...auth, dpop: { replay: backplane.dpopReplay } } });
 */
export class RedisDpopReplayStore implements DpopReplayStore {
  constructor(private readonly link: RedisLink) {}

  /**
   * Records `key` until `untilMs` (ms since the epoch); true the first time anywhere, false for a replay.
   *
   * @example
   * await store.remember(`${thumbprint}:${jti}`, Date.now() + 61_000); // true, then false in every process
   */
  async remember(key: string, untilMs: number): Promise<boolean> {
    // An entry already past its time is still recorded for a moment: PXAT in the past would not set it.
    const until = Math.max(Math.ceil(untilMs), Date.now() + 1000);
    const reply = await this.link.run('checking a DPoP proof for replay', (client) =>
      client.set(this.link.key('dpop', key), '1', 'PXAT', until, 'NX'),
    );
    return reply === 'OK';
  }
}
