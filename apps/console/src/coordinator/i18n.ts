import { useCallback, useMemo } from 'preact/hooks';
import type { operations } from '@iren/client';
import type { MessageKind } from '@iren/contracts/vocabulary';
import { type Language, useI18n } from '../i18n';

// The coordinator's pages (dashboard, ledger browser) speak through their own dictionary, in the
// language the shell's I18n has chosen: the same `{name}` placeholders, the same fallback rules.

const en = {
  'dashboard.title': 'Network dashboard',
  'chart.table': 'Show the figures as a table',
  'chart.period': 'Period',
  'network.title': 'Nodes by country and type',
  'network.country': 'Country',
  'network.type': 'Type',
  'network.node': 'Node',
  'network.ports': 'Ports and airports',
  'network.status': 'Status',
  'network.counts': '{active} active, {suspended} suspended',
  'exchange.title': 'Exchanges over time',
  'exchange.period': 'Show',
  'exchange.months': 'the last {n} months',
  'exchange.weeks': 'the last {n} weeks',
  'exchange.sent': 'Sent',
  'exchange.received': 'Received',
  'exchange.readMedian': 'Median time to read',
  'exchange.ackMedian': 'Median time to acknowledge',
  'exchange.feedbackRate': 'Feedback rate',
  'exchange.rateOf': '{percent} % ({given} of {requested})',
  'exchange.overdue': 'Overdue feedback',
  'exchange.none': 'No exchange in this period.',
  'exchange.chart.messages': 'Messages sent and received',
  'exchange.chart.times': 'Median times from delivery, in {unit}',
  'exchange.chart.feedback': 'Feedback given, as a percentage of what was asked for',
  'exchange.chart.overdue': 'Deliveries whose feedback went overdue',
  'feedback.title': 'Feedback by country over the period',
  'feedback.requested': 'Asked for',
  'feedback.given': 'Given',
  'unit.seconds': '{n} s',
  'unit.minutes': '{n} min',
  'unit.hours': '{n} h',
  'unit.days': '{n} d',
  'unitName.seconds': 'seconds',
  'unitName.minutes': 'minutes',
  'unitName.hours': 'hours',
  'unitName.days': 'days',
  'seizures.title': 'Seizure totals by year and category',
  'seizures.none': 'No seizure reported yet.',
  'seizures.year': 'Year',
  'seizures.category': 'Category',
  'seizures.pieces': 'Pieces',
  'seizures.kilograms': 'Kilograms',
  'seizures.alerts': 'Alerts',
  'seizures.total': 'All years',
  'seizures.chart': 'Kilograms seized by year and category',
  'ledger.title': 'Audit ledger',
  'ledger.filters': 'Filter the ledger',
  'ledger.node': 'Node',
  'ledger.kind': 'Type or message kind',
  'ledger.anyKind': 'Any',
  'ledger.eventTypes': 'Event types',
  'ledger.messageKinds': 'Message kinds',
  'ledger.from': 'From',
  'ledger.to': 'Before',
  'ledger.apply': 'Show',
  'ledger.empty': 'No entry matches.',
  'ledger.index': 'No.',
  'ledger.at': 'Time',
  'ledger.type': 'Type',
  'ledger.message': 'Message',
  'ledger.leafHash': 'Leaf hash',
  'ledger.verify': 'Verify',
  'ledger.verifyEntry': 'Verify entry {index}',
  'ledger.previous': 'Previous page',
  'ledger.next': 'Next page',
  'ledger.verification': 'Verification in this browser',
  'ledger.verify.hint':
    'Choose Verify on an entry: this browser fetches the signed checkpoint, the audit key and the proof, and checks them itself.',
  'ledger.verify.running': 'Verifying entry {index}…',
  'ledger.verify.title': 'Entry {index}',
  'ledger.verified': 'Verified: this entry, as shown, is one the audit service signed into its ledger.',
  'ledger.failed': 'Verification failed: do not rely on this entry, and tell the network operator.',
  'ledger.verify.against': 'Against the checkpoint of {size} entries signed {at} with key {keyId}.',
  'ledger.verify.inclusion': 'Inclusion of the entry',
  'ledger.verify.consistency': 'The ledger extends the checkpoint of {size} entries this browser verified before',
  'ledger.verify.firstCheckpoint':
    'The first checkpoint verified in this browser: later ones will be checked to extend it.',
  'ledger.check.entry': 'Entry {index} as shown hashes to its leaf hash {leafHash}',
  'ledger.check.key': 'The audit key {keyId} is the one the checkpoint names',
  'ledger.check.signature': 'The checkpoint of {size} entries bears a valid Ed25519 signature',
  'ledger.check.earlierSignature': 'The earlier checkpoint of {size} entries bears a valid signature',
  'ledger.check.covered': 'Entry {index} is within the checkpoint’s {size} entries',
  'ledger.check.proof': 'The proof is for entry {index} in a ledger of {size} entries',
  'ledger.check.root': 'The leaf hash and the proof lead to the signed root {expected}',
  'ledger.check.order': 'The ledger grew from {earlierSize} to {size} entries',
  'ledger.check.consistency': 'The first {earlierSize} entries are unchanged in the ledger of {size}',
  'ledger.reason.entryRedacted':
    'This entry was shown with parts withheld from your node, so it cannot be checked against its leaf hash.',
  'ledger.reason.entryIncomplete': 'The entry lacks fields its leaf hash covers: {missing}.',
  'ledger.reason.entryUnhashable': 'The entry holds a value that cannot be hashed: {problem}.',
  'ledger.reason.entryAltered':
    'The entry as shown hashes to {computed}, not to its leaf hash: what you see is not what the ledger recorded.',
  'ledger.reason.keyUnreadable': 'The published audit key is not an Ed25519 public key.',
  'ledger.reason.keyIdMismatch': 'The published key is {keyId}, not {publishedKeyId} as announced.',
  'ledger.reason.checkpointOtherKey': 'The checkpoint names key {checkpointKeyId}, not the published {keyId}.',
  'ledger.reason.checkpointMalformed': 'The checkpoint’s fields are not in their signed form.',
  'ledger.reason.signatureMalformed': 'The signature is not 64 bytes of base64.',
  'ledger.reason.signatureInvalid':
    'The signature does not match the checkpoint: it was altered or signed by another key.',
  'ledger.reason.ed25519Unsupported': 'This browser cannot check Ed25519 signatures: use a current browser.',
  'ledger.reason.notYetCovered': 'The entry is newer than the latest signed checkpoint: try again in a moment.',
  'ledger.reason.proofOtherEntry': 'The proof is for entry {proofIndex}, not {index}.',
  'ledger.reason.proofOtherSize': 'The proof is for {proofSize} entries, not {size}.',
  'ledger.reason.hashMalformed': 'A hash is not 64 hexadecimal digits.',
  'ledger.reason.proofWrongLength': 'The proof has too few or too many hashes for this entry.',
  'ledger.reason.rootMismatch':
    'The proof leads to {computed}, not to the signed root: the entry or the proof was altered.',
  'ledger.reason.rolledBack': 'The ledger is smaller than before: it was rolled back.',
  'ledger.reason.forked': 'Another root for the same size: the ledger was forked.',
  'ledger.reason.notConsistent': 'The proof does not show the earlier ledger inside this one: it was rewritten.',
  'ledger.path': 'Steps from the leaf to the root: {n}',
  'ledger.path.leaf': '(the entry’s leaf hash)',
  'ledger.path.left': 'with the sibling on the left',
  'ledger.path.right': 'with the sibling on the right',
};

