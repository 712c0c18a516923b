import { readdirSync } from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * The lib/ layer rule (LAYERS in eslint.config.mjs) must fire on an upward import, or `npm run lint`
 * would pass a tree whose layers leak. The project's own config is used; only the type-aware rules
 * are switched off so a probe file that is not on disk needs no TypeScript program.
 */
const ROOT = path.resolve(import.meta.dirname, '../../..');

const eslint = new ESLint({
  cwd: ROOT,
  overrideConfig: {
    languageOptions: { parserOptions: { projectService: false } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'off',
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
      '@typescript-eslint/await-thenable': 'off',
    },
  },
});

async function lint(filePath: string, code: string): Promise<{ ruleId: string | null; line: number; message: string }[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, filePath) });
  if (!result) throw new Error(`ESLint returned no result for ${filePath}`);
  return result.messages.map((m) => ({ ruleId: m.ruleId, line: m.line, message: m.message }));
}

describe('lib/ layers import only downward', () => {
  it('refuses an upward import and lets a downward one through', async () => {
    const messages = await lint(
      'lib/data/layer-probe.ts',
      ["import { db } from '@/lib/db';", "import { runWrite } from '@/lib/writes/write';", 'export const probe = [db, runWrite];', ''].join('\n'),
    );
    const layerErrors = messages.filter((m) => m.ruleId === 'no-restricted-imports');
    expect(layerErrors).toHaveLength(1);
    expect(layerErrors[0]?.line).toBe(2);
    expect(layerErrors[0]?.message).toContain('may not import');
  });

  it('refuses the upward imports the review found', async () => {
    const cases: [file: string, specifier: string][] = [
      ['lib/auth/layer-probe.ts', '@/lib/actions/form-state'],
      ['lib/schemas/layer-probe.ts', '@/lib/import/targets'],
      ['lib/import/layer-probe.ts', '@/lib/seed/demo'],
      ['lib/writes/layer-probe.ts', '@/lib/import/run'],
      ['lib/http/layer-probe.ts', '@/lib/actions'],
    ];
    for (const [file, specifier] of cases) {
      const messages = await lint(file, `import type * as probe from '${specifier}';\nexport type Probe = typeof probe;\n`);
      expect(
        messages.map((m) => m.ruleId),
        `${file} → ${specifier}`,
      ).toContain('no-restricted-imports');
    }
  });

  it('refuses a relative path out of the folder, app/ and components/, and a loose file at the top of lib/', async () => {
    expect((await lint('lib/format/layer-probe.ts', "export { db } from '../db';\n")).map((m) => m.ruleId)).toContain('no-restricted-imports');
    expect((await lint('lib/data/layer-probe.ts', "export { AdminTable } from '@/components/ui/table';\n")).map((m) => m.ruleId)).toContain(
      'no-restricted-imports',
    );
    expect((await lint('lib/layer-probe.ts', 'export const loose = 1;\n')).map((m) => m.ruleId)).toContain('no-restricted-syntax');
    // Inside a folder, a relative import stays allowed (lib/stats/trend imports ../errors).
    expect((await lint('lib/stats/trend/layer-probe.ts', "export { StatsError } from '../errors';\n")).map((m) => m.ruleId)).not.toContain(
      'no-restricted-imports',
    );
  });

  it('covers every folder of lib/ (a new folder must be placed in LAYERS)', async () => {
    const folders = readdirSync(path.join(ROOT, 'lib'), { withFileTypes: true })
      .filter((e) => e.isDirectory() && e.name !== 'generated')
      .map((e) => e.name);
    expect(folders.length).toBeGreaterThan(10);
    const uncovered: string[] = [];
    for (const folder of folders) {
      const config = (await eslint.calculateConfigForFile(path.join(ROOT, 'lib', folder, 'layer-probe.ts'))) as { rules?: Record<string, unknown> };
      if (config.rules?.['no-restricted-imports'] === undefined) uncovered.push(folder);
    }
    expect(uncovered).toEqual([]);
  });
});
