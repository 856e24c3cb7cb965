import tseslint from 'typescript-eslint';
import pluginVue from 'eslint-plugin-vue';
import vueParser from 'vue-eslint-parser';

// The pure core (domain, geo, io) must run in the browser, a worker and the CLI alike.
const pureCoreBans = {
  patterns: [
    { group: ['vue', 'vue/*', 'pinia', 'vue-i18n'], message: 'src/domain, src/geo and src/io stay free of Vue.' },
    { group: ['maplibre-gl', 'maplibre-gl/*'], message: 'src/domain, src/geo and src/io stay free of MapLibre.' },
    { group: ['@deck.gl/*', 'deck.gl'], message: 'src/domain, src/geo and src/io stay free of deck.gl.' },
    { group: ['echarts', 'echarts/*'], message: 'src/domain, src/geo and src/io stay free of ECharts.' },
  ],
};

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
  {
    files: ['src/domain/**', 'src/geo/**', 'src/io/**'],
    rules: { 'no-restricted-imports': ['error', pureCoreBans] },
  },
);
