-- CreateEnum
CREATE TYPE "UserTokenPurpose" AS ENUM ('email_verification', 'password_reset');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "AuthEventKind" ADD VALUE 'email_verification_sent';
ALTER TYPE "AuthEventKind" ADD VALUE 'email_verified';
ALTER TYPE "AuthEventKind" ADD VALUE 'password_reset_requested';
ALTER TYPE "AuthEventKind" ADD VALUE 'password_reset';
ALTER TYPE "AuthEventKind" ADD VALUE 'password_changed';
ALTER TYPE "AuthEventKind" ADD VALUE 'email_change_requested';

-- AlterTable
ALTER TABLE "payment_methods" ADD COLUMN     "exp_month" INTEGER,
ADD COLUMN     "exp_year" INTEGER,
ADD COLUMN     "is_default" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "user_tokens" (
    "id" SERIAL NOT NULL,
    "user_id" INTEGER NOT NULL,
    "purpose" "UserTokenPurpose" NOT NULL,
    "token_hash" TEXT NOT NULL,
    "email" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMP(3) NOT NULL,
    "used_at" TIMESTAMP(3),

    CONSTRAINT "user_tokens_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "user_tokens_token_hash_key" ON "user_tokens"("token_hash");

-- CreateIndex
CREATE INDEX "user_tokens_user_id_purpose_created_at_idx" ON "user_tokens"("user_id", "purpose", "created_at");

-- AddForeignKey
ALTER TABLE "user_tokens" ADD CONSTRAINT "user_tokens_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
