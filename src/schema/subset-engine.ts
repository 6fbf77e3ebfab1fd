/**
 * The built-in JSON Schema engine: compiles the keywords most tool schemas use into plain
 * closures, so a server whose schemas stay inside that subset never loads Ajv (around 100 ms
 * of start-up and 12 MiB of memory here; docs/performance.md). Anything else is declined
 * and goes to Ajv.
 *
 * The results must be indistinguishable from Ajv's as mcpkit configures it (`strict: false`,
 * hence `strictNumbers: false`; `allErrors: true`; formats off): the same values pass, and a
 * failing value gets the same issues, with the same paths, messages and keywords, in the same
 * order. Ajv does not report in schema order. Each schema object is checked in groups:
 *
 * 1. `type`, unless exactly one type is named and that type's group below is present;
 * 2. keywords for any value: `const`, `enum`, `not`, `anyOf`, `oneOf`, `allOf`;
 * 3. numbers: `maximum`, `minimum`, `exclusiveMaximum`, `exclusiveMinimum`, `multipleOf`;
 * 4. strings: `maxLength`, `minLength`, `pattern`;
 * 5. arrays: `maxItems`, `minItems`, `items`, `uniqueItems`;
 * 6. objects: `maxProperties`, `minProperties`, `required`, `additionalProperties`, `properties`.
 *
 * A typed group runs only for a value of its type. When the schema names exactly one type and
 * that type's group is present (`format` counts for numbers and strings), the type issue is
 * reported in that group's place instead of first.
 *
 * Each compiled schema has two forms: `test`, a yes/no answer that allocates nothing, used for
 * every value and inside `not`/`anyOf`/`oneOf`; and `collect`, which builds the issues and
 * runs only once `test` said no.
 */
import { escapePointer } from './inspect.js';
import type { JsonSchemaCheck, SchemaIssue } from './issues.js';
import { jsonEqual } from './json-equal.js';
import type { JsonSchemaObject } from './schema-source.js';
import { AJV_ONLY_KEYWORDS, ANNOTATIONS } from './subset-vocabulary.js';

type Test = (value: unknown) => boolean;
type Collect = (value: unknown, path: string, out: SchemaIssue[]) => void;

/** One compiled schema or keyword. `collect` adds issues exactly when `test` is false. */
interface Check {
  readonly test: Test;
  readonly collect: Collect;
}

/** Thrown while compiling when the schema leaves the subset; never escapes this module. */
class OutsideSubset {
  constructor(readonly reason: string) {}
}

const NO_ISSUES: readonly SchemaIssue[] = Object.freeze([]);
const TOO_DEEP: readonly SchemaIssue[] = Object.freeze([
  { path: '', message: 'is nested too deeply to validate' },
]);

/**
 * Compiles a schema that stays inside the built-in subset; returns undefined for any other,
 * so the caller hands it to Ajv. Declined: every keyword Ajv acts on that the subset lacks
 * (`$ref`, `$defs`, `if`, `prefixItems`, `patternProperties`, ...), the tuple form of
 * `items`, and every keyword whose value the dialect's meta-schema rejects (so Ajv raises
 * the same compile error it always did). Unknown keywords are ignored, as Ajv ignores them.
 * The subset means the same in draft-07, 2019-09 and 2020-12.
 *
 * @example
 * const check = compileSubset({ type: 'object', properties: { n: { type: 'integer' } } });
 * check?.({ n: 1.5 }); // [{ path: '/n', message: 'must be integer', keyword: 'type' }]
 * compileSubset({ $ref: '#/$defs/x', $defs: { x: {} } }); // undefined: Ajv's job
 */
export function compileSubset(schema: JsonSchemaObject): JsonSchemaCheck | undefined {
  let root: Check;
  try {
    root = compileNode(schema, true);
  } catch (error) {
    // A RangeError: a schema nested deeper than the stack (a raised maxDepth); Ajv decides.
    if (error instanceof OutsideSubset || error instanceof RangeError) return undefined;
    throw error;
  }
  const { test, collect } = root;
  return (value) => {
    try {
      if (test(value)) return NO_ISSUES;
      const issues: SchemaIssue[] = [];
      collect(value, '', issues);
      return issues;
    } catch (error) {
      // Comparing two items of absurdly nested input (uniqueItems) runs out of stack; const
      // and enum comparisons stop where the schema's value, which is bounded, stops.
      if (error instanceof RangeError) return TOO_DEEP;
      throw error;
    }
  };
}

