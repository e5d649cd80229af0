import type { Messages } from '../templates.ts';

const hello = (firstName?: string) => (firstName ? `Bună ziua, ${firstName},` : 'Bună ziua,');

export const ro: Messages = {
  welcome: {
    subject: (v) => `Bun venit la ${v.brandName}`,
    body: (v) => [
      hello(v.firstName),
      `Contul dumneavoastră de colaborare ${v.brandName} este gata. Acum puteți apela, organiza întâlniri și trimite mesaje colegilor.`,
      { facts: [['Numărul dumneavoastră de telefon', v.phoneNumber], ['Interiorul dumneavoastră', v.extension]] },
      { label: 'Autentificare', link: v.link },
      `Bun venit,\nEchipa ${v.brandName}`,
    ],
  },
  admin_invitation: {
    subject: (v) => `Invitație de a administra ${v.orgName} în ${v.brandName}`,
    body: (v) => [
      hello(v.firstName),
      `Ați fost invitat(ă) să deveniți administrator al organizației ${v.orgName} în ${v.brandName}.`,
      'Pentru a accepta, configurați accesul de administrator folosind linkul de mai jos.',
      { label: 'Configurați accesul de administrator', link: v.link },
      'Dacă nu vă așteptați la această invitație, puteți ignora acest e-mail: nimic nu se schimbă până când nu o acceptați.',
      `Echipa ${v.brandName}`,
    ],
  },
  emergency_notification: {
    subject: () => 'Contul dumneavoastră pentru servicii de urgență (E911)',
    body: (v) => [
      hello(v.firstName),
      v.orgName
        ? `Organizația dumneavoastră, ${v.orgName}, folosește RedSky pentru a direcționa apelurile de urgență (911) către serviciile de urgență potrivite, împreună cu locația dumneavoastră.`
        : 'Organizația dumneavoastră folosește RedSky pentru a direcționa apelurile de urgență (911) către serviciile de urgență potrivite, împreună cu locația dumneavoastră.',
      'A fost creat un cont E911 pentru dumneavoastră. Vă rugăm să vă păstrați locația de urgență actualizată, astfel încât echipele de intervenție să vă poată găsi atunci când sunați la 911.',
      { label: 'Verificați locația de urgență', link: v.link },
      'Aceasta este o notificare automată de la RedSky E911. Vă rugăm să nu răspundeți.',
    ],
  },
  attach_approval: {
    subject: (v) => `${v.partnerName} solicită adăugarea serviciilor en-gros la ${v.orgName}`,
    body: (v) => [
      hello(v.firstName),
      `${v.partnerName} dorește să adauge serviciile sale de colaborare en-gros organizației dumneavoastră, ${v.orgName}. Ca administrator, dumneavoastră decideți.`,
      'Dacă aprobați, partenerul poate configura utilizatori, locații și numere pentru aceste servicii. Organizația își păstrează numele, setările, metoda de autentificare și licențele existente.',
      { label: 'Examinați solicitarea', link: v.link },
      `Nimic nu se schimbă fără aprobarea dumneavoastră. Solicitarea expiră pe ${v.expires}.`,
    ],
  },
  consent_move: {
    subject: (v) => `Mutați contul dumneavoastră în ${v.orgName}?`,
    body: (v) => [
      'Bună ziua,',
      `${v.orgName} dorește să vă ofere serviciile ${v.brandName} cu adresa de e-mail de serviciu, folosită deja de un cont gratuit.`,
      'Dacă sunteți de acord, contul este mutat în organizație: vă autentificați în continuare cu același e-mail, iar administratorii organizației îl gestionează de acum înainte.',
      { label: 'Examinați și decideți', link: v.link },
      'Dacă nu sunteți de acord, refuzați pe aceeași pagină; nimic nu se schimbă.',
    ],
  },
};
