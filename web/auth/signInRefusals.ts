import type { DirectoryRefusal } from './directoryFromClaims.js';
import type { ClaimsRefusal } from './identityFromClaims.js';

/** Every way a sign-in through the identity provider can fail, as the person is told it. */
export type SignInRefusal =
  | ClaimsRefusal
  | DirectoryRefusal
  | 'flow-lost'
  | 'provider-error'
  | 'not-confirmed'
  | 'provider-unavailable';

export interface RefusalPage {
  status: number;
  heading: string;
  message: string;
}

const askAdministrator = 'Ask your administrator (the council’s IT service desk) to';

/** One catalogue, so every refusal reads the same way and none shows a library's raw text. */
export const signInRefusals: Record<SignInRefusal, RefusalPage> = {
  'no-role': {
    status: 403,
    heading: 'You cannot use this service yet',
    message:
      'Your council account has no role in this service; ask your administrator to add you to a group. The group says what you do here (for example HR, director or viewer); once you are in it, sign in again.',
  },
  'no-user-id': {
    status: 403,
    heading: 'Your account cannot be used with this service',
    message: `Your council account did not give a user name this service can use. ${askAdministrator} check the service’s sign-in settings.`,
  },
  'no-email': {
    status: 403,
    heading: 'Your account cannot be used with this service',
    message: `Your council account did not give an email address, which this service needs to send you reminders. ${askAdministrator} add one to your account.`,
  },
  'unusable-claims': {
    status: 403,
    heading: 'Your account cannot be used with this service',
    message: `Your council account gave details this service cannot record (a name or service area that is too long). ${askAdministrator} check your account.`,
  },
  inactive: {
    status: 403,
    heading: 'You no longer have access to this service',
    message: `The staff directory records that you no longer use this service. ${askAdministrator} mark you as active again if you need it.`,
  },
  'flow-lost': {
    status: 400,
    heading: 'Your sign-in could not be finished',
    message:
      'Signing in took too long, or was started in another browser or tab. Nothing has changed. Go to the sign-in page and sign in again.',
  },
  'provider-error': {
    status: 400,
    heading: 'You were not signed in',
    message:
      'The council’s sign-in service did not sign you in (it may have been cancelled). Go to the sign-in page to try again.',
  },
  'not-confirmed': {
    status: 400,
    heading: 'Your sign-in could not be confirmed',
    message:
      'The answer from the council’s sign-in service could not be checked, so you have not been signed in. Go to the sign-in page and sign in again.',
  },
  'provider-unavailable': {
    status: 503,
    heading: 'Sign-in is not available at the moment',
    message:
      'The council’s sign-in service cannot be reached. Try again in a few minutes; if it keeps happening, tell the IT service desk.',
  },
};
