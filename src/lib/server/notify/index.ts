/**
 * Reach (站内消息 first): events that concern people become inbox items, written by notify(tx, event) in the
 * transaction of the change itself, and read back in the reader's language.
 *
 * events.ts holds the events and the one INSERT … SELECT that writes them, audience.ts who each event concerns (as
 * SQL), render.ts the words, inbox.ts reading and marking read. follows.ts (关注) is imported on its own: it asks
 * the domains whether a record may be read, and the domains call notify(). sms.ts sends text messages.
 */
export { notify, type InboxEvent } from './events';
export { list, markAllRead, markRead, unreadCount, ListInput, PAGE_SIZE, UNREAD_CAP, type InboxItem } from './inbox';
export { render } from './render';
