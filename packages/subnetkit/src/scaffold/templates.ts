/** The templates `subnetkit new` offers, and the packages each one's code imports. */

export type ScaffoldTemplateName = 'basic' | 'streaming' | 'model';

export interface ScaffoldTemplate {
  name: ScaffoldTemplateName;
  /** One line for help text and the interactive prompt. */
  description: string;
}

export const scaffoldTemplates: readonly ScaffoldTemplate[] = [
  { name: 'basic', description: 'plain request/response: the validator sends numbers, miners answer their sum' },
  { name: 'streaming', description: 'a streaming synapse: miners stream a text back word by word as it is produced' },
  {
    name: 'model',
    description:
      'a model-serving miner on @subnetkit/inference: a tiny tfjs model built in code, batched behind the axon',
  },
];

/** What the generated code of every template imports at run time. */
const COMMON_DEPENDENCIES = [
  'subnetkit',
  '@subnetkit/axon',
  '@subnetkit/dendrite',
  '@subnetkit/localnet',
  '@subnetkit/synapse',
  '@subnetkit/wallet',
];

/** Runtime dependencies of a template's project, by package name. */
export function templateDependencies(template: ScaffoldTemplateName): string[] {
  if (template === 'model') return [...COMMON_DEPENDENCIES, '@subnetkit/inference', '@tensorflow/tfjs-layers'];
  // The streaming validator runs its own loop on the metagraph and the chain reads (see its validator.ts).
  if (template === 'streaming') return [...COMMON_DEPENDENCIES, '@subnetkit/chain', '@subnetkit/metagraph', 'pino'];
  return COMMON_DEPENDENCIES;
}

/** Development tools of every generated project. */
export const DEV_DEPENDENCIES = ['@types/node', 'tsx', 'typescript'] as const;

export function isTemplateName(name: string): name is ScaffoldTemplateName {
  return scaffoldTemplates.some((t) => t.name === name);
}