const ALWAYS: Check = { test: () => true, collect: () => {} };
const NEVER: Check = {
  test: () => false,
  collect: (_value, path, out) => {
    out.push({ path, message: 'boolean schema is false', keyword: 'false schema' });
  },
};

/** The keyword groups in the order Ajv runs them; see the file comment. */
interface Groups {
  readonly any: Check[];
  readonly number: Check[];
  readonly string: Check[];
  readonly array: Check[];
  readonly object: Check[];
}
type TypedGroup = Exclude<keyof Groups, 'any'>;
const TYPED_GROUPS: readonly TypedGroup[] = ['number', 'string', 'array', 'object'];

function compileNode(schema: unknown, root: boolean): Check {
  if (schema === true) return ALWAYS;
  if (schema === false) return NEVER;
  if (!isPlainObject(schema)) throw new OutsideSubset('a schema must be an object or a boolean');
  const groups: Groups = { any: [], number: [], string: [], array: [], object: [] };
  // A group is "present" when any of its keywords is, even one that checks nothing
  // (`uniqueItems: false`, `items: true`, `format`): that decides where the type issue goes.
  const present = new Set<TypedGroup>();
  let types: readonly string[] | undefined;
  let typeText = '';

  // First the keywords the subset does not compile: those that send the schema to Ajv, the
  // annotations (whose values must still be well-formed), and `type`, read here.
  for (const keyword of Object.keys(schema)) {
    const value = schema[keyword];
    if (value === undefined) continue; // Ajv treats an undefined keyword as absent.
    if (AJV_ONLY_KEYWORDS.has(keyword)) throw new OutsideSubset(`uses ${keyword}`);
    if (keyword === '$schema') {
      // The dialect was chosen from the root's; a nested one is Ajv's to judge.
      if (!root || typeof value !== 'string') throw new OutsideSubset('nested or malformed $schema');
      continue;
    }
    const annotation = ANNOTATIONS.get(keyword);
    if (annotation !== undefined) {
      if (!annotation(value)) throw new OutsideSubset(`malformed ${keyword}`);
      if (keyword === 'format') {
        present.add('number');
        present.add('string');
      }
      continue;
    }
    if (keyword === 'type') {
      types = typeNames(value);
      typeText = String(value);
    }
  }

  // Then each group's keywords, in Ajv's order within the group, whatever order the schema has.
  addAnyKeywords(schema, groups.any);
  addNumberKeywords(schema, groups.number);
  addStringKeywords(schema, groups.string);
  addArrayKeywords(schema, groups.array);
  addObjectKeywords(schema, groups.object);
  for (const group of TYPED_GROUPS) if (hasGroupKeyword(schema, group)) present.add(group);

  const steps: Check[] = [];
  let typeInGroup: TypedGroup | undefined;
  if (types !== undefined) {
    const only = types.length === 1 ? (types[0] as TypedGroup) : undefined;
    if (only !== undefined && present.has(only)) typeInGroup = only;
    else steps.push(typeCheck(types, typeText));
  }
  steps.push(...groups.any);
  for (const group of TYPED_GROUPS) {
    if (!present.has(group)) continue;
    const typeIssue = group === typeInGroup ? `must be ${typeText}` : undefined;
    steps.push(groupCheck(IS_TYPE[group]!, groups[group], typeIssue));
  }
  return sequence(steps);
}

/** Keywords of each typed group, present or not: presence alone moves the type issue. */
const GROUP_KEYWORDS: Readonly<Record<TypedGroup, readonly string[]>> = {
  number: ['maximum', 'minimum', 'exclusiveMaximum', 'exclusiveMinimum', 'multipleOf'],
  string: ['maxLength', 'minLength', 'pattern'],
  array: ['maxItems', 'minItems', 'items', 'uniqueItems'],
  object: ['maxProperties', 'minProperties', 'required', 'additionalProperties', 'properties'],
};

function hasGroupKeyword(schema: Record<string, unknown>, group: TypedGroup): boolean {
  return GROUP_KEYWORDS[group].some((keyword) => schema[keyword] !== undefined);
}

