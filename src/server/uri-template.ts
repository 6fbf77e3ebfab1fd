/**
 * RFC 6570 URI templates, as MCP resource templates use them: a template is
 * parsed once; {@link UriTemplate.expand} builds URIs from variables (all four
 * levels of the RFC), and {@link UriTemplate.match} is the inverse a server uses
 * to route `resources/read` to the template a URI came from.
 *
 * Matching is done by a hand-written scanner rather than a regular expression, so
 * it runs in time linear in the URI's length (times the number of expressions in
 * the template) whatever the input, and URIs longer than a bound are refused
 * before any work is done.
 */
import { McpkitError } from '../protocol/errors.js';

/**
 * A scalar a template variable can hold. Numbers and booleans expand as their `String()` form.
 *
 * @example
 * const page: UriTemplateScalar = 2;
 */
export type UriTemplateScalar = string | number | boolean;

/**
 * The value of one template variable: a string (or number or boolean), a list, an
 * associative array, or `undefined`/`null` for "not defined" (the expression then
 * leaves it out).
 *
 * @example
 * const value: UriTemplateValue = ['red', 'green'];
 */
export type UriTemplateValue =
  | UriTemplateScalar
  | readonly UriTemplateScalar[]
  | Readonly<Record<string, UriTemplateScalar | null | undefined>>
  | null
  | undefined;

/**
 * The variables {@link UriTemplate.expand} reads, by name.
 *
 * @example
 * const variables: UriTemplateVariables = { owner: 'octo', path: ['a', 'b'] };
 */
export type UriTemplateVariables = Readonly<Record<string, UriTemplateValue>>;

/**
 * What {@link UriTemplate.match} returns: each variable the URI defines,
 * percent-decoded. Exploded variables (`{/segments*}`, `{?tag*}`) come back as
 * arrays of their items; every other variable as a string. Variables the URI
 * leaves undefined are absent.
 *
 * @example
 * const vars: UriTemplateMatch = { id: '42', segments: ['a', 'b'] };
 */
export type UriTemplateMatch = Record<string, string | string[]>;

/**
 * Options of a {@link UriTemplate}.
 *
 * @example
 * const options: UriTemplateOptions = { maxUriLength: 2048 };
 */
export interface UriTemplateOptions {
  /**
   * Longest URI {@link UriTemplate.match} looks at; longer ones do not match.
   * Default {@link DEFAULT_MAX_URI_LENGTH}.
   */
  maxUriLength?: number;
}

/**
 * Default bound on the length of a URI that {@link UriTemplate.match} considers (16 KiB).
 *
 * @example
 * new UriTemplate('file:///{+path}', { maxUriLength: DEFAULT_MAX_URI_LENGTH * 2 });
 */
export const DEFAULT_MAX_URI_LENGTH = 16 * 1024;

/**
 * Longest template {@link UriTemplate} accepts (8 KiB).
 *
 * @example
 * if (source.length > MAX_TEMPLATE_LENGTH) console.warn('template too long');
 */
export const MAX_TEMPLATE_LENGTH = 8 * 1024;

/**
 * A template that is not valid RFC 6570, or variables that cannot be expanded
 * (a prefix modifier on a list or associative array).
 *
 * @example
 * try {
 *   new UriTemplate('users/{id');
 * } catch (error) {
 *   if (error instanceof UriTemplateError) console.log(error.message);
 * }
 */
export class UriTemplateError extends McpkitError {
  override name = 'UriTemplateError';
}

/** How one operator expands (RFC 6570 §3.2.1), plus where its text ends when matching. */
interface Operator {
  /** Text written before the first defined variable. */
  readonly first: string;
  /** Text written between defined variables. */
  readonly sep: string;
  /** Whether each value is written as `name=value`. */
  readonly named: boolean;
  /** What follows the name of a named variable whose value is empty. */
  readonly ifEmpty: string;
  /** Whether reserved characters and percent-triplets pass through unencoded. */
  readonly allowReserved: boolean;
  /** Characters that cannot occur inside this expression's text, so end it when matching. */
  readonly stops: string;
}

