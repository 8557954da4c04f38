// ESLint: typescript-eslint's recommended rules, no import cycle, and the layer order of
// docs/architecture.md (a layer never imports a layer above it). Part of `npm test` (npm run lint).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import globals from 'globals';

/** The layers, lowest first: each may import the ones before it, never the ones after. */
const LAYERS = [
  ['src/errors.ts', 'src/vocabulary.ts', 'src/config.ts', 'src/random.ts', 'src/format'],
  ['src/contract'],
  ['src/warehouse'],
  ['src/ingest'],
  ['src/indicators'],
  // The generator writes extracts and measures them with the catalogue (its calibration).
  ['src/publication', 'src/evaluation', 'src/generate'],
  ['src/commentary', 'src/data', 'src/charts', 'src/components', 'src/site'],
  ['src/export'],
  ['src/pipeline'],
  ['src/cli'],
];

/** One zone per layer: its files may not import from any higher layer. */
const zones = LAYERS.flatMap((layer, i) =>
  layer.map((target) => ({
    target: `./${target}`,
    from: LAYERS.slice(i + 1)
      .flat()
      .map((f) => `./${f}`),
    message: `couche ${i} (${target}) : n'importe pas une couche supérieure (docs/architecture.md)`,
  })),
).filter((z) => z.from.length > 0);

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'reports/**', 'data/**', '.tmp/**', 'src/.observablehq/**', 'docs/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,js,mjs}'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver': { node: { extensions: ['.ts', '.js', '.mjs'] } } },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-restricted-paths': ['error', { zones }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
);
