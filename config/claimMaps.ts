import { z } from 'zod';
import { personRole, serviceAreaName } from '../schemas/person.js';

/**
 * The identity provider's claims mapped to this service's roles and service areas, written as JSON in
 * the environment: `{"<claim value>": "director"}` or `{"<claim value>": ["hr", "viewer"]}`. A claim
 * value is typically a Microsoft Entra ID group's object id.
 */

/** JSON text parsed, or one issue saying it is not JSON; the schema after it names what is wrong. */
const jsonText = z.string().transform((text, context) => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    context.addIssue({
      code: 'custom',
      message: 'expected a JSON object such as {"<group object id>": "director"}',
    });
    return z.NEVER;
  }
});

const oneOrMany = <T extends z.ZodType>(item: T) =>
  z.union([item, z.array(item).min(1)]).transform((value) => (Array.isArray(value) ? value : [value]));

const claimValue = z.string().trim().min(1, 'a claim value (the key) must not be empty');

/** OIDC_ROLE_MAP: claim value → role(s). `system` is not a role anyone can be given. */
export const roleMap = jsonText.pipe(z.record(claimValue, oneOrMany(personRole)));
export type RoleMap = z.infer<typeof roleMap>;

/** OIDC_SERVICE_AREA_MAP: claim value → service area(s), `*` for every one. */
export const serviceAreaMap = jsonText.pipe(z.record(claimValue, oneOrMany(serviceAreaName)));
export type ServiceAreaMap = z.infer<typeof serviceAreaMap>;
