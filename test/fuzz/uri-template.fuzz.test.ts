/**
 * Fuzzing the RFC 6570 matcher that routes `resources/read` to a resource template
 * (server/uri-template.ts): a URI expanded from a template matches it with the same variables,
 * no template or URI makes it throw, and a hostile 10 KB URI built from the characters a
 * template's expressions stop at (the input that makes backtracking matchers explode) is matched
 * or refused in a time that grows linearly with its length.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UriTemplate } from '../../src/server/uri-template.js';
import { fuzzParams } from './fuzz-config.js';

/** Any non-empty text, Unicode included (expansion percent-encodes what needs it). */
const value = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 });

/** Operators of RFC 6570 levels 2 to 4. */
const operator = fc.constantFrom('', '+', '#', '.', '/', ';', '?', '&');
/** Literal text between expressions: the characters expressions stop at, and a few others. */
const literal = fc.string({
  unit: fc.constantFrom('a', '/', '.', '-', ',', ';', '=', '?', '&', '#', ':'),
  maxLength: 3,
});

/** A valid template of up to six expressions, variables `v0`… (some repeated), with modifiers. */
const template = fc
  .array(
    fc.tuple(
      literal,
      operator,
      fc.array(fc.tuple(fc.nat({ max: 5 }), fc.constantFrom('', '*', ':3')), { minLength: 1, maxLength: 3 }),
    ),
    { minLength: 1, maxLength: 6 },
  )
  .chain((parts) =>
    literal.map(
      (tail) =>
        parts
          .map(
            ([lit, op, vars]) => `${lit}{${op}${vars.map(([n, modifier]) => `v${n}${modifier}`).join(',')}}`,
          )
          .join('') + tail,
    ),
  );

/** Milliseconds `uri` takes to match, the best of three runs (a busy machine only ever adds time). */
function matchTime(t: UriTemplate, uri: string): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 3; i++) {
    const start = performance.now();
    t.match(uri);
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

describe('the URI template matcher under fuzzing', () => {
  it('matches what it expanded with the same variables (simple expressions between slashes, then a query)', () => {
    fc.assert(
      fc.property(
        fc.array(value, { minLength: 1, maxLength: 4 }),
        value,
        fc.option(value, { nil: undefined }),
        (path, q, page) => {
          const names = path.map((_, i) => `p${i}`);
          const t = new UriTemplate(`mem://host/${names.map((n) => `{${n}}`).join('/')}{?q,page}`);
          const variables: Record<string, string> = Object.fromEntries(names.map((n, i) => [n, path[i]!]));
          variables.q = q;
          if (page !== undefined) variables.page = page;
          expect(t.match(t.expand(variables))).toEqual(variables);
        },
      ),
      fuzzParams(300),
    );
  });

  it('never throws while matching, whatever the template and the URI', () => {
    const uri = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.string({
        unit: fc.constantFrom('a', '/', '.', ',', ';', '=', '?', '&', '#', '%', '%2', '%C3', '%ZZ', 'ü'),
        maxLength: 30,
      }),
    );
    fc.assert(
      fc.property(template, uri, (source, candidate) => {
        const t = new UriTemplate(source);
        const match = t.match(candidate);
        if (match !== undefined)
          for (const name of Object.keys(match)) expect(t.variableNames).toContain(name);
      }),
      fuzzParams(500),
    );
  });

  it('matches or refuses a hostile 10 KB URI in linear time', () => {
    const hostile = fc.tuple(
      template,
      fc.array(fc.constantFrom('a', '/', '.', '-', ',', ';', '=', '?', '&', '#', '%', ':'), {
        minLength: 1,
        maxLength: 6,
      }),
    );
    fc.assert(
      fc.property(hostile, ([source, unit]) => {
        const t = new UriTemplate(source, { maxUriLength: 64 * 1024 });
        const piece = unit.join('');
        const uri = (bytes: number) => piece.repeat(Math.ceil(bytes / piece.length)).slice(0, bytes);
        const small = matchTime(t, uri(10 * 1024));
        const large = matchTime(t, uri(20 * 1024));
        // Both bounds are far above what a linear scan needs (well under a millisecond), and far
        // below what backtracking costs (seconds at these sizes).
        expect(small, `${source} on ${JSON.stringify(piece)}×`).toBeLessThan(50);
        expect(large, `${source} on ${JSON.stringify(piece)}×`).toBeLessThan(Math.max(8 * small, 20));
      }),
      fuzzParams(60),
    );
  });
});
