import type { Messages } from '../templates.ts';

const hello = (firstName?: string) => (firstName ? `${firstName} 様` : 'お客様各位');

export const ja: Messages = {
  welcome: {
    subject: (v) => `${v.brandName} へようこそ`,
    body: (v) => [
      hello(v.firstName),
      `${v.brandName} のコラボレーション アカウントの準備ができました。今すぐ同僚との通話、会議、メッセージをご利用いただけます。`,
      { facts: [['お客様の電話番号', v.phoneNumber], ['内線番号', v.extension]] },
      { label: 'サインイン', link: v.link },
      `${v.brandName} チーム`,
    ],
  },
  admin_invitation: {
    subject: (v) => `${v.brandName} の ${v.orgName} の管理者への招待`,
    body: (v) => [
      hello(v.firstName),
      `${v.brandName} の ${v.orgName} の管理者として招待されました。`,
      '招待を受けるには、以下のリンクから管理者アクセスを設定してください。',
      { label: '管理者アクセスを設定', link: v.link },
      'この招待に心当たりがない場合は、このメールを無視してください。承諾するまで何も変更されません。',
      `${v.brandName} チーム`,
    ],
  },
  emergency_notification: {
    subject: () => '緊急サービス (E911) アカウントのお知らせ',
    body: (v) => [
      hello(v.firstName),
      v.orgName
        ? `${v.orgName} では、緊急通報 (911) をお客様の所在地とともに適切な緊急サービスへ転送するために RedSky を使用しています。`
        : 'お客様の組織では、緊急通報 (911) をお客様の所在地とともに適切な緊急サービスへ転送するために RedSky を使用しています。',
      'お客様の E911 アカウントが作成されました。911 に発信したときに緊急対応者がお客様を見つけられるよう、緊急時の所在地を常に最新の状態に保ってください。',
      { label: '緊急時の所在地を確認', link: v.link },
      'このメールは RedSky E911 からの自動通知です。返信しないでください。',
    ],
  },
};
