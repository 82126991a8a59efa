-- CreateTable
CREATE TABLE "software_core_modules" (
    "id" SERIAL NOT NULL,
    "software_id" INTEGER NOT NULL,
    "module_id" INTEGER NOT NULL,
    "marked_by_id" INTEGER NOT NULL,
    "marked_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "software_core_modules_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "software_core_modules_module_id_idx" ON "software_core_modules"("module_id");

-- CreateIndex
CREATE UNIQUE INDEX "software_core_modules_software_id_module_id_key" ON "software_core_modules"("software_id", "module_id");

-- AddForeignKey
ALTER TABLE "software_core_modules" ADD CONSTRAINT "software_core_modules_software_id_fkey" FOREIGN KEY ("software_id") REFERENCES "softwares"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "software_core_modules" ADD CONSTRAINT "software_core_modules_module_id_fkey" FOREIGN KEY ("module_id") REFERENCES "modules"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "software_core_modules" ADD CONSTRAINT "software_core_modules_marked_by_id_fkey" FOREIGN KEY ("marked_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
