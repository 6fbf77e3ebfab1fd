import { describe, expect, it } from 'vitest';
import { defaultHostWire } from './default-wire.js';

describe('defaultHostWire', () => {
  it('gives every client of one host the same wire, and another host its own', () => {
    const a = defaultHostWire(new URL('http://mcp.example.com/mcp'));
    expect(defaultHostWire(new URL('http://MCP.example.com:8080/other'))).toBe(a);
    expect(defaultHostWire(new URL('http://tools.example.com/mcp'))).not.toBe(a);
  });
});
