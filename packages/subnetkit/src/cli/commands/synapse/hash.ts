/** `subnetkit synapse hash`: the body hash a Python validator computes for a JSON body under a definition. */
import { defineCommand } from '../../command.js';
import { UsageError } from '../../errors.js';
import { jsonOption } from '../../options.js';
import { readJsonFile } from './read-json.js';

export default defineCommand({
  name: 'synapse hash',
  summary: 'print the body hash a Python peer computes for a JSON body',
  description:
    'Prints the body hash of a JSON body under a synapse definition ' +
    '({"name":"F","fields":{"x":{"type":"float","required":true}},"hashFields":["x"]}), by Python str() rules: ' +
    'an int field holds a Python int of any size, a float field prints 1 as 1.0.',
  usage: '--def <synapse.json> --body <body.json> [options]',
  options: [
    { key: 'def', flags: '--def <file>', description: 'the synapse definition (JSON)' },
    { key: 'body', flags: '--body <file>', description: 'the request body (JSON)' },
    { key: 'explain', flags: '--explain', description: 'also print Python str() of each hash field and its SHA3-256' },
    jsonOption,
  ],
  examples: ['subnetkit synapse hash --def synapse.json --body body.json --explain'],
  async run(ctx) {
    const defPath = ctx.opt('def');
    const bodyPath = ctx.opt('body');
    if (typeof defPath !== 'string' || typeof bodyPath !== 'string')
      throw new UsageError('hash needs --def and --body');
    const { bodyHash, defineSynapseFromJson, sha3Hex, strField } = await import('@subnetkit/synapse');
    const def = defineSynapseFromJson(await readJsonFile(defPath, 'definition'));
    const synapse = def.fromBody(await readJsonFile(bodyPath, 'body'));
    const rec = synapse as unknown as Record<string, unknown>;
    const fields = def.hashFields.map((f) => {
      const str = strField(def.fields[f]!, rec[f], f);
      return { field: f, str, sha3: sha3Hex(str) };
    });
    const hash = bodyHash(def, synapse);
    if (ctx.json) {
      ctx.print({ hash, ...(ctx.opt('explain') ? { fields } : {}) }, '');
      return 0;
    }
    if (ctx.opt('explain')) {
      for (const { field, str, sha3 } of fields) {
        console.log(`${field}: str() = ${str.length > 200 ? `${str.slice(0, 200)}… (${str.length} chars)` : str}`);
        console.log(`${' '.repeat(field.length)}  sha3  = ${sha3}`);
      }
    }
    console.log(hash);
    return 0;
  },
});
