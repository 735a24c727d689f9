/**
 * Raw collections for tests, benchmarks and the demo, which arrange states and inspect what was
 * written (a job with no agenda entry, a chunk left claimed by a dead sender). Production code never
 * sees a model (test/unit/architecture.test.ts); it goes through the repositories on `Dal`.
 */
import type { Dal } from '../../src/dal';
import { createModels, type Models } from '../../src/dal/models';

const built = new WeakMap<Dal, Models>();

/** The models of every collection, on the connection `dal` is bound to (built once per `dal`). */
export function modelsOf(dal: Dal): Models {
  let models = built.get(dal);
  if (!models) {
    models = createModels(dal.connection);
    built.set(dal, models);
  }
  return models;
}