export type CoordinatorTextKey = keyof typeof en;

const ru: Record<CoordinatorTextKey, string> = {
  'dashboard.title': 'Панель сети',
  'chart.table': 'Показать данные таблицей',
  'chart.period': 'Период',
  'network.title': 'Узлы по странам и типам',
  'network.country': 'Страна',
  'network.type': 'Тип',
  'network.node': 'Узел',
  'network.ports': 'Порты и аэропорты',
  'network.status': 'Статус',
  'network.counts': 'действующих: {active}, приостановленных: {suspended}',
  'exchange.title': 'Обмен во времени',
  'exchange.period': 'Показать',
  'exchange.months': 'последние {n} месяцев',
  'exchange.weeks': 'последние {n} недель',
  'exchange.sent': 'Отправлено',
  'exchange.received': 'Получено',
  'exchange.readMedian': 'Медианное время до прочтения',
  'exchange.ackMedian': 'Медианное время до подтверждения',
  'exchange.feedbackRate': 'Доля обратной связи',
  'exchange.rateOf': '{percent} % ({given} из {requested})',
  'exchange.overdue': 'Просроченная обратная связь',
  'exchange.none': 'За этот период обмена не было.',
  'exchange.chart.messages': 'Отправленные и полученные сообщения',
  'exchange.chart.times': 'Медианное время с момента доставки, {unit}',
  'exchange.chart.feedback': 'Данная обратная связь, в процентах от запрошенной',
  'exchange.chart.overdue': 'Доставки с просроченной обратной связью',
  'feedback.title': 'Обратная связь по странам за период',
  'feedback.requested': 'Запрошено',
  'feedback.given': 'Дано',
  'unit.seconds': '{n} с',
  'unit.minutes': '{n} мин',
  'unit.hours': '{n} ч',
  'unit.days': '{n} дн.',
  'unitName.seconds': 'секунды',
  'unitName.minutes': 'минуты',
  'unitName.hours': 'часы',
  'unitName.days': 'дни',
  'seizures.title': 'Изъятия по годам и категориям',
  'seizures.none': 'Об изъятиях пока не сообщалось.',
  'seizures.year': 'Год',
  'seizures.category': 'Категория',
  'seizures.pieces': 'Штук',
  'seizures.kilograms': 'Килограммов',
  'seizures.alerts': 'Сигналов',
  'seizures.total': 'Все годы',
  'seizures.chart': 'Изъято килограммов по годам и категориям',
  'ledger.title': 'Журнал аудита',
  'ledger.filters': 'Отбор записей журнала',
  'ledger.node': 'Узел',
  'ledger.kind': 'Тип события или сообщения',
  'ledger.anyKind': 'Любой',
  'ledger.eventTypes': 'Типы событий',
  'ledger.messageKinds': 'Виды сообщений',
  'ledger.from': 'С',
  'ledger.to': 'До',
  'ledger.apply': 'Показать',
  'ledger.empty': 'Нет подходящих записей.',
  'ledger.index': '№',
  'ledger.at': 'Время',
  'ledger.type': 'Тип',
  'ledger.message': 'Сообщение',
  'ledger.leafHash': 'Хеш листа',
  'ledger.verify': 'Проверить',
  'ledger.verifyEntry': 'Проверить запись {index}',
  'ledger.previous': 'Предыдущая страница',
  'ledger.next': 'Следующая страница',
  'ledger.verification': 'Проверка в этом браузере',
  'ledger.verify.hint':
    'Нажмите «Проверить» у записи: браузер сам получит подписанную контрольную точку, ключ аудита и доказательство и проверит их.',
  'ledger.verify.running': 'Проверка записи {index}…',
  'ledger.verify.title': 'Запись {index}',
  'ledger.verified': 'Проверено: запись в показанном виде входит в журнал, подписанный службой аудита.',
  'ledger.failed': 'Проверка не пройдена: не полагайтесь на эту запись и сообщите оператору сети.',
  'ledger.verify.against': 'По контрольной точке из {size} записей, подписанной {at} ключом {keyId}.',
  'ledger.verify.inclusion': 'Включение записи',
  'ledger.verify.consistency':
    'Журнал продолжает контрольную точку из {size} записей, ранее проверенную в этом браузере',
  'ledger.verify.firstCheckpoint':
    'Первая контрольная точка, проверенная в этом браузере: следующие будут проверены на то, что продолжают её.',
  'ledger.check.entry': 'Запись {index} в том виде, как она показана, даёт хеш листа {leafHash}',
  'ledger.check.key': 'Ключ аудита {keyId} — тот, что указан в контрольной точке',
  'ledger.check.signature': 'Контрольная точка из {size} записей несёт верную подпись Ed25519',
  'ledger.check.earlierSignature': 'Прежняя контрольная точка из {size} записей несёт верную подпись',
  'ledger.check.covered': 'Запись {index} входит в контрольную точку (записей в ней: {size})',
  'ledger.check.proof': 'Доказательство относится к записи {index} в журнале из {size} записей',
  'ledger.check.root': 'Хеш листа и доказательство ведут к подписанному корню {expected}',
  'ledger.check.order': 'Журнал вырос с {earlierSize} до {size} записей',
  'ledger.check.consistency': 'Прежние записи (их {earlierSize}) не изменились в журнале размером {size}',
  'ledger.reason.entryRedacted':
    'Запись показана без частей, скрытых от вашего узла, поэтому её нельзя сверить с хешем листа.',
  'ledger.reason.entryIncomplete': 'В записи нет полей, которые покрывает хеш листа: {missing}.',
  'ledger.reason.entryUnhashable': 'Запись содержит значение, которое нельзя хешировать: {problem}.',
  'ledger.reason.entryAltered':
    'Запись в показанном виде даёт хеш {computed}, а не свой хеш листа: вы видите не то, что записано в журнал.',
  'ledger.reason.keyUnreadable': 'Опубликованный ключ аудита не является открытым ключом Ed25519.',
  'ledger.reason.keyIdMismatch': 'Опубликованный ключ — {keyId}, а не {publishedKeyId}, как объявлено.',
  'ledger.reason.checkpointOtherKey':
    'Контрольная точка указывает ключ {checkpointKeyId}, а не опубликованный {keyId}.',
  'ledger.reason.checkpointMalformed': 'Поля контрольной точки не в той форме, что подписана.',
  'ledger.reason.signatureMalformed': 'Подпись — не 64 байта в base64.',
  'ledger.reason.signatureInvalid':
    'Подпись не соответствует контрольной точке: её изменили или подписали другим ключом.',
  'ledger.reason.ed25519Unsupported':
    'Этот браузер не умеет проверять подписи Ed25519: используйте современный браузер.',
  'ledger.reason.notYetCovered': 'Запись новее последней подписанной контрольной точки: повторите чуть позже.',
  'ledger.reason.proofOtherEntry': 'Доказательство относится к записи {proofIndex}, а не {index}.',
  'ledger.reason.proofOtherSize': 'Доказательство — для журнала размером {proofSize}, а не {size}.',
  'ledger.reason.hashMalformed': 'Хеш — не 64 шестнадцатеричные цифры.',
  'ledger.reason.proofWrongLength': 'В доказательстве слишком мало или слишком много хешей для этой записи.',
  'ledger.reason.rootMismatch':
    'Доказательство ведёт к {computed}, а не к подписанному корню: запись или доказательство изменены.',
  'ledger.reason.rolledBack': 'Журнал меньше прежнего: его откатили.',
  'ledger.reason.forked': 'Другой корень при том же размере: журнал раздвоен.',
  'ledger.reason.notConsistent': 'Доказательство не показывает прежний журнал внутри нынешнего: его переписали.',
  'ledger.path': 'Шаги от листа к корню: {n}',
  'ledger.path.leaf': '(хеш листа записи)',
  'ledger.path.left': 'с соседом слева',
  'ledger.path.right': 'с соседом справа',
};

