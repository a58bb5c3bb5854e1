// The two text columns of a line, by the field they edit: the Arabic transcription (`text`)
// and the English translation (`translation`), as the API names them.
export type Column = 'text' | 'translation';
