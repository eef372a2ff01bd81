import express, { Router, type ErrorRequestHandler, type Response } from 'express';
import { toAppError } from '../../core/errors/render.js';
import { resource } from '../../core/http/resource.js';
import { baseUrl } from '../http/base-url.js';
import { renderFault, SoapFault, soapFaults } from './envelope.js';
import type { SoapLoginService } from './service.js';

// The partner SOAP endpoint. Only `login` is served; whatever goes wrong comes back as a SOAP fault with HTTP
// 500, as Salesforce answers every fault, never as JSON.

const PATH = '/services/Soap/u/:version{/:orgId}';

export function soapRoutes(deps: { login: SoapLoginService; bodyLimit: number; onUnexpected: (error: unknown) => void }): Router {
  const router = Router();
  resource(router, undefined, PATH, {
    POST: [
      express.text({ type: () => true, limit: deps.bodyLimit }),
      async (req, res) => {
        try {
          if (req.get('soapaction') === undefined) throw soapFaults.client('No SOAPAction header!');
          const { xml, username } = await deps.login.login({ xml: typeof req.body === 'string' ? req.body : '', version: String(req.params.version), baseUrl: baseUrl(req) });
          res.locals.clientId = username;
          sendXml(res, 200, xml);
        } catch (error) {
          if (!(error instanceof SoapFault)) throw error;
          sendFault(res, error);
        }
      },
    ],
  });
  // Body-parser failures (too large, bad charset) of this endpoint become faults too.
  const faults: ErrorRequestHandler = (err, req, res, next) => {
    if (!req.path.startsWith('/services/Soap/')) return next(err);
    const error = toAppError(err, deps.onUnexpected);
    sendFault(res, error.status >= 500 ? soapFaults.unknown() : soapFaults.client(error.message));
  };
  router.use(faults);
  return router;
}

function sendFault(res: Response, fault: SoapFault): void {
  res.locals.note = fault.explain;
  res.setHeader('X-Emulator-Explain', fault.explain.replace(/[^\x20-\x7e]/g, '?').slice(0, 500));
  sendXml(res, 500, renderFault(fault));
}

function sendXml(res: Response, status: number, xml: string): void {
  const bytes = Buffer.from(xml, 'utf8');
  res.status(status).setHeader('Content-Type', 'text/xml;charset=UTF-8');
  res.setHeader('Content-Length', bytes.length);
  res.end(bytes);
}
