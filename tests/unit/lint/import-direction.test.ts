import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The import direction of DESIGN.md is kept by eslint.config.js; these cases run the real config on snippets placed
// (by file path only: nothing is written) in each folder, so a rule that stops matching fails here, not in review.
const root = fileURLToPath(new URL('../../../', import.meta.url));
const eslint = new ESLint({ cwd: root });

async function importErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages
    .filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-syntax')
    .map((m) => m.message);
}

// [file, import, what the message must name]
const forbidden: [string, string, RegExp][] = [
  // the core stays at the bottom
  ['src/geo/x.ts', '../stores/dataset', /src\/geo may import only/],
  ['src/io/x.ts', '../workers/stats-engine', /src\/io may import only/],
  ['src/domain/x.ts', '../map/style', /src\/domain may import only/],
  ['src/geo/coverage/x.ts', '../../app/handle', /src\/geo may import only/],
  // workers → core only
  ['src/workers/x.ts', '../stores/analysis', /src\/workers may import only/],
  ['src/workers/x.ts', '../app/theme', /src\/workers may import only/],
  // stores → app, workers, core
  ['src/stores/x.ts', '../components/analysis/format', /src\/stores may import only/],
  ['src/stores/x.ts', '../composables/useMaplibre', /src\/stores may import only/],
  ['src/stores/x.ts', '../map/style', /src\/stores may import only/],
  ['src/stores/x.ts', '../views/AnalyzeView.vue', /src\/stores may import only/],
  // app (handle, theme) sits under the stores
  ['src/app/x.ts', '../stores/dataset', /src\/app may import only/],
  // the builders never reach up into Vue components
  ['src/map/x.ts', '../composables/useMaplibre', /src\/map may import only/],
  ['src/charts/x.ts', '../components/charts/EChart.vue', /src\/charts may import only/],
  // components and composables never import views
  ['src/components/analysis/x.ts', '../../views/AnalyzeView.vue', /src\/components may import only/],
  ['src/composables/x.ts', '../views/WallView.vue', /src\/composables may import only/],
  // the generator is for the CLI and tests only
  ['src/views/x.ts', '../synth/generate/index', /src\/views may import only/],
  ['src/components/x.ts', '../synth/defects/index', /src\/components may import only/],
  ['src/stores/x.ts', '../synth/generate/index', /src\/stores may import only/],
  ['src/workers/x.ts', '../synth/generate/index', /src\/workers may import only/],
  ['src/geo/x.ts', '../synth/generate/index', /src\/geo may import only/],
  ['src/main.ts', './synth/generate/index', /never imports src\/synth/],
  // the Node faces never import the UI, and the UI never imports them
  ['src/cli/x.ts', '../stores/dataset', /src\/cli may import only/],
  ['src/server/x.ts', '../components/TopBar.vue', /src\/server may import only/],
  ['src/server/x.ts', '../synth/generate/index', /src\/server may import only/],
  ['src/views/x.ts', '../server/routes', /src\/views may import only/],
  ['src/stores/x.ts', '../cli/main', /src\/stores may import only/],
  // the pure folders stay free of the UI libraries
  ['src/geo/x.ts', 'vue', /free of Vue/],
  ['src/synth/generate/x.ts', 'echarts/core', /free of ECharts/],
  ['src/workers/x.ts', 'maplibre-gl', /free of MapLibre/],
];

describe('import direction (eslint.config.js)', () => {
  it.each(forbidden)('%s may not import %s', async (file, spec, message) => {
    const errors = await importErrors(file, `import * as m from '${spec}';\nexport const used = m;\n`);
    expect(errors.length, `no error for ${spec} in ${file}`).toBeGreaterThan(0);
    expect(errors.join('\n')).toMatch(message);
  });

  it('catches import() as well as import declarations', async () => {
    const errors = await importErrors(
      'src/components/x.ts',
      `export const g = () => import('../synth/generate/index');\n`,
    );
    expect(errors.join('\n')).toMatch(/src\/components may import only/);
  });

  // Downward imports, and sub-folders that share a name with a top folder (components/charts), stay allowed.
  const allowed: [string, string][] = [
    ['src/cli/x.ts', '../synth/generate/index'],
    ['src/synth/generate/x.ts', '../../geo/projection'],
    ['src/stores/x.ts', '../workers/dataset-preload'],
    ['src/stores/x.ts', '../app/handle'],
    ['src/map/x.ts', '../stores/ui'],
    ['src/charts/x.ts', '../app/theme'],
    ['src/composables/x.ts', '../components/analysis/format'],
    ['src/components/analysis/x.ts', '../charts/EChart.vue'],
    ['src/components/analysis/x.ts', '../../charts/palette'],
    ['src/views/x.ts', '../components/TopBar.vue'],
    ['src/main.ts', './app/handle'],
    ['src/geo/x.ts', '../domain/types'],
  ];
  it.each(allowed)('%s may import %s', async (file, spec) => {
    expect(await importErrors(file, `import * as m from '${spec}';\nexport const used = m;\n`)).toEqual([]);
  });
});
