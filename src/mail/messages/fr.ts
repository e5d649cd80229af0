import type { Messages } from '../templates.ts';

const hello = (firstName?: string) => (firstName ? `Bonjour ${firstName},` : 'Bonjour,');

export const fr: Messages = {
  welcome: {
    subject: (v) => `Bienvenue sur ${v.brandName}`,
    body: (v) => [
      hello(v.firstName),
      `Votre compte de collaboration ${v.brandName} est prêt. Vous pouvez dès maintenant appeler vos collègues, organiser des réunions et échanger des messages avec eux.`,
      { facts: [['Votre numéro de téléphone', v.phoneNumber], ['Votre poste', v.extension]] },
      { label: 'Se connecter', link: v.link },
      `Bienvenue,\nL’équipe ${v.brandName}`,
    ],
  },
  admin_invitation: {
    subject: (v) => `Invitation à administrer ${v.orgName} sur ${v.brandName}`,
    body: (v) => [
      hello(v.firstName),
      `Vous êtes invité(e) à devenir administrateur de ${v.orgName} sur ${v.brandName}.`,
      'Pour accepter, configurez votre accès administrateur avec le lien ci-dessous.',
      { label: 'Configurer l’accès administrateur', link: v.link },
      'Si vous n’attendiez pas cette invitation, vous pouvez ignorer ce message : rien ne change tant que vous ne l’avez pas acceptée.',
      `L’équipe ${v.brandName}`,
    ],
  },
  emergency_notification: {
    subject: () => 'Votre compte de services d’urgence (E911)',
    body: (v) => [
      hello(v.firstName),
      v.orgName
        ? `Votre organisation, ${v.orgName}, utilise RedSky pour acheminer les appels d’urgence (911) vers les services d’urgence appropriés, avec votre emplacement.`
        : 'Votre organisation utilise RedSky pour acheminer les appels d’urgence (911) vers les services d’urgence appropriés, avec votre emplacement.',
      'Un compte E911 a été créé pour vous. Veuillez tenir votre emplacement d’urgence à jour afin que les secours puissent vous trouver lorsque vous appelez le 911.',
      { label: 'Vérifier votre emplacement d’urgence', link: v.link },
      'Ceci est une notification automatique de RedSky E911. Merci de ne pas y répondre.',
    ],
  },
  attach_approval: {
    subject: (v) => `${v.partnerName} demande à ajouter des services de gros à ${v.orgName}`,
    body: (v) => [
      hello(v.firstName),
      `${v.partnerName} souhaite ajouter ses services de collaboration de gros à votre organisation, ${v.orgName}. En tant qu'administrateur, c'est vous qui décidez.`,
      'Si vous approuvez, le partenaire pourra provisionner des utilisateurs, des sites et des numéros pour ces services. Votre organisation conserve son nom, ses paramètres, sa méthode de connexion et ses licences existantes.',
      { label: 'Examiner la demande', link: v.link },
      `Rien ne change sans votre approbation. La demande expire le ${v.expires}.`,
    ],
  },
  consent_move: {
    subject: (v) => `Déplacer votre compte vers ${v.orgName} ?`,
    body: (v) => [
      'Bonjour,',
      `${v.orgName} souhaite vous donner les services ${v.brandName} avec votre adresse e-mail professionnelle, déjà utilisée par un compte gratuit.`,
      "Si vous acceptez, votre compte est déplacé dans l'organisation : vous vous connectez toujours avec la même adresse, et les administrateurs de l'organisation le gèrent désormais.",
      { label: 'Examiner et décider', link: v.link },
      'Si vous refusez, indiquez-le sur la même page ; rien ne change.',
    ],
  },
};
