import { describe, expect, it } from 'vitest';
import { samplingMessageProblems } from './sampling-messages.js';

const ask = { role: 'user', content: { type: 'text', text: 'Weather in Paris and London?' } };
const uses = {
  role: 'assistant',
  content: [
    { type: 'tool_use', id: 'c1', name: 'weather', input: { city: 'Paris' } },
    { type: 'tool_use', id: 'c2', name: 'weather', input: { city: 'London' } },
  ],
};
const result = (id: string) => ({
  type: 'tool_result',
  toolUseId: id,
  content: [{ type: 'text', text: 'sunny' }],
});

describe('samplingMessageProblems', () => {
  it('accepts a conversation that answers every tool use in the next message, with tool results only', () => {
    const answer = { role: 'assistant', content: { type: 'text', text: 'Both sunny.' } };
    expect(
      samplingMessageProblems([ask, uses, { role: 'user', content: [result('c2'), result('c1')] }, answer]),
    ).toEqual([]);
    expect(samplingMessageProblems([ask])).toEqual([]);
  });

  it('names a tool use left without its result', () => {
    expect(samplingMessageProblems([ask, uses, { role: 'user', content: [result('c1')] }])).toEqual([
      'messages[2] has no tool_result for the tool_use "c2" of messages[1]',
    ]);
  });

  it('names a tool use followed by anything but its results, or by nothing', () => {
    expect(samplingMessageProblems([ask, uses, ask])).toEqual([
      'messages[2] must answer the tool_use "c1", "c2" of messages[1] with tool_result blocks only, and does not',
    ]);
    expect(samplingMessageProblems([ask, uses])).toEqual([
      'messages[1] has the tool_use "c1", "c2", but no user message with their results follows it',
    ]);
  });

  it('refuses a user message mixing tool results with other content', () => {
    const mixed = { role: 'user', content: [{ type: 'text', text: 'Here:' }, result('c1'), result('c2')] };
    expect(samplingMessageProblems([ask, uses, mixed])).toEqual([
      'messages[2] carries tool results, so it must carry nothing else (no text, image or audio)',
    ]);
  });

  it('refuses a tool result that answers no tool use of the message before it', () => {
    expect(samplingMessageProblems([ask, { role: 'user', content: result('c9') }])).toEqual([
      'messages[1] has a tool_result for "c9", which is no tool_use of the assistant message just before it',
    ]);
    expect(
      samplingMessageProblems([
        ask,
        uses,
        { role: 'user', content: [result('c1'), result('c2'), result('c3')] },
      ]),
    ).toEqual([
      'messages[2] has a tool_result for "c3", which is no tool_use of the assistant message just before it',
    ]);
  });

  it('refuses tool blocks in the wrong role', () => {
    expect(samplingMessageProblems([{ role: 'user', content: uses.content[0] }])).toEqual([
      'messages[0] carries tool_use blocks, which only assistant messages may',
    ]);
  });
});
