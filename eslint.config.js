import tseslint from 'typescript-eslint';
import pluginVue from 'eslint-plugin-vue';
import vueParser from 'vue-eslint-parser';

// The pure core (domain, geo, io) must run in the browser, a worker and the CLI alike; so must the data generator
// (synth), the worker entry points and the faces that run in Node (cli and server).
const UI_PACKAGES = [
  { group: ['vue', 'vue/*', 'pinia', 'vue-i18n'], name: 'Vue' },
  { group: ['maplibre-gl', 'maplibre-gl/*'], name: 'MapLibre' },
  { group: ['@deck.gl/*', 'deck.gl'], name: 'deck.gl' },
  { group: ['echarts', 'echarts/*'], name: 'ECharts' },
];
const packageBans = (who) =>
  UI_PACKAGES.map(({ group, name }) => ({ group, message: `${who} stay free of ${name}.` }));

/**
 * The import direction (DESIGN.md): views → components/composables → map/charts (builders) → stores → app (the
 * window handle, the theme) and workers → domain/geo/io. Each folder of src names the folders it may import;
 * importing any other folder of src is an error. synth (generator, defect injection) is for the CLI and tests only;
 * server is a face of the core like the CLI, and the browser code never imports it. The CLI starts the server
 * (`gridsight serve`, `gridsight db …`), and the server's launcher (serve.mjs) builds the CLI bundle it runs.
 */
const CORE = ['domain', 'geo', 'io'];
const UI = ['views', 'components', 'composables', 'map', 'charts', 'stores', 'app', 'router', 'i18n'];
const FOLDERS = [...UI, 'workers', ...CORE, 'synth', 'cli', 'server'];
const MAY_IMPORT = {
  views: [
    'views',
    'components',
    'composables',
    'map',
    'charts',
    'stores',
    'app',
    'router',
    'i18n',
    'workers',
    ...CORE,
  ],
  components: [
    'components',
    'composables',
    'map',
    'charts',
    'stores',
    'app',
    'router',
    'i18n',
    'workers',
    ...CORE,
  ],
  composables: [
    'components',
    'composables',
    'map',
    'charts',
    'stores',
    'app',
    'router',
    'i18n',
    'workers',
    ...CORE,
  ],
  map: ['map', 'charts', 'stores', 'app', 'workers', ...CORE],
  charts: ['map', 'charts', 'stores', 'app', 'workers', ...CORE],
  stores: ['stores', 'app', 'workers', ...CORE],
  app: ['app', ...CORE],
  router: ['router'],
  i18n: ['i18n'],
  workers: ['workers', ...CORE],
  domain: CORE,
  geo: CORE,
  io: CORE,
  synth: ['synth', ...CORE],
  cli: ['cli', 'synth', 'workers', 'server', ...CORE],
  server: ['server', 'cli', 'workers', ...CORE],
};
/** Folders whose code must not import the UI libraries. */
const NO_UI_PACKAGES = {
  domain: 'src/domain, src/geo and src/io',
  geo: 'src/domain, src/geo and src/io',
  io: 'src/domain, src/geo and src/io',
  synth: 'src/synth',
  workers: 'src/workers',
  cli: 'src/cli',
  server: 'src/server',
};
/** Deepest nesting of a file below src/<folder>/ that the rules cover (src/synth/generate/x.ts is depth 2). */
const MAX_DEPTH = 5;

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// esquery reads a selector's regex up to the next '/', so a slash inside it is written \x2F.
const importExpression = (regex) => `ImportExpression[source.value=/${regex.replace(/\//g, '\\x2F')}/]`;

/**
 * One config per folder and depth: from src/<folder>/ at depth d, '../' d times reaches src, so the regex names the
 * forbidden folders exactly (a sibling sub-folder that happens to share a name, like components/charts, is not hit).
 */
function importDirection() {
  const configs = [];
  for (const folder of FOLDERS) {
    const banned = FOLDERS.filter((f) => !MAY_IMPORT[folder].includes(f));
    for (let depth = 1; depth <= MAX_DEPTH; depth++) {
      const regex = `^${escape('../'.repeat(depth))}(${banned.join('|')})(/|$)`;
      const message = `src/${folder} may import only ${MAY_IMPORT[folder].map((f) => `src/${f}`).join(', ')} (DESIGN.md import direction).`;
      const patterns = [{ regex, message }];
      if (NO_UI_PACKAGES[folder]) patterns.push(...packageBans(NO_UI_PACKAGES[folder]));
      configs.push({
        files: [`src/${folder}/${'*/'.repeat(depth - 1)}*.{ts,vue,js,mjs}`],
        rules: {
          'no-restricted-imports': ['error', { patterns }],
          // import() is not covered by no-restricted-imports.
          'no-restricted-syntax': ['error', { selector: importExpression(regex), message }],
        },
      });
    }
  }
  // main.ts and App.vue sit on top and may import anything but the Node faces and the generator.
  const rootRegex = `^\\./(synth|cli|server)(/|$)`;
  const rootMessage = 'The browser app never imports src/synth, src/cli or src/server.';
  configs.push({
    files: ['src/*.{ts,vue}'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: rootRegex, message: rootMessage }] }],
      'no-restricted-syntax': ['error', { selector: importExpression(rootRegex), message: rootMessage }],
    },
  });
  return configs;
}

export default tseslint.config(
  { ignores: ['dist/**', 'dist-cli/**', 'node_modules/**', 'data/**', 'tests/artifacts/**'] },
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parser: vueParser, parserOptions: { parser: tseslint.parser, sourceType: 'module' } },
  },
  {
    rules: {
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'vue/html-indent': 'off',
      'vue/html-closing-bracket-newline': 'off',
      'vue/multiline-html-element-content-newline': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  ...importDirection(),
);
