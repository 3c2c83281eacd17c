// Two instances behind one load balancer: the Direct Line history lives in Redis with the idle TTL,
// and a token made by one instance works on the other when they share DIRECTLINE_TOKEN_SECRET.
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisServerAvailable, startRedisServer, type RedisServer } from '../storage/redisServer.js';
import { startServer, type RunningServer } from '../support/server.js';
import { call, getActivities, postMessage, startConversation } from './support.js';

const redisAvailable = redisServerAvailable(); // throws in CI when redis-server is missing

/** Like a load balancer's readiness probe: traffic only once the store answers. */
async function ready(server: RunningServer): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if ((await fetch(`${server.url}/readyz`)).status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('server never became ready');
}

describe.skipIf(!redisAvailable)('local Direct Line on Redis, two instances', () => {
  let redis: RedisServer;
  let one: RunningServer;
  let two: RunningServer;
  let client: Redis;

  beforeAll(async () => {
    redis = await startRedisServer();
    const env = {
      REDIS_URL: redis.url,
      IDLE_MINUTES: '30',
      DIRECTLINE_TOKEN_SECRET: 'shared-secret-between-two-instances-0123456789',
      RATE_LIMIT_PER_CONVERSATION: '0',
      RATE_LIMIT_PER_CLIENT: '0'
    };
    one = await startServer(env);
    two = await startServer(env);
    client = new Redis(redis.url);
    await ready(one);
    await ready(two);
  });
  afterAll(async () => {
    client?.disconnect();
    await one?.stop();
    await two?.stop();
    await redis?.destroy();
  });

  it('starts on one instance, posts on the other, polls on the first; the key expires when idle', async () => {
    const grant = await startConversation(one.url);
    const welcome = await getActivities(two.url, grant);
    expect(welcome.status).toBe(200);
    expect(welcome.json.activities.length).toBeGreaterThan(0);

    expect((await postMessage(two.url, grant, 'parent')).status).toBe(200);
    const page = await getActivities(one.url, grant, welcome.json.watermark);
    expect(page.json.activities.at(-1)?.channelData.guide).toMatchObject({ audience: 'parent' });

    const keys = await client.keys('*directline/*');
    const key = keys.find((k) => k.endsWith(grant.conversationId));
    expect(key).toBeDefined();
    const ttl = await client.ttl(key!);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(30 * 60);
  });

  it('forgetting on one instance is seen by the other at once', async () => {
    const grant = await startConversation(one.url);
    const res = await call(two.url, 'DELETE', `/conversations/${grant.conversationId}`, { token: grant.token });
    expect(res.status).toBe(204);
    expect((await getActivities(one.url, grant)).status).toBe(404);
  });
});