const OPERATORS: Readonly<Record<string, Operator>> = {
  '': { first: '', sep: ',', named: false, ifEmpty: '', allowReserved: false, stops: '/?#' },
  '+': { first: '', sep: ',', named: false, ifEmpty: '', allowReserved: true, stops: '' },
  '#': { first: '#', sep: ',', named: false, ifEmpty: '', allowReserved: true, stops: '' },
  '.': { first: '.', sep: '.', named: false, ifEmpty: '', allowReserved: false, stops: '/?#' },
  '/': { first: '/', sep: '/', named: false, ifEmpty: '', allowReserved: false, stops: '?#' },
  ';': { first: ';', sep: ';', named: true, ifEmpty: '', allowReserved: false, stops: '/?#' },
  '?': { first: '?', sep: '&', named: true, ifEmpty: '=', allowReserved: false, stops: '#' },
  '&': { first: '&', sep: '&', named: true, ifEmpty: '=', allowReserved: false, stops: '#' },
};

/** Operator characters RFC 6570 reserves for future use. */
const RESERVED_OPERATORS = '=,!@|';

/** One variable of an expression, with its `*` and its `:n` prefix length, if any. */
interface VarSpec {
  readonly name: string;
  readonly explode: boolean;
  readonly prefix: number | undefined;
}

interface ExpressionPart {
  readonly kind: 'expression';
  readonly op: Operator;
  readonly vars: readonly VarSpec[];
}

/** A literal holds its text as it appears in an expanded URI (characters outside the URI grammar percent-encoded). */
type Part = { readonly kind: 'literal'; readonly text: string } | ExpressionPart;

const VARNAME = /^(?:[A-Za-z0-9_]|%[0-9A-Fa-f]{2})+(?:\.(?:[A-Za-z0-9_]|%[0-9A-Fa-f]{2})+)*$/;
const PREFIX_LENGTH = /^[1-9][0-9]{0,3}$/;

const UNRESERVED = new Set('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~');
const RESERVED = new Set(":/?#[]@!$&'()*+,;=");
const HEX = '0123456789ABCDEF';
const utf8 = new TextEncoder();

function isHexDigit(char: string | undefined): boolean {
  return char !== undefined && /^[0-9A-Fa-f]$/.test(char);
}

/** Percent-encodes `value`, keeping unreserved characters and, when `allowReserved`, reserved ones and existing triplets. */
function encode(value: string, allowReserved: boolean): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const char = value[i]!;
    if (UNRESERVED.has(char) || (allowReserved && RESERVED.has(char))) {
      out += char;
      continue;
    }
    if (allowReserved && char === '%' && isHexDigit(value[i + 1]) && isHexDigit(value[i + 2])) {
      out += value.slice(i, i + 3);
      i += 2;
      continue;
    }
    const code = value.codePointAt(i)!;
    const width = code > 0xffff ? 2 : 1;
    for (const byte of utf8.encode(value.slice(i, i + width))) {
      out += `%${HEX[byte >> 4]}${HEX[byte & 15]}`;
    }
    i += width - 1;
  }
  return out;
}

