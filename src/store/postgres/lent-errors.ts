// What dist/postgres.cjs holds in place of src/domain/errors.ts (see scripts/build.mjs): the error
// classes of the bundle that loads it (src/store/postgres/store-bundled.ts lends them), so that the
// program tells the server store's errors as its own.
import type * as Errors from '../../domain/errors.js';

const lent = (globalThis as { complaintErrors?: typeof Errors }).complaintErrors;
if (lent === undefined) throw new Error('dist/postgres.cjs is loaded by dist/complaint.cjs, which lends it its errors');

export const { AppError, OperationError, ValidationError } = lent;
