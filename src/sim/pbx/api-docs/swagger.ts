// Swagger 1.1 building blocks (the format ARI publishes and ari-client's swagger-client reads).

export interface SwaggerParameter {
  name: string;
  description: string;
  paramType: 'path' | 'query' | 'body';
  required: boolean;
  allowMultiple: boolean;
  dataType: string;
}

export interface SwaggerOperation {
  httpMethod: 'GET' | 'POST' | 'DELETE' | 'PUT';
  summary: string;
  nickname: string;
  responseClass: string;
  parameters: SwaggerParameter[];
  errorResponses: { code: number; reason: string }[];
  upgrade?: string;
  websocketProtocol?: string;
}

export interface SwaggerApi {
  path: string;
  description: string;
  operations: SwaggerOperation[];
}

export interface SwaggerProperty {
  type: string;
  required?: boolean;
  description: string;
}

export interface SwaggerModel {
  id: string;
  description: string;
  properties: Record<string, SwaggerProperty>;
  extends?: string;
  subTypes?: string[];
}

export const path = (name: string, description: string): SwaggerParameter =>
  ({ name, description, paramType: 'path', required: true, allowMultiple: false, dataType: 'string' });

export const query = (name: string, description: string, dataType = 'string', required = false, allowMultiple = false): SwaggerParameter =>
  ({ name, description, paramType: 'query', required, allowMultiple, dataType });

export const body = (name: string, description: string): SwaggerParameter =>
  ({ name, description, paramType: 'body', required: false, allowMultiple: false, dataType: 'containers' });

export function op(
  httpMethod: SwaggerOperation['httpMethod'],
  nickname: string,
  responseClass: string,
  summary: string,
  parameters: SwaggerParameter[] = [],
  errors: [number, string][] = [],
): SwaggerOperation {
  return { httpMethod, nickname, responseClass, summary, parameters, errorResponses: errors.map(([code, reason]) => ({ code, reason })) };
}

/** A model from `name: type` pairs; a trailing `?` marks an optional property. */
export function model(id: string, description: string, fields: Record<string, string>, extra: Partial<SwaggerModel> = {}): SwaggerModel {
  const properties: Record<string, SwaggerProperty> = {};
  for (const [key, type] of Object.entries(fields)) {
    const optional = key.endsWith('?');
    properties[optional ? key.slice(0, -1) : key] = { type, required: !optional, description: key.replace('?', '') };
  }
  return { id, description, properties, ...extra };
}

export interface ResourceDeclaration {
  name: string;
  description: string;
  apis: SwaggerApi[];
  models: SwaggerModel[];
}

/** The per-resource document served at /ari/api-docs/{name}.json. */
export function declarationJson(resource: ResourceDeclaration, basePath: string): Record<string, unknown> {
  return {
    apiVersion: '2.0.0',
    swaggerVersion: '1.1',
    basePath,
    resourcePath: `/api-docs/${resource.name}.{format}`,
    apis: resource.apis,
    models: Object.fromEntries(resource.models.map((m) => [m.id, m])),
  };
}

/** ARI's version as Asterisk 22 gives it in the listing (each declaration keeps 2.0.0, as Asterisk's). */
export const ariApiVersion = '10.0.0';

/** The listing served at /ari/api-docs/resources.json. */
export function listingJson(resources: ResourceDeclaration[], basePath: string): Record<string, unknown> {
  return {
    apiVersion: ariApiVersion,
    swaggerVersion: '1.1',
    basePath,
    apis: resources.map((r) => ({ path: `/api-docs/${r.name}.{format}`, description: r.description })),
  };
}
