// What a command says when the database named in DATABASE_URL is not there: to create it, since
// `outpace migrate` makes the tables but not the database; not to check a user and password the
// server took.

import { describe, expect, it } from 'vitest';
import { ServiceUnreachableError } from './service-unreachable-error.js';

/** The error node-postgres gives for a database the server does not have. */
const missingDatabase = Object.assign(new Error('database "outpace_shop" does not exist'), { code: '3D000' });

describe('a database that does not exist', () => {
  it('is said to be missing, with how to create it and migrate it, or to correct its name', () => {
    const error = new ServiceUnreachableError('database', '127.0.0.1:5432 (database "outpace_shop")', missingDatabase);
    expect(error.message).toBe('the database at 127.0.0.1:5432 (database "outpace_shop") does not exist: create it (createdb, or CREATE DATABASE, '
      + 'as a PostgreSQL user allowed to) and run `outpace migrate`, or correct the database name DATABASE_URL (database.url) gives');
  });

  it('leaves a refusal for another reason to the user, password and name', () => {
    const refused = Object.assign(new Error('password authentication failed for user "outpace"'), { code: '28P01' });
    expect(new ServiceUnreachableError('database', '127.0.0.1:5432 (database "outpace")', refused).message)
      .toMatch(/refused the connection \(password authentication failed .*\): check the user, password and database name DATABASE_URL/);
  });
});
