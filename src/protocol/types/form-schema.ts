/**
 * The flat, restricted JSON Schema subset a server uses to describe a form in a
 * form-mode `elicitation/create` request, and the shape of the answers. Same in
 * 2026-07-28 and 2025-11-25.
 */

/** The label and help text every field may have. */
interface FieldText {
  /** Field label. */
  title?: string;
  /** Help text for the field. */
  description?: string;
}

/** What both multiple-choice forms have besides their items. */
interface MultiSelectFields extends FieldText {
  /** Fewest picks allowed. */
  minItems?: number;
  /** Most picks allowed. */
  maxItems?: number;
  /** Values to preselect. */
  default?: string[];
}

/** A free-text field. */
export interface StringSchema extends FieldText {
  type: 'string';
  /** Fewest characters allowed. */
  minLength?: number;
  /** Most characters allowed. */
  maxLength?: number;
  /** A well-known format the client may validate or offer a picker for. */
  format?: 'email' | 'uri' | 'date' | 'date-time';
  /** Value to prefill. */
  default?: string;
}

/** A numeric field; `integer` rejects fractions. */
export interface NumberSchema extends FieldText {
  type: 'number' | 'integer';
  /** Smallest value allowed. */
  minimum?: number;
  /** Largest value allowed. */
  maximum?: number;
  /** Value to prefill. */
  default?: number;
}

/** A yes/no field. */
export interface BooleanSchema extends FieldText {
  type: 'boolean';
  /** Value to prefill. */
  default?: boolean;
}

/** Pick one value from a list; the values double as labels. */
export interface UntitledSingleSelectEnumSchema extends FieldText {
  type: 'string';
  /** The allowed values. */
  enum: string[];
  /** Value to preselect. */
  default?: string;
}

/** One choice of a titled enum: the value sent back and the label shown. */
export interface TitledEnumOption {
  /** The value returned when this option is picked. */
  const: string;
  /** The label shown for it. */
  title: string;
}

/** Pick one value from a list where every option has its own label. */
export interface TitledSingleSelectEnumSchema extends FieldText {
  type: 'string';
  /** The options, each a value plus a label. */
  oneOf: TitledEnumOption[];
  /** Value to preselect. */
  default?: string;
}

/** Either form of single-choice field. */
export type SingleSelectEnumSchema = UntitledSingleSelectEnumSchema | TitledSingleSelectEnumSchema;

/** Pick any number of values from a list; the values double as labels. */
export interface UntitledMultiSelectEnumSchema extends MultiSelectFields {
  type: 'array';
  /** The allowed values. */
  items: {
    type: 'string';
    /** The values to choose from. */
    enum: string[];
  };
}

/** Pick any number of values from a list where every option has its own label. */
export interface TitledMultiSelectEnumSchema extends MultiSelectFields {
  type: 'array';
  /** The allowed options. */
  items: {
    /** The options, each a value plus a label. */
    anyOf: TitledEnumOption[];
  };
}

/** Either form of multiple-choice field. */
export type MultiSelectEnumSchema = UntitledMultiSelectEnumSchema | TitledMultiSelectEnumSchema;

/**
 * The older single-choice form with labels in a parallel `enumNames` array (not
 * standard JSON Schema). Still accepted; prefer {@link TitledSingleSelectEnumSchema}.
 */
export interface LegacyTitledEnumSchema extends FieldText {
  type: 'string';
  /** The allowed values. */
  enum: string[];
  /** Labels for `enum`, position by position. */
  enumNames?: string[];
  /** Value to preselect. */
  default?: string;
}

/** Every kind of choice field. */
export type EnumSchema = SingleSelectEnumSchema | MultiSelectEnumSchema | LegacyTitledEnumSchema;

/** Any field a form may contain: only flat primitives, no nested objects. */
export type PrimitiveSchemaDefinition = StringSchema | NumberSchema | BooleanSchema | EnumSchema;

/**
 * The form a server asks the user to fill in: one object whose properties are
 * all primitive fields.
 *
 * @example
 * const form: ElicitRequestedSchema = {
 *   type: 'object',
 *   properties: { login: { type: 'string', title: 'GitHub login' } },
 *   required: ['login'],
 * };
 */
export interface ElicitRequestedSchema {
  /** JSON Schema dialect URI, when the server states one. */
  $schema?: string;
  type: 'object';
  /** The fields, by name. */
  properties: { [key: string]: PrimitiveSchemaDefinition };
  /** Names of fields the user must fill in. */
  required?: string[];
}

/** The values a user submitted for a form, by field name. */
export interface ElicitResultContent {
  [key: string]: string | number | boolean | string[];
}

/** What the user did with an elicitation: submitted, said no, or dismissed it. */
export type ElicitAction = 'accept' | 'decline' | 'cancel';
