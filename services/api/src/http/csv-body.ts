/**
 * CSV request bodies (`Content-Type: text/csv`), read as text for the routes that take a file (the
 * divisions import). A whole city's townships and villages are larger than the JSON body limit, so CSV
 * has its own. A JSON route sent CSV gets a string and answers a validation error, as it should.
 */
import type { FastifyInstance } from 'fastify';

export const csvBodyLimitBytes = 8 * 1024 * 1024;

export function acceptCsvBodies(app: FastifyInstance, limitBytes = csvBodyLimitBytes): void {
  app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: limitBytes }, (_request, body, done) => done(null, body));
}
