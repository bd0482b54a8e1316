// The architecture's import rules are lint rules; this runs them as part of the suite, so a core
// file that reads the clock or imports an adapter fails CI, not just a developer's editor.

import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

describe('lint', () => {
  it('finds no problem anywhere in the sources and tests (core purity, type imports, unused code)', async () => {
    const eslint = new ESLint();
    const results = await eslint.lintFiles(['src', 'test', 'bench']);
    const problems = results.flatMap((r) => r.messages.map((m) => `${r.filePath}:${m.line} ${m.ruleId ?? ''} ${m.message}`));
    expect(problems).toEqual([]);
  }, 120_000);

  it('rejects a core file that reads the clock, draws random numbers or imports Node', async () => {
    const eslint = new ESLint();
    const [result] = await eslint.lintText(
      "import { readFileSync } from 'node:fs';\nexport const t = Date.now() + Math.random() + readFileSync.length;\n",
      { filePath: 'src/core/example.ts' },
    );
    const rules = new Set(result?.messages.map((m) => m.ruleId));
    expect(rules).toEqual(new Set(['no-restricted-imports', 'no-restricted-globals', 'no-restricted-properties']));
  });

  it('rejects a runtime file that imports code (not types) from the HTTP adapter', async () => {
    const eslint = new ESLint();
    const [code] = await eslint.lintText("import { NotReady } from '../adapters/http/routes/health-routes.js';\nexport const e = new NotReady('x');\n", { filePath: 'src/runtime/example.ts' });
    expect(code?.messages.map((m) => m.ruleId)).toContain('no-restricted-imports');
    const [types] = await eslint.lintText("import type { EngineApi } from '../adapters/http/engine-api.js';\nexport type Api = EngineApi;\n", { filePath: 'src/runtime/example.ts' });
    expect(types?.messages.map((m) => m.ruleId)).not.toContain('no-restricted-imports');
  });

  it('rejects configuration or a phone-number rule that imports an adapter, the runtime or the CLI', async () => {
    const eslint = new ESLint();
    for (const filePath of ['src/config/example.ts', 'src/phone/example.ts']) {
      const [result] = await eslint.lintText("import { staff } from '../adapters/http/principal.js';\nexport const roles = staff;\n", { filePath });
      expect(result?.messages.map((m) => m.ruleId), filePath).toEqual(['no-restricted-imports']);
    }
  });
});
