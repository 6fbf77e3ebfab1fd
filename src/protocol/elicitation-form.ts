/**
 * Helpers for form-mode elicitation (`elicitation/create` with `mode: 'form'`
 * or no mode), the same in 2026-07-28 and 2025-11-25, used on both sides:
 *
 * - {@link applyDefaults} fills omitted fields from their `default` (SEP-1034),
 * - {@link validateElicitationContent} checks an accepted answer against the
 *   restricted form schema: the client before it sends it, the server when it
 *   receives it,
 * - {@link describeFormField} / {@link describeForm} turn the schema into
 *   simple field descriptions a UI or CLI can prompt with.
 *
 * The schema arrives from a server, so everything here reads it defensively
 * and never throws on malformed input.
 */
import type {
  ElicitRequestedSchema,
  ElicitResultContent,
  PrimitiveSchemaDefinition,
} from './types/form-schema.js';

/**
 * The kind of input a form field asks for.
 *
 * @example
 * const type: FormFieldType = describeFormField('color', { type: 'string', enum: ['red'] }, false).type; // 'single-select'
 */
export type FormFieldType =
  | 'string'
  | 'number'
  | 'integer'
  | 'boolean'
  | 'single-select'
  | 'multi-select'
  /** A field this implementation does not recognise; it cannot be filled in safely. */
  | 'unsupported';

/**
 * One option of a choice field: the value sent back and the label to show.
 *
 * @example
 * const red: FormFieldChoice = { value: '#ff0000', label: 'Red' };
 */
export interface FormFieldChoice {
  /** The value placed in the content when this option is picked. */
  value: string;
  /** What to show the user (the option's title, or the value itself). */
  label: string;
}

/**
 * What a UI needs to prompt for one form field. Constraints are present only
 * when the schema sets them.
 *
 * @example
 * const field: FormFieldDescription = { name: 'age', label: 'Age', type: 'integer', required: true, minimum: 18 };
 */
export interface FormFieldDescription {
  /** Property name, the key in the returned content. */
  name: string;
  /** Label to show: the schema's `title`, else the property name. */
  label: string;
  /** Help text from the schema. */
  description?: string;
  /** The kind of input. */
  type: FormFieldType;
  /** Whether the form lists the field in `required`. */
  required: boolean;
  /** Options, for `single-select` and `multi-select` fields. */
  choices?: FormFieldChoice[];
  /** Value to pre-fill; only set when the schema's default is valid for the field. */
  default?: string | number | boolean | string[];
  /** String format hint (`email`, `uri`, `date`, `date-time`). */
  format?: string;
  /** Fewest characters (string fields). */
  minLength?: number;
  /** Most characters (string fields). */
  maxLength?: number;
  /** Smallest value (number and integer fields). */
  minimum?: number;
  /** Largest value (number and integer fields). */
  maximum?: number;
  /** Fewest picks (multi-select fields). */
  minItems?: number;
  /** Most picks (multi-select fields). */
  maxItems?: number;
}

/**
 * What went wrong with a field's value.
 *
 * @example
 * const tooShort = issues.filter((issue) => issue.code === ('min-length' satisfies FormIssueCode));
 */
export type FormIssueCode =
  | 'not-object'
  | 'required'
  | 'unknown-field'
  | 'unsupported-field'
  | 'type'
  | 'not-integer'
  | 'min-length'
  | 'max-length'
  | 'format'
  | 'minimum'
  | 'maximum'
  | 'enum'
  | 'min-items'
  | 'max-items';

/**
 * One problem found in submitted form content.
 *
 * @example
 * const issue: FormIssue = { field: 'email', code: 'required', message: 'email: is required' };
 */
export interface FormIssue {
  /** The property name, or `''` for a problem with the content as a whole. */
  field: string;
  /** Machine-readable kind of problem. */
  code: FormIssueCode;
  /** A sentence a user can act on, naming the field. */
  message: string;
}

type FieldValue = string | number | boolean | string[];
type Loose = Record<string, unknown>;

/**
 * Fills every omitted field that has a usable `default` (SEP-1034: string,
 * number, integer, boolean, single-select and multi-select). A field counts as
 * omitted when it is missing or `undefined`; values the user gave are never
 * replaced. A default that would fail its own field's rules (wrong type, not
 * one of the options, out of range) is ignored rather than sent. Returns a new
 * object; the input is not modified.
 *
 * @example
 * const content = applyDefaults(
 *   { type: 'object', properties: { name: { type: 'string', default: 'John Doe' }, age: { type: 'integer' } } },
 *   { age: 30 },
 * );
 * // { age: 30, name: 'John Doe' }
 */
