import { describeError } from './describe-error';

function withCode(error: Error, code: string): Error {
  return Object.assign(error, { code });
}

describe('describeError', () => {
  it('hides the text of a database error, which may quote message content', () => {
    const error = withCode(new Error('invalid input syntax for type bigint: "Señor alcalde, mi clave es 1234"'), '22P02');
    expect(describeError(error)).toBe('Error SQLSTATE 22P02');
  });
  it('keeps network errors readable, with their code', () => {
    expect(describeError(withCode(new Error('connect ECONNREFUSED 127.0.0.1:1143'), 'ECONNREFUSED'))).toBe(
      'connect ECONNREFUSED 127.0.0.1:1143 (ECONNREFUSED)',
    );
  });
  it('cuts very long messages', () => {
    expect(describeError(new Error('x'.repeat(400)))).toHaveLength(301);
  });
  it('describes non-errors without echoing them', () => {
    expect(describeError('secreto')).toBe('error desconocido');
  });
});