const TEXTS = { en, ru } as const;

type LedgerKind = NonNullable<NonNullable<operations['listAuditEvents']['parameters']['query']>['kind']>;
/** The ledger's entry types: every kind the audit query takes but the message kinds, which the shell names. */
export type LedgerType = Exclude<LedgerKind, MessageKind>;

// Typed from the contract: a type the audit query gains fails to compile until it is named here.
const TYPE_NAMES: Record<Language, Record<LedgerType, string>> = {
  en: {
    'message.published': 'Published',
    'message.routed': 'Routed',
    'message.delivered': 'Delivered',
    'message.read': 'Read',
    'message.acknowledged': 'Acknowledged',
    'message.feedback': 'Feedback',
    'feedback.overdue': 'Feedback overdue',
    'message.withdrawn': 'Withdrawn',
    'message.amended': 'Amended',
    'message.hit': 'Hit',
    'message.rejected': 'Rejected by the router',
    'message.refused': 'Refused (not what it claims)',
    'dead_letter.replayed': 'Dead letter replayed',
    'registry.node.registered': 'Node registered',
    'registry.node.suspended': 'Node suspended',
    'registry.node.reinstated': 'Node reinstated',
    'registry.subscription.changed': 'Subscription changed',
    'registry.token.issued': 'Token issued',
    'registry.token.revoked': 'Token revoked',
    'registry.group.created': 'Group created',
    'registry.group.members.changed': 'Group members changed',
    'registry.key.registered': 'Signing key registered',
    'registry.key.rotated': 'Signing key rotated',
    'registry.service_key.registered': 'Service key registered',
    'registry.nats_credentials.issued': 'NATS credentials issued',
    'registry.nats_credentials.revoked': 'NATS credentials revoked',
    'ledger.inconsistent': 'Ledger inconsistency',
    'bus.resent': 'Re-sent after the broker lost its tail',
  },
  ru: {
    'message.published': 'Опубликовано',
    'message.routed': 'Маршрутизировано',
    'message.delivered': 'Доставлено',
    'message.read': 'Прочитано',
    'message.acknowledged': 'Подтверждено',
    'message.feedback': 'Обратная связь',
    'feedback.overdue': 'Обратная связь просрочена',
    'message.withdrawn': 'Отозвано',
    'message.amended': 'Изменено',
    'message.hit': 'Совпадение',
    'message.rejected': 'Отклонено маршрутизатором',
    'message.refused': 'Отвергнуто (не то, за что себя выдаёт)',
    'dead_letter.replayed': 'Недоставленное сообщение обработано повторно',
    'registry.node.registered': 'Узел зарегистрирован',
    'registry.node.suspended': 'Узел приостановлен',
    'registry.node.reinstated': 'Узел восстановлен',
    'registry.subscription.changed': 'Подписка изменена',
    'registry.token.issued': 'Токен выдан',
    'registry.token.revoked': 'Токен отозван',
    'registry.group.created': 'Группа создана',
    'registry.group.members.changed': 'Состав группы изменён',
    'registry.key.registered': 'Ключ подписи зарегистрирован',
    'registry.key.rotated': 'Ключ подписи заменён',
    'registry.service_key.registered': 'Ключ службы зарегистрирован',
    'registry.nats_credentials.issued': 'Учётные данные NATS выданы',
    'registry.nats_credentials.revoked': 'Учётные данные NATS отозваны',
    'ledger.inconsistent': 'Несогласованность журнала',
    'bus.resent': 'Отправлено повторно после потери хвоста брокером',
  },
};