export function applyDefaults(
  requestedSchema: ElicitRequestedSchema,
  content?: Partial<ElicitResultContent>,
): ElicitResultContent {
  const out: ElicitResultContent = {};
  if (isRecord(content)) {
    for (const [name, value] of Object.entries(content)) {
      if (value !== undefined) defineValue(out, name, value);
    }
  }
  for (const [name, property] of propertiesOf(requestedSchema)) {
    if (Object.hasOwn(out, name)) continue;
    const fallback = usableDefault(property);
    if (fallback !== undefined) defineValue(out, name, fallback);
  }
  return out;
}

/**
 * Checks the content of an `accept` answer against the form schema: the
 * content is an object, every `required` field is present, no field outside
 * the schema appears, and each value obeys its field's rules (see
 * {@link validateElicitationField}). Returns the problems found, or an empty
 * list when the content is valid. Apply defaults first if the user may have
 * left fields out.
 *
 * @example
 * const issues = validateElicitationContent(
 *   { type: 'object', properties: { email: { type: 'string', format: 'email' } }, required: ['email'] },
 *   { email: 'not-an-address' },
 * );
 * // [{ field: 'email', code: 'format', message: 'email: must be an email address' }]
 */
export function validateElicitationContent(
  requestedSchema: ElicitRequestedSchema,
  content: unknown,
): FormIssue[] {
  if (!isRecord(content)) {
    return [
      { field: '', code: 'not-object', message: 'The form content must be an object of field values.' },
    ];
  }
  const issues: FormIssue[] = [];
  const properties = new Map(propertiesOf(requestedSchema));
  for (const name of requiredOf(requestedSchema)) {
    if (!Object.hasOwn(content, name) || content[name] === undefined) {
      issues.push({ field: name, code: 'required', message: `${name}: is required` });
    }
  }
  for (const [name, value] of Object.entries(content)) {
    if (value === undefined) continue;
    const property = properties.get(name);
    if (!property) {
      issues.push({ field: name, code: 'unknown-field', message: `${name}: is not a field of this form` });
      continue;
    }
    issues.push(...validateElicitationField(name, property, value));
  }
  return issues;
}

/**
 * Checks one field's value against its schema, for re-prompting a single
 * field. Rules: strings with `minLength`/`maxLength` (counted in Unicode code
 * points) and `format` (`email`, `uri`, `date`, `date-time`; other formats
 * are not checked); numbers and integers with inclusive `minimum`/`maximum`;
 * booleans; single-select values from `enum` or `oneOf[].const`; multi-select
 * arrays of values from `items.enum` or `items.anyOf[].const` with
 * `minItems`/`maxItems`. Returns the problems found, or an empty list.
 *
 * @example
 * validateElicitationField('age', { type: 'integer', minimum: 18 }, 12);
 * // [{ field: 'age', code: 'minimum', message: 'age: must be at least 18' }]
 */
export function validateElicitationField(
  name: string,
  propertySchema: PrimitiveSchemaDefinition,
  value: unknown,
): FormIssue[] {
  const schema = propertySchema as unknown as Loose;
  const issues: FormIssue[] = [];
  const issue = (code: FormIssueCode, problem: string): void => {
    issues.push({ field: name, code, message: `${name}: ${problem}` });
  };
  const type = fieldTypeOf(schema);
  switch (type) {
    case 'boolean':
      if (typeof value !== 'boolean') issue('type', 'must be true or false');
      break;
    case 'number':
    case 'integer': {
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        issue('type', type === 'integer' ? 'must be a whole number' : 'must be a number');
        break;
      }
      if (type === 'integer' && !Number.isInteger(value)) issue('not-integer', 'must be a whole number');
      const minimum = numberOf(schema.minimum);
      const maximum = numberOf(schema.maximum);
      if (minimum !== undefined && value < minimum) issue('minimum', `must be at least ${minimum}`);
      if (maximum !== undefined && value > maximum) issue('maximum', `must be at most ${maximum}`);
      break;
    }
    case 'string': {
      if (typeof value !== 'string') {
        issue('type', 'must be text');
        break;
      }
      const length = [...value].length;
      const minLength = numberOf(schema.minLength);
      const maxLength = numberOf(schema.maxLength);
      if (minLength !== undefined && length < minLength) {
        issue('min-length', `must be at least ${minLength} character${minLength === 1 ? '' : 's'} long`);
      }
      if (maxLength !== undefined && length > maxLength) {
        issue('max-length', `must be at most ${maxLength} character${maxLength === 1 ? '' : 's'} long`);
      }
      const format = typeof schema.format === 'string' ? schema.format : undefined;
      const formatProblem = format === undefined ? undefined : checkFormat(format, value);
      if (formatProblem) issue('format', formatProblem);
      break;
    }
    case 'single-select': {
      if (typeof value !== 'string') {
        issue('type', 'must be one of the listed options');
        break;
      }
      const allowed = singleSelectValues(schema);
      if (!allowed.includes(value)) issue('enum', `must be one of ${listOf(allowed)}`);
      break;
    }
    case 'multi-select': {
      if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
        issue('type', 'must be a list of the listed options');
        break;
      }
      const allowed = multiSelectValues(schema);
      const unknown = value.filter((item: string) => !allowed.includes(item));
      if (unknown.length > 0) {
        issue(
          'enum',
          `${listOf(unknown)} ${unknown.length === 1 ? 'is' : 'are'} not among ${listOf(allowed)}`,
        );
      }
      const minItems = numberOf(schema.minItems);
      const maxItems = numberOf(schema.maxItems);
      if (minItems !== undefined && value.length < minItems) {
        issue('min-items', `pick at least ${minItems} option${minItems === 1 ? '' : 's'}`);
      }
      if (maxItems !== undefined && value.length > maxItems) {
        issue('max-items', `pick at most ${maxItems} option${maxItems === 1 ? '' : 's'}`);
      }
      break;
    }
    case 'unsupported':
      issue('unsupported-field', 'has a field type this client cannot check');
      break;
  }
  return issues;
}

