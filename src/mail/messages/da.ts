import type { Messages } from '../templates.ts';

const hello = (firstName?: string) => (firstName ? `Hej ${firstName}` : 'Hej');

export const da: Messages = {
  welcome: {
    subject: (v) => `Velkommen til ${v.brandName}`,
    body: (v) => [
      hello(v.firstName),
      `Din ${v.brandName}-samarbejdskonto er klar. Du kan nu ringe, holde møder og skrive beskeder med dine kolleger.`,
      { facts: [['Dit telefonnummer', v.phoneNumber], ['Dit lokalnummer', v.extension]] },
      { label: 'Log ind', link: v.link },
      `Velkommen ombord\n${v.brandName}-teamet`,
    ],
  },
  admin_invitation: {
    subject: (v) => `Invitation til at administrere ${v.orgName} i ${v.brandName}`,
    body: (v) => [
      hello(v.firstName),
      `Du er blevet inviteret til at blive administrator for ${v.orgName} i ${v.brandName}.`,
      'Du accepterer ved at konfigurere din administratoradgang via linket nedenfor.',
      { label: 'Konfigurer administratoradgang', link: v.link },
      'Hvis du ikke forventede denne invitation, kan du se bort fra denne e-mail: intet ændres, før du accepterer den.',
      `${v.brandName}-teamet`,
    ],
  },
  emergency_notification: {
    subject: () => 'Din konto til nødtjenester (E911)',
    body: (v) => [
      hello(v.firstName),
      v.orgName
        ? `Din organisation, ${v.orgName}, bruger RedSky til at sende nødopkald (911) videre til de rette nødtjenester sammen med din placering.`
        : 'Din organisation bruger RedSky til at sende nødopkald (911) videre til de rette nødtjenester sammen med din placering.',
      'Der er oprettet en E911-konto til dig. Hold din nødplacering opdateret, så redningsfolk kan finde dig, når du ringer 911.',
      { label: 'Gennemse din nødplacering', link: v.link },
      'Dette er en automatisk meddelelse fra RedSky E911. Svar venligst ikke på den.',
    ],
  },
};
