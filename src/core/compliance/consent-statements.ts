// What a list says of a person's consent to prerecorded messages when it names them on several
// rows. A withdrawal on any row stands, whatever the other rows say: the order of a file's rows is
// no proof that the "no" is the older word, and a prerecorded message must never be left for
// someone who said no. Otherwise the last row that says anything is the newest word; a "yes" with
// no date keeps the date an earlier row gave.

export interface ConsentStatement {
  consent: boolean;
  /** The date it was given (YYYY-MM-DD), when said. */
  givenOn: string | null;
}

/** What stands of two statements of one person, `later` read after `earlier`. */
export function standingConsent(earlier: ConsentStatement, later: ConsentStatement): ConsentStatement {
  if (!earlier.consent) return earlier;
  if (!later.consent) return later;
  return { consent: true, givenOn: later.givenOn ?? earlier.givenOn };
}
