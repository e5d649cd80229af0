import type { Messages } from '../templates.ts';

const hello = (firstName?: string) => (firstName ? `Hello ${firstName},` : 'Hello,');

export const en: Messages = {
  welcome: {
    subject: (v) => `Welcome to ${v.brandName}`,
    body: (v) => [
      hello(v.firstName),
      `Your ${v.brandName} collaboration account is ready. You can now call, meet and message with your colleagues.`,
      { facts: [['Your phone number', v.phoneNumber], ['Your extension', v.extension]] },
      { label: 'Sign in', link: v.link },
      `Welcome aboard,\nThe ${v.brandName} team`,
    ],
  },
  admin_invitation: {
    subject: (v) => `Invitation to administer ${v.orgName} on ${v.brandName}`,
    body: (v) => [
      hello(v.firstName),
      `You have been invited to become an administrator of ${v.orgName} on ${v.brandName}.`,
      'To accept, set up your administrator access with the link below.',
      { label: 'Set up administrator access', link: v.link },
      'If you were not expecting this invitation, you can ignore this email: nothing changes until you accept it.',
      `The ${v.brandName} team`,
    ],
  },
  emergency_notification: {
    subject: () => 'Your emergency services (E911) account',
    body: (v) => [
      hello(v.firstName),
      v.orgName
        ? `Your organization, ${v.orgName}, uses RedSky to route emergency calls (911) to the right emergency services, together with your location.`
        : 'Your organization uses RedSky to route emergency calls (911) to the right emergency services, together with your location.',
      'An E911 account has been created for you. Please keep your emergency location up to date so that responders can find you when you call 911.',
      { label: 'Review your emergency location', link: v.link },
      'This is an automated notification from RedSky E911. Please do not reply.',
    ],
  },
  attach_approval: {
    subject: (v) => `${v.partnerName} asks to add wholesale services to ${v.orgName}`,
    body: (v) => [
      hello(v.firstName),
      `${v.partnerName} would like to add its wholesale collaboration services to your organization, ${v.orgName}. As an administrator, you decide.`,
      'If you approve, the partner can provision users, locations and numbers for these services. Your organization keeps its name, its settings, its sign-in method and its existing licences.',
      { label: 'Review the request', link: v.link },
      `Nothing changes unless you approve. The request expires on ${v.expires}.`,
    ],
  },
  consent_move: {
    subject: (v) => `Move your account to ${v.orgName}?`,
    body: (v) => [
      'Hello,',
      `${v.orgName} would like to give you ${v.brandName} services with your work email address, which is already used by a free account.`,
      'If you agree, your account moves into the organization: you keep signing in with the same email, and the organization\'s administrators manage it from then on.',
      { label: 'Review and decide', link: v.link },
      'If you do not agree, decline on the same page; nothing changes.',
    ],
  },
};
