// Errors about user input. Each carries a stable `code` the CLI and the HTTP API report, and, where one word
// is to blame, that word and its 0-based token position; where a likely fix exists, the words the user
// probably meant (`suggestion`, shown as "did you mean …").

export type PhraseErrorCode = 'empty' | 'not_a_string' | 'too_long' | 'unknown_word' | 'numeral' | 'malformed' | 'out_of_vocabulary';

export class PhraseError extends Error {
  constructor(
    readonly code: PhraseErrorCode,
    message: string,
    readonly token?: string,
    readonly position?: number,
    readonly suggestion?: string,
  ) {
    super(message);
    this.name = 'PhraseError';
  }

  toJSON(): { code: PhraseErrorCode; message: string; token?: string; position?: number; suggestion?: string } {
    return {
      code: this.code,
      message: this.message,
      ...(this.token !== undefined ? { token: this.token } : {}),
      ...(this.position !== undefined ? { position: this.position } : {}),
      ...(this.suggestion !== undefined ? { suggestion: this.suggestion } : {}),
    };
  }
}
