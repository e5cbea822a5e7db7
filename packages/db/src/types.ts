import type { Prisma, PrismaClient } from "./generated/prisma/client.ts";

/**
 * What a repository method runs its queries on: the client itself, or the `tx`
 * of an interactive transaction (`prisma.$transaction(async (tx) => ...)`).
 * Raw SQL inside a transaction goes through `tx.$queryRaw` / `tx.$executeRaw`
 * (e.g. `SELECT ... FOR UPDATE SKIP LOCKED`, `INSERT ... ON CONFLICT ... RETURNING`);
 * both adapters run it on the transaction's connection.
 *
 * On PGlite there is one connection: inside a transaction, never query through
 * the outer client, or the query waits for the transaction to end (deadlock
 * until Prisma's transaction timeout).
 */
export type DbClient = PrismaClient | DbTransaction;
export type DbTransaction = Prisma.TransactionClient;