/**
 * Describes one form field for prompting: label, help text, input type,
 * choices with their labels (from `oneOf`/`anyOf` titles or legacy
 * `enumNames`), a valid default to pre-fill, whether it is required, and the
 * constraints to show or enforce while typing.
 *
 * @example
 * const field = describeFormField('color', { type: 'string', oneOf: [{ const: '#f00', title: 'Red' }], default: '#f00' }, true);
 * // { name: 'color', label: 'color', type: 'single-select', required: true,
 * //   choices: [{ value: '#f00', label: 'Red' }], default: '#f00' }
 */
export function describeFormField(
  name: string,
  propertySchema: PrimitiveSchemaDefinition,
  required: boolean,
): FormFieldDescription {
  const schema = propertySchema as unknown as Loose;
  const type = fieldTypeOf(schema);
  const field: FormFieldDescription = {
    name,
    label: typeof schema.title === 'string' && schema.title !== '' ? schema.title : name,
    type,
    required,
  };
  if (typeof schema.description === 'string') field.description = schema.description;
  if (type === 'single-select') field.choices = singleSelectChoices(schema);
  if (type === 'multi-select') field.choices = multiSelectChoices(schema);
  if (type === 'string' && typeof schema.format === 'string') field.format = schema.format;
  const limits = {
    string: ['minLength', 'maxLength'],
    number: ['minimum', 'maximum'],
    integer: ['minimum', 'maximum'],
    'multi-select': ['minItems', 'maxItems'],
  } as const;
  if (type in limits) {
    for (const limit of limits[type as keyof typeof limits]) {
      const value = numberOf(schema[limit]);
      if (value !== undefined) field[limit] = value;
    }
  }
  const fallback = usableDefault(propertySchema);
  if (fallback !== undefined) field.default = fallback;
  return field;
}

/**
 * Describes every field of a form, in the order the schema lists them, with
 * `required` taken from the schema's `required` list.
 *
 * @example
 * for (const field of describeForm(params.requestedSchema)) {
 *   const answer = await prompt(`${field.label}${field.required ? ' *' : ''}: `);
 * }
 */
export function describeForm(requestedSchema: ElicitRequestedSchema): FormFieldDescription[] {
  const required = new Set(requiredOf(requestedSchema));
  return propertiesOf(requestedSchema).map(([name, property]) =>
    describeFormField(name, property, required.has(name)),
  );
}

