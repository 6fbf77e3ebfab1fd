export {
  codecFor,
  resourceNotFound,
  isResourceNotFound,
  type WireCodec,
  type WireResult,
  type EncodeContext,
  type ImplementationInfo,
} from './codec.js';
export { CACHEABLE_METHODS, DEFAULT_CACHE_HINTS, type CacheHints, type CacheScope } from './cacheable.js';
