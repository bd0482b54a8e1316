// The simulated PBX's API description against the one Asterisk 22 serves (the recordings'
// api-docs/): ari-client builds its operations from whichever it reads, so the engine, tested
// against the simulated PBX, calls Asterisk by the same paths, methods, names and parameters only if
// every operation the simulation declares is Asterisk's, with Asterisk's parameters.

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resourceDeclarations } from '../../src/sim/pbx/api-docs/resources.js';
import { declarationJson, listingJson } from '../../src/sim/pbx/api-docs/swagger.js';
import { recordingsDir, recordingsMissing } from './recording-file.js';

interface RealParameter { name: string; paramType: string; required?: boolean; allowMultiple?: boolean }
interface RealOperation { httpMethod: string; nickname: string; parameters?: RealParameter[] }
interface RealDeclaration { apis: { path: string; operations: RealOperation[] }[] }

const apiDocs = path.join(recordingsDir, 'api-docs');

/** A document's apiVersion: ARI's in the listing (10.0.0 in Asterisk 22), 2.0.0 in each declaration. */
const versionOf = (document: Record<string, unknown>): unknown => document.apiVersion;

function realDocument(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(apiDocs, `${name}.json`), 'utf8')) as Record<string, unknown>;
}

function realDeclaration(resource: string): RealDeclaration {
  return JSON.parse(readFileSync(path.join(apiDocs, `${resource}.json`), 'utf8')) as RealDeclaration;
}

/** Where the simulated description differs from Asterisk's, one line each. */
function differences(): string[] {
  const found: string[] = [];
  for (const resource of resourceDeclarations) {
    const real = realDeclaration(resource.name);
    for (const api of resource.apis) {
      const realApi = real.apis.find((a) => a.path === api.path);
      for (const operation of api.operations) {
        const at = `${operation.httpMethod} ${api.path}`;
        const realOperation = realApi?.operations.find((o) => o.httpMethod === operation.httpMethod);
        if (realOperation === undefined) {
          found.push(`${at}: not in Asterisk's`);
          continue;
        }
        if (realOperation.nickname !== operation.nickname) found.push(`${at}: named ${operation.nickname}, Asterisk's ${realOperation.nickname}`);
        for (const parameter of operation.parameters) {
          const realParameter = realOperation.parameters?.find((p) => p.name === parameter.name);
          if (realParameter === undefined) found.push(`${at}: parameter ${parameter.name} not in Asterisk's`);
          else if (realParameter.paramType !== parameter.paramType) found.push(`${at}: ${parameter.name} in ${parameter.paramType}, Asterisk's in ${realParameter.paramType}`);
          else if ((realParameter.allowMultiple ?? false) !== parameter.allowMultiple) found.push(`${at}: ${parameter.name} allowMultiple differs`);
        }
        for (const realParameter of realOperation.parameters ?? []) {
          const required = realParameter.required === true;
          const declared = operation.parameters.find((p) => p.name === realParameter.name);
          if (required && declared?.required !== true) found.push(`${at}: ${realParameter.name} required by Asterisk`);
        }
      }
    }
  }
  return found;
}

describe.skipIf(recordingsMissing)('the simulated PBX\'s API description against Asterisk 22\'s', () => {
  it('finds the api-docs', () => {
    expect(existsSync(path.join(apiDocs, 'resources.json')), apiDocs).toBe(true);
  });

  it('declares only Asterisk\'s operations, by its names, with its parameters where it puts them', () => {
    expect(differences()).toEqual([]);
  });

  it('gives the versions Asterisk gives: ARI\'s in the listing, each resource\'s in its declaration', () => {
    const basePath = 'http://127.0.0.1:8088/ari';
    expect(versionOf(listingJson(resourceDeclarations, basePath))).toEqual(versionOf(realDocument('resources')));
    for (const resource of resourceDeclarations) {
      expect(versionOf(declarationJson(resource, basePath)), resource.name).toEqual(versionOf(realDocument(resource.name)));
    }
  });
});