function isRecord(value: unknown): value is Loose {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Sets a property as own data, so a key such as `__proto__` cannot touch the prototype. */
function defineValue(target: ElicitResultContent, name: string, value: FieldValue): void {
  Object.defineProperty(target, name, { value, enumerable: true, writable: true, configurable: true });
}

function propertiesOf(schema: unknown): Array<[string, PrimitiveSchemaDefinition]> {
  if (!isRecord(schema) || !isRecord(schema.properties)) return [];
  return Object.entries(schema.properties).filter((entry): entry is [string, PrimitiveSchemaDefinition] =>
    isRecord(entry[1]),
  );
}

function requiredOf(schema: unknown): string[] {
  if (!isRecord(schema) || !Array.isArray(schema.required)) return [];
  return schema.required.filter((name): name is string => typeof name === 'string');
}

function numberOf(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function fieldTypeOf(schema: Loose): FormFieldType {
  switch (schema.type) {
    case 'boolean':
    case 'number':
    case 'integer':
      return schema.type;
    case 'string':
      return Array.isArray(schema.enum) || Array.isArray(schema.oneOf) ? 'single-select' : 'string';
    case 'array': {
      const items = schema.items;
      return isRecord(items) && (Array.isArray(items.enum) || Array.isArray(items.anyOf))
        ? 'multi-select'
        : 'unsupported';
    }
    default:
      return 'unsupported';
  }
}

function titledChoices(options: unknown): FormFieldChoice[] {
  if (!Array.isArray(options)) return [];
  const choices: FormFieldChoice[] = [];
  for (const option of options) {
    if (!isRecord(option) || typeof option.const !== 'string') continue;
    const label = typeof option.title === 'string' && option.title !== '' ? option.title : option.const;
    choices.push({ value: option.const, label });
  }
  return choices;
}

function plainChoices(values: unknown, names?: unknown): FormFieldChoice[] {
  if (!Array.isArray(values)) return [];
  const labels = Array.isArray(names) ? names : [];
  const choices: FormFieldChoice[] = [];
  values.forEach((value, index) => {
    if (typeof value !== 'string') return;
    const label = labels[index];
    choices.push({ value, label: typeof label === 'string' && label !== '' ? label : value });
  });
  return choices;
}

function singleSelectChoices(schema: Loose): FormFieldChoice[] {
  return Array.isArray(schema.enum)
    ? plainChoices(schema.enum, schema.enumNames)
    : titledChoices(schema.oneOf);
}

function multiSelectChoices(schema: Loose): FormFieldChoice[] {
  const items = isRecord(schema.items) ? schema.items : {};
  return Array.isArray(items.enum) ? plainChoices(items.enum) : titledChoices(items.anyOf);
}

/** Allowed single-select values; when both `enum` and `oneOf` are given a value must be in both. */
function singleSelectValues(schema: Loose): string[] {
  const fromEnum = Array.isArray(schema.enum) ? plainChoices(schema.enum).map((c) => c.value) : undefined;
  const fromOneOf = Array.isArray(schema.oneOf) ? titledChoices(schema.oneOf).map((c) => c.value) : undefined;
  if (fromEnum && fromOneOf) return fromEnum.filter((value) => fromOneOf.includes(value));
  return fromEnum ?? fromOneOf ?? [];
}

function multiSelectValues(schema: Loose): string[] {
  const items = isRecord(schema.items) ? schema.items : {};
  const fromEnum = Array.isArray(items.enum) ? plainChoices(items.enum).map((c) => c.value) : undefined;
  const fromAnyOf = Array.isArray(items.anyOf) ? titledChoices(items.anyOf).map((c) => c.value) : undefined;
  if (fromEnum && fromAnyOf) return fromEnum.filter((value) => fromAnyOf.includes(value));
  return fromEnum ?? fromAnyOf ?? [];
}

/** The schema's default when it passes the field's own rules, copied; otherwise `undefined`. */
function usableDefault(property: PrimitiveSchemaDefinition): FieldValue | undefined {
  const fallback = (property as unknown as Loose).default;
  if (fallback === undefined) return undefined;
  if (validateElicitationField('', property, fallback).length > 0) return undefined;
  return Array.isArray(fallback) ? [...(fallback as string[])] : (fallback as FieldValue);
}

function listOf(values: readonly string[]): string {
  return values.length === 0 ? '(no options)' : values.map((value) => JSON.stringify(value)).join(', ');
}

const EMAIL = /^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)*$/;
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;
const FULL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:[Zz]|[+-](\d{2}):(\d{2}))$/;

/** A problem description when `value` does not match `format`, else `undefined`. */
function checkFormat(format: string, value: string): string | undefined {
  switch (format) {
    case 'email':
      return EMAIL.test(value) ? undefined : 'must be an email address';
    case 'uri':
      return isAbsoluteUri(value) ? undefined : 'must be an absolute URI such as https://example.com';
    case 'date':
      return isFullDate(value) ? undefined : 'must be a date as YYYY-MM-DD';
    case 'date-time':
      return isDateTime(value) ? undefined : 'must be a date and time such as 2025-01-31T14:30:00Z';
    default:
      // Unknown formats are annotations only.
      return undefined;
  }
}

function isAbsoluteUri(value: string): boolean {
  if (!SCHEME.test(value) || /\s/.test(value)) return false;
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

function isFullDate(value: string): boolean {
  const match = FULL_DATE.exec(value);
  if (!match) return false;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
  return day <= days;
}

function isDateTime(value: string): boolean {
  const match = DATE_TIME.exec(value);
  if (!match || !isFullDate(match[1] ?? '')) return false;
  const hour = Number(match[2]);
  const minute = Number(match[3]);
  const second = Number(match[4]);
  if (hour > 23 || minute > 59 || second > 60) return false;
  if (match[5] !== undefined && (Number(match[5]) > 23 || Number(match[6]) > 59)) return false;
  return true;
}
