/**
 * The 2025-11-25 types written as their 2026-07-28 namesakes minus what differs
 * (`legacy/derive.ts`) must stay exactly the shapes they were when spelled out.
 * `tsc` fails here if a derivation drifts.
 */
import type {
  BaseMetadata,
  ContentBlock,
  Icons,
  MetaObject,
  ModelPreferences,
  ProgressToken,
  PromptMessage,
  Role,
  StopReason,
  ToolAnnotations,
  ToolChoice,
} from './common.js';
import type { ElicitRequestedSchema } from './form-schema.js';
import type {
  LegacyCallToolRequestParams,
  LegacyCallToolResult,
  LegacyCreateMessageRequestParams,
  LegacyCreateMessageResult,
  LegacyElicitRequestFormParams,
  LegacyElicitRequestURLParams,
  LegacyGetPromptResult,
  LegacyNotificationMetaObject,
  LegacyProgressNotificationParams,
  LegacyReadResourceRequestParams,
  LegacyRequestMetaObject,
  LegacyResultMetaObject,
  LegacySamplingMessage,
  LegacyTool,
  LegacyToolInputSchema,
  LegacyToolOutputSchema,
  TaskMetadata,
  ToolExecution,
} from './index.js';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

interface OldLegacyTool extends BaseMetadata, Icons {
  description?: string;
  inputSchema: LegacyToolInputSchema;
  execution?: ToolExecution;
  outputSchema?: LegacyToolOutputSchema;
  annotations?: ToolAnnotations;
  _meta?: MetaObject;
}
export const tool: Equal<LegacyTool, OldLegacyTool> = true;

interface OldLegacyCallToolRequestParams {
  _meta?: LegacyRequestMetaObject;
  [key: string]: unknown;
  task?: TaskMetadata;
  name: string;
  arguments?: { [key: string]: unknown };
}
export const callToolParams: Equal<LegacyCallToolRequestParams, OldLegacyCallToolRequestParams> = true;

interface OldLegacyCallToolResult {
  _meta?: LegacyResultMetaObject;
  [key: string]: unknown;
  content: ContentBlock[];
  structuredContent?: { [key: string]: unknown };
  isError?: boolean;
}
export const callToolResult: Equal<LegacyCallToolResult, OldLegacyCallToolResult> = true;

interface OldLegacyElicitRequestFormParams {
  _meta?: LegacyRequestMetaObject;
  [key: string]: unknown;
  task?: TaskMetadata;
  mode?: 'form';
  message: string;
  requestedSchema: ElicitRequestedSchema;
}
export const elicitForm: Equal<LegacyElicitRequestFormParams, OldLegacyElicitRequestFormParams> = true;

interface OldLegacyElicitRequestURLParams {
  _meta?: LegacyRequestMetaObject;
  [key: string]: unknown;
  task?: TaskMetadata;
  mode: 'url';
  message: string;
  elicitationId: string;
  url: string;
}
export const elicitUrl: Equal<LegacyElicitRequestURLParams, OldLegacyElicitRequestURLParams> = true;

interface OldLegacyCreateMessageRequestParams {
  _meta?: LegacyRequestMetaObject;
  [key: string]: unknown;
  task?: TaskMetadata;
  messages: LegacySamplingMessage[];
  modelPreferences?: ModelPreferences;
  systemPrompt?: string;
  includeContext?: 'none' | 'thisServer' | 'allServers';
  temperature?: number;
  maxTokens: number;
  stopSequences?: string[];
  metadata?: object;
  tools?: LegacyTool[];
  toolChoice?: ToolChoice;
}
export const createMessageParams: Equal<
  LegacyCreateMessageRequestParams,
  OldLegacyCreateMessageRequestParams
> = true;

interface OldLegacyCreateMessageResult {
  _meta?: LegacyResultMetaObject;
  [key: string]: unknown;
  role: Role;
  content: LegacySamplingMessage['content'];
  model: string;
  stopReason?: StopReason;
}
export const createMessageResult: Equal<LegacyCreateMessageResult, OldLegacyCreateMessageResult> = true;

interface OldLegacyGetPromptResult {
  _meta?: LegacyResultMetaObject;
  [key: string]: unknown;
  description?: string;
  messages: PromptMessage[];
}
export const getPromptResult: Equal<LegacyGetPromptResult, OldLegacyGetPromptResult> = true;

interface OldLegacyReadResourceRequestParams {
  _meta?: LegacyRequestMetaObject;
  [key: string]: unknown;
  uri: string;
}
export const readResourceParams: Equal<LegacyReadResourceRequestParams, OldLegacyReadResourceRequestParams> =
  true;

interface OldLegacyProgressNotificationParams {
  _meta?: LegacyNotificationMetaObject;
  [key: string]: unknown;
  progressToken: ProgressToken;
  progress: number;
  total?: number;
  message?: string;
}
export const progressParams: Equal<LegacyProgressNotificationParams, OldLegacyProgressNotificationParams> =
  true;
