// The same kit under node:test (run: node --import tsx --test examples/testing/weather.node-test.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { connectInMemory } from '../../src/entries/testing.js';
import { createWeatherServer } from './weather-server.js';

for (const protocolVersion of ['2026-07-28', '2025-11-25']) {
  test(`forecast asks for the city on ${protocolVersion}`, async () => {
    const { client, asked, close } = await connectInMemory(createWeatherServer(), {
      protocolVersion,
      elicit: [{ action: 'accept', content: { city: 'Paris' } }],
    });
    const result = await client.callTool('forecast', {});
    assert.deepEqual(result.content, [{ type: 'text', text: 'Paris: sunny, 21°C' }]);
    assert.equal(asked.length, 1);
    await close();
  });
}
