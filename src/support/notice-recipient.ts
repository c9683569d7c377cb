export interface NoticeContact {
  id: string;
  name: string;
  email: string;
  active: boolean;
  createdAt: Date;
}

/**
 * Who receives the customer-error notice. The contact who reported the ticket knows the
 * problem, so they come first; otherwise the customer's first contact (oldest, then by name).
 * Contacts marked inactive have left or stepped back: a billing notice to them would tell
 * nobody, so they are skipped. Null when the customer has no one to write to.
 */
export function noticeRecipient(
  reportingContactId: string | null,
  contacts: readonly NoticeContact[],
): NoticeContact | null {
  const reachable = contacts.filter((c) => c.active && c.email.trim() !== '');
  const reporter = reachable.find((c) => c.id === reportingContactId);
  if (reporter) return reporter;
  const [first] = [...reachable].sort(
    (a, b) =>
      a.createdAt.getTime() - b.createdAt.getTime() ||
      a.name.localeCompare(b.name) ||
      a.id.localeCompare(b.id),
  );
  return first ?? null;
}
