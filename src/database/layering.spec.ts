import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

describe('the database layer', () => {
  it('imports no feature module: modules register their own entities (Entities.of)', () => {
    const files = readdirSync(__dirname).filter((file) => file.endsWith('.ts') && !file.endsWith('.spec.ts'));
    const imports = files.flatMap((file) => [...readFileSync(join(__dirname, file), 'utf8').matchAll(/from '(src\/[^']+)'/g)].map((m) => `${file}: ${m[1]}`));
    expect(imports.filter((line) => !/: src\/(config|database)\//.test(line))).toEqual([]);
  });
});
