import { Ajv, type ValidateFunction } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { z } from 'zod';

type JsonSchema = Record<string, unknown>;

const validators = {
  draft7: withFormats(new Ajv({ strict: false, allErrors: true, logger: false })),
  draft2019: withFormats(new Ajv2019({ strict: false, allErrors: true, logger: false })),
  draft2020: withFormats(new Ajv2020({ strict: false, allErrors: true, logger: false })),
};

function withFormats<T extends Ajv>(ajv: T): T {
  addFormats(ajv);
  return ajv;
}

/** The dialect a schema declares; MCP's default (no `$schema`) is 2020-12. */
function ajvFor(schema: JsonSchema): Ajv {
  const dialect = typeof schema.$schema === 'string' ? schema.$schema : '';
  if (/draft-0[467]/.test(dialect)) return validators.draft7;
  if (dialect.includes('2019-09')) return validators.draft2019;
  return validators.draft2020;
}

/**
 * A zod schema that validates with ajv against an MCP tool's JSON Schema and converts back to that same JSON
 * Schema (`z.toJSONSchema`), so the model is offered the server's schema and the kernel's input check is ajv's.
 * Throws (ajv's error) when the schema does not compile.
 */
export function jsonSchemaInput(schema: JsonSchema): z.ZodType<Record<string, unknown>> {
  const { $schema, id, ...rest } = schema;
  const declared = $schema === undefined ? rest : { $schema, ...rest };
  const validate: ValidateFunction = ajvFor(schema).compile(declared);
  return z
    .unknown()
    .superRefine((value, ctx) => {
      if (validate(value)) return;
      for (const error of validate.errors ?? []) {
        ctx.addIssue({
          code: 'custom',
          message: `${error.instancePath || '(input)'} ${error.message ?? 'is invalid'}`,
          path: error.instancePath.split('/').slice(1),
        });
      }
    })
    .meta(rest) as unknown as z.ZodType<Record<string, unknown>>;
}
