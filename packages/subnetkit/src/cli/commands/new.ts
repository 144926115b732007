/** `subnetkit new [dir]`: scaffold a subnet project (protocol, miner, validator, reward, tests) from a template. */
import { defineCommand } from '../command.js';
import { UsageError } from '../errors.js';
import { jsonOption } from '../options.js';

// The scaffold's refusals that mean "the command line is wrong" (exit 2); the others are failures (exit 1).
const USAGE_CODES = new Set([
  'SCAFFOLD_INVALID_NAME',
  'SCAFFOLD_UNKNOWN_TEMPLATE',
  'SCAFFOLD_INVALID_TARGET',
  'SCAFFOLD_INVALID_DEPENDENCIES',
]);

export default defineCommand({
  name: 'new',
  summary: 'scaffold a subnet project: protocol, miner, validator, reward, tests (templates: basic, streaming, model)',
  description:
    'Writes a small subnet project into <dir>: protocol.ts (one synapse), miner.ts, validator.ts, reward.ts, ' +
    'dev.ts, tests, README.md, package.json, tsconfig.json and .gitignore. `cd <dir> && npm install && npm run dev` ' +
    'runs its miner and validator on an in-process localnet until consensus; `npm test` passes out of the box. ' +
    'Templates: basic (plain request/response), streaming (a streamed answer), model (a model-serving miner on ' +
    '@subnetkit/inference). On a terminal, the name and template not given as flags are asked for. Run inside a ' +
    'subnetkit checkout, the project links to its packages (file:); elsewhere it depends on the published versions.',
  usage: '[dir] [options]',
  arguments: [{ name: '[dir]', description: 'where to write the project (default: the --name, else ./my-subnet)' }],
  options: [
    { key: 'name', flags: '--name <name>', description: "the project's npm package name (default: from <dir>)" },
    {
      key: 'template',
      flags: '--template <name>',
      description: 'basic, streaming or model (default basic; asked on a terminal)',
    },
    {
      key: 'dependencies',
      flags: '--dependencies <source>',
      description: 'workspace (file: links into this checkout) or registry (npm versions); default: detected',
    },
    { key: 'force', flags: '--force', description: 'write into a directory that already holds files' },
    jsonOption,
  ],
  examples: [
    'subnetkit new my-subnet',
    'subnetkit new my-subnet --template streaming',
    'subnetkit new ./sn-digits --name sn-digits --template model --json',
  ],
  async run(ctx) {
    const { promptScaffoldParameters, scaffoldSubnet } = await import('../../scaffold/index.js');
    const str = (key: string) => {
      const v = ctx.opt(key);
      return typeof v === 'string' ? v : undefined;
    };
    const name = str('name');
    const template = str('template');
    const dependencies = str('dependencies');
    if (dependencies !== undefined && dependencies !== 'workspace' && dependencies !== 'registry')
      throw new UsageError(`--dependencies must be workspace or registry, got '${dependencies}'`);
    const dir = ctx.args[0] ?? name ?? 'my-subnet';
    const interactive = !ctx.json && process.stdin.isTTY && process.stderr.isTTY && (!name || !template);
    try {
      const base = interactive
        ? await promptScaffoldParameters({
            dir,
            ...(name ? { name } : {}),
            ...(template ? { template: template as never } : {}),
          })
        : { dir, ...(name ? { name } : {}), template: (template ?? 'basic') as never };
      const result = await scaffoldSubnet({
        ...base,
        ...(dependencies ? { dependencies: dependencies as 'workspace' | 'registry' } : {}),
        force: ctx.opt('force') === true,
      });
      ctx.print(
        { ...result, template: base.template },
        [
          `created ${result.dir} (${base.template} template, ${result.files.length} files)`,
          '',
          'next:',
          ...result.nextSteps.map((s) => `  ${s}`),
        ].join('\n'),
      );
      return 0;
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code && USAGE_CODES.has(code)) throw new UsageError((err as Error).message, { cause: err });
      throw err;
    }
  },
});
