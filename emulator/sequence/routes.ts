import { Router, type RequestHandler } from 'express';
import { AppError } from '../core/errors/app-error.js';
import { resource } from '../core/http/resource.js';
import { sequenceReport } from './report.js';
import { sequenceQuery } from './requests.js';
import type { SequenceService } from './service.js';
import { sequenceText, stepCatalogue } from './views.js';

// /__emulator/sequence: the documented-sequence checker's report (JSON, or the table with ?format=text), and
// /__emulator/sequence/steps, the catalogue — the page a console shows; CI reads it through check-sequence.

export const SEQUENCE_PATH = '/__emulator/sequence';

export function sequenceRoutes(deps: { sequence: SequenceService; guard: RequestHandler }): Router {
  const router = Router();
  const { sequence } = deps;
  const report: RequestHandler = (req, res) => {
    const query = sequenceQuery(req.query);
    if (query.instanceId !== undefined && !sequence.facts.instances().includes(query.instanceId)) {
      throw new AppError(404, 'UNKNOWN_INSTANCE', `No B2C instance '${query.instanceId}'; known: ${sequence.facts.instances().join(', ') || 'none'}.`);
    }
    const body = sequenceReport(sequence, query);
    if (query.format === 'text') res.type('text/plain; charset=utf-8').send(sequenceText(body));
    else res.json(body);
  };
  resource(router, undefined, SEQUENCE_PATH, { GET: [deps.guard, report] });
  resource(router, undefined, `${SEQUENCE_PATH}/steps`, { GET: [deps.guard, (_req, res) => res.json(stepCatalogue())] });
  return router;
}
