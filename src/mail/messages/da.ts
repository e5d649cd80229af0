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
  attach_approval: {
    subject: (v) => `${v.partnerName} anmoder om at tilføje engrostjenester til ${v.orgName}`,
    body: (v) => [
      hello(v.firstName),
      `${v.partnerName} vil gerne tilføje sine engros-samarbejdstjenester til din organisation, ${v.orgName}. Som administrator bestemmer du.`,
      'Hvis du godkender, kan partneren klargøre brugere, placeringer og numre til disse tjenester. Din organisation beholder sit navn, sine indstillinger, sin login-metode og sine eksisterende licenser.',
      { label: 'Gennemgå anmodningen', link: v.link },
      `Intet ændres, medmindre du godkender. Anmodningen udløber den ${v.expires}.`,
    ],
  },
  consent_move: {
    subject: (v) => `Flyt din konto til ${v.orgName}?`,
    body: (v) => [
      'Hej,',
      `${v.orgName} vil gerne give dig ${v.brandName}-tjenester med din arbejdsmail, som allerede bruges af en gratis konto.`,
      'Hvis du accepterer, flyttes din konto ind i organisationen: du logger fortsat ind med samme e-mail, og organisationens administratorer administrerer den fremover.',
      { label: 'Gennemgå og beslut', link: v.link },
      'Hvis du ikke accepterer, kan du afvise på samme side; intet ændres.',
    ],
  },
};