/** Every entry type, in the order the filter lists them. */
export const LEDGER_TYPES = Object.keys(TYPE_NAMES.en) as LedgerType[];

/** An entry type's name in the chosen language; a type the console does not know shows as itself. */
export function useTypeName(): (type: string) => string {
  const { lang } = useI18n();
  return useCallback((type: string) => (TYPE_NAMES[lang] as Record<string, string>)[type] ?? type, [lang]);
}

/** `tx(key, params)`: a coordinator text in the chosen language, `{name}` placeholders filled. */
export function useText(): (key: CoordinatorTextKey, params?: Record<string, string | number>) => string {
  const { lang } = useI18n();
  return useCallback(
    (key, params) =>
      (TEXTS[lang] ?? en)[key].replace(/\{(\w+)\}/g, (whole, name: string) =>
        params && name in params ? String(params[name]) : whole,
      ),
    [lang],
  );
}

/** A country's name in the chosen language, from the browser's own names (`KZ` → Kazakhstan, Казахстан). */
export function useCountryName(): (code: string) => string {
  const { lang } = useI18n();
  const names = useMemo(() => {
    try {
      return new Intl.DisplayNames([lang], { type: 'region' });
    } catch {
      return undefined;
    }
  }, [lang]);
  return useCallback((code: string) => `${names?.of(code) ?? code} (${code})`, [names]);
}
