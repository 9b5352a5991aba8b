// A complaint as the lifecycle starts one (`received`), for domain tests that need a whole one:
// received by phone by clerk "a", awaiting a reply; a test overrides what it is about.
import type { Complaint } from '../../src/domain/complaint.js';
import { received } from '../../src/domain/lifecycle.js';

export function receivedComplaint(receivedAt: Date, replyDueAt: Date, overrides: Partial<Complaint> = {}): Complaint {
  const draft = {
    channel: 'phone',
    category: 'facility',
    subcategory: null,
    complainant: { name: '王先生', unit: '3-2-1201', phone: null },
    description: '电梯',
    location: null,
  } as const;
  const month = receivedAt.toISOString().slice(0, 7);
  const clock = { replyDays: 1, closingTime: null, zone: 'Asia/Shanghai', replyDueAt };
  return { ...received(draft, receivedAt, month, clock, 'a'), id: 1, ...overrides };
}
