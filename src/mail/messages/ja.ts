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
  attach_approval: {
    subject: (v) => `${v.partnerName} から ${v.orgName} へのホールセールサービス追加の申請`,
    body: (v) => [
      hello(v.firstName),
      `${v.partnerName} が、貴組織 ${v.orgName} にホールセールのコラボレーションサービスを追加することを希望しています。管理者であるあなたが判断してください。`,
      '承認すると、パートナーはこれらのサービスのユーザー、ロケーション、番号をプロビジョニングできます。組織の名前、設定、サインイン方法、既存のライセンスはそのまま維持されます。',
      { label: '申請を確認する', link: v.link },
      `承認しない限り何も変更されません。申請の有効期限は ${v.expires} です。`,
    ],
  },
  consent_move: {
    subject: (v) => `アカウントを ${v.orgName} に移動しますか？`,
    body: (v) => [
      'こんにちは。',
      `${v.orgName} が、すでに無料アカウントで使用されているあなたの仕事用メールアドレスで ${v.brandName} のサービスを提供しようとしています。`,
      '同意すると、アカウントは組織に移動します。引き続き同じメールアドレスでサインインでき、今後は組織の管理者が管理します。',
      { label: '確認して決定する', link: v.link },
      '同意しない場合は、同じページで辞退してください。何も変更されません。',
    ],
  },
};
