-- CreateEnum
CREATE TYPE "SeatPolicy" AS ENUM ('node_locked', 'floating');

-- AlterTable
ALTER TABLE "instance_modules" ADD COLUMN     "last_heartbeat_at" TIMESTAMP(3),
ADD COLUMN     "seat_freed_at" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "module_pricing_plans" ADD COLUMN     "heartbeat_window_minutes" INTEGER,
ADD COLUMN     "seat_policy" "SeatPolicy" NOT NULL DEFAULT 'node_locked';
