import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';
import { defineConfig, globalIgnores } from 'eslint/config';

/**
 * The layers of lib/, top to bottom. A folder may import from its own layer and from the layers
 * below it, never from a layer above: the lower a folder, the fewer things it can break. Folders in
 * one layer may import each other (data and releases read each other's views; auth and schemas share
 * the password rules). app/, components/, scripts/, prisma/ and tests/ sit above every layer; lib/
 * never imports them. A new lib/ folder must be added here (tests/unit/lint/layers.test.ts checks).
 */
export const LAYERS = [
  { name: 'entry points called by app/ (server actions, API route helpers)', folders: ['actions', 'api'] },
  { name: 'demo and election seed (uses the importers and writers like any other caller)', folders: ['seed'] },
  { name: 'bulk input (CSV and dump import)', folders: ['import'] },
  { name: 'the one write path', folders: ['writes'] },
  { name: 'dumps and chart exports', folders: ['export'] },
  { name: 'chart data', folders: ['charts'] },
  { name: 'readers and release snapshots', folders: ['data', 'releases'] },
  { name: 'HTTP caching and route parameters', folders: ['http'] },
  { name: 'identity and input validation', folders: ['auth', 'schemas'] },
  { name: 'change signals and statistics', folders: ['freshness', 'stats'] },
  { name: 'foundation', folders: ['db', 'migrations', 'audit', 'config', 'errors', 'format', 'generated'] },
];

const SOURCE = '{ts,tsx,mts,cts,js,mjs}';

/** One no-restricted-imports setting per lib/ folder: the layers above it and app/ + components/. */
function layerRules() {
  return LAYERS.flatMap((layer, index) => {
    const above = LAYERS.slice(0, index).flatMap((l) => l.folders);
    const upward =
      above.length === 0
        ? []
        : [
            {
              regex: `^@/lib/(${above.join('|')})(/|$)`,
              message: `lib/ layers import only downward: ${layer.folders.join(', ')} may not import ${above.join(', ')} (see LAYERS in eslint.config.mjs).`,
            },
          ];
    const app = { regex: '^@/(app|components)(/|$)', message: 'lib/ never imports app/ or components/.' };
    // Relative paths that leave the folder would dodge the check above: cross folders with @/lib/….
    const leaveTop = { regex: '^\\.\\./', message: 'Import another lib/ folder as @/lib/<folder>/…, not by a relative path.' };
    const leaveNested = { regex: '^\\.\\./\\.\\./', message: 'Import another lib/ folder as @/lib/<folder>/…, not by a relative path.' };
    return layer.folders.flatMap((folder) => [
      { files: [`lib/${folder}/*.${SOURCE}`], rules: { 'no-restricted-imports': ['error', { patterns: [...upward, app, leaveTop] }] } },
      { files: [`lib/${folder}/*/**/*.${SOURCE}`], rules: { 'no-restricted-imports': ['error', { patterns: [...upward, app, leaveNested] }] } },
    ]);
  });
}

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  globalIgnores([
    '.next/**',
    'lib/generated/**',
    'node_modules/**',
    'test-results/**',
    'playwright-report/**',
    'playwright-report-pg/**',
    'next-env.d.ts',
    'data/**',
    'bench/**/*.json',
  ]),
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports', fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  // Type-aware rules: a promise nobody awaits loses its error (and, in a server action, its write);
  // an assertion the types already guarantee hides the day they stop guaranteeing it.
  {
    files: ['**/*.{ts,tsx,mts,cts}'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unnecessary-type-assertion': 'error',
      '@typescript-eslint/await-thenable': 'error',
    },
  },
  // A loose file at the top of lib/ has no layer: group it into a folder that names its job.
  {
    files: [`lib/*.${SOURCE}`],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: 'Program', message: 'No loose files at the top of lib/: put this file in a folder (see LAYERS in eslint.config.mjs).' },
      ],
    },
  },
  ...layerRules(),
]);
