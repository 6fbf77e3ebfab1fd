/**
 * A tiny, dependency-free validation library for inbound MCP messages.
 *
 * Every validator has two internal halves:
 * - `test(value)` answers yes or no. It never allocates and never throws, so the
 *   common case (a valid message) costs only the checks themselves.
 * - `explain(value)` runs only after `test` said no. It walks the value again and
 *   builds a {@link Failure}: a message plus the path segments to the bad spot.
 *
 * Calling a validator as a function does both and returns a {@link ValidationIssue}
 * (or `undefined` when the value is fine). Validators never copy, strip or coerce:
 * the value checked is the value the caller keeps, and fields a validator does not
 * know about pass untouched (MCP requires unknown fields, `_meta` above all, to
 * flow through).
 *
 * Build validators once, at module load, and reuse them.
 */

/** One problem found in a value: where it is and what is wrong. */
export interface ValidationIssue {
  /** Where the problem is, e.g. `params.messages[2].content.type`; `''` for the value itself. */
  path: string;
  /** What is wrong, e.g. `expected a string, got number`. */
  message: string;
}

/** A key or an array index on the way to a problem. */
export type PathSegment = string | number;

/**
 * A problem as validators report it internally: the message and the path
 * segments from the problem outwards (innermost first). Built only on failure.
 */
export interface Failure {
  readonly message: string;
  readonly segments: PathSegment[];
}

/**
 * Checks an `unknown` value. Call it to get a {@link ValidationIssue} or `undefined`;
 * use `test` on hot paths when only yes/no matters.
 */
export interface Validator<T> {
  /** Checks `value`; `root` prefixes the reported path (for example `'params'`). */
  (value: unknown, root?: string): ValidationIssue | undefined;
  /** True when `value` is valid. Never allocates. */
  readonly test: (value: unknown) => boolean;
  /** Explains why `value` is invalid. Call only after `test` returned false. */
  readonly explain: (value: unknown) => Failure;
  /** What this validator accepts, as a noun phrase: `a string`, `an object with name`. */
  readonly expected: string;
  /** Type-level only: the type a valid value has. */
  readonly _type?: T;
}

/** The type a validator accepts. */
export type Infer<V> = V extends Validator<infer T> ? T : never;

/** Field validators of an object shape. */
export type Shape = { readonly [key: string]: Validator<unknown> };

/** The type an {@link object} validator accepts: required and optional fields, plus anything else. */
export type ObjectOf<R extends Shape, O extends Shape> = { [K in keyof R]: Infer<R[K]> } & {
  [K in keyof O]?: Infer<O[K]>;
} & { [key: string]: unknown };

// --- Building blocks

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Object shapes with at least this many fields are tested by walking the value's keys. */
const SCAN_THRESHOLD = 4;

/**
 * Renders path segments (innermost first, as in {@link Failure}) after a root.
 *
 * @example
 * formatPath('params', ['type', 'content', 2, 'messages']); // 'params.messages[2].content.type'
 * formatPath('params', ['io.modelcontextprotocol/protocolVersion', '_meta']);
 * // 'params._meta["io.modelcontextprotocol/protocolVersion"]'
 */
export function formatPath(root: string, segments: readonly PathSegment[]): string {
  let path = root;
  for (let i = segments.length - 1; i >= 0; i--) {
    const segment = segments[i]!;
    if (typeof segment === 'number') path += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) path += path === '' ? segment : `.${segment}`;
    else path += `[${JSON.stringify(segment)}]`;
  }
  return path;
}

/**
 * Names the JSON type of a value for messages: `null`, `array`, `object`, `string`,
 * `number`, `boolean`, or `undefined` (absent).
 *
 * @example
 * kindOf([1]); // 'array'
 * kindOf(null); // 'null'
 */
export function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/**
 * Shows a value briefly for messages: strings quoted (and cut at 40 characters),
 * numbers and booleans as they are, anything else by its kind.
 *
 * @example
 * preview('1.0'); // '"1.0"'
 * preview({}); // 'object'
 */
