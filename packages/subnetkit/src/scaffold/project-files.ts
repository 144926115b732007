/** The generated project's package.json and tsconfig.json, which depend on where its dependencies come from. */
import type { ProjectDependencies } from './dependencies.js';

/** `node` with the loader flags the project's scripts need. */
function nodeCommand(deps: ProjectDependencies): string {
  // Linked to a checkout, the subnetkit packages run from their TypeScript sources (the repository's own export
  // condition), so the checkout needs no build; from npm they run from their published dist/.
  return deps.source === 'workspace' ? 'node --conditions=subnetkit-source --import tsx' : 'node --import tsx';
}

export function packageJson(name: string, deps: ProjectDependencies, testFiles: readonly string[]): string {
  const node = nodeCommand(deps);
  const manifest = {
    name,
    version: '0.1.0',
    private: true,
    type: 'module',
    scripts: {
      dev: `${node} dev.ts`,
      test: `${node} --test ${testFiles.join(' ')}`,
      typecheck: 'tsc -p tsconfig.json',
    },
    engines: { node: '>=20.10' },
    ...(deps.chainSpecSearchPath ? { subnetkit: { chainSpecSearchPath: deps.chainSpecSearchPath } } : {}),
    dependencies: deps.dependencies,
    devDependencies: deps.devDependencies,
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

export function tsconfigJson(deps: ProjectDependencies): string {
  const config = {
    compilerOptions: {
      target: 'ES2022',
      lib: ['ES2023'],
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      strict: true,
      noUncheckedIndexedAccess: true,
      noImplicitOverride: true,
      noFallthroughCasesInSwitch: true,
      esModuleInterop: true,
      skipLibCheck: true,
      resolveJsonModule: true,
      isolatedModules: true,
      verbatimModuleSyntax: true,
      noEmit: true,
      types: ['node'],
      ...(deps.source === 'workspace' ? { customConditions: ['subnetkit-source'] } : {}),
    },
    include: ['*.ts', 'test/*.ts'],
  };
  return `${JSON.stringify(config, null, 2)}\n`;
}
