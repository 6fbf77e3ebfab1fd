export { CACHEABLE_METHODS, type CacheHints, DEFAULT_CACHE_HINTS } from './cacheable.js';
export {
  codecFor,
  type EncodeContext,
  type ImplementationInfo,
  isResourceNotFound,
  resourceNotFound,
  type WireCodec,
  type WireResult,
} from './codec.js';
export { featuresOf, type RevisionFeatures } from './older-revisions.js';