export function preview(value: unknown): string {
  if (typeof value === 'string') {
    return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return kindOf(value);
}

/**
 * Makes a fresh {@link Failure} with no path yet.
 *
 * @example
 * const failure = fail('expected a string, got number');
 */
export function fail(message: string): Failure {
  return { message, segments: [] };
}

/**
 * Places a {@link Failure} one step deeper: under `segment` of the value checked.
 *
 * @example
 * at(fail('expected a string, got number'), 'name'); // reported at `name`
 */
export function at(failure: Failure, segment: PathSegment): Failure {
  failure.segments.push(segment);
  return failure;
}

/**
 * Turns a {@link Failure} into a {@link ValidationIssue} under `root`.
 *
 * @example
 * toIssue(fail('expected a string, got number'), 'params.name');
 * // { path: 'params.name', message: 'expected a string, got number' }
 */
export function toIssue(failure: Failure, root = ''): ValidationIssue {
  return { path: formatPath(root, failure.segments), message: failure.message };
}

/**
 * Builds a validator from a yes/no test and an explanation. The other combinators
 * are made with it; use it for checks they cannot express.
 *
 * @example
 * const evenNumber = custom<number>(
 *   'an even number',
 *   (v) => typeof v === 'number' && v % 2 === 0,
 *   (v) => fail(`expected an even number, got ${preview(v)}`),
 * );
 * evenNumber(3); // { path: '', message: 'expected an even number, got 3' }
 */
export function custom<T>(
  expected: string,
  test: (value: unknown) => boolean,
  explain: (value: unknown) => Failure,
): Validator<T> {
  const validator = ((value: unknown, root = '') =>
    test(value) ? undefined : toIssue(explain(value), root)) as Validator<T>;
  Object.defineProperties(validator, {
    test: { value: test },
    explain: { value: explain },
    expected: { value: expected },
  });
  return validator;
}

function mismatch(expected: string, value: unknown): Failure {
  return fail(`expected ${expected}, got ${kindOf(value)}`);
}

// --- Primitives

const STRING = custom<string>(
  'a string',
  (v) => typeof v === 'string',
  (v) => mismatch('a string', v),
);

/**
 * Accepts any string.
 *
 * @example
 * string()('x'); // undefined
 * string()(1, 'params.name'); // { path: 'params.name', message: 'expected a string, got number' }
 */
export function string(): Validator<string> {
  return STRING;
}

const BOOLEAN = custom<boolean>(
  'a boolean',
  (v) => typeof v === 'boolean',
  (v) => mismatch('a boolean', v),
);

/**
 * Accepts `true` or `false`.
 *
 * @example
 * boolean()('yes'); // { path: '', message: 'expected a boolean, got string' }
 */
export function boolean(): Validator<boolean> {
  return BOOLEAN;
}

/** Bounds for {@link number} and {@link integer}. */
export interface NumberBounds {
  min?: number;
  max?: number;
}

function boundsText(bounds: NumberBounds): string {
  const { min, max } = bounds;
  if (min !== undefined && max !== undefined) return ` between ${min} and ${max}`;
  if (min !== undefined) return ` >= ${min}`;
  if (max !== undefined) return ` <= ${max}`;
  return '';
}

function numeric(integerOnly: boolean, bounds: NumberBounds): Validator<number> {
  const { min = -Infinity, max = Infinity } = bounds;
  const expected = `${integerOnly ? 'an integer' : 'a number'}${boundsText(bounds)}`;
  return custom<number>(
    expected,
    (v) =>
      typeof v === 'number' &&
      (integerOnly ? Number.isInteger(v) : Number.isFinite(v)) &&
      v >= min &&
      v <= max,
    (v) => fail(`expected ${expected}, got ${typeof v === 'number' ? String(v) : kindOf(v)}`),
  );
}

const NUMBER = numeric(false, {});
const INTEGER = numeric(true, {});

/**
 * Accepts a finite number, optionally within inclusive bounds.
 *
 * @example
 * number({ min: 0, max: 1 })(1.5); // { path: '', message: 'expected a number between 0 and 1, got 1.5' }
 */
export function number(bounds?: NumberBounds): Validator<number> {
  return bounds === undefined ? NUMBER : numeric(false, bounds);
}

/**
 * Accepts an integer (a number with no fractional part), optionally within inclusive bounds.
 *
 * @example
 * integer()(2.5); // { path: '', message: 'expected an integer, got 2.5' }
 * integer({ min: 0 })(-1); // { path: '', message: 'expected an integer >= 0, got -1' }
 */
export function integer(bounds?: NumberBounds): Validator<number> {
  return bounds === undefined ? INTEGER : numeric(true, bounds);
}

type Primitive = string | number | boolean | null;

/**
 * Accepts exactly one primitive value.
 *
 * @example
 * literal('2.0')('1.0'); // { path: '', message: 'expected "2.0", got "1.0"' }
 */
export function literal<const L extends Primitive>(expectedValue: L): Validator<L> {
  const expected = JSON.stringify(expectedValue);
  return custom<L>(
    expected,
    (v) => v === expectedValue,
    (v) => fail(`expected ${expected}, got ${preview(v)}`),
  );
}

/**
 * Accepts any one of a fixed set of primitive values.
 *
 * @example
 * const level = enumOf(['debug', 'info']);
 * level('verbose'); // { path: '', message: 'expected one of "debug", "info", got "verbose"' }
 */
export function enumOf<const L extends Primitive>(values: readonly L[]): Validator<L> {
  const allowed = new Set<unknown>(values);
  const list = values.map((v) => JSON.stringify(v)).join(', ');
  const expected = values.length === 1 ? list : `one of ${list}`;
  return custom<L>(
    expected,
    (v) => allowed.has(v),
    (v) => fail(`expected ${expected}, got ${preview(v)}`),
  );
}

const ANY = custom<unknown>(
  'any value',
  () => true,
  () => fail('unexpected failure'),
);

/**
 * Accepts anything, including `null` (an object field using it must still be present).
 *
 * @example
 * object({ data: anyValue() })({}); // { path: 'data', message: 'missing required field; expected any value' }
 */
export function anyValue(): Validator<unknown> {
  return ANY;
}

// --- Structures

/**
 * True for a non-null, non-array object.
 *
 * @example
 * isObject({}); // true
 * isObject([]); // false
 */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Options of {@link array}. */
export interface ArrayOptions {
  maxItems?: number;
  minItems?: number;
}

function article(noun: string): string {
  return noun.replace(/^(a|an) /, '');
}

/**
 * Accepts an array whose every item passes `items`.
 *
 * @example
 * const tags = array(string(), { maxItems: 2 });
 * tags(['a', 1]); // { path: '[1]', message: 'expected a string, got number' }
 * tags(['a', 'b', 'c']); // { path: '', message: 'expected at most 2 items, got 3' }
 */
export function array<T>(items: Validator<T>, options: ArrayOptions = {}): Validator<T[]> {
  const { maxItems = Infinity, minItems = 0 } = options;
  const itemTest = items.test;
  const expected = `an array of ${article(items.expected)} items`;
  return custom<T[]>(
    expected,
    (v) => {
      if (!Array.isArray(v) || v.length > maxItems || v.length < minItems) return false;
      for (let i = 0; i < v.length; i++) if (!itemTest(v[i])) return false;
      return true;
    },
    (v) => {
      if (!Array.isArray(v)) return mismatch('an array', v);
      if (v.length > maxItems) return fail(`expected at most ${maxItems} items, got ${v.length}`);
      if (v.length < minItems) return fail(`expected at least ${minItems} items, got ${v.length}`);
      for (let i = 0; i < v.length; i++) if (!itemTest(v[i])) return at(items.explain(v[i]), i);
      return fail(`expected ${expected}`);
    },
  );
}

/**
 * Accepts an object whose every own value passes `values` (a map with free keys).
 *
 * @example
 * const args = record(string());
 * args({ city: 'Paris', days: 3 }); // { path: 'days', message: 'expected a string, got number' }
 */
export function record<T>(values: Validator<T>): Validator<Record<string, T>> {
  const valueTest = values.test;
  const expected = values === ANY ? 'an object' : `an object of ${article(values.expected)} values`;
  return custom<Record<string, T>>(
    expected,
    (v) => {
      if (!isObject(v)) return false;
      if (values === ANY) return true;
      for (const key in v) if (!valueTest(v[key])) return false;
      return true;
    },
    (v) => {
      if (!isObject(v)) return mismatch('an object', v);
      for (const key in v) if (!valueTest(v[key])) return at(values.explain(v[key]), key);
      return fail(`expected ${expected}`);
    },
  );
}

/** `a`, `a and b`, `a, b and c` (or with `or`). */
function listing(items: readonly string[], last: 'and' | 'or'): string {
  if (items.length <= 2) return items.join(` ${last} `);
  return `${items.slice(0, -1).join(', ')} ${last} ${items[items.length - 1]}`;
}

function keyList(keys: readonly string[]): string {
  return listing(
    keys.map((k) => (IDENTIFIER.test(k) ? k : JSON.stringify(k))),
    'and',
  );
}

/** Options of {@link object}. */
export interface ObjectOptions {
  /** How messages describe this object; default `an object with <required keys>`. */
  expected?: string;
}

/**
 * Accepts an object with the `required` fields present and valid and the
 * `optional` fields valid when present (`undefined` counts as absent). Any other
 * field passes untouched; nothing is stripped or copied.
 *
 * @example
 * const tool = object({ name: string() }, { description: string() });
 * tool({ name: 'x', extra: 1 }); // undefined: unknown fields pass
 * tool({}, 'params'); // { path: 'params.name', message: 'missing required field; expected a string' }
 * tool({ name: 'x', description: 3 }); // { path: 'description', message: 'expected a string, got number' }
 */
export function object<R extends Shape, O extends Shape = {}>(
  required: R,
  optional?: O,
  options: ObjectOptions = {},
): Validator<ObjectOf<R, O>> {
  const reqKeys = Object.keys(required);
  const reqValidators = reqKeys.map((k) => required[k]!);
  const reqTests = reqValidators.map((v) => v.test);
  const optKeys = optional ? Object.keys(optional) : [];
  const optValidators = optKeys.map((k) => optional![k]!);
  const optTests = optValidators.map((v) => v.test);
  // Keys that also name something on Object.prototype (e.g. `constructor`) need an own-property check.
  const reqInherited = reqKeys.map((k) => k in Object.prototype);
  const optInherited = optKeys.map((k) => k in Object.prototype);
  const reqCount = reqKeys.length;
  const optCount = optKeys.length;
  const expected = options.expected ?? (reqCount === 0 ? 'an object' : `an object with ${keyList(reqKeys)}`);

  const read = (v: Record<string, unknown>, key: string, inherited: boolean): unknown =>
    inherited && !Object.hasOwn(v, key) ? undefined : v[key];

  // Two ways to test, same verdict. Looking up every known key costs one
  // (megamorphic) keyed load per key of the shape; walking the value's keys
  // costs one per key present. Shapes with many optional fields (tools,
  // resources, capabilities) are mostly sparse, so they walk the value.
  const allTests = [...reqTests, ...optTests];
  const slots: Record<string, number> = Object.create(null);
  for (let i = 0; i < allTests.length; i++) slots[i < reqCount ? reqKeys[i]! : optKeys[i - reqCount]!] = i;
  const scan = reqCount + optCount >= SCAN_THRESHOLD;

  const testByLookup = (o: Record<string, unknown>): boolean => {
    for (let i = 0; i < reqCount; i++) {
      const field = read(o, reqKeys[i]!, reqInherited[i]!);
      if (field === undefined || !reqTests[i]!(field)) return false;
    }
    for (let i = 0; i < optCount; i++) {
      const field = read(o, optKeys[i]!, optInherited[i]!);
      if (field !== undefined && !optTests[i]!(field)) return false;
    }
    return true;
  };

  const testByScan = (o: Record<string, unknown>): boolean => {
    let seen = 0;
    for (const key in o) {
      const slot = slots[key];
      if (slot === undefined) continue;
      const field = o[key];
      if (field === undefined) continue;
      if (!allTests[slot]!(field)) return false;
      if (slot < reqCount) seen++;
    }
    return seen === reqCount;
  };

  return custom<ObjectOf<R, O>>(
    expected,
    (v) => {
      if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
      return scan ? testByScan(v as Record<string, unknown>) : testByLookup(v as Record<string, unknown>);
    },
    (v) => {
      if (!isObject(v)) return mismatch(expected, v);
      for (let i = 0; i < reqCount; i++) {
        const key = reqKeys[i]!;
        const field = read(v, key, reqInherited[i]!);
        if (field === undefined) {
          return at(fail(`missing required field; expected ${reqValidators[i]!.expected}`), key);
        }
        if (!reqTests[i]!(field)) return at(reqValidators[i]!.explain(field), key);
      }
      for (let i = 0; i < optCount; i++) {
        const key = optKeys[i]!;
        const field = read(v, key, optInherited[i]!);
        if (field !== undefined && !optTests[i]!(field)) return at(optValidators[i]!.explain(field), key);
      }
      return fail(`expected ${expected}`);
    },
  );
}

/**
 * Accepts a value that passes any one of the members, tried in order. When all
 * fail, reports the member failure that got deepest into the value, or a plain
 * "expected A or B" when none got past the top.
 *
 * @example
 * const id = union(string(), integer());
 * id(1.5); // { path: '', message: 'expected a string or an integer, got number' }
 */
export function union<const V extends readonly Validator<unknown>[]>(
  ...members: V
): Validator<Infer<V[number]>> {
  const tests = members.map((m) => m.test);
  const count = tests.length;
  const expected = listing(
    members.map((m) => m.expected),
    'or',
  );
  return custom<Infer<V[number]>>(
    expected,
    (v) => {
      for (let i = 0; i < count; i++) if (tests[i]!(v)) return true;
      return false;
    },
    (v) => {
      let best: Failure | undefined;
      for (const member of members) {
        const failure = member.explain(v);
        if (best === undefined || failure.segments.length > best.segments.length) best = failure;
      }
      if (best === undefined || best.segments.length === 0) return mismatch(expected, v);
      return best;
    },
  );
}

/**
 * Accepts an object whose `field` (a string tag such as `type`) picks the
 * validator to apply. An unknown or missing tag is reported at the tag itself.
 *
 * @example
 * const block = discriminated('type', {
 *   text: object({ type: literal('text'), text: string() }),
 *   image: object({ type: literal('image'), data: string(), mimeType: string() }),
 * }, 'a content block');
 * block({ type: 'video' }, 'content');
 * // { path: 'content.type', message: 'expected one of "text", "image", got "video"' }
 */
export function discriminated<const M extends { readonly [tag: string]: Validator<unknown> }>(
  field: string,
  members: M,
  expected = `an object with ${field}`,
): Validator<Infer<M[keyof M]>> {
  const map = new Map<unknown, Validator<unknown>>(Object.entries(members));
  const tags = Object.keys(members)
    .map((t) => JSON.stringify(t))
    .join(', ');
  const tagExpected = map.size === 1 ? tags : `one of ${tags}`;
  return select<Infer<M[keyof M]>>(
    expected,
    (v) => map.get(v[field]),
    ({ [field]: tag }) =>
      at(
        fail(
          tag === undefined
            ? `missing required field; expected ${tagExpected}`
            : `expected ${tagExpected}, got ${preview(tag)}`,
        ),
        field,
      ),
  );
}

/**
 * Accepts an object that `pick` routes to one validator, chosen by a tag or by
 * which fields are present. `unpicked` explains an object `pick` finds no
 * validator for; `noun` names what a non-object should have been.
 *
 * @example
 * const contents = select(
 *   'text or blob contents',
 *   (v) => (v.text !== undefined ? textContents : v.blob !== undefined ? blobContents : undefined),
 *   () => fail('expected text or blob, got neither'),
 * );
 * contents(3); // { path: '', message: 'expected text or blob contents, got number' }
 */
export function select<T>(
  expected: string,
  pick: (value: Record<string, unknown>) => Validator<unknown> | undefined,
  unpicked: (value: Record<string, unknown>) => Failure = (v) => mismatch(expected, v),
  noun = expected,
): Validator<T> {
  return custom<T>(
    expected,
    (v) => isObject(v) && pick(v)?.test(v) === true,
    (v) => {
      if (!isObject(v)) return mismatch(noun, v);
      const chosen = pick(v);
      return chosen === undefined ? unpicked(v) : chosen.explain(v);
    },
  );
}

/**
 * Accepts `null` as well as whatever `inner` accepts.
 *
 * @example
 * nullable(integer())(null); // undefined
 * nullable(integer())('1'); // { path: '', message: 'expected an integer or null, got string' }
 */
export function nullable<T>(inner: Validator<T>): Validator<T | null> {
  const innerTest = inner.test;
  const expected = `${inner.expected} or null`;
  return custom<T | null>(
    expected,
    (v) => v === null || innerTest(v),
    (v) => {
      const failure = inner.explain(v);
      return failure.segments.length === 0 ? mismatch(expected, v) : failure;
    },
  );
}

/**
 * Adds a check on top of a validator; `message` (or `message(value)`) explains
 * a value that passes `base` but fails `predicate`.
 *
 * @example
 * const nonEmpty = refine(string(), (s) => s.length > 0, 'expected a non-empty string');
 * nonEmpty(''); // { path: '', message: 'expected a non-empty string' }
 */
export function refine<T>(
  base: Validator<T>,
  predicate: (value: T) => boolean,
  message: string | ((value: T) => Failure | string),
  expected = base.expected,
): Validator<T> {
  const baseTest = base.test;
  return custom<T>(
    expected,
    (v) => baseTest(v) && predicate(v as T),
    (v) => {
      if (!baseTest(v)) return base.explain(v);
      if (typeof message === 'string') return fail(message);
      const result = message(v as T);
      return typeof result === 'string' ? fail(result) : result;
    },
  );
}

/**
 * Accepts `undefined` (an absent value) as well as whatever `inner` accepts. Use
 * it where a whole value may be missing, such as optional `params`.
 *
 * @example
 * orAbsent(object({}))(undefined); // undefined
 */
export function orAbsent<T>(inner: Validator<T>): Validator<T | undefined> {
  const innerTest = inner.test;
  return custom<T | undefined>(inner.expected, (v) => v === undefined || innerTest(v), inner.explain);
}

/**
 * A read-only table of validators by method name.
 *
 * @example
 * const PARAMS = byMethod([['ping', orAbsent(object({}))]]);
 * PARAMS.get('ping')?.test(undefined); // true
 */
export function byMethod(entries: [string, Validator<unknown>][]): ReadonlyMap<string, Validator<unknown>> {
  return new Map(entries);
}