/** Percent-decodes `value`; undefined when it holds a broken triplet or invalid UTF-8. */
function decode(value: string): string | undefined {
  if (!value.includes('%')) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

function parseExpression(body: string, source: string): ExpressionPart {
  const head = body[0] ?? '';
  const opChar = head in OPERATORS ? head : '';
  if (head !== '' && RESERVED_OPERATORS.includes(head)) {
    throw new UriTemplateError(`Operator "${head}" is reserved by RFC 6570 (in template ${source})`);
  }
  const list = body.slice(opChar.length);
  if (list === '') throw new UriTemplateError(`Empty expression "{${body}}" in template ${source}`);
  const vars = list.split(',').map((spec): VarSpec => {
    let name = spec;
    let explode = false;
    let prefix: number | undefined;
    if (spec.endsWith('*')) {
      explode = true;
      name = spec.slice(0, -1);
    } else {
      const colon = spec.indexOf(':');
      if (colon >= 0) {
        const digits = spec.slice(colon + 1);
        if (!PREFIX_LENGTH.test(digits)) {
          throw new UriTemplateError(
            `Invalid prefix length in "{${body}}": expected 1 to 9999 (in ${source})`,
          );
        }
        prefix = Number(digits);
        name = spec.slice(0, colon);
      }
    }
    if (!VARNAME.test(name)) {
      throw new UriTemplateError(`Invalid variable name "${name}" in "{${body}}" (in template ${source})`);
    }
    return { name, explode, prefix };
  });
  return { kind: 'expression', op: OPERATORS[opChar]!, vars };
}

function parse(source: string): Part[] {
  const parts: Part[] = [];
  for (let i = 0; i < source.length; ) {
    const open = source.indexOf('{', i);
    const end = open < 0 ? source.length : open;
    const stray = source.indexOf('}', i);
    if (stray >= 0 && stray < end) {
      throw new UriTemplateError(`Unmatched "}" at offset ${stray} in template ${source}`);
    }
    if (end > i) parts.push({ kind: 'literal', text: encode(source.slice(i, end), true) });
    if (open < 0) break;
    const close = source.indexOf('}', open + 1);
    const nextOpen = source.indexOf('{', open + 1);
    if (close < 0 || (nextOpen >= 0 && nextOpen < close)) {
      throw new UriTemplateError(`Unclosed "{" at offset ${open} in template ${source}`);
    }
    parts.push(parseExpression(source.slice(open + 1, close), source));
    i = close + 1;
  }
  return parts;
}

function isComposite(
  value: UriTemplateValue,
): value is Exclude<UriTemplateValue, UriTemplateScalar | null | undefined> {
  return typeof value === 'object' && value !== null;
}

function namedPair(op: Operator, name: string, encodedValue: string): string {
  return encodedValue === '' ? name + op.ifEmpty : `${name}=${encodedValue}`;
}

/** Expands one variable of an expression; undefined when the variable is undefined (RFC 6570 §2.3). */
function expandVariable(op: Operator, spec: VarSpec, value: UriTemplateValue): string | undefined {
  if (value === undefined || value === null) return undefined;
  const enc = (text: UriTemplateScalar) => encode(String(text), op.allowReserved);
  if (!isComposite(value)) {
    let text = String(value);
    if (spec.prefix !== undefined) text = Array.from(text).slice(0, spec.prefix).join('');
    return op.named ? namedPair(op, spec.name, enc(text)) : enc(text);
  }
  if (spec.prefix !== undefined) {
    throw new UriTemplateError(
      `Prefix modifier ":${spec.prefix}" cannot apply to the list or map "${spec.name}"`,
    );
  }
  if (Array.isArray(value)) {
    const items = (value as readonly UriTemplateScalar[]).map(enc);
    if (items.length === 0) return undefined;
    if (!spec.explode) return op.named ? namedPair(op, spec.name, items.join(',')) : items.join(',');
    return op.named ? items.map((item) => namedPair(op, spec.name, item)).join(op.sep) : items.join(op.sep);
  }
  const entries: [string, string][] = [];
  for (const [key, item] of Object.entries(value)) {
    if (item !== undefined && item !== null) entries.push([enc(key), enc(item)]);
  }
  if (entries.length === 0) return undefined;
  if (!spec.explode) {
    const flat = entries.map(([key, item]) => `${key},${item}`).join(',');
    return op.named ? namedPair(op, spec.name, flat) : flat;
  }
  return entries.map(([key, item]) => (op.named ? namedPair(op, key, item) : `${key}=${item}`)).join(op.sep);
}

/** First index at or after `from` holding one of `stops`, or the end of `text`. */
function runEnd(text: string, from: number, stops: string): number {
  for (let i = from; stops !== '' && i < text.length; i++) if (stops.includes(text[i]!)) return i;
  return text.length;
}

/** Matched values by name. */
type Bindings = Map<string, string | string[]>;

/** Binds `name`, refusing (false) a variable that appears twice with different values. */
function bind(bindings: Bindings, name: string, value: string | string[]): boolean {
  const previous = bindings.get(name);
  if (previous === undefined) bindings.set(name, value);
  return previous === undefined || JSON.stringify(previous) === JSON.stringify(value);
}

/** Decodes a non-exploded value; undefined when it is broken or longer than its `:n` prefix. */
function decodeWithPrefix(raw: string, spec: VarSpec): string | undefined {
  const value = decode(raw);
  return value === undefined || (spec.prefix !== undefined && [...value].length > spec.prefix)
    ? undefined
    : value;
}

/** Decodes each item of an exploded value; undefined when any is broken. */
function decodeAll(items: readonly string[]): string[] | undefined {
  const values = items.map(decode);
  return values.includes(undefined) ? undefined : (values as string[]);
}

/** Assigns the items of an unnamed expression's text to its variables, left to right. */
function bindPositional(part: ExpressionPart, items: string[], bindings: Bindings): boolean {
  const { vars, op } = part;
  let k = 0;
  for (let v = 0; v < vars.length && k < items.length; v++) {
    const spec = vars[v]!;
    const remainingVars = vars.length - 1 - v;
    const take = spec.explode
      ? Math.max(1, items.length - k - remainingVars)
      : remainingVars === 0
        ? items.length - k
        : 1;
    const taken = items.slice(k, k + take);
    const value = spec.explode ? decodeAll(taken) : decodeWithPrefix(taken.join(op.sep), spec);
    if (value === undefined || !bind(bindings, spec.name, value)) return false;
    k += take;
  }
  return true;
}

/** Assigns the `name=value` items of a named expression (`;`, `?`, `&`) by name, in any order. */
function bindNamed(part: ExpressionPart, items: string[], bindings: Bindings): boolean {
  const lists = new Map<string, string[]>();
  const seen = new Set<string>();
  for (const item of items) {
    const eq = item.indexOf('=');
    const name = eq < 0 ? item : item.slice(0, eq);
    const spec = part.vars.find((candidate) => candidate.name === name);
    if (!spec) return false;
    const raw = eq < 0 ? '' : item.slice(eq + 1);
    const value = spec.explode ? decode(raw) : decodeWithPrefix(raw, spec);
    if (value === undefined) return false;
    if (spec.explode) lists.set(name, [...(lists.get(name) ?? []), value]);
    else if (seen.has(name) || !bind(bindings, name, value)) return false;
    seen.add(name);
  }
  return [...lists].every(([name, list]) => bind(bindings, name, list));
}

function bindExpression(part: ExpressionPart, text: string, bindings: Bindings): boolean {
  const { op } = part;
  if (text === '') {
    // Only unnamed, prefix-less operators (simple and `+`) get here: an empty value.
    const spec = part.vars[0]!;
    return spec.explode || bind(bindings, spec.name, '');
  }
  const items = text.slice(op.first.length).split(op.sep);
  return op.named ? bindNamed(part, items, bindings) : bindPositional(part, items, bindings);
}

/**
 * A parsed RFC 6570 URI template (levels 1 to 4): expansion and its inverse.
 *
 * Matching rules, chosen to be deterministic and linear-time:
 * - Each expression's text runs as far as its operator allows: a simple `{var}`
 *   never spans `/`, `?` or `#`; `{.var}` and `{;var}` stop at the same; `{/var}`
 *   stops at `?` or `#`; `{?var}` and `{&var}` stop at `#`; `{+var}` and `{#var}`
 *   can span anything. So `file:///{path}` matches `file:///notes.txt` but not
 *   `file:///a/b.txt`; use `file:///{+path}` for multi-segment paths.
 * - Within that run, the text ends at the last place where what follows it in the
 *   template (a literal, or the leading character of the next expression) occurs
 *   — so `{name}.json` on `a.b.json` gives `name = 'a.b'`. There is no further
 *   backtracking: a URI that would need it does not match.
 * - Expressions whose leading character (`?`, `#`, `/`, `.`, `;`, `&`) is absent
 *   are treated as expanding to nothing, so `{?page,limit}` is optional.
 * - Query-style (`?`, `&`, `;`) items may come in any order; a name the expression
 *   does not declare, or a repeated non-exploded name, means no match.
 * - Values are percent-decoded; a broken `%` triplet or invalid UTF-8, or a value
 *   longer than its `:n` prefix, means no match. A variable used twice must take
 *   the same value both times.
 *
 * @example
 * const template = new UriTemplate('users/{id}/posts{?page,limit}');
 * template.expand({ id: 'ada', page: 2 }); // 'users/ada/posts?page=2'
 * template.match('users/ada/posts?limit=5&page=2'); // { id: 'ada', limit: '5', page: '2' }
 * template.match('users/ada/comments'); // undefined
 * template.variableNames; // ['id', 'page', 'limit']
 */
export class UriTemplate {
  /**
   * Whether `value` contains at least one `{...}` expression, that is, whether it
   * is a template rather than a plain URI (a `ref/resource` completion may carry either).
   *
   * @example
   * UriTemplate.isTemplate('file:///{+path}'); // true
   * UriTemplate.isTemplate('file:///etc/hosts'); // false
   */
  static isTemplate(value: string): boolean {
    return /\{[^{}]+\}/.test(value);
  }

  /**
   * Names of the template's variables, each once, in order of first appearance
   * (for completion of template arguments).
   *
   * @example
   * new UriTemplate('{/seg*}{?q,seg}').variableNames; // ['seg', 'q']
   */
  readonly variableNames: readonly string[];

  private readonly parts: readonly Part[];
  private readonly maxUriLength: number;

  /**
   * Parses `template`.
   *
   * @throws {UriTemplateError} When the template is not valid RFC 6570 or exceeds {@link MAX_TEMPLATE_LENGTH}.
   * @example
   * const template = new UriTemplate('test://template/{id}/data');
   */
  constructor(
    readonly template: string,
    options: UriTemplateOptions = {},
  ) {
    if (template.length > MAX_TEMPLATE_LENGTH) {
      throw new UriTemplateError(`URI template is longer than ${MAX_TEMPLATE_LENGTH} characters`);
    }
    this.parts = parse(template);
    this.maxUriLength = options.maxUriLength ?? DEFAULT_MAX_URI_LENGTH;
    const names = this.parts.flatMap((part) =>
      part.kind === 'expression' ? part.vars.map((v) => v.name) : [],
    );
    this.variableNames = [...new Set(names)];
  }

  /**
   * Expands the template with `variables` (RFC 6570 §3). Undefined, `null`, empty
   * lists and empty maps count as undefined and are left out with their operator's
   * punctuation.
   *
   * @throws {UriTemplateError} When a `:n` prefix modifier is applied to a list or map.
   * @example
   * new UriTemplate('{+base}{/segments*}{?q}').expand({ base: 'http://x', segments: ['a', 'b c'], q: 'ü' });
   * // 'http://x/a/b%20c?q=%C3%BC'
   */
  expand(variables: UriTemplateVariables): string {
    let out = '';
    for (const part of this.parts) {
      if (part.kind === 'literal') {
        out += part.text;
        continue;
      }
      const pieces = part.vars
        .map((spec) =>
          expandVariable(
            part.op,
            spec,
            Object.hasOwn(variables, spec.name) ? variables[spec.name] : undefined,
          ),
        )
        .filter((piece) => piece !== undefined);
      if (pieces.length > 0) out += part.op.first + pieces.join(part.op.sep);
    }
    return out;
  }

  /**
   * Matches `uri` against the template and returns its variables, percent-decoded,
   * or undefined when the URI does not fit (see the class notes for the rules).
   * URIs longer than the `maxUriLength` option never match.
   *
   * @example
   * new UriTemplate('file:///{+path}').match('file:///src/a%20b.ts'); // { path: 'src/a b.ts' }
   * new UriTemplate('file:///{path}').match('file:///src/a.ts'); // undefined
   */
  match(uri: string): UriTemplateMatch | undefined {
    if (typeof uri !== 'string' || uri.length > this.maxUriLength) return undefined;
    const bindings: Bindings = new Map();
    let pos = 0;
    for (let i = 0; i < this.parts.length; i++) {
      const part = this.parts[i]!;
      if (part.kind === 'literal') {
        if (!uri.startsWith(part.text, pos)) return undefined;
        pos += part.text.length;
        continue;
      }
      const { op } = part;
      if (op.first !== '' && uri[pos] !== op.first) continue; // expands to nothing here
      const limit = runEnd(uri, pos + op.first.length, op.stops);
      let end = limit;
      const next = this.parts[i + 1];
      if (next !== undefined) {
        const boundary = next.kind === 'literal' ? next.text : next.op.first;
        if (boundary !== '') {
          // The last occurrence of the boundary starting within the run.
          const at = uri.lastIndexOf(boundary, limit);
          if (at >= pos + op.first.length) end = at;
          else if (next.kind === 'literal') return undefined;
        }
      }
      if (!bindExpression(part, uri.slice(pos, end), bindings)) return undefined;
      pos = end;
    }
    if (pos !== uri.length) return undefined;
    const out: UriTemplateMatch = {};
    for (const [name, value] of bindings) {
      // defineProperty so that a variable called `__proto__` stays an ordinary own property.
      Object.defineProperty(out, name, { value, enumerable: true, writable: true, configurable: true });
    }
    return out;
  }

  /**
   * The template text this object was parsed from.
   *
   * @example
   * String(new UriTemplate('{id}')); // '{id}'
   */
  toString(): string {
    return this.template;
  }
}
