import { ensureErrorCodes, withoutSuggestions } from './error-codes';

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

describe('suggestions on the way out', () => {
  it('removes every "Did you mean …?" and keeps the rest of the message', () => {
    const errors = [
      { message: 'Cannot query field "nmae" on type "User". Did you mean "name"?' },
      { message: 'Value "FOUNDR" does not exist in "StakeholderClass" enum. Did you mean the enum value "FOUNDER" or "FUNDER"?', extensions: { code: 'BAD_USER_INPUT' } },
      { message: 'Unknown argument "frist" on field "Cooperative.members". Did you mean "first", "after", or "last"?' },
      { message: 'No suggestion here' },
    ];
    expect(withoutSuggestions(errors).map((error) => error.message)).toEqual([
      'Cannot query field "nmae" on type "User".',
      'Value "FOUNDR" does not exist in "StakeholderClass" enum.',
      'Unknown argument "frist" on field "Cooperative.members".',
      'No suggestion here',
    ]);
    expect(withoutSuggestions(errors)[1].extensions).toEqual({ code: 'BAD_USER_INPUT' });
  });
});
