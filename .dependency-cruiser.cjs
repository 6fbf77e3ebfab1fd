/**
 * The layer check (`npm run check:layers`, part of `npm test`): dependency-cruiser reads every
 * import under src/ (type-only imports included) and fails on
 *
 * - an import cycle, anywhere;
 * - an import from a layer to a layer above it;
 * - a module under src/ that belongs to no layer.
 *
 * docs/ARCHITECTURE.md ("Layers") states the same rules in prose; change both together.
 */

/** The layers, lowest first. A layer is a folder of src/; its sub-folders are part of it. */
const LAYERS = [
  'protocol',
  'session',
  'transport',
  'schema',
  'auth',
  'server',
  'node',
  'redis',
  'client',
  'testing',
  'cli',
  'entries',
];

const folder = (names) => `^src/(${names.join('|')})/`;

/** One rule per layer with a layer above it: nothing it imports may come from above. */
const upward = LAYERS.slice(0, -1).map((layer, i) => ({
  name: `layer-${layer}`,
  comment: `src/${layer}/ may import only from src/${layer}/ and the layers below it (${LAYERS.slice(0, i).join(', ') || 'none'})`,
  severity: 'error',
  from: { path: folder([layer]) },
  to: { path: folder(LAYERS.slice(i + 1)) },
}));

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment:
        'No import cycles, type-only imports included: every module can be read, tested and loaded after what it imports.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    ...upward,
    {
      name: 'no-unlayered-module',
      comment: `Every module under src/ is in a layer (${LAYERS.join(' < ')}); a new top-level folder needs a place in the order.`,
      severity: 'error',
      from: { path: '^src/', pathNot: folder(LAYERS) },
      to: {},
    },
    {
      name: 'no-unlayered-orphan',
      comment: `Every module under src/ is in a layer (${LAYERS.join(' < ')}), even one that imports nothing and nothing imports.`,
      severity: 'error',
      from: { orphan: true, path: '^src/', pathNot: folder(LAYERS) },
      to: {},
    },
    {
      name: 'no-import-of-unlayered-module',
      comment: `Every module under src/ is in a layer (${LAYERS.join(' < ')}); a new top-level folder needs a place in the order.`,
      severity: 'error',
      from: {},
      to: { path: '^src/', pathNot: folder(LAYERS) },
    },
  ],
  options: {
    // Type-only imports are dependencies too (`import type`, `export type ... from`).
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // Only our own modules matter; packages are neither followed nor parsed.
    doNotFollow: { path: 'node_modules' },
    // The library's graph: tests (`*.test.ts`, `test-helpers.ts`) may reach across layers, and
    // nothing imports them, so they can be in no cycle.
    exclude: { path: '(^|/)node_modules/|\\.test\\.ts$|/test-helpers\\.ts$' },
    includeOnly: '^src/',
    moduleSystems: ['es6'],
    skipAnalysisNotInRules: true,
  },
};
