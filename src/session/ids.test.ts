import { describe, expect, it } from 'vitest';
import { ID_TAG_LENGTH, randomIdTag } from './ids.js';

describe('randomIdTag', () => {
  it('draws short tags of lowercase letters and digits, different every time', () => {
    const tags = Array.from({ length: 1000 }, () => randomIdTag());
    for (const tag of tags) expect(tag).toMatch(new RegExp(`^[0-9a-z]{${ID_TAG_LENGTH}}$`));
    expect(new Set(tags).size).toBe(tags.length);
    expect(randomIdTag(16)).toHaveLength(16);
  });
});
