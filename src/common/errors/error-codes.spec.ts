import { ensureErrorCodes } from './error-codes';

describe('error codes on the way out', () => {
  it('hides an uncoded resolver error behind INTERNAL_SERVER_ERROR', () => {
    const leaked = { message: 'relation "secret_table" does not exist', path: ['me'] };
    expect(ensureErrorCodes([leaked])).toEqual([{ message: 'Internal server error', path: ['me'], locations: undefined, extensions: { code: 'INTERNAL_SERVER_ERROR' } }]);
  });

  it('codes errors that never reached a resolver as BAD_USER_INPUT', () => {
    expect(ensureErrorCodes([{ message: 'Cannot query field "x" on type "Query".' }])[0].extensions).toEqual({ code: 'BAD_USER_INPUT' });
  });

  it('keeps a domain code and its fields', () => {
    const coded = { message: 'Invalid input', path: ['signUp'], extensions: { code: 'BAD_USER_INPUT', fields: [{ field: 'email', message: 'bad' }] } };
    expect(ensureErrorCodes([coded])).toEqual([coded]);
  });
});
