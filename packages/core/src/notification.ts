// SMS notifications a shop sends its customers through smspay: what a request
// may say, what is stored, and the storage port. The rules (who may be texted,
// when) live in notification-service.ts.

import { z } from "zod";
import type { OutboundStatus } from "./payment.ts";

export type NotificationType = "order_confirmation" | "shipping_update" | "payment_reminder";

/** The shop's record of a customer's explicit consent to receive SMS (CNIL: no pre-ticked box). */
export type NotificationConsent = { readonly givenAt: string; readonly method: string };

export type NotificationRecord = {
  readonly id: string;
  readonly merchantId: string;
  readonly type: NotificationType;
  readonly paymentId: string | null;
  readonly orderRef: string | null;
  readonly phoneHash: string;
  readonly phoneLast4: string;
  readonly outboundMessageId: string;
  readonly consent: NotificationConsent | null;
  readonly idempotencyKey: string | null;
  readonly requestHash: string;
  readonly createdAt: Date;
};

/** A notification with the delivery status of its MT. */
export type Notification = NotificationRecord & { readonly status: OutboundStatus };

export type InsertNotificationResult = "inserted" | "idempotency_key_taken" | "reminder_taken";

export interface NotificationRepository {
  /** Inserts unless the idempotency key is taken or the payment already had a reminder (never throws for those). */
  insert(notification: NotificationRecord): Promise<InsertNotificationResult>;
  get(input: { merchantId: string; id: string }): Promise<Notification | undefined>;
  findByIdempotencyKey(input: {
    merchantId: string;
    key: string;
  }): Promise<Notification | undefined>;
}

// Parameters fill fixed catalog texts: shops cannot slip their own wording
// (or marketing) into a transactional SMS.
const param = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .regex(/^[^\r\n]*$/, "must be on one line");

const common = {
  paymentId: z.string().min(1).max(64).optional(),
  phone: z.string().max(32).optional(),
  orderRef: param(64).optional(),
  locale: z
    .string()
    .regex(/^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$/, "must be a BCP 47 tag such as fr-FR")
    .optional(),
  consent: z
    .object({
      givenAt: z.iso.datetime({ offset: true }),
      method: param(200),
    })
    .strict()
    .optional(),
};

export const notificationSchema = z.discriminatedUnion("type", [
  z
    .object({
      type: z.literal("order_confirmation"),
      params: z.object({}).strict().default({}),
      ...common,
    })
    .strict(),
  z
    .object({
      type: z.literal("shipping_update"),
      params: z.object({ carrier: param(40), tracking: param(120) }).strict(),
      ...common,
    })
    .strict(),
  z
    .object({
      type: z.literal("payment_reminder"),
      params: z.object({}).strict().default({}),
      ...common,
      paymentId: common.paymentId.unwrap(),
    })
    .strict(),
]);

export type NotificationInput = z.infer<typeof notificationSchema>;