// ---------------------------------------------------------------------------------------
// Types. `strictNumbers: false`: NaN and ±Infinity are numbers, and ±Infinity even integers.

const IS_TYPE: Readonly<Record<string, Test>> = {
  null: (value) => value === null,
  boolean: (value) => typeof value === 'boolean',
  string: (value) => typeof value === 'string',
  number: (value) => typeof value === 'number',
  integer: (value) => typeof value === 'number' && !(value % 1) && !Number.isNaN(value),
  array: (value) => Array.isArray(value),
  object: (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
};

function typeNames(value: unknown): readonly string[] {
  const names = Array.isArray(value) ? value : [value];
  if (names.length === 0) throw new OutsideSubset('empty type list');
  for (let i = 0; i < names.length; i++) {
    const name = names[i];
    if (typeof name !== 'string' || !Object.hasOwn(IS_TYPE, name) || names.indexOf(name) !== i) {
      throw new OutsideSubset('malformed type');
    }
  }
  return names as string[];
}

function typeCheck(types: readonly string[], typeText: string): Check {
  const tests = types.map((name) => IS_TYPE[name]!);
  const [first, second] = tests;
  let test: Test;
  if (tests.length === 1) test = first!;
  else if (tests.length === 2) test = (value) => first!(value) || second!(value);
  else test = (value) => tests.some((isType) => isType(value));
  return assertion('type', `must be ${typeText}`, test);
}

/** A typed group: its keywords for a value of its type; for another, the type issue if it lives here. */
function groupCheck(isType: Test, checks: readonly Check[], typeIssue: string | undefined): Check {
  const inner = sequence(checks);
  const otherType = typeIssue === undefined;
  return {
    test: (value) => (isType(value) ? inner.test(value) : otherType),
    collect(value, path, out) {
      if (isType(value)) inner.collect(value, path, out);
      else if (typeIssue !== undefined) out.push({ path, message: typeIssue, keyword: 'type' });
    },
  };
}

// ---------------------------------------------------------------------------------------
// Keywords for any value.

function addAnyKeywords(schema: Record<string, unknown>, checks: Check[]): void {
  if (schema.const !== undefined) {
    const allowed = jsonValue(schema.const, 'const');
    const test: Test =
      typeof allowed === 'object' && allowed !== null
        ? (value) => jsonEqual(value, allowed)
        : (value) => value === allowed;
    checks.push(assertion('const', 'must be equal to constant', test));
  }
  if (schema.enum !== undefined) {
    const list = schema.enum;
    if (!Array.isArray(list) || list.length === 0) throw new OutsideSubset('malformed enum');
    const primitives = new Set<unknown>();
    const structured: unknown[] = [];
    for (const entry of list) {
      const allowed = jsonValue(entry, 'enum');
      // Draft-07's meta-schema wants the entries unique: a repeated one is Ajv's to reject.
      if (typeof allowed === 'object' && allowed !== null) {
        if (structured.some((other) => jsonEqual(other, allowed)))
          throw new OutsideSubset('repeated enum entry');
        structured.push(allowed);
      } else {
        if (primitives.has(allowed)) throw new OutsideSubset('repeated enum entry');
        primitives.add(allowed);
      }
    }
    const test: Test = (value) => {
      // No NaN in the set (JSON has none), so Set's equality is ===.
      if (primitives.has(value)) return true;
      if (typeof value !== 'object' || value === null) return false;
      for (let i = 0; i < structured.length; i++) if (jsonEqual(value, structured[i])) return true;
      return false;
    };
    checks.push(assertion('enum', 'must be equal to one of the allowed values', test));
  }
  if (schema.not !== undefined) {
    const inner = compileNode(schema.not, false);
    checks.push(assertion('not', 'must NOT be valid', (value) => !inner.test(value)));
  }
  if (schema.anyOf !== undefined) checks.push(anyOf(subschemas(schema.anyOf, 'anyOf')));
  if (schema.oneOf !== undefined) checks.push(oneOf(subschemas(schema.oneOf, 'oneOf')));
  if (schema.allOf !== undefined) checks.push(sequence(subschemas(schema.allOf, 'allOf')));
}

function subschemas(value: unknown, keyword: string): Check[] {
  if (!Array.isArray(value) || value.length === 0) throw new OutsideSubset(`malformed ${keyword}`);
  return value.map((schema) => compileNode(schema, false));
}

/** Valid when a branch is; otherwise every branch's issues, then anyOf's own. */
function anyOf(branches: readonly Check[]): Check {
  const test: Test = (value) => {
    for (let i = 0; i < branches.length; i++) if (branches[i]!.test(value)) return true;
    return false;
  };
  return {
    test,
    collect(value, path, out) {
      if (test(value)) return;
      for (const branch of branches) branch.collect(value, path, out);
      out.push({ path, message: 'must match a schema in anyOf', keyword: 'anyOf' });
    },
  };
}

/**
 * Valid when exactly one branch is. Like Ajv, the branches are tried in order and the search
 * stops at the second passing one, so the issues of failing branches after it are not
 * reported (Ajv's only departure from "every branch's issues"; the verdict is the spec's).
 */
function oneOf(branches: readonly Check[]): Check {
  const test: Test = (value) => {
    let passing = 0;
    for (let i = 0; i < branches.length; i++) {
      if (branches[i]!.test(value) && ++passing > 1) return false;
    }
    return passing === 1;
  };
  return {
    test,
    collect(value, path, out) {
      if (test(value)) return;
      for (let i = 0, passing = 0; i < branches.length; i++) {
        const branch = branches[i]!;
        if (branch.test(value)) {
          if (++passing > 1) break;
        } else {
          branch.collect(value, path, out);
        }
      }
      out.push({ path, message: 'must match exactly one schema in oneOf', keyword: 'oneOf' });
    },
  };
}

// ---------------------------------------------------------------------------------------
// Numbers. The group runs for any number, NaN and ±Infinity included.

const LIMITS = [
  ['maximum', '<=', (value: number, limit: number) => value <= limit],
  ['minimum', '>=', (value: number, limit: number) => value >= limit],
  ['exclusiveMaximum', '<', (value: number, limit: number) => value < limit],
  ['exclusiveMinimum', '>', (value: number, limit: number) => value > limit],
] as const;

function addNumberKeywords(schema: Record<string, unknown>, checks: Check[]): void {
  for (const [keyword, comparison, within] of LIMITS) {
    if (schema[keyword] === undefined) continue;
    const limit = finiteNumber(schema[keyword], keyword);
    // A comparison with NaN is false, so NaN fails every limit, as in Ajv.
    checks.push(
      assertion(keyword, `must be ${comparison} ${limit}`, (value) => within(value as number, limit)),
    );
  }
  if (schema.multipleOf !== undefined) {
    const divisor = finiteNumber(schema.multipleOf, 'multipleOf');
    if (divisor <= 0) throw new OutsideSubset('multipleOf must be greater than 0');
    checks.push(
      assertion('multipleOf', `must be multiple of ${divisor}`, (value) => {
        // Ajv's test is `q === parseInt(q)`: q must be an integer that prints without an
        // exponent, i.e. below 1e21 in size. Said without building the string.
        const quotient = (value as number) / divisor;
        return Number.isInteger(quotient) && Math.abs(quotient) < 1e21;
      }),
    );
  }
}

// ---------------------------------------------------------------------------------------
// Strings. Lengths count code points (a surrogate pair is one character), like Ajv.

function addStringKeywords(schema: Record<string, unknown>, checks: Check[]): void {
  addSizeLimits(schema, checks, STRING_LENGTH);
  if (schema.pattern !== undefined) {
    const source = schema.pattern;
    if (typeof source !== 'string') throw new OutsideSubset('malformed pattern');
    let expression: RegExp;
    try {
      expression = new RegExp(source, 'u');
    } catch {
      throw new OutsideSubset('pattern does not compile');
    }
    checks.push(
      assertion('pattern', `must match pattern "${source}"`, (value) => expression.test(value as string)),
    );
  }
}

/** Code points in a string; a lone surrogate counts as one. */
function codePoints(text: string): number {
  let length = 0;
  for (let i = 0; i < text.length; i++) {
    length++;
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      if ((text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) i++;
    }
  }
  return length;
}

// ---------------------------------------------------------------------------------------
// Arrays.

function addArrayKeywords(schema: Record<string, unknown>, checks: Check[]): void {
  addSizeLimits(schema, checks, ARRAY_LENGTH);
  if (schema.items !== undefined) {
    // The array (tuple) form of draft-07 and 2019-09 is Ajv's; 2020-12 forbids it.
    if (Array.isArray(schema.items)) throw new OutsideSubset('tuple items');
    const item = compileNode(schema.items, false);
    if (item !== ALWAYS) checks.push(everyItem(item));
  }
  if (schema.uniqueItems !== undefined) {
    if (typeof schema.uniqueItems !== 'boolean') throw new OutsideSubset('malformed uniqueItems');
    if (schema.uniqueItems) checks.push(uniqueItems(scalarItemTypes(schema.items)));
  }
}

function everyItem(item: Check): Check {
  return {
    test(value) {
      const list = value as unknown[];
      for (let i = 0; i < list.length; i++) if (!item.test(list[i])) return false;
      return true;
    },
    collect(value, path, out) {
      const list = value as unknown[];
      for (let i = 0; i < list.length; i++) {
        if (!item.test(list[i])) item.collect(list[i], `${path}/${i}`, out);
      }
    },
  };
}

/**
 * The item types `items` names when none is `object` or `array`: then Ajv compares items by
 * identity, skipping items of other types, and finds a different duplicate pair than its
 * deep comparison would. Undefined when Ajv compares deeply.
 */
function scalarItemTypes(items: unknown): Test | undefined {
  if (!isPlainObject(items) || items.type === undefined) return undefined;
  const types = typeNames(items.type);
  if (types.includes('object') || types.includes('array')) return undefined;
  return typeCheck(types, '').test;
}

/** Beyond this many items, the scalar comparison uses a Map instead of comparing pairs. */
const PAIRWISE_LIMIT = 32;

/** The duplicate pair Ajv reports, in its message order; undefined when all items differ. */
type DuplicateFinder = (list: readonly unknown[]) => readonly [number, number] | undefined;

function uniqueItems(scalarType: Test | undefined): Check {
  const find: DuplicateFinder = scalarType === undefined ? deepDuplicate : scalarDuplicate(scalarType);
  return {
    test: (value) => find(value as unknown[]) === undefined,
    collect(value, path, out) {
      const pair = find(value as unknown[]);
      if (pair === undefined) return;
      out.push({
        path,
        message: `must NOT have duplicate items (items ## ${pair[0]} and ${pair[1]} are identical)`,
        keyword: 'uniqueItems',
      });
    },
  };
}

/** Ajv's deep search: from the last item down, the nearest earlier equal item ("## earlier and later"). */
function deepDuplicate(list: readonly unknown[]): readonly [number, number] | undefined {
  for (let later = list.length - 1; later > 0; later--) {
    for (let earlier = later - 1; earlier >= 0; earlier--) {
      if (jsonEqual(list[later], list[earlier])) return [earlier, later];
    }
  }
  return undefined;
}

/**
 * Ajv's scalar search: from the last item down, the first item equal to one after it
 * ("## later and earlier"), items of other types skipped, equality as SameValueZero. Ajv
 * keeps the seen items in a plain object, where the string `__proto__` is never found; here
 * a duplicate `__proto__` is a duplicate like any other (the spec's answer).
 */
function scalarDuplicate(isItemType: Test): DuplicateFinder {
  return (list) => {
    if (list.length > PAIRWISE_LIMIT) {
      const seen = new Map<unknown, number>();
      for (let earlier = list.length - 1; earlier >= 0; earlier--) {
        const item = list[earlier];
        if (!isItemType(item)) continue;
        const later = seen.get(item);
        if (later !== undefined) return [later, earlier];
        seen.set(item, earlier);
      }
      return undefined;
    }
    // Every item after `earlier` differs from the others (or the search would have ended), so
    // the equal one found is the only one: the same pair the Map finds, without allocating.
    for (let earlier = list.length - 2; earlier >= 0; earlier--) {
      const item = list[earlier];
      if (!isItemType(item)) continue;
      for (let later = earlier + 1; later < list.length; later++) {
        const other = list[later];
        if ((other === item || (Number.isNaN(other) && Number.isNaN(item))) && isItemType(other))
          return [later, earlier];
      }
    }
    return undefined;
  };
}

// ---------------------------------------------------------------------------------------
// Objects. A property is present when reading it gives something other than undefined
// (Ajv's test), so an inherited `toString` is present and a property set to undefined is not.

function addObjectKeywords(schema: Record<string, unknown>, checks: Check[]): void {
  addSizeLimits(schema, checks, PROPERTY_COUNT);
  if (schema.required !== undefined) checks.push(required(schema.required));
  const properties = propertyChecks(schema.properties);
  if (schema.additionalProperties !== undefined) {
    const additional = compileNode(schema.additionalProperties, false);
    const declared = new Set(properties?.map((property) => property.name));
    if (additional === NEVER) checks.push(noAdditionalProperties(declared));
    else if (additional !== ALWAYS) checks.push(additionalProperties(declared, additional));
  }
  if (properties !== undefined && properties.length > 0) checks.push(propertiesCheck(properties));
}

function required(value: unknown): Check {
  if (!Array.isArray(value)) throw new OutsideSubset('malformed required');
  const names = value as unknown[];
  names.forEach((name, i) => {
    if (typeof name !== 'string' || names.indexOf(name) !== i) throw new OutsideSubset('malformed required');
  });
  const messages = (names as string[]).map((name) => `must have required property '${name}'`);
  const list = names as string[];
  return {
    test(object) {
      const record = object as Record<string, unknown>;
      for (let i = 0; i < list.length; i++) if (record[list[i]!] === undefined) return false;
      return true;
    },
    collect(object, path, out) {
      const record = object as Record<string, unknown>;
      for (let i = 0; i < list.length; i++) {
        if (record[list[i]!] === undefined) out.push({ path, message: messages[i]!, keyword: 'required' });
      }
    },
  };
}

interface PropertyCheck {
  readonly name: string;
  /** The JSON Pointer step to the property, escaped once here. */
  readonly pointer: string;
  readonly check: Check;
}

function propertyChecks(value: unknown): PropertyCheck[] | undefined {
  if (value === undefined) return undefined;
  if (!isPlainObject(value)) throw new OutsideSubset('malformed properties');
  // Ajv skips a property named __proto__ in one place and not in another; leave it to Ajv.
  if (Object.hasOwn(value, '__proto__')) throw new OutsideSubset('a property named __proto__');
  return Object.keys(value).map((name) => ({
    name,
    pointer: `/${escapePointer(name)}`,
    check: compileNode(value[name], false),
  }));
}

function propertiesCheck(all: readonly PropertyCheck[]): Check {
  // A property whose schema accepts everything is only declared (for additionalProperties).
  const checked = all.filter((property) => property.check !== ALWAYS);
  // Parallel arrays keep the yes/no loop free of per-property object reads.
  const names = checked.map((property) => property.name);
  const tests = checked.map((property) => property.check.test);
  return {
    test(object) {
      const record = object as Record<string, unknown>;
      for (let i = 0; i < names.length; i++) {
        const property = record[names[i]!];
        if (property !== undefined && !tests[i]!(property)) return false;
      }
      return true;
    },
    collect(object, path, out) {
      const record = object as Record<string, unknown>;
      for (const { name, pointer, check } of checked) {
        const property = record[name];
        if (property !== undefined && !check.test(property)) check.collect(property, path + pointer, out);
      }
    },
  };
}

/**
 * `additionalProperties: false`. Like Ajv, it looks at every enumerable key (`for...in`,
 * inherited ones included) and reports each extra key at the object's own path.
 */
function noAdditionalProperties(declared: ReadonlySet<string>): Check {
  return {
    test(object) {
      for (const key in object as object) if (!declared.has(key)) return false;
      return true;
    },
    collect(object, path, out) {
      for (const key in object as object) {
        if (!declared.has(key)) {
          out.push({ path, message: `must not have the property '${key}'`, keyword: 'additionalProperties' });
        }
      }
    },
  };
}

function additionalProperties(declared: ReadonlySet<string>, additional: Check): Check {
  return {
    test(object) {
      const record = object as Record<string, unknown>;
      for (const key in record) if (!declared.has(key) && !additional.test(record[key])) return false;
      return true;
    },
    collect(object, path, out) {
      const record = object as Record<string, unknown>;
      for (const key in record) {
        if (declared.has(key)) continue;
        const property = record[key];
        if (!additional.test(property)) additional.collect(property, `${path}/${escapePointer(key)}`, out);
      }
    },
  };
}

// ---------------------------------------------------------------------------------------
// Size limits: the same pair of keywords, and the same messages, for three kinds of size.

interface SizeLimits {
  readonly max: 'maxLength' | 'maxItems' | 'maxProperties';
  readonly min: 'minLength' | 'minItems' | 'minProperties';
  /** What is counted, as the messages say it. */
  readonly unit: string;
  atMost(value: unknown, limit: number): boolean;
  atLeast(value: unknown, limit: number): boolean;
}

const STRING_LENGTH: SizeLimits = {
  max: 'maxLength',
  min: 'minLength',
  unit: 'characters',
  // Counting code points walks the string; the UTF-16 length settles most cases first,
  // since a code point takes one or two code units.
  atMost: (value, limit) => (value as string).length <= limit || codePoints(value as string) <= limit,
  atLeast(value, limit) {
    const text = value as string;
    if (text.length < limit) return false;
    return (text.length + 1) >>> 1 >= limit || codePoints(text) >= limit;
  },
};

const ARRAY_LENGTH: SizeLimits = {
  max: 'maxItems',
  min: 'minItems',
  unit: 'items',
  atMost: (value, limit) => (value as unknown[]).length <= limit,
  atLeast: (value, limit) => (value as unknown[]).length >= limit,
};

const PROPERTY_COUNT: SizeLimits = {
  max: 'maxProperties',
  min: 'minProperties',
  unit: 'properties',
  atMost: (value, limit) => Object.keys(value as object).length <= limit,
  atLeast: (value, limit) => Object.keys(value as object).length >= limit,
};

function addSizeLimits(schema: Record<string, unknown>, checks: Check[], size: SizeLimits): void {
  if (schema[size.max] !== undefined) {
    const limit = count(schema[size.max], size.max);
    const message = `must NOT have more than ${limit} ${size.unit}`;
    checks.push(assertion(size.max, message, (value) => size.atMost(value, limit)));
  }
  if (schema[size.min] !== undefined) {
    const limit = count(schema[size.min], size.min);
    const message = `must NOT have fewer than ${limit} ${size.unit}`;
    checks.push(assertion(size.min, message, (value) => size.atLeast(value, limit)));
  }
}

// ---------------------------------------------------------------------------------------
// Building blocks.

/** A keyword that reports one issue at the value's own path when `test` fails. */
function assertion(keyword: string, message: string, test: Test): Check {
  return {
    test,
    collect(value, path, out) {
      if (!test(value)) out.push({ path, message, keyword });
    },
  };
}

/** All checks, in order; every one reports (Ajv's allErrors). */
function sequence(checks: readonly Check[]): Check {
  if (checks.length === 0) return ALWAYS;
  if (checks.length === 1) return checks[0]!;
  if (checks.length === 2) {
    // The common pair (a type and one keyword, two properties' worth) without the loop.
    const [first, second] = checks as [Check, Check];
    return {
      test: (value) => first.test(value) && second.test(value),
      collect(value, path, out) {
        first.collect(value, path, out);
        second.collect(value, path, out);
      },
    };
  }
  return {
    test(value) {
      for (let i = 0; i < checks.length; i++) if (!checks[i]!.test(value)) return false;
      return true;
    },
    collect(value, path, out) {
      for (let i = 0; i < checks.length; i++) checks[i]!.collect(value, path, out);
    },
  };
}

function count(value: unknown, keyword: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new OutsideSubset(`${keyword} must be a non-negative integer`);
  }
  return value;
}

function finiteNumber(value: unknown, keyword: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw new OutsideSubset(`${keyword} must be a number`);
  return value;
}

/**
 * A `const` or `enum` value, when it is plain JSON. NaN, Infinity and undefined are not:
 * Ajv compares them in two different ways depending on the enum's length.
 */
function jsonValue(value: unknown, keyword: string): unknown {
  if (!isJson(value)) throw new OutsideSubset(`${keyword} holds a value JSON cannot express`);
  return value;
}

function isJson(value: unknown): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(isJson);
  return isPlainObject(value) && Object.keys(value).every((key) => isJson(value[key]));
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
