import { describe, expect, it } from 'vitest';
import { connectInMemory } from '../../src/entries/testing.js';
import { createWeatherServer } from './weather-server.js';

describe.each(['2026-07-28', '2025-11-25'])('the weather server on %s', (protocolVersion) => {
  it('forecasts for the city the call names, asking nothing', async () => {
    // An empty script declares elicitation but answers nothing: any question fails the test.
    const { client, asked, close } = await connectInMemory(createWeatherServer(), {
      protocolVersion,
      elicit: [],
    });
    const result = await client.callTool('forecast', { city: 'Paris' });
    expect(result.content).toEqual([{ type: 'text', text: 'Paris: sunny, 21°C' }]);
    expect(asked).toEqual([]);
    await close();
  });

  it('asks for the city when the call names none', async () => {
    const { client, asked, close } = await connectInMemory(createWeatherServer(), {
      protocolVersion,
      elicit: [{ action: 'accept', content: { city: 'Oslo' } }],
    });
    const result = await client.callTool('forecast', {});
    expect(result.content).toEqual([{ type: 'text', text: 'Oslo: snow, -3°C' }]);
    expect(asked).toMatchObject([{ method: 'elicitation/create', params: { message: 'Which city?' } }]);
    await close();
  });

  it('answers without a forecast when the user declines', async () => {
    const { client, close } = await connectInMemory(createWeatherServer(), {
      protocolVersion,
      elicit: [{ action: 'decline' }],
    });
    const result = await client.callTool('forecast', {});
    expect(result.content).toEqual([{ type: 'text', text: 'No city, no forecast.' }]);
    await close();
  });
});
